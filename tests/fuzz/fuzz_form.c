/* fuzz_form.c - libFuzzer harness for jfserve's request-target decoder
 * (searcher/serve_form.c).
 *
 * Any bytes as a request-target: jf_target_parse must either refuse them
 * with a message or keep every promise serve_form.h makes: a path of
 * visible ASCII starting with '/', at most JF_FORM_MAX_FIELDS parameters,
 * each named by 1 to JF_FORM_MAX_NAME of [a-z0-9_] and given once, each
 * value valid UTF-8 without NUL or control characters but tab, CR and LF,
 * and its length what strlen says.  Encoding the decoded parameters again
 * with jf_url_encode (html.h, which the pages' links use) and decoding
 * that must give them back exactly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "serve_form.h"
#include "text.h"

static void check(const jf_target_t *t)
{
    size_t plen = strlen(t->path);
    if (plen == 0 || t->path[0] != '/')
        abort();
    for (size_t i = 0; i < plen; i++)
        if ((unsigned char)t->path[i] <= 0x20 ||
            (unsigned char)t->path[i] >= 0x7f)
            abort();
    if (t->n > JF_FORM_MAX_FIELDS)
        abort();
    for (size_t i = 0; i < t->n; i++) {
        const jf_form_field_t *f = &t->fields[i];
        size_t n = strlen(f->name);
        if (n == 0 || n > JF_FORM_MAX_NAME)
            abort();
        for (size_t k = 0; k < n; k++)
            if (!((f->name[k] >= 'a' && f->name[k] <= 'z') ||
                  (f->name[k] >= '0' && f->name[k] <= '9') ||
                  f->name[k] == '_'))
                abort();
        for (size_t j = 0; j < i; j++)
            if (strcmp(t->fields[j].name, f->name) == 0)
                abort();
        if (strlen(f->value) != f->len || !jf_utf8_valid(f->value, f->len))
            abort();
        for (size_t k = 0; k < f->len; k++) {
            unsigned char c = (unsigned char)f->value[k];
            if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
                c == 0x7f)
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jf_error_t err = JF_ERROR_INIT;
    jf_target_t t;
    int rc = jf_target_parse((const char *)data, size, &t, &err);
    if (rc != 0) {
        /* Refused: with a message, and nothing kept. */
        if (!jf_failed(&err) || !*jf_error_message(&err))
            abort();
        jf_target_free(&t);
        jf_error_clear(&err);
        return 0;
    }
    if (jf_failed(&err))
        abort();
    check(&t);

    /* The round trip through the encoder the pages' links use. */
    jf_buf_t again = JF_BUF_INIT;
    jf_buf_puts(&again, t.path);
    for (size_t i = 0; i < t.n; i++) {
        jf_buf_putc(&again, i ? '&' : '?');
        jf_buf_puts(&again, t.fields[i].name);
        jf_buf_putc(&again, '=');
        jf_url_encode(&again, t.fields[i].value, t.fields[i].len);
    }
    jf_target_t u;
    if (jf_target_parse(again.data, again.len, &u, &err) != 0 ||
        strcmp(u.path, t.path) != 0 || u.n != t.n)
        abort();
    for (size_t i = 0; i < t.n; i++)
        if (strcmp(u.fields[i].name, t.fields[i].name) != 0 ||
            u.fields[i].len != t.fields[i].len ||
            memcmp(u.fields[i].value, t.fields[i].value, t.fields[i].len))
            abort();
    jf_target_free(&u);
    jf_buf_free(&again);
    jf_target_free(&t);
    return 0;
}
