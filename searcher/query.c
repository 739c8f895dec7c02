/* query.c - parse what the user typed into a tree (see query.h).
 *
 * A small recursive-descent parser over a hand-written lexer
 * (query_lex.c), which only finds the structure (quotes, parentheses,
 * operators, -exclusion); every piece of text that may hold words goes
 * through jf_analyze, the same analysis the indexer used, so a query word
 * meets its text form.
 * The parser decides what each piece is (a word, a phrase, a compound, a
 * synonym group, a field value) and how pieces combine; what a use makes
 * of them is the business of the passes.
 *
 * Grammar (OR binds tighter than the implicit AND, as in web search):
 *   query   := clause*
 *   clause  := ["-" | "NOT"] alt | "AND"
 *   alt     := primary ("OR" primary)*
 *   primary := WORDS | '"' WORDS '"' | "(" query ")" | FIELD
 * An unclosed quote or parenthesis ends with the query: a reader who
 * forgot one still gets the search they meant.  Pieces with no searchable
 * word (a lone stopword, punctuation, an operator with nothing to act on)
 * give no node.
 *
 * A FIELD (title:word, source:"a phrase") is not ranked: it filters on the
 * prefixed terms jfindex gives every passage of an article, and filters
 * apply to the whole query wherever they are written, so the parser lifts
 * every one that is not excluded to the root's FILTER.
 *
 * With a synonyms table, a run of words starts by looking for the longest
 * run (or quoted phrase) whose terms are an expression of a group (of the
 * table, or of WordNet's variants: query_synonyms.c); it then stands for
 * the group (a SYNONYM node).
 */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "date.h"
#include "document.h"
#include "query_lex.h"
#include "query_synonyms.h"
#include "vec.h"

/* How deep parentheses nest before the rest is read flat. */
enum { MAX_DEPTH = 32 };

/* How many words ahead a synonym run may look. */
enum { MAX_RUN = 8 };

typedef struct {
    jf_analyzer_t *analyzer;
    jf_lexer_t lex;
    const char *s;             /* the query text (the lexer's); node bytes
                                  are offsets into it */
    size_t len;
    bool keep_stopwords;       /* the query has nothing but stopwords */
    jf_synonym_lookup_t syn;   /* what a run of words may stand for */
    jf_query_t *q;             /* owns every node */
    jf_qnode_list_t filters;   /* field values not excluded, in order */
    char *error;               /* the first value the query cannot use */
} parser_t;

/* ------------------------------------------------------------------ nodes */

/* The analysed words of one piece of query text. */
typedef struct {
    jf_token_t *items;
    size_t n, cap;
} token_list_t;

static int collect_token(const jf_token_t *tok, void *ctx)
{
    JF_VEC_PUSH((token_list_t *)ctx, *tok);
    return 0;
}

static void analyse(parser_t *p, const char *text, size_t len,
                    token_list_t *toks)
{
    jf_analyze(p->analyzer, text, len, 1, collect_token, toks);
}

/* A new node of Q for the bytes TEXT[0..LEN) of the query. */
static jf_qnode_t *node_new(parser_t *p, jf_qkind_t kind, const char *text,
                            size_t len)
{
    jf_qnode_t *n = jf_calloc(1, sizeof *n);
    n->kind = kind;
    n->start = (size_t)(text - p->s);
    n->end = n->start + len;
    JF_VEC_PUSH(&p->q->nodes, n);
    return n;
}

static void add_kid(jf_qnode_t *parent, jf_qnode_t *kid)
{
    JF_VEC_PUSH(&parent->kids, kid);
}

/* TOK, found in the piece of query starting at TEXT. */
static jf_qnode_t *word_node(parser_t *p, const char *text,
                             const jf_token_t *tok)
{
    jf_qnode_t *n = node_new(p, JF_QN_WORD, text + tok->start,
                             tok->end - tok->start);
    memcpy(n->word, tok->word, sizeof n->word);
    memcpy(n->term, tok->term, sizeof n->term);
    n->flags = tok->flags;
    n->pos = tok->pos;
    return n;
}

/* The words of TOKS (joined forms left out): one WORD, or the PHRASE of
 * them; NULL when there is none. */
