/* alloc.c - allocation that cannot fail silently (see alloc.h). */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *jf_program_name = "jfsearch";

static jf_oom_fn oom_handler;

void jf_set_oom_handler(jf_oom_fn fn)
{
    oom_handler = fn;
}

void jf_oom(void)
{
    if (oom_handler)
        oom_handler();
    abort();
}

/* malloc(0) may return NULL; asking for one byte keeps NULL meaning
 * failure. */
void *jf_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        jf_oom();
    return p;
}

void *jf_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        jf_oom();
    return p;
}

void *jf_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        jf_oom();
    return q;
}

void *jf_reallocarray(void *p, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        jf_oom();
    return jf_realloc(p, count * size);
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
