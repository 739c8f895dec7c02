/* query.c - parse what the user typed into a Xapian query.
 *
 * A small recursive-descent parser over a hand-written lexer.  The lexer
 * only finds the structure (quotes, parentheses, operators, -exclusion);
 * every piece of text that may hold words goes through jf_analyze, the
 * same analysis the indexer used, so a query word meets its text form.
 *
 * Grammar (OR binds tighter than the implicit AND, as in web search):
 *   query   := clause*
 *   clause  := ["-" | "NOT"] alt | "AND"
 *   alt     := primary ("OR" primary)*
 *   primary := WORDS | '"' WORDS '"' | "(" query ")" | FIELD
 * An unclosed quote or parenthesis ends with the query: a reader who
 * forgot one still gets the search they meant.
 *
 * A FIELD (title:word, source:"a phrase") is not ranked: it becomes a
 * boolean filter on the prefixed terms jfindex gives every passage of an
 * article (XT + each headline term, XS + each source term), and filters
 * apply to the whole query wherever they are written.
 *
 * With a synonyms table, a run of words starts by looking for the longest
 * run (or quoted phrase) whose terms are an expression of a group; it then
 * stands for Xapian's OP_SYNONYM of the group's forms, weighted as one
 * term, and the output can say what it was expanded to.
 */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "buf.h"
#include "schema.h"

enum { MAX_DEPTH = 32 };

typedef enum {
    TOK_END,
    TOK_WORDS,   /* a run of text outside quotes */
    TOK_PHRASE,  /* the text between quotes */
    TOK_LPAREN,
    TOK_RPAREN,
    TOK_OR,
    TOK_AND,
    TOK_NOT,     /* NOT, or '-' in front of a word */
    TOK_FIELD,   /* title:value or source:value; text is the value */
} tok_kind_t;

enum { FIELD_TITLE, FIELD_SOURCE, NFIELDS };

/* The fields and the prefixes of their filter terms (schema.h). */
static const struct {
    const char *name;     /* as typed, with its colon */
    const char *prefix;
} fields[NFIELDS] = {
    [FIELD_TITLE] = { "title:", JF_PREFIX_TITLE },
    [FIELD_SOURCE] = { "source:", JF_PREFIX_SOURCE },
};

/* How many words ahead a synonym run may look. */
enum { MAX_RUN = 8 };

typedef struct {
    tok_kind_t kind;
    const char *text;
    size_t len;
    int field;   /* FIELD_* for TOK_FIELD */
} lex_token_t;

typedef struct {
    jf_analyzer_t *analyzer;
    const char *s;
    size_t len, at;
    lex_token_t peeked;
    bool has_peeked;
    jf_default_op_t op;
    bool keep_stopwords;   /* the query has nothing but stopwords */
    const jf_synonyms_t *synonyms;
    jf_query_t *out;
    size_t weighted_cap, words_cap, expansions_cap;
    struct qlist *field_values[NFIELDS];
} parser_t;

/* ------------------------------------------------------------------ lexer */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static bool ends_word(char c)
{
    return is_space(c) || c == '"' || c == '(' || c == ')';
}

/* Curly double quotes (U+201C, U+201D) delimit phrases like straight ones:
 * text pasted from an article uses them. */
static size_t quote_len(const char *s, size_t left)
{
    if (left >= 1 && s[0] == '"')
        return 1;
    if (left >= 3 && (unsigned char)s[0] == 0xE2 &&
        (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D))
        return 3;
    return 0;
}

/* The FIELD_* whose name (case aside) starts S, or -1. */
static int field_at(const char *s, size_t left)
{
    for (int f = 0; f < NFIELDS; f++) {
        size_t n = strlen(fields[f].name);
        if (left >= n && strncasecmp(s, fields[f].name, n) == 0)
            return f;
    }
    return -1;
}

