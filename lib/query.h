/* query.h - from what the user typed to a Xapian query.
 *
 * Syntax (documented in jfsearch(1) and README):
 *   word            any case, any inflection (stemmed through text.h)
 *   "a phrase"      the words in order; inflected forms match too
 *   -word, NOT word passages without it
 *   a OR b          either; binds tighter than the implicit AND
 *   a AND b         both (the default between words)
 *   ( ... )         grouping
 * Words are analysed by text.h exactly as the indexer analysed passages;
 * stopwords are dropped outside phrases unless the query has nothing else.
 * A hyphenated word matches its parts as a phrase or its joined form.
 */
#ifndef JF_QUERY_H
#define JF_QUERY_H

#include <stdbool.h>

#include "jfx.h"
#include "snippet.h"
#include "text.h"

typedef enum {
    JF_DEFAULT_AND, /* every word must match (the default) */
    JF_DEFAULT_OR   /* any word may match */
} jf_default_op_t;

typedef struct {
    jfx_query_t *query;        /* NULL when the query has no terms */
    jf_highlight_t highlight;  /* what a matching passage highlights */
    char **terms;              /* the positive terms, for --explain */
    size_t nterms;
    size_t clauses;            /* top-level clauses joined by the default
                                  operator: with 2 or more, an AND query
                                  can be relaxed to OR (jf_search_run) */
    bool dropped_stopwords;    /* some words were ignored as stopwords */
    char *error;               /* set (malloc'd) when parsing failed */
} jf_query_t;

/* Parses TEXT.  Returns 0 and fills OUT, or -1 with OUT->error set to a
 * one-line explanation (unbalanced quote, bad UTF-8, empty query, ...).
 * Free OUT with jf_query_free in both cases. */
int jf_query_parse(jf_analyzer_t *a, const char *text, jf_default_op_t op,
                   jf_query_t *out);
void jf_query_free(jf_query_t *q);

#endif
