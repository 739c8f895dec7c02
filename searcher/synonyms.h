/* synonyms.h - groups of equivalent expressions, for expanding queries.
 *
 * Two sources fill one table: the curated synonyms file editors keep in
 * the repository (synonyms.txt: "defence = defense", "RAA = reciprocal
 * access agreement"), and the acronyms jfindex mined from the corpus
 * (index metadata "syn:<acronym>", one long form a line).  Expressions are
 * analysed with text.h like everything else, so matching is on terms: a
 * query word or run of words whose terms equal an expression's terms
 * stands for every expression of its group.
 */
#ifndef JF_SYNONYMS_H
#define JF_SYNONYMS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "jfx.h"
#include "text.h"

typedef struct {
    char *text;      /* as written: "U.S.", "reciprocal access agreement" */
    char **terms;    /* its terms in order, stopwords included */
    size_t nterms;
    char *joined;    /* the joined form when it is one compound ("g7"),
                        else NULL */
    bool acronym;    /* an acronym jfindex mined from the articles: it
                        stands for its group only where a query writes it
                        as an acronym (query.c) */
    bool curated;    /* named by the synonyms file or WordNet; false for
                        what jfindex mined alone */
} jf_expression_t;

/* A group's expressions, in the order they were added (vec.h). */
typedef struct {
    jf_expression_t *items;
    size_t n, cap;
} jf_synonym_group_t;

typedef struct jf_synonyms jf_synonyms_t;

/* An empty table; caller frees with jf_synonyms_free. */
jf_synonyms_t *jf_synonyms_new(void);
void jf_synonyms_free(jf_synonyms_t *s);

/* Adds the expressions TEXTS[0..N) as one group.  A group sharing an
 * expression with one already there is merged into it.  Returns 0, or -1
 * (adding nothing) with ERR naming the first expression that has no
 * words. */
int jf_synonyms_add(jf_synonyms_t *s, jf_analyzer_t *a,
                    const char *const *texts, size_t n, jf_error_t *err);

/* Reads a synonyms file (format at the top of synonyms.txt).  Returns 0,
 * or -1 with ERR naming the file (and the line) and the problem. */
int jf_synonyms_load_file(jf_synonyms_t *s, jf_analyzer_t *a,
                          const char *path, jf_error_t *err);

/* Adds the acronyms mined into DB's metadata.  Returns 0, or -1 with ERR
 * set when the index cannot be read. */
int jf_synonyms_load_index(jf_synonyms_t *s, jf_analyzer_t *a, jfx_db_t *db,
                           jf_error_t *err);

/* Adds LEMMA (lower case, words separated by single spaces) and its
 * WordNet variants (wordnet.h: other spellings, and an acronym and the
 * name it abbreviates) as one group, the acronym forms flagged as mined
 * ones are.  Returns whether there were any. */
bool jf_synonyms_add_wordnet(jf_synonyms_t *s, jf_analyzer_t *a,
                             const char *lemma);

/* Whether a query that wrote expression FROM of G stands for expression
 * TO as well.  An acronym stands for every expression of its group.  A
 * name reaches the names an editor or WordNet grouped with it, and an
 * acronym when both were named there or when the acronym has no other
 * name in the articles: a name never stands for another meaning of an
 * ambiguous acronym ("chinese communist party" is not "compiled communist
 * party", though the articles call both CCP). */
bool jf_synonym_reaches(const jf_synonym_group_t *g, size_t from, size_t to);

/* The group with an expression whose terms (or joined form) are exactly
 * TERMS[0..N), or NULL; *EXPR is then that expression's index. */
const jf_synonym_group_t *jf_synonyms_find(const jf_synonyms_t *s,
                                           const char *const *terms, size_t n,
                                           size_t *expr);

/* The most terms any expression has (0 for an empty table). */
size_t jf_synonyms_max_terms(const jf_synonyms_t *s);

/* Where the curated file is when no --synonyms is given: $JFSEARCH_SYNONYMS
 * when set and not empty (*explicit set: it must exist), else the copy
 * installed with jfsearch.  malloc'd, caller frees. */
char *jf_default_synonyms_path(int *explicit_path);

#endif