static lex_token_t lex_next(parser_t *p)
{
    lex_token_t t = { TOK_END, NULL, 0, 0 };
    while (p->at < p->len && is_space(p->s[p->at]))
        p->at++;
    if (p->at >= p->len)
        return t;

    const char *c = p->s + p->at;
    size_t left = p->len - p->at;
    size_t q = quote_len(c, left);
    if (q) {
        size_t start = p->at + q, end = start;
        size_t close = 0;
        while (end < p->len && !(close = quote_len(p->s + end, p->len - end)))
            end++;
        t.kind = TOK_PHRASE;
        t.text = p->s + start;
        t.len = end - start;
        p->at = end + close;
        return t;
    }
    if (*c == '(' || *c == ')') {
        t.kind = *c == '(' ? TOK_LPAREN : TOK_RPAREN;
        p->at++;
        return t;
    }
    /* '-' right before a word, phrase or group excludes it. */
    if (*c == '-' && left > 1 && !is_space(c[1]) && c[1] != ')') {
        t.kind = TOK_NOT;
        p->at++;
        return t;
    }
    int field = field_at(c, left);
    if (field >= 0) {
        /* The value is the rest of the word, or the quoted phrase right
         * after the colon. */
        p->at += strlen(fields[field].name);
        size_t q = quote_len(p->s + p->at, p->len - p->at);
        if (q) {
            lex_token_t phrase = lex_next(p);
            t.text = phrase.text;
            t.len = phrase.len;
        } else {
            size_t end = p->at;
            while (end < p->len && !ends_word(p->s[end]) &&
                   !quote_len(p->s + end, p->len - end))
                end++;
            t.text = p->s + p->at;
            t.len = end - p->at;
            p->at = end;
        }
        t.kind = TOK_FIELD;
        t.field = field;
        return t;
    }
    size_t end = p->at;
    while (end < p->len && !ends_word(p->s[end]) &&
           !quote_len(p->s + end, p->len - end))
        end++;
    t.kind = TOK_WORDS;
    t.text = c;
    t.len = end - p->at;
    p->at = end;
    if (t.len == 2 && memcmp(c, "OR", 2) == 0)
        t.kind = TOK_OR;
    else if (t.len == 3 && memcmp(c, "AND", 3) == 0)
        t.kind = TOK_AND;
    else if (t.len == 3 && memcmp(c, "NOT", 3) == 0)
        t.kind = TOK_NOT;
    return t;
}

static lex_token_t peek(parser_t *p)
{
    if (!p->has_peeked) {
        p->peeked = lex_next(p);
        p->has_peeked = true;
    }
    return p->peeked;
}

static lex_token_t take(parser_t *p)
{
    lex_token_t t = peek(p);
    p->has_peeked = false;
    return t;
}

/* --------------------------------------------------------- query pieces */

/* A growable list of child queries, owned until combined. */
typedef struct qlist {
    jfx_query_t **items;
    size_t n, cap;
} qlist_t;

static void qlist_push(qlist_t *l, jfx_query_t *q)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->items = jf_realloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n++] = q;
}

