/* serve_form.h - what a request asks for: its path and its parameters.
 *
 * jfserve reads the request-target exactly as the client sent it (never
 * as a file name: no path is ever looked up on disk) and decodes its query
 * string here, as application/x-www-form-urlencoded, the encoding of a GET
 * form: '+' is a space and %XX a byte.  Anything that is not clearly one
 * well-formed request is refused with a reason, which the server turns
 * into a 400 page: a path of other than visible ASCII, a bad %-escape, a
 * parameter name of other than [a-z0-9_], a value that is not UTF-8 or
 * holds control characters (tab, CR and LF aside: a textarea sends them),
 * a parameter given twice, or too many.  tests/fuzz/fuzz_form.c holds the
 * decoder to that.
 */
#ifndef JF_SERVE_FORM_H
#define JF_SERVE_FORM_H

#include <stddef.h>

#include "error.h"

enum {
    JF_FORM_MAX_FIELDS = 16,  /* parameters in one request */
    JF_FORM_MAX_NAME = 32     /* bytes in a parameter name */
};

typedef struct {
    char name[JF_FORM_MAX_NAME + 1];
    char *value;              /* decoded, NUL-terminated, valid UTF-8 */
    size_t len;
} jf_form_field_t;

typedef struct {
    char *path;               /* as sent, up to '?': "/search" */
    jf_form_field_t fields[JF_FORM_MAX_FIELDS];
    size_t n;
} jf_target_t;

/* Reads the request-target TARGET[0..LEN) ("/path?query") into OUT.
 * Returns 0, or -1 with ERR (JFX_INVALID) saying what is wrong, in words
 * that quote nothing but a parameter's name.  Free OUT with
 * jf_target_free in both cases. */
int jf_target_parse(const char *target, size_t len, jf_target_t *out,
                    jf_error_t *err);
void jf_target_free(jf_target_t *t);

/* The value of parameter NAME, or NULL when it was not given. */
const jf_form_field_t *jf_target_get(const jf_target_t *t, const char *name);

#endif
