/* query_lex.c - the query's lexer (see query_lex.h). */
#include "query_lex.h"

#include <string.h>
#include <strings.h>

void jf_lex_init(jf_lexer_t *l, const char *s, size_t len)
{
    memset(l, 0, sizeof *l);
    l->s = s;
    l->len = len;
}

bool jf_lex_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static bool ends_word(char c)
{
    return jf_lex_space(c) || c == '"' || c == '(' || c == ')';
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

/* The field whose name and colon (case aside) start S, or JF_NFIELDS. */
static jf_field_t field_at(const char *s, size_t left)
{
    for (jf_field_t f = 0; f < JF_NFIELDS; f++) {
        size_t n = strlen(jf_field_name(f));
        if (left > n && strncasecmp(s, jf_field_name(f), n) == 0 &&
            s[n] == ':')
            return f;
    }
    return JF_NFIELDS;
}

/* The end of the word starting at AT. */
static size_t word_end(const jf_lexer_t *l, size_t at)
{
    while (at < l->len && !ends_word(l->s[at]) &&
           !quote_len(l->s + at, l->len - at))
        at++;
    return at;
}

static jf_tok_t lex_phrase(jf_lexer_t *l, size_t open)
{
    size_t start = l->at + open, end = start, close = 0;
    while (end < l->len && !(close = quote_len(l->s + end, l->len - end)))
        end++;
    l->at = end + close;
    return (jf_tok_t){ JF_TOK_PHRASE, l->s + start, end - start, 0 };
}

/* The value is the rest of the word, or the quoted phrase right after the
 * colon. */
static jf_tok_t lex_field(jf_lexer_t *l, jf_field_t field)
{
    l->at += strlen(jf_field_name(field)) + 1;
    jf_tok_t t;
    size_t q = quote_len(l->s + l->at, l->len - l->at);
    if (q) {
        t = lex_phrase(l, q);
    } else {
        size_t end = word_end(l, l->at);
        t = (jf_tok_t){ JF_TOK_FIELD, l->s + l->at, end - l->at, 0 };
        l->at = end;
    }
    t.kind = JF_TOK_FIELD;
    t.field = field;
    return t;
}

jf_tok_t jf_lex_next(jf_lexer_t *l)
{
    while (l->at < l->len && jf_lex_space(l->s[l->at]))
        l->at++;
    if (l->at >= l->len)
        return (jf_tok_t){ JF_TOK_END, NULL, 0, 0 };

    const char *c = l->s + l->at;
    size_t left = l->len - l->at;
    size_t q = quote_len(c, left);
    if (q)
        return lex_phrase(l, q);
    if (*c == '(' || *c == ')') {
        l->at++;
        jf_tok_kind_t kind = *c == '(' ? JF_TOK_LPAREN : JF_TOK_RPAREN;
        return (jf_tok_t){ kind, c, 1, 0 };
    }
    /* '-' right before a word, phrase or group excludes it. */
    if (*c == '-' && left > 1 && !jf_lex_space(c[1]) && c[1] != ')') {
        l->at++;
        return (jf_tok_t){ JF_TOK_NOT, c, 1, 0 };
    }
    jf_field_t field = field_at(c, left);
    if (field != JF_NFIELDS)
        return lex_field(l, field);
    size_t end = word_end(l, l->at);
    jf_tok_t t = { JF_TOK_WORDS, c, end - l->at, 0 };
    l->at = end;
    if (t.len == 2 && memcmp(c, "OR", 2) == 0)
        t.kind = JF_TOK_OR;
    else if (t.len == 3 && memcmp(c, "AND", 3) == 0)
        t.kind = JF_TOK_AND;
    else if (t.len == 3 && memcmp(c, "NOT", 3) == 0)
        t.kind = JF_TOK_NOT;
    return t;
}

jf_tok_t jf_lex_peek(jf_lexer_t *l)
{
    if (!l->has_peeked) {
        l->peeked = jf_lex_next(l);
        l->has_peeked = true;
    }
    return l->peeked;
}

jf_tok_t jf_lex_take(jf_lexer_t *l)
{
    jf_tok_t t = jf_lex_peek(l);
    l->has_peeked = false;
    return t;
}