static void qlist_free(qlist_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        jfx_query_destroy(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

static jfx_query_t *checked(jfx_query_t *q)
{
    if (!q)
        jf_oom();
    return q;
}

/* Combines and frees the list.  One child is returned as it is; none
 * gives NULL. */
static jfx_query_t *qlist_combine(qlist_t *l, jfx_op_t op, unsigned window)
{
    jfx_query_t *q = NULL;
    if (l->n == 1) {
        q = l->items[0];
        l->n = 0;
    } else if (l->n > 1) {
        q = checked(jfx_query_combine(op, (const jfx_query_t *const *)l->items,
                                      l->n, window));
    }
    qlist_free(l);
    return q;
}

static void *grow(void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 8;
    return jf_realloc(items, *cap * size);
}

/* A weighted unit of FORMS (each a term sequence), for --explain. */
static void note_unit(parser_t *p, const jf_pattern_t *forms, size_t n)
{
    jf_query_t *out = p->out;
    out->weighted = grow(out->weighted, out->nweighted, &p->weighted_cap,
                         sizeof *out->weighted);
    jf_weighted_t *w = &out->weighted[out->nweighted++];
    memset(w, 0, sizeof *w);
    jf_buf_t label = JF_BUF_INIT;
    w->forms = jf_malloc(n * sizeof *w->forms);
    w->nforms = n;
    for (size_t i = 0; i < n; i++) {
        const jf_pattern_t *f = &forms[i];
        jf_buf_puts(&label, i ? " | " : "");
        jf_buf_puts(&label, f->n > 1 ? "\"" : "");
        w->forms[i].terms = jf_malloc(f->n * sizeof *w->forms[i].terms);
        w->forms[i].n = f->n;
        for (size_t k = 0; k < f->n; k++) {
            w->forms[i].terms[k] = jf_strdup(f->terms[k]);
            jf_buf_printf(&label, "%s%s", k ? " " : "", f->terms[k]);
        }
        jf_buf_puts(&label, f->n > 1 ? "\"" : "");
    }
    w->label = jf_buf_release(&label);
}

static void note_term(parser_t *p, const char *term)
{
    jf_pattern_t form = { (char **)&term, 1 };
    note_unit(p, &form, 1);
}

/* The words of the phrase TERMS[0..N), each weighing only with the rest. */
static void note_phrase(parser_t *p, const char *const *terms, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        note_term(p, terms[i]);
        if (n < 2)
            continue;
        jf_pattern_t *phrase = &p->out->weighted[p->out->nweighted - 1].phrase;
        phrase->terms = jf_malloc(n * sizeof *phrase->terms);
        phrase->n = n;
        for (size_t k = 0; k < n; k++)
            phrase->terms[k] = jf_strdup(terms[k]);
    }
}

/* A positive word as typed (did-you-mean may correct it); TEXT is where
 * its piece of query starts. */
static void note_word(parser_t *p, const char *text, const jf_token_t *t)
{
    jf_query_t *out = p->out;
    if (t->flags & (JF_TOKEN_JOINED | JF_TOKEN_STOP))
        return;
    out->words = grow(out->words, out->nwords, &p->words_cap,
                      sizeof *out->words);
    jf_query_word_t *w = &out->words[out->nwords++];
    w->start = (size_t)(text - p->s) + t->start;
    w->end = (size_t)(text - p->s) + t->end;
    memcpy(w->word, t->word, sizeof w->word);
    memcpy(w->term, t->term, sizeof w->term);
}

/* The analysed words of one piece of query text. */
typedef struct {
    jf_token_t *tokens;
    size_t n, cap;
} token_list_t;

static int collect_token(const jf_token_t *tok, void *ctx)
{
    token_list_t *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->tokens = jf_realloc(l->tokens, l->cap * sizeof *l->tokens);
    }
    l->tokens[l->n++] = *tok;
    return 0;
}

/* The phrase of the word tokens TOKS[FROM..TO) (a compound by its parts;
 * joined forms are skipped), highlighted and noted when POSITIVE; NULL
 * when there is no word. */
static jfx_query_t *parts_phrase(parser_t *p, const char *text,
                                 const token_list_t *toks, size_t from,
                                 size_t to, bool positive)
{
    qlist_t parts = { 0 };
    const char *pattern[JF_TERM_MAX];
    size_t npattern = 0;
    for (size_t i = from; i < to; i++) {
        const jf_token_t *t = &toks->tokens[i];
        if (t->flags & JF_TOKEN_JOINED)
            continue;
        qlist_push(&parts, checked(jfx_query_term(t->term, 1, t->pos)));
        if (npattern < JF_TERM_MAX)
            pattern[npattern++] = t->term;
        if (positive)
            note_word(p, text, t);
    }
    if (positive && npattern) {
        jf_patterns_add(&p->out->highlight, pattern, npattern);
        note_phrase(p, pattern, npattern);
    }
    return qlist_combine(&parts, JFX_OP_PHRASE, 0);
}

/* Builds the query for a run of words.  Words written together without
 * spaces ("U.S.", "indo-pacific") are a phrase; a compound also matches its
 * joined form.  POSITIVE says whether matches are highlighted (an excluded
 * word never appears in a result). */
static jfx_query_t *piece_query(parser_t *p, const char *text,
                                const token_list_t *toks, size_t from,
                                size_t to, bool positive)
{
    /* The joined form stands for the whole piece only when the piece is
     * exactly one compound (its joined token comes last). */
    const jf_token_t *last = &toks->tokens[to - 1];
    const char *joined = (last->flags & JF_TOKEN_JOINED) &&
                                 last->start == toks->tokens[from].start
                             ? last->term : NULL;

    jfx_query_t *q = parts_phrase(p, text, toks, from, to, positive);
    if (joined && q) {
        jfx_query_t *alt[2] = { q, checked(jfx_query_term(joined, 1, 0)) };
        q = checked(jfx_query_combine(JFX_OP_OR,
                                      (const jfx_query_t *const *)alt, 2, 0));
        jfx_query_destroy(alt[0]);
        jfx_query_destroy(alt[1]);
        if (positive) {
            jf_patterns_add(&p->out->highlight, &joined, 1);
            note_term(p, joined);
        }
    }
    return q;
}

