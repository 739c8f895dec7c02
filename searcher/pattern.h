/* pattern.h - runs of terms, as a query highlights and weighs them.
 *
 * A pattern is a sequence of terms (stems, as in jf_token_t.term) that
 * must stand at consecutive positions; a single word is a pattern of one.
 * The query's tree yields them (query_highlight.c, query_units.c, the
 * forms of a synonym node) and the snippet module marks them (snippet.c):
 * the type lives here so that neither side includes the other.
 */
#ifndef JF_PATTERN_H
#define JF_PATTERN_H

#include <stddef.h>

typedef struct {
    char **terms;   /* n terms, each malloc'd */
    size_t n;
} jf_pattern_t;

/* Distinct patterns, in the order they were first added (vec.h). */
typedef struct {
    jf_pattern_t *items;
    size_t n, cap;
} jf_patterns_t;

#define JF_PATTERNS_INIT { NULL, 0, 0 }

/* P as a copy of TERMS[0..N). */
void jf_pattern_set(jf_pattern_t *p, const char *const *terms, size_t n);
void jf_pattern_free(jf_pattern_t *p);

/* Adds a copy of TERMS[0..N) to S, unless S has that pattern already. */
void jf_patterns_add(jf_patterns_t *s, const char *const *terms, size_t n);
void jf_patterns_free(jf_patterns_t *s);

#endif
