/* query_lex.h - the query's lexer, for the parser (query.c) alone.
 *
 * It finds only the structure of what was typed: quotes (straight or
 * curly), parentheses, the operators OR, AND and NOT (in capitals), '-'
 * in front of a word, phrase or group, and field names with their value.
 * What the text between is made of is the analyser's business (text.h).
 */
#ifndef JF_QUERY_LEX_H
#define JF_QUERY_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "query.h"

typedef enum {
    JF_TOK_END,
    JF_TOK_WORDS,   /* a run of text outside quotes */
    JF_TOK_PHRASE,  /* the text between quotes */
    JF_TOK_LPAREN,
    JF_TOK_RPAREN,
    JF_TOK_OR,
    JF_TOK_AND,
    JF_TOK_NOT,     /* NOT, or '-' in front of a word */
    JF_TOK_FIELD    /* title:value or source:value; text is the value */
} jf_tok_kind_t;

typedef struct {
    jf_tok_kind_t kind;
    const char *text;   /* where it stands in the query */
    size_t len;
    jf_field_t field;   /* for JF_TOK_FIELD */
} jf_tok_t;

typedef struct {
    const char *s;
    size_t len;
    size_t at;          /* where the next token starts to be looked for */
    jf_tok_t peeked;
    bool has_peeked;
} jf_lexer_t;

void jf_lex_init(jf_lexer_t *l, const char *s, size_t len);

/* The token after the one taken last (peeking does not count). */
jf_tok_t jf_lex_peek(jf_lexer_t *l);
jf_tok_t jf_lex_take(jf_lexer_t *l);

/* The token at L->at, past any peeked one: a synonym run reads ahead with
 * it and rewinds by setting L->at back. */
jf_tok_t jf_lex_next(jf_lexer_t *l);

/* The white space that separates words and tokens. */
bool jf_lex_space(char c);

#endif