static bool droppable(const parser_t *p, const jf_token_t *t)
{
    return (t->flags & JF_TOKEN_STOP) && !p->keep_stopwords;
}

/* One space-free chunk of text outside quotes ("Indo-Pacific", "U.S.",
 * "China's").  A lone stopword gives NULL: it is dropped. */
static jfx_query_t *chunk_query(parser_t *p, const char *text, size_t len,
                                bool positive)
{
    token_list_t toks = { 0 };
    jf_analyze(p->analyzer, text, len, 1, collect_token, &toks);
    jfx_query_t *q = NULL;
    if (toks.n == 1 && droppable(p, &toks.tokens[0]))
        p->out->dropped_stopwords = true;
    else if (toks.n > 0)
        q = piece_query(p, text, &toks, 0, toks.n, positive);
    free(toks.tokens);
    return q;
}

/* ------------------------------------------------------------- synonyms */

/* The group having the expression TOKS[0..N) as its plain terms, or,
 * when they are ONE_PIECE of text and one compound, as its joined form;
 * *EXPR is then its index. */
static const jf_synonym_group_t *group_of(const parser_t *p,
                                          const token_list_t *toks, size_t n,
                                          bool one_piece, size_t *expr)
{
    size_t max = jf_synonyms_max_terms(p->synonyms), k = 0;
    if (max == 0 || n == 0)
        return NULL;
    const char **terms = jf_malloc(max * sizeof *terms);
    const jf_synonym_group_t *g = NULL;
    for (size_t i = 0; i < n && k <= max; i++)
        if (!(toks->tokens[i].flags & JF_TOKEN_JOINED) && k++ < max)
            terms[k - 1] = toks->tokens[i].term;
    if (k <= max)
        g = jf_synonyms_find(p->synonyms, terms, k, expr);
    free(terms);
    const jf_token_t *last = &toks->tokens[n - 1];
    if (!g && one_piece && (last->flags & JF_TOKEN_JOINED) &&
        last->start == toks->tokens[0].start) {
        const char *joined = last->term;
        g = jf_synonyms_find(p->synonyms, &joined, 1, expr);
    }
    return g;
}

static bool form_equal(const jf_pattern_t *a, const jf_pattern_t *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->terms[i], b->terms[i]) != 0)
            return false;
    return true;
}

static void form_add(jf_pattern_t *forms, size_t *n, char **terms,
                     size_t nterms)
{
    jf_pattern_t f = { terms, nterms };
    for (size_t i = 0; i < *n; i++)
        if (form_equal(&forms[i], &f))
            return;
    forms[(*n)++] = f;
}

static void note_expansion(parser_t *p, const jf_synonym_group_t *g,
                           size_t matched, const char *from, size_t len)
{
    jf_query_t *out = p->out;
    for (size_t i = 0; i < out->nexpansions; i++)
        if (strlen(out->expansions[i].from) == len &&
            memcmp(out->expansions[i].from, from, len) == 0)
            return;   /* said once is enough */
    out->expansions = grow(out->expansions, out->nexpansions,
                           &p->expansions_cap, sizeof *out->expansions);
    jf_expansion_t *e = &out->expansions[out->nexpansions++];
    e->from = jf_strndup(from, len);
    e->to = jf_malloc(g->n * sizeof *e->to);
    e->nto = 0;
    for (size_t i = 0; i < g->n; i++)
        if (i != matched)
            e->to[e->nto++] = jf_strdup(g->exprs[i].text);
}

/* The query for every form of group G (each expression's terms, as a
 * phrase when several, and its joined form), weighted as one term.  FROM
 * is the query text that matched expression MATCHED. */
static jfx_query_t *group_query(parser_t *p, const jf_synonym_group_t *g,
                                size_t matched, const char *from, size_t len,
                                bool positive)
{
    jf_pattern_t *forms = jf_malloc(2 * g->n * sizeof *forms);
    size_t nforms = 0;
    for (size_t i = 0; i < g->n; i++) {
        const jf_expression_t *e = &g->exprs[i];
        form_add(forms, &nforms, e->terms, e->nterms);
        if (e->joined)
            form_add(forms, &nforms, (char **)&e->joined, 1);
    }

    qlist_t alts = { 0 };
    for (size_t i = 0; i < nforms; i++) {
        qlist_t words = { 0 };
        for (size_t k = 0; k < forms[i].n; k++)
            qlist_push(&words, checked(jfx_query_term(forms[i].terms[k], 1,
                                                      (unsigned)k + 1)));
        qlist_push(&alts, qlist_combine(&words, JFX_OP_PHRASE, 0));
        if (positive)
            jf_patterns_add(&p->out->highlight,
                             (const char *const *)forms[i].terms,
                             forms[i].n);
    }
    jfx_query_t *q = qlist_combine(&alts, JFX_OP_SYNONYM, 0);

    if (positive && nforms == 1) {
        /* Every expression analysed alike: a plain word or phrase. */
        note_phrase(p, (const char *const *)forms[0].terms, forms[0].n);
    } else if (positive) {
        note_unit(p, forms, nforms);
        note_expansion(p, g, matched, from, len);
    }
    free(forms);
    return q;
}

