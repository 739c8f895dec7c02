/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * Output, JSON and snippets are built by appending; one small type keeps
 * every builder free of length arithmetic.  Allocation failure aborts with
 * a message (see util.h): a search tool has nothing useful to
 * do after malloc fails.
 */
#ifndef JF_BUF_H
#define JF_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *data;   /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
} jf_buf_t;

#define JF_BUF_INIT { NULL, 0, 0 }

void jf_buf_append(jf_buf_t *b, const void *bytes, size_t len);
void jf_buf_puts(jf_buf_t *b, const char *s);
void jf_buf_putc(jf_buf_t *b, char c);
void jf_buf_printf(jf_buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void jf_buf_vprintf(jf_buf_t *b, const char *fmt, va_list ap);

/* A malloc'd string formatted as printf does (caller frees): for
 * messages. */
char *jf_strprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Empties B, keeping its memory. */
void jf_buf_reset(jf_buf_t *b);
/* Hands B's string to the caller (who frees it) and empties B.  Never
 * NULL: an empty buffer gives "". */
char *jf_buf_release(jf_buf_t *b);
void jf_buf_free(jf_buf_t *b);

#endif
