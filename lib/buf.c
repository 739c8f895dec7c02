/* buf.c - a growable byte buffer, always NUL-terminated (see buf.h). */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* Makes room for EXTRA more bytes plus the terminating NUL. */
static void reserve(jf_buf_t *b, size_t extra)
{
    if (extra > SIZE_MAX - 1 - b->len)
        jf_oom();
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->data = jf_realloc(b->data, cap);
    b->cap = cap;
}

void jf_buf_append(jf_buf_t *b, const void *bytes, size_t len)
{
    reserve(b, len);
    if (len)
        memcpy(b->data + b->len, bytes, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void jf_buf_puts(jf_buf_t *b, const char *s)
{
    jf_buf_append(b, s, strlen(s));
}

void jf_buf_putc(jf_buf_t *b, char c)
{
    jf_buf_append(b, &c, 1);
}

void jf_buf_printf(jf_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    jf_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void jf_buf_vprintf(jf_buf_t *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0) {
        /* Only an invalid format gets here; the buffer is left as it was. */
        va_end(again);
        return;
    }
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
    va_end(again);
    b->len += (size_t)n;
}

void jf_buf_reset(jf_buf_t *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *jf_buf_release(jf_buf_t *b)
{
    char *s = b->data ? b->data : jf_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void jf_buf_free(jf_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *jf_strprintf(const char *fmt, ...)
{
    jf_buf_t b = JF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    jf_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return jf_buf_release(&b);
}