/* The longest run of words, starting with FIRST (already taken), that is
 * an expression of a synonym group; NULL (consuming nothing more) when
 * none is. */
static jfx_query_t *synonym_run(parser_t *p, lex_token_t first,
                                bool positive)
{
    size_t max = jf_synonyms_max_terms(p->synonyms);
    if (max == 0)
        return NULL;
    token_list_t toks = { 0 };
    size_t bounds[MAX_RUN + 1] = { 0 }, after[MAX_RUN + 1] = { 0 };
    const char *ends[MAX_RUN + 1] = { NULL };
    size_t saved = p->at, nchunks = 0;
    size_t plain = 0;
    lex_token_t t = first;
    for (;;) {
        jf_analyze(p->analyzer, t.text, t.len, 1, collect_token, &toks);
        nchunks++;
        bounds[nchunks] = toks.n;
        after[nchunks] = p->at;
        ends[nchunks] = t.text + t.len;
        for (size_t i = bounds[nchunks - 1]; i < toks.n; i++)
            plain += !(toks.tokens[i].flags & JF_TOKEN_JOINED);
        if (nchunks == MAX_RUN || plain >= max)
            break;
        t = lex_next(p);
        if (t.kind != TOK_WORDS)
            break;
    }
    jfx_query_t *q = NULL;
    for (size_t k = nchunks; k > 0 && !q; k--) {
        size_t expr;
        const jf_synonym_group_t *g = group_of(p, &toks, bounds[k], k == 1,
                                                  &expr);
        if (g) {
            p->at = after[k];
            q = group_query(p, g, expr, first.text,
                            (size_t)(ends[k] - first.text), positive);
        }
    }
    if (!q)
        p->at = saved;
    free(toks.tokens);
    return q;
}

/* ---------------------------------------------------------------- fields */

/* The filter for one field value: every word of it (stopwords only when
 * it has nothing else), or its joined form when it is one compound. */
static jfx_query_t *field_query(parser_t *p, const lex_token_t *t)
{
    token_list_t toks = { 0 };
    jf_analyze(p->analyzer, t->text, t->len, 1, collect_token, &toks);
    bool only_stop = true;
    for (size_t i = 0; i < toks.n; i++)
        if (!(toks.tokens[i].flags & (JF_TOKEN_STOP | JF_TOKEN_JOINED)))
            only_stop = false;
    const char *prefix = fields[t->field].prefix;
    char term[8 + JF_TERM_MAX + 1];
    qlist_t words = { 0 };
    for (size_t i = 0; i < toks.n; i++) {
        const jf_token_t *tok = &toks.tokens[i];
        if ((tok->flags & JF_TOKEN_JOINED) ||
            ((tok->flags & JF_TOKEN_STOP) && !only_stop))
            continue;
        snprintf(term, sizeof term, "%s%s", prefix, tok->term);
        qlist_push(&words, checked(jfx_query_term(term, 1, 0)));
    }
    jfx_query_t *q = qlist_combine(&words, JFX_OP_AND, 0);
    const jf_token_t *last = toks.n ? &toks.tokens[toks.n - 1] : NULL;
    if (q && (last->flags & JF_TOKEN_JOINED) &&
        last->start == toks.tokens[0].start) {
        snprintf(term, sizeof term, "%s%s", prefix, last->term);
        jfx_query_t *alt[2] = { q, checked(jfx_query_term(term, 1, 0)) };
        q = checked(jfx_query_combine(JFX_OP_OR,
                                      (const jfx_query_t *const *)alt, 2, 0));
        jfx_query_destroy(alt[0]);
        jfx_query_destroy(alt[1]);
    }
    free(toks.tokens);
    return q;
}