static jf_qnode_t *parts_node(parser_t *p, const char *text,
                              const token_list_t *toks)
{
    jf_qnode_list_t words = { 0 };
    for (size_t i = 0; i < toks->n; i++)
        if (!(toks->items[i].flags & JF_TOKEN_JOINED))
            JF_VEC_PUSH(&words, word_node(p, text, &toks->items[i]));
    if (words.n > 1) {
        size_t start = words.items[0]->start;
        jf_qnode_t *phrase = node_new(p, JF_QN_PHRASE, p->s + start,
                                      words.items[words.n - 1]->end - start);
        phrase->kids = words;
        return phrase;
    }
    jf_qnode_t *n = words.n ? words.items[0] : NULL;
    JF_VEC_FREE(&words);
    return n;
}

/* One space-free chunk of text outside quotes ("Indo-Pacific", "U.S.",
 * "China's"): its words, as a phrase when they are several, or a
 * compound.  A lone stopword is dropped (NULL) unless the query has
 * nothing else. */
static jf_qnode_t *chunk_node(parser_t *p, const char *text, size_t len)
{
    token_list_t toks = { 0 };
    analyse(p, text, len, &toks);
    bool dropped = toks.n == 1 && (toks.items[0].flags & JF_TOKEN_STOP) &&
                   !p->keep_stopwords;
    jf_qnode_t *n = toks.n > 0 && !dropped ? parts_node(p, text, &toks)
                                           : NULL;
    const jf_token_t *joined = n ? jf_joined_of(toks.items, toks.n) : NULL;
    if (joined) {
        jf_qnode_t *parts = n;
        n = node_new(p, JF_QN_COMPOUND, text + joined->start,
                     joined->end - joined->start);
        memcpy(n->word, joined->word, sizeof n->word);
        memcpy(n->term, joined->term, sizeof n->term);
        add_kid(n, parts);
    }
    JF_VEC_FREE(&toks);
    return n;
}

/* ------------------------------------------------------------- synonyms */

/* The node for group G, whose expression MATCHED the query text
 * FROM[0..LEN): every form of the expressions it reaches
 * (jf_synonym_reaches: each expression's terms, and its joined form), each
 * once. */
static jf_qnode_t *synonym_node(parser_t *p, const jf_synonym_group_t *g,
                                size_t matched, const char *from, size_t len)
{
    jf_qnode_t *n = node_new(p, JF_QN_SYNONYM, from, len);
    for (size_t i = 0; i < g->n; i++) {
        const jf_expression_t *e = &g->items[i];
        if (!jf_synonym_reaches(g, matched, i))
            continue;
        if (i == matched)
            n->matched = n->exprs.n;
        jf_patterns_add(&n->forms, (const char *const *)e->terms, e->nterms);
        if (e->joined)
            jf_patterns_add(&n->forms, (const char *const *)&e->joined, 1);
        JF_VEC_PUSH(&n->exprs, jf_strdup(e->text));
    }
    const jf_expression_t *typed = &g->items[matched];
    jf_pattern_set(&n->typed, (const char *const *)typed->terms,
                   typed->nterms);
    return n;
}

/* A date written from FIRST (already taken) on, over one or more
 * chunks ("3 December 2024", "Dec. 3, 2024", "12/03/2024"): its DATE
 * node, the chunks it covers consumed; NULL when none starts there.  The
 * date must end where a chunk does. */
static jf_qnode_t *date_run(parser_t *p, jf_tok_t first)
{
    char term[JF_DATE_TERM_MAX];
    size_t at = (size_t)(first.text - p->s);
    size_t used = jf_date_term(first.text, p->len - at, term);
    if (used < first.len)
        return NULL;
    size_t end = at + used;
    if (end < p->len && !strchr(" \t\n\r\f\v()\"", p->s[end]))
        return NULL;
    if (used > first.len)
        p->lex.at = end;
    jf_qnode_t *n = node_new(p, JF_QN_DATE, first.text, used);
    memcpy(n->term, term, sizeof term);
    n->pos = 1;
    return n;
}

/* The longest run of words, starting with FIRST (already taken), that is
 * an expression of a synonym group; NULL (consuming nothing more) when
 * none is. */
