/* topics.c - reading topics from the command line and from topics files
 * (format in topics.h and at the top of topics.txt).
 *
 * Every problem names where the topic was written, so an editor fixing a
 * long topics file goes straight to the line.  Queries themselves are
 * checked later by the query parser, which is the one judge of syntax.
 */
#include "topics.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "text.h"
#include "vec.h"

/* Records "WHERE: " and the problem FMT says, as a topics error. */
static int fail_at(jf_error_t *err, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(jf_error_t *err, const char *where, const char *fmt, ...)
{
    jf_buf_t b = JF_BUF_INIT;
    jf_buf_printf(&b, "%s: ", where);
    va_list ap;
    va_start(ap, fmt);
    jf_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return jf_fail_take(err, JFX_INVALID, jf_buf_release(&b));
}

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

/* S[0..*LEN) without blanks at either end. */
static const char *trimmed(const char *s, size_t *len)
{
    while (*len && blank(*s)) {
        s++;
        (*len)--;
    }
    while (*len && blank(s[*len - 1]))
        (*len)--;
    return s;
}

/* Where the label ends: the first ':' followed by a blank or the end, and
 * not inside a quoted phrase; LEN when the text has no label. */
static size_t label_end(const char *s, size_t len)
{
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (s[i] == ':' && !quoted && (i + 1 == len || blank(s[i + 1])))
            return i;
    }
    return len;
}

int jf_topics_add(jf_topics_t *t, const char *text, const char *where,
                  jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    size_t len = strlen(text);
    if (!jf_utf8_valid(text, len))
        return fail_at(err, where, "not valid UTF-8");
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] < 0x20 && text[i] != '\t')
            return fail_at(err, where, "a control character (byte %u)",
                           (unsigned)text[i]);
    const char *s = trimmed(text, &len);
    bool required = len && *s == '+';
    if (required) {
        s++;
        len--;
        s = trimmed(s, &len);
    }
    size_t colon = label_end(s, len);
    size_t label_len = colon, query_len = len;
    const char *label = trimmed(s, &label_len);
    const char *query = s;
    if (colon < len) {
        query_len = len - colon - 1;
        query = trimmed(s + colon + 1, &query_len);
        if (label_len == 0)
            return fail_at(err, where, "no label before ':' (write "
                           "LABEL: QUERY, or the query alone)");
    }
    if (query_len == 0)
        return colon < len
            ? fail_at(err, where, "no query after the label '%.*s'",
                      (int)label_len, label)
            : fail_at(err, where, "no query");
    if (colon == len)
        label_len = query_len;
    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->items[i].label) == label_len &&
            memcmp(t->items[i].label, label, label_len) == 0)
            return fail_at(err, where, "the label '%.*s' is already used "
                           "by %s", (int)label_len, label, t->items[i].where);
    jf_topic_t topic = { jf_strndup(label, label_len),
                         jf_strndup(query, query_len), required,
                         jf_strdup(where) };
    JF_VEC_PUSH(t, topic);
    return 0;
}

static int fail_read(jf_error_t *err, const char *path)
{
    return jf_fail(err, JFX_IO, "%s: cannot read the topics file: %s", path,
                   strerror(errno));
}

/* Adds every topic of the lines of F, named NAME in messages. */
static int load_stream(jf_topics_t *t, FILE *f, const char *name,
                       jf_error_t *err)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned lineno = 0;
    jf_buf_t where = JF_BUF_INIT;
    while (!jf_failed(err) && (got = getline(&line, &cap, f)) != -1) {
        lineno++;
        size_t len = (size_t)got;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        line[len] = '\0';
        jf_buf_reset(&where);
        jf_buf_printf(&where, "%s:%u", name, lineno);
        if (strlen(line) != len) {
            fail_at(err, where.data, "a NUL byte: not a topics file");
            break;
        }
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        size_t rest = strlen(line);
        trimmed(line, &rest);
        if (rest > 0)
            jf_topics_add(t, line, where.data, err);
    }
    if (ferror(f))
        fail_read(err, name);
    jf_buf_free(&where);
    free(line);
    return jf_failed(err) ? -1 : 0;
}

int jf_topics_load_file(jf_topics_t *t, const char *path, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "r");
    if (!f)
        return fail_read(err, path);
    load_stream(t, f, from_stdin ? "(standard input)" : path, err);
    if (!from_stdin)
        fclose(f);
    return jf_failed(err) ? -1 : 0;
}

int jf_topics_load_text(jf_topics_t *t, const char *text, size_t len,
                        const char *name, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    if (len == 0)
        return 0;
    FILE *f = fmemopen((void *)text, len, "r");
    if (!f)
        return fail_read(err, name);
    load_stream(t, f, name, err);
    fclose(f);
    return jf_failed(err) ? -1 : 0;
}

void jf_topics_free(jf_topics_t *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->items[i].label);
        free(t->items[i].query);
        free(t->items[i].where);
    }
    JF_VEC_FREE(t);
}