static jfx_query_t *phrase_query(parser_t *p, const char *text, size_t len,
                                 bool positive)
{
    token_list_t toks = { 0 };
    jf_analyze(p->analyzer, text, len, 1, collect_token, &toks);
    size_t expr;
    const jf_synonym_group_t *g = group_of(p, &toks, toks.n, true, &expr);
    if (g) {
        free(toks.tokens);
        return group_query(p, g, expr, text, len, positive);
    }
    /* Inside quotes every word counts, stopwords included ("free and
     * open"), and a compound is matched by its parts. */
    jfx_query_t *q = parts_phrase(p, text, &toks, 0, toks.n, positive);
    free(toks.tokens);
    return q;
}

/* ---------------------------------------------------------------- parser */

static void parse_query(parser_t *p, qlist_t *positives, qlist_t *negatives,
                        int depth);
static jfx_query_t *parse_group(parser_t *p, int depth);

/* A chunk, a phrase or a group; NULL when it holds no searchable word. */
static jfx_query_t *parse_primary(parser_t *p, bool positive, int depth)
{
    lex_token_t t = take(p);
    switch (t.kind) {
    case TOK_WORDS: {
        jfx_query_t *q = synonym_run(p, t, positive);
        return q ? q : chunk_query(p, t.text, t.len, positive);
    }
    case TOK_FIELD: {
        /* A filter, not a clause; excluded, it excludes like a word. */
        jfx_query_t *q = field_query(p, &t);
        if (!q || !positive)
            return q;
        qlist_push(p->field_values[t.field], q);
        return NULL;
    }
    case TOK_PHRASE:
        return phrase_query(p, t.text, t.len, positive);
    case TOK_LPAREN: {
        /* Deep nesting is read flat rather than blowing the stack. */
        if (depth >= MAX_DEPTH)
            return NULL;
        jfx_query_t *q = parse_group(p, depth + 1);
        if (peek(p).kind == TOK_RPAREN)
            take(p);
        return q;
    }
    default:
        /* An operator with nothing to act on ("OR" at the start) is read
         * as nothing: the rest of the query still counts. */
        return NULL;
    }
}

/* primary (OR primary)*: the alternatives become one clause. */
static jfx_query_t *parse_alternatives(parser_t *p, bool positive, int depth)
{
    qlist_t alts = { 0 };
    jfx_query_t *q = parse_primary(p, positive, depth);
    if (q)
        qlist_push(&alts, q);
    while (peek(p).kind == TOK_OR) {
        take(p);
        if ((q = parse_primary(p, positive, depth)))
            qlist_push(&alts, q);
    }
    return qlist_combine(&alts, JFX_OP_OR, 0);
}

static void parse_query(parser_t *p, qlist_t *positives, qlist_t *negatives,
                        int depth)
{
    jfx_query_t *q;
    for (;;) {
        lex_token_t t = peek(p);
        if (t.kind == TOK_END)
            return;
        if (t.kind == TOK_RPAREN) {
            if (depth > 0)
                return;
            take(p);   /* a stray ')' at top level means nothing */
            continue;
        }
        if (t.kind == TOK_AND || t.kind == TOK_OR) {
            take(p);   /* AND is the default; a dangling OR means nothing */
            continue;
        }
        if (t.kind == TOK_NOT) {
            take(p);
            if ((q = parse_alternatives(p, false, depth)))
                qlist_push(negatives, q);
            continue;
        }
        if ((q = parse_alternatives(p, true, depth)))
            qlist_push(positives, q);
    }
}

/* The positives of a query or group, minus its exclusions. */
static jfx_query_t *combine_clauses(parser_t *p, qlist_t *positives,
                                    qlist_t *negatives)
{
    jfx_query_t *q = qlist_combine(positives, p->op == JF_DEFAULT_AND
                                                  ? JFX_OP_AND : JFX_OP_OR, 0);
    jfx_query_t *n = qlist_combine(negatives, JFX_OP_OR, 0);
    if (q && n) {
        jfx_query_t *pair[2] = { q, n };
        jfx_query_t *c = checked(jfx_query_combine(
            JFX_OP_AND_NOT, (const jfx_query_t *const *)pair, 2, 0));
        jfx_query_destroy(q);
        q = c;
    }
    jfx_query_destroy(n);
    return q;
}