static jf_qnode_t *synonym_run(parser_t *p, jf_tok_t first)
{
    size_t max = jf_synonym_run_max(&p->syn);
    if (max == 0)
        return NULL;
    token_list_t toks = { 0 };
    size_t bounds[MAX_RUN + 1] = { 0 }, after[MAX_RUN + 1] = { 0 };
    const char *ends[MAX_RUN + 1] = { NULL };
    size_t saved = p->lex.at, nchunks = 0;
    size_t plain = 0;
    jf_tok_t t = first;
    for (;;) {
        analyse(p, t.text, t.len, &toks);
        nchunks++;
        bounds[nchunks] = toks.n;
        after[nchunks] = p->lex.at;
        ends[nchunks] = t.text + t.len;
        for (size_t i = bounds[nchunks - 1]; i < toks.n; i++)
            plain += !(toks.items[i].flags & JF_TOKEN_JOINED);
        if (nchunks == MAX_RUN || plain >= max)
            break;
        t = jf_lex_next(&p->lex);
        if (t.kind != JF_TOK_WORDS)
            break;
    }
    jf_qnode_t *n = NULL;
    for (size_t k = nchunks; k > 0 && !n; k--) {
        size_t expr;
        const jf_synonym_group_t *g = jf_synonym_group_of(
            &p->syn, toks.items, bounds[k], k == 1, &expr);
        if (g) {
            p->lex.at = after[k];
            n = synonym_node(p, g, expr, first.text,
                             (size_t)(ends[k] - first.text));
        }
    }
    if (!n)
        p->lex.at = saved;
    JF_VEC_FREE(&toks);
    return n;
}

/* ------------------------------------------------------- phrases, fields */

/* Inside quotes every word counts, stopwords included ("free and open"),
 * and a compound is matched by its parts only; a phrase that is an
 * expression of a synonym group stands for the group. */
static jf_qnode_t *phrase_node(parser_t *p, const char *text, size_t len)
{
    token_list_t toks = { 0 };
    analyse(p, text, len, &toks);
    size_t expr;
    const jf_synonym_group_t *g = jf_synonym_group_of(&p->syn, toks.items,
                                                      toks.n, true, &expr);
    jf_qnode_t *n = g ? synonym_node(p, g, expr, text, len)
                      : parts_node(p, text, &toks);
    JF_VEC_FREE(&toks);
    return n;
}

/* One field value: every word of it (stopwords only when it has nothing
 * else), or its joined form when it is one compound; NULL when it has no
 * word. */
/* A date: value, the days it names into N; false when it names none.
 * YYYY, YYYY-MM or YYYY-MM-DD, or a day written as news writes it. */
static bool date_range(const jf_tok_t *t, jf_qnode_t *n)
{
    char value[64], iso[11];
    if (t->len == 0 || t->len >= sizeof value)
        return false;
    memcpy(value, t->text, t->len);
    value[t->len] = '\0';
    if (jf_date_bound(value, false, n->first) == 0)
        return jf_date_bound(value, true, n->last) == 0;
    if (jf_parse_date(value, t->len, iso) != t->len)
        return false;
    snprintf(n->first, sizeof n->first, "%.4s%.2s%.2s", iso, iso + 5,
             iso + 8);
    memcpy(n->last, n->first, sizeof n->last);
    return true;
}

static jf_qnode_t *date_field_node(parser_t *p, const jf_tok_t *t)
{
    jf_qnode_t *n = node_new(p, JF_QN_FIELD, t->text, t->len);
    n->field = JF_FIELD_DATE;
    if (!date_range(t, n) && !p->error)
        p->error = jf_strprintf("date:%.*s is not a date (write YYYY, "
                                "YYYY-MM, YYYY-MM-DD or a day such as "
                                "3 December 2024)", (int)t->len, t->text);
    return n;
}

static jf_qnode_t *field_node(parser_t *p, const jf_tok_t *t)
{
    if (t->field == JF_FIELD_DATE)
        return date_field_node(p, t);
    token_list_t toks = { 0 };
    analyse(p, t->text, t->len, &toks);
    bool only_stop = true;
    for (size_t i = 0; i < toks.n; i++)
        if (!(toks.items[i].flags & (JF_TOKEN_STOP | JF_TOKEN_JOINED)))
            only_stop = false;
    struct {
        const char **items;
        size_t n, cap;
    } terms = { 0 };
    for (size_t i = 0; i < toks.n; i++) {
        const jf_token_t *tok = &toks.items[i];
        if (!(tok->flags & JF_TOKEN_JOINED) &&
            (!(tok->flags & JF_TOKEN_STOP) || only_stop))
            JF_VEC_PUSH(&terms, tok->term);
    }
    jf_qnode_t *n = NULL;
    if (terms.n > 0) {
        n = node_new(p, JF_QN_FIELD, t->text, t->len);
        n->field = t->field;
        jf_pattern_set(&n->terms, terms.items, terms.n);
        const jf_token_t *joined = jf_joined_of(toks.items, toks.n);
        if (joined)
            memcpy(n->term, joined->term, sizeof n->term);
    }
    JF_VEC_FREE(&terms);
    JF_VEC_FREE(&toks);
    return n;
}

