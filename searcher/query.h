/* query.h - from what the user typed to a Xapian query.
 *
 * Syntax (documented in jfsearch(1) and README):
 *   word            any case, any inflection (stemmed through text.h)
 *   "a phrase"      the words in order; inflected forms match too
 *   -word, NOT word passages without it
 *   a OR b          either; binds tighter than the implicit AND
 *   a AND b         both (the default between words)
 *   ( ... )         grouping
 *   title:word, title:"a phrase", source:word
 *                   only articles whose headline (source) has the words;
 *                   values of one field OR together, fields AND, and a
 *                   filter applies to the whole query
 * Words are analysed by text.h exactly as the indexer analysed passages;
 * stopwords are dropped outside phrases unless the query has nothing else.
 * A hyphenated word matches its parts as a phrase or its joined form.
 * With a synonyms table, the longest run of words (or a quoted phrase)
 * equal to an expression of a group matches any expression of the group.
 */
#ifndef JF_QUERY_H
#define JF_QUERY_H

#include <stdbool.h>

#include "jfx.h"
#include "pattern.h"
#include "synonyms.h"
#include "text.h"

typedef enum {
    JF_DEFAULT_AND, /* every word must match (the default) */
    JF_DEFAULT_OR   /* any word may match */
} jf_default_op_t;

/* Words of the query replaced by a synonym group ("raa" -> "reciprocal
 * access agreement"). */
typedef struct {
    char *from;                /* the query words, as typed */
    char **to;                 /* the group's other expressions */
    size_t nto;
} jf_expansion_t;

/* What BM25 weighs as one term, for --explain: a word, or a synonym group
 * (Xapian's OP_SYNONYM) of several forms, each a term or a phrase.  A
 * phrase weighs as its words, so it gives one unit per word, each weighing
 * only where the whole phrase stands. */
typedef struct {
    char *label;               /* the term, or the forms joined by " | " */
    jf_pattern_t *forms;       /* one form of one term for a plain word */
    size_t nforms;
    jf_pattern_t phrase;       /* the phrase the word is part of (n 0: none) */
} jf_weighted_t;

/* A positive query word as typed, for did-you-mean. */
typedef struct {
    size_t start, end;         /* its bytes in the query text */
    char word[JF_TERM_MAX + 1];/* normalised, unstemmed */
    char term[JF_TERM_MAX + 1];
} jf_query_word_t;

typedef struct {
    jfx_query_t *query;        /* NULL when the query has no terms */
    jf_patterns_t highlight;  /* what a matching passage highlights */
    jf_weighted_t *weighted;   /* every weighted unit, in query order (a
                                  word given twice is there twice) */
    size_t nweighted;
    jf_expansion_t *expansions;
    size_t nexpansions;
    jf_query_word_t *words;    /* positive words outside synonym runs */
    size_t nwords;
    bool only_filters;         /* title:/source: and nothing to rank by */
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
/* The same, expanding words through SYNONYMS (NULL: no expansion). */
int jf_query_parse_expanded(jf_analyzer_t *a, const char *text,
                            jf_default_op_t op, const jf_synonyms_t *synonyms,
                            jf_query_t *out);
void jf_query_free(jf_query_t *q);

#endif