static jfx_query_t *parse_group(parser_t *p, int depth)
{
    qlist_t pos = { 0 }, neg = { 0 };
    parse_query(p, &pos, &neg, depth);
    return combine_clauses(p, &pos, &neg);
}

/* Would the query be empty without its stopwords?  Then they are all it
 * has, and they are searched ("the who"). */
static int count_non_stop(const jf_token_t *tok, void *ctx)
{
    if (!(tok->flags & (JF_TOKEN_STOP | JF_TOKEN_JOINED)))
        ++*(size_t *)ctx;
    return 0;
}

static bool only_stopwords(jf_analyzer_t *a, const char *text, size_t len)
{
    size_t words = 0;
    jf_analyze(a, text, len, 1, count_non_stop, &words);
    return words == 0;
}

static int fail(jf_query_t *out, const char *message)
{
    out->error = jf_strdup(message);
    return -1;
}

/* The filters of the query: the values of one field ORed, fields ANDed;
 * NULL when there are none. */
static jfx_query_t *combine_filters(qlist_t values[NFIELDS])
{
    qlist_t all = { 0 };
    for (int f = 0; f < NFIELDS; f++) {
        jfx_query_t *v = qlist_combine(&values[f], JFX_OP_OR, 0);
        if (v)
            qlist_push(&all, v);
    }
    return qlist_combine(&all, JFX_OP_AND, 0);
}

int jf_query_parse_expanded(jf_analyzer_t *a, const char *text,
                            jf_default_op_t op, const jf_synonyms_t *synonyms,
                            jf_query_t *out)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(text);
    if (!jf_utf8_valid(text, len))
        return fail(out, "the query is not valid UTF-8");

    parser_t p = { .analyzer = a, .s = text, .len = len, .op = op,
                   .synonyms = synonyms, .out = out };
    p.keep_stopwords = only_stopwords(a, text, len);
    qlist_t values[NFIELDS] = { { 0 } };
    for (int f = 0; f < NFIELDS; f++)
        p.field_values[f] = &values[f];

    qlist_t positives = { 0 }, negatives = { 0 };
    parse_query(&p, &positives, &negatives, 0);
    jfx_query_t *filter = combine_filters(values);

    if (positives.n == 0 && !filter) {
        bool excluded = negatives.n > 0;
        qlist_free(&positives);
        qlist_free(&negatives);
        for (size_t i = 0; i < len; i++)
            if (!is_space(text[i]))
                return fail(out, excluded
                    ? "the query only excludes words: add a word to search for"
                    : "the query has no words to search for");
        return fail(out, "empty query: give at least one word to search for");
    }

    out->clauses = positives.n;
    if (positives.n == 0) {
        /* Only filters: every passage of the articles they keep. */
        out->only_filters = true;
        qlist_push(&positives, checked(jfx_query_match_all()));
    }
    out->query = combine_clauses(&p, &positives, &negatives);
    if (filter) {
        jfx_query_t *pair[2] = { out->query, filter };
        out->query = checked(jfx_query_combine(
            JFX_OP_FILTER, (const jfx_query_t *const *)pair, 2, 0));
        jfx_query_destroy(pair[0]);
        jfx_query_destroy(filter);
    }
    return 0;
}

int jf_query_parse(jf_analyzer_t *a, const char *text, jf_default_op_t op,
                   jf_query_t *out)
{
    return jf_query_parse_expanded(a, text, op, NULL, out);
}

void jf_query_free(jf_query_t *q)
{
    if (!q)
        return;
    jfx_query_destroy(q->query);
    jf_patterns_free(&q->highlight);
    for (size_t i = 0; i < q->nweighted; i++) {
        jf_weighted_t *w = &q->weighted[i];
        for (size_t f = 0; f < w->nforms; f++) {
            for (size_t k = 0; k < w->forms[f].n; k++)
                free(w->forms[f].terms[k]);
            free(w->forms[f].terms);
        }
        free(w->forms);
        free(w->label);
        for (size_t k = 0; k < w->phrase.n; k++)
            free(w->phrase.terms[k]);
        free(w->phrase.terms);
    }
    free(q->weighted);
    for (size_t i = 0; i < q->nexpansions; i++) {
        for (size_t k = 0; k < q->expansions[i].nto; k++)
            free(q->expansions[i].to[k]);
        free(q->expansions[i].to);
        free(q->expansions[i].from);
    }
    free(q->expansions);
    free(q->words);
    free(q->error);
    memset(q, 0, sizeof *q);
}
