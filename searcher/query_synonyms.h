/* query_synonyms.h - which synonym group a run of query words stands for
 * (the parser's lookup, query.c).
 *
 * Three sources, in order: the curated synonyms file and the acronyms
 * jfindex mined from the articles (one table, synonyms.h), then WordNet's
 * other spellings of a word and the acronym of a name (wordnet.h), looked
 * up word run by word run as a query meets them.  Whether the words may
 * stand for the group is decided here too: a stopword typed in lower case
 * is the word, and an acronym stands for its name only where the query
 * writes it as one.
 */
#ifndef JF_QUERY_SYNONYMS_H
#define JF_QUERY_SYNONYMS_H

#include <stdbool.h>
#include <stddef.h>

#include "synonyms.h"
#include "text.h"

typedef struct {
    const jf_synonyms_t *table;  /* NULL: no expansion at all */
    jf_synonyms_t *wordnet;      /* WordNet's groups met so far (owned) */
    jf_analyzer_t *analyzer;
} jf_synonym_lookup_t;

/* The most words a run that stands for a group may have. */
size_t jf_synonym_run_max(const jf_synonym_lookup_t *l);

/* The group the words TOKS[0..N) (jf_analyze tokens) stand for: the one
 * with an expression of their plain terms or, when they are ONE_PIECE of
 * text and one compound, of its joined form; *EXPR is then that
 * expression's index.  NULL when there is none, when the words may not
 * stand for it, or when it reaches no other expression from them
 * (jf_synonym_reaches). */
const jf_synonym_group_t *jf_synonym_group_of(jf_synonym_lookup_t *l,
                                              const jf_token_t *toks,
                                              size_t n, bool one_piece,
                                              size_t *expr);

/* The joined form of TOKS[0..N) when they are exactly one compound (its
 * joined token comes last and spans from the first), else NULL. */
const jf_token_t *jf_joined_of(const jf_token_t *toks, size_t n);

void jf_synonym_lookup_free(jf_synonym_lookup_t *l);

#endif
