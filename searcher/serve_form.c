/* serve_form.c - the request-target's path and parameters (see
 * serve_form.h). */
#include "serve_form.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "text.h"

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes S[0..LEN) into a new string *OUT of *OUT_LEN bytes.  Returns
 * false on a '%' that two hex digits do not follow. */
static bool decode(const char *s, size_t len, char **out, size_t *out_len)
{
    char *d = jf_malloc(len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            d[n++] = ' ';
        } else if (s[i] == '%') {
            int hi = i + 1 < len ? hex_digit(s[i + 1]) : -1;
            int lo = i + 2 < len ? hex_digit(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(d);
                return false;
            }
            d[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            d[n++] = s[i];
        }
    }
    d[n] = '\0';
    *out = d;
    *out_len = n;
    return true;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* A value may hold any UTF-8 text but NUL and control characters other
 * than tab, CR and LF. */
static bool value_ok(const char *v, size_t len)
{
    if (!jf_utf8_valid(v, len))
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f)
            return false;
    }
    return true;
}

/* Adds the field written PIECE[0..LEN) ("name=value", "name") to T. */
static int add_field(jf_target_t *t, const char *piece, size_t len,
                     jf_error_t *err)
{
    const char *eq = memchr(piece, '=', len);
    size_t name_len = eq ? (size_t)(eq - piece) : len;
    char *name, *value;
    size_t decoded_len, value_len;
    if (!decode(piece, name_len, &name, &decoded_len))
        return jf_fail(err, JFX_INVALID, "a parameter name has a bad "
                       "%%-escape");
    bool good = decoded_len > 0 && decoded_len <= JF_FORM_MAX_NAME;
    for (size_t i = 0; good && i < decoded_len; i++)
        good = name_char(name[i]);
    if (!good) {
        free(name);
        return jf_fail(err, JFX_INVALID, "a parameter name is not 1 to %d "
                       "of a-z, 0-9 and _", JF_FORM_MAX_NAME);
    }
    if (jf_target_get(t, name)) {
        jf_fail(err, JFX_INVALID, "the parameter '%s' is given twice", name);
        free(name);
        return -1;
    }
    if (t->n == JF_FORM_MAX_FIELDS) {
        free(name);
        return jf_fail(err, JFX_INVALID, "more than %d parameters",
                       JF_FORM_MAX_FIELDS);
    }
    const char *raw = eq ? eq + 1 : piece + len;
    if (!decode(raw, (size_t)(piece + len - raw), &value, &value_len)) {
        jf_fail(err, JFX_INVALID, "the parameter '%s' has a bad %%-escape "
                "(%% must be followed by two hex digits)", name);
        free(name);
        return -1;
    }
    if (!value_ok(value, value_len)) {
        jf_fail(err, JFX_INVALID, "the parameter '%s' is not valid UTF-8 "
                "text (or holds control characters)", name);
        free(name);
        free(value);
        return -1;
    }
    jf_form_field_t *f = &t->fields[t->n++];
    memcpy(f->name, name, decoded_len + 1);
    f->value = value;
    f->len = value_len;
    free(name);
    return 0;
}

int jf_target_parse(const char *target, size_t len, jf_target_t *out,
                    jf_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (jf_failed(err))
        return -1;
    if (len == 0 || target[0] != '/')
        return jf_fail(err, JFX_INVALID, "the request-target is not a path "
                       "starting with /");
    const char *q = memchr(target, '?', len);
    size_t path_len = q ? (size_t)(q - target) : len;
    for (size_t i = 0; i < path_len; i++) {
        unsigned char c = (unsigned char)target[i];
        if (c <= 0x20 || c >= 0x7f || c == '#')
            return jf_fail(err, JFX_INVALID, "the path holds a byte that is "
                           "not visible ASCII");
    }
    out->path = jf_strndup(target, path_len);
    if (!q)
        return 0;
    const char *s = q + 1, *end = target + len;
    while (s <= end && !jf_failed(err)) {
        const char *amp = memchr(s, '&', (size_t)(end - s));
        const char *stop = amp ? amp : end;
        if (stop > s)
            add_field(out, s, (size_t)(stop - s), err);
        s = stop + 1;
    }
    return jf_failed(err) ? -1 : 0;
}

void jf_target_free(jf_target_t *t)
{
    free(t->path);
    for (size_t i = 0; i < t->n; i++)
        free(t->fields[i].value);
    memset(t, 0, sizeof *t);
}

const jf_form_field_t *jf_target_get(const jf_target_t *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->fields[i].name, name) == 0)
            return &t->fields[i];
    return NULL;
}