/* ---------------------------------------------------------------- parser */

static void parse_clauses(parser_t *p, jf_qnode_t *group, int depth);

/* A (group): its clauses, or NULL when it has none. */
static jf_qnode_t *parse_group(parser_t *p, const jf_tok_t *open,
                               int depth)
{
    jf_qnode_t *g = node_new(p, JF_QN_AND, open->text, 1);
    parse_clauses(p, g, depth);
    if (jf_lex_peek(&p->lex).kind == JF_TOK_RPAREN) {
        jf_tok_t close = jf_lex_take(&p->lex);
        g->end = (size_t)(close.text + 1 - p->s);
    } else {
        g->end = p->len;
    }
    return g->kids.n ? g : NULL;
}

/* A chunk, a phrase, a group or a field value; NULL when it holds no
 * searchable word.  A field value that is not EXCLUDED becomes a filter
 * of the whole query, not a clause. */
static jf_qnode_t *parse_primary(parser_t *p, bool excluded, int depth)
{
    jf_tok_t t = jf_lex_take(&p->lex);
    switch (t.kind) {
    case JF_TOK_WORDS: {
        jf_qnode_t *n = date_run(p, t);
        if (!n)
            n = synonym_run(p, t);
        return n ? n : chunk_node(p, t.text, t.len);
    }
    case JF_TOK_FIELD: {
        jf_qnode_t *n = field_node(p, &t);
        if (!n || excluded)
            return n;
        JF_VEC_PUSH(&p->filters, n);
        return NULL;
    }
    case JF_TOK_PHRASE:
        return phrase_node(p, t.text, t.len);
    case JF_TOK_LPAREN:
        /* Deep nesting is read flat rather than blowing the stack. */
        return depth >= MAX_DEPTH ? NULL : parse_group(p, &t, depth + 1);
    default:
        /* An operator with nothing to act on ("OR" at the start) is read
         * as nothing: the rest of the query still counts. */
        return NULL;
    }
}

/* primary (OR primary)*: the alternatives become one clause. */
static jf_qnode_t *parse_alternatives(parser_t *p, bool excluded, int depth)
{
    jf_qnode_list_t alts = { 0 };
    jf_qnode_t *n = parse_primary(p, excluded, depth);
    if (n)
        JF_VEC_PUSH(&alts, n);
    while (jf_lex_peek(&p->lex).kind == JF_TOK_OR) {
        jf_lex_take(&p->lex);
        if ((n = parse_primary(p, excluded, depth)))
            JF_VEC_PUSH(&alts, n);
    }
    if (alts.n < 2) {
        n = alts.n ? alts.items[0] : NULL;
        JF_VEC_FREE(&alts);
        return n;
    }
    n = node_new(p, JF_QN_OR, p->s + alts.items[0]->start,
                 alts.items[alts.n - 1]->end - alts.items[0]->start);
    n->kids = alts;
    return n;
}

/* The clauses up to the end of GROUP (a ')' or the end of the query). */
static void parse_clauses(parser_t *p, jf_qnode_t *group, int depth)
{
    for (;;) {
        jf_tok_t t = jf_lex_peek(&p->lex);
        if (t.kind == JF_TOK_END)
            return;
        if (t.kind == JF_TOK_RPAREN) {
            if (depth > 0)
                return;
            /* A stray ')' at top level means nothing. */
            jf_lex_take(&p->lex);
            continue;
        }
        if (t.kind == JF_TOK_AND || t.kind == JF_TOK_OR) {
            /* AND is the default; a dangling OR means nothing. */
            jf_lex_take(&p->lex);
            continue;
        }
        bool excluded = t.kind == JF_TOK_NOT;
        if (excluded)
            jf_lex_take(&p->lex);
        jf_qnode_t *n = parse_alternatives(p, excluded, depth);
        if (n && excluded) {
            jf_qnode_t *not = node_new(p, JF_QN_NOT, t.text,
                                       n->end - (size_t)(t.text - p->s));
            add_kid(not, n);
            n = not;
        }
        if (n)
            add_kid(group, n);
    }
}

