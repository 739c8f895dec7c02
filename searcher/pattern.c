/* pattern.c - runs of terms and sets of them (see pattern.h). */
#include "pattern.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "vec.h"

void jf_pattern_set(jf_pattern_t *p, const char *const *terms, size_t n)
{
    p->terms = jf_malloc((n ? n : 1) * sizeof *p->terms);
    p->n = n;
    for (size_t i = 0; i < n; i++)
        p->terms[i] = jf_strdup(terms[i]);
}

static bool pattern_equal(const jf_pattern_t *p, const char *const *terms,
                          size_t n)
{
    if (p->n != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(p->terms[i], terms[i]) != 0)
            return false;
    return true;
}

void jf_pattern_free(jf_pattern_t *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->terms[i]);
    free(p->terms);
    p->terms = NULL;
    p->n = 0;
}

void jf_patterns_add(jf_patterns_t *s, const char *const *terms, size_t n)
{
    for (size_t i = 0; i < s->n; i++)
        if (pattern_equal(&s->items[i], terms, n))
            return;
    JF_VEC_RESERVE(s, 1);
    jf_pattern_set(&s->items[s->n++], terms, n);
}

void jf_patterns_free(jf_patterns_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        jf_pattern_free(&s->items[i]);
    JF_VEC_FREE(s);
}
