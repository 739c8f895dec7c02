/* util.c - allocation that cannot fail silently.
 *
 * A search tool has nothing useful to do once malloc fails, so every
 * allocation goes through these wrappers, which report and exit.
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *jf_program_name = "jfsearch";

void jf_die_oom(void)
{
    fprintf(stderr, "%s: out of memory\n", jf_program_name);
    exit(2);
}

/* malloc(0) may return NULL; asking for one byte keeps NULL meaning
 * failure. */
void *jf_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        jf_die_oom();
    return p;
}

void *jf_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        jf_die_oom();
    return p;
}

void *jf_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        jf_die_oom();
    return q;
}

char *jf_strdup(const char *s)
{
    return jf_strndup(s, strlen(s));
}

char *jf_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *copy = jf_malloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}
