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
 *   primary := WORDS | '"' WORDS '"' | "(" query ")"
 * An unclosed quote or parenthesis ends with the query: a reader who
 * forgot one still gets the search they meant.
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

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
} tok_kind_t;

typedef struct {
    tok_kind_t kind;
    const char *text;
    size_t len;
} lex_token_t;

typedef struct {
    jf_analyzer_t *analyzer;
    const char *s;
    size_t len, at;
    lex_token_t peeked;
    bool has_peeked;
    jf_default_op_t op;
    bool keep_stopwords;   /* the query has nothing but stopwords */
    jf_query_t *out;
    size_t terms_cap;
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

static lex_token_t lex_next(parser_t *p)
{
    lex_token_t t = { TOK_END, NULL, 0 };
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
typedef struct {
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
        jf_die_oom();
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

static void note_term(parser_t *p, const char *term)
{
    jf_query_t *out = p->out;
    for (size_t i = 0; i < out->nterms; i++)
        if (strcmp(out->terms[i], term) == 0)
            return;
    if (out->nterms == p->terms_cap) {
        p->terms_cap = p->terms_cap ? p->terms_cap * 2 : 8;
        out->terms = jf_realloc(out->terms, p->terms_cap * sizeof *out->terms);
    }
    out->terms[out->nterms++] = jf_strdup(term);
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

/* Builds the query for a run of words.  Words written together without
 * spaces ("U.S.", "indo-pacific") are a phrase; a compound also matches its
 * joined form.  POSITIVE says whether matches are highlighted (an excluded
 * word never appears in a result). */
static jfx_query_t *piece_query(parser_t *p, const token_list_t *toks,
                                size_t from, size_t to, bool positive)
{
    qlist_t parts = { 0 };
    const char *joined = NULL;
    const char *pattern[JF_TERM_MAX];
    size_t npattern = 0;

    for (size_t i = from; i < to; i++) {
        const jf_token_t *t = &toks->tokens[i];
        if (t->flags & JF_TOKEN_JOINED) {
            /* The joined form stands for the whole piece only when the
             * piece is exactly one compound. */
            if (i == to - 1 && t->start == toks->tokens[from].start)
                joined = t->term;
            continue;
        }
        qlist_push(&parts, checked(jfx_query_term(t->term, 1, t->pos)));
        if (npattern < JF_TERM_MAX)
            pattern[npattern++] = t->term;
        if (positive)
            note_term(p, t->term);
    }
    if (positive && npattern)
        jf_highlight_add(&p->out->highlight, pattern, npattern);

    jfx_query_t *q = qlist_combine(&parts, JFX_OP_PHRASE, 0);
    if (joined && q) {
        jfx_query_t *alt[2] = { q, checked(jfx_query_term(joined, 1, 0)) };
        q = checked(jfx_query_combine(JFX_OP_OR,
                                      (const jfx_query_t *const *)alt, 2, 0));
        jfx_query_destroy(alt[0]);
        jfx_query_destroy(alt[1]);
        if (positive) {
            jf_highlight_add(&p->out->highlight, &joined, 1);
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
        q = piece_query(p, &toks, 0, toks.n, positive);
    free(toks.tokens);
    return q;
}

static jfx_query_t *phrase_query(parser_t *p, const char *text, size_t len,
                                 bool positive)
{
    token_list_t toks = { 0 };
    jf_analyze(p->analyzer, text, len, 1, collect_token, &toks);
    jfx_query_t *q = NULL;
    /* Inside quotes every word counts, stopwords included ("free and
     * open"), and a compound is matched by its parts. */
    qlist_t parts = { 0 };
    const char *pattern[JF_TERM_MAX];
    size_t npattern = 0;
    for (size_t i = 0; i < toks.n; i++) {
        const jf_token_t *t = &toks.tokens[i];
        if (t->flags & JF_TOKEN_JOINED)
            continue;
        qlist_push(&parts, checked(jfx_query_term(t->term, 1, t->pos)));
        if (npattern < JF_TERM_MAX)
            pattern[npattern++] = t->term;
        if (positive)
            note_term(p, t->term);
    }
    if (positive && npattern)
        jf_highlight_add(&p->out->highlight, pattern, npattern);
    q = qlist_combine(&parts, JFX_OP_PHRASE, 0);
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
    case TOK_WORDS:
        return chunk_query(p, t.text, t.len, positive);
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

int jf_query_parse(jf_analyzer_t *a, const char *text, jf_default_op_t op,
                   jf_query_t *out)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(text);
    if (!jf_utf8_valid(text, len))
        return fail(out, "the query is not valid UTF-8");

    parser_t p = { .analyzer = a, .s = text, .len = len, .op = op,
                   .out = out };
    p.keep_stopwords = only_stopwords(a, text, len);

    qlist_t positives = { 0 }, negatives = { 0 };
    parse_query(&p, &positives, &negatives, 0);

    if (positives.n == 0) {
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
    out->query = combine_clauses(&p, &positives, &negatives);
    return 0;
}

void jf_query_free(jf_query_t *q)
{
    if (!q)
        return;
    jfx_query_destroy(q->query);
    jf_highlight_free(&q->highlight);
    for (size_t i = 0; i < q->nterms; i++)
        free(q->terms[i]);
    free(q->terms);
    free(q->error);
    memset(q, 0, sizeof *q);
}