/* The query's words, and those that are not stopwords: without them, the
 * stopwords are all it has, and they are searched ("the who"). */
typedef struct {
    size_t words, non_stop;
} word_count_t;

static int count_word(const jf_token_t *tok, void *ctx)
{
    word_count_t *c = ctx;
    if (tok->flags & JF_TOKEN_JOINED)
        return 0;
    c->words++;
    c->non_stop += !(tok->flags & JF_TOKEN_STOP);
    /* Past the cap the count is all that matters: stop reading. */
    return c->words > JF_QUERY_MAX_WORDS;
}

/* Why a query with no clause to search and no filter cannot run. */
static int fail_empty(const jf_qnode_t *top, const char *text,
                      jf_error_t *err)
{
    bool excluded = false;
    for (size_t i = 0; i < top->kids.n; i++)
        if (top->kids.items[i]->kind == JF_QN_NOT &&
            !jf_qnode_empty(top->kids.items[i]->kids.items[0]))
            excluded = true;
    for (const char *c = text; *c; c++)
        if (!jf_lex_space(*c))
            return jf_fail(err, JFX_BAD_QUERY, "%s", excluded
                ? "the query only excludes words: add a word to search for"
                : "the query has no words to search for");
    return jf_fail(err, JFX_BAD_QUERY,
                   "empty query: give at least one word to search for");
}

/* The top-level clauses and filters into Q's root; -1 when there is
 * nothing to search for. */
static int finish(parser_t *p, jf_qnode_t *top, jf_error_t *err)
{
    jf_query_t *q = p->q;
    if (p->error) {
        jf_fail_take(err, JFX_BAD_QUERY, p->error);
        p->error = NULL;
        return -1;
    }
    for (size_t i = 0; i < top->kids.n; i++)
        if (top->kids.items[i]->kind != JF_QN_NOT &&
            !jf_qnode_empty(top->kids.items[i]))
            q->clauses++;
    if (q->clauses == 0 && p->filters.n == 0)
        return fail_empty(top, p->s, err);
    if (q->clauses == 0) {
        /* Only filters: every passage of the articles they keep. */
        q->only_filters = true;
        jf_qnode_t *all = node_new(p, JF_QN_ALL, p->s, 0);
        add_kid(top, all);
        memmove(&top->kids.items[1], &top->kids.items[0],
                (top->kids.n - 1) * sizeof *top->kids.items);
        top->kids.items[0] = all;
    }
    q->root = top;
    if (p->filters.n > 0) {
        q->root = node_new(p, JF_QN_FILTER, p->s, p->len);
        add_kid(q->root, top);
        for (size_t i = 0; i < p->filters.n; i++)
            add_kid(q->root, p->filters.items[i]);
    }
    return 0;
}

int jf_query_parse(jf_analyzer_t *a, const char *text,
                   const jf_synonyms_t *synonyms, jf_query_t *out,
                   jf_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (jf_failed(err))
        return -1;
    size_t len = strlen(text);
    if (!jf_utf8_valid(text, len))
        return jf_fail(err, JFX_BAD_QUERY, "the query is not valid UTF-8");

    word_count_t count = { 0, 0 };
    jf_analyze(a, text, len, 1, count_word, &count);
    if (count.words > JF_QUERY_MAX_WORDS)
        return jf_fail(err, JFX_BAD_QUERY, "the query has more than %d words; "
                       "shorten it", JF_QUERY_MAX_WORDS);

    out->text = jf_strdup(text);
    parser_t p = { .analyzer = a, .s = out->text, .len = len,
                   .syn = { synonyms, NULL, a }, .q = out };
    jf_lex_init(&p.lex, out->text, len);
    p.keep_stopwords = count.non_stop == 0;
    jf_qnode_t *top = node_new(&p, JF_QN_AND, p.s, len);
    parse_clauses(&p, top, 0);
    int rc = finish(&p, top, err);
    JF_VEC_FREE(&p.filters);
    jf_synonym_lookup_free(&p.syn);
    if (rc != 0)
        jf_query_free(out);
    return rc;
}
