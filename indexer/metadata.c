/* metadata.c - article metadata: detected clues, the .meta sidecar, dates.
 *
 * Detected values compete by rank, so a strong clue (the agency in a
 * dateline) beats a weak one (the site named in an advertisement) whatever
 * order they appear in.  The sidecar is strict: a key it does not know or
 * a date it cannot read stops the article with a message naming the line,
 * because a silently ignored typo would leave an editor guessing.
 */
#include "metadata.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "date.h"

static const char *const field_names[JF_META_FIELDS] = {
    "title", "source", "byline", "dateline", "date", "caption"
};

const char *jf_meta_field_name(jf_meta_field_t field)
{
    return field_names[field];
}

void jf_metadata_detect(jf_metadata_t *meta, jf_meta_field_t field,
                        const char *value, size_t len, int rank)
{
    if (meta->origin[field] != JF_META_UNKNOWN && meta->rank[field] >= rank)
        return;
    free(meta->value[field]);
    meta->value[field] = jf_strndup(value, len);
    meta->origin[field] = JF_META_DETECTED;
    meta->rank[field] = rank;
}

void jf_metadata_append(jf_metadata_t *meta, jf_meta_field_t field,
                        const char *value, size_t len)
{
    if (meta->origin[field] == JF_META_SIDECAR)
        return;
    char *old = meta->value[field];
    meta->value[field] = old ? jf_strprintf("%s / %.*s", old, (int)len, value)
                             : jf_strndup(value, len);
    free(old);
    meta->origin[field] = JF_META_DETECTED;
}

void jf_metadata_free(jf_metadata_t *meta)
{
    for (int i = 0; i < JF_META_FIELDS; i++)
        free(meta->value[i]);
    memset(meta, 0, sizeof *meta);
}

/* ------------------------------------------------------------------ */
/* The sidecar */

static void trim_ascii(const char **s, const char **end)
{
    while (*s < *end && (**s == ' ' || **s == '\t'))
        (*s)++;
    while (*end > *s && ((*end)[-1] == ' ' || (*end)[-1] == '\t'))
        (*end)--;
}

bool jf_metadata_apply_sidecar(jf_metadata_t *meta, const char *text,
                               size_t len, jf_buf_t *reason)
{
    const char *p = text, *end = text + len;
    unsigned given = 0, lineno = 0;

    while (p < end) {
        const char *newline = memchr(p, '\n', (size_t)(end - p));
        const char *line = p, *line_end = newline ? newline : end;
        p = newline ? newline + 1 : end;
        lineno++;
        trim_ascii(&line, &line_end);
        if (line == line_end || *line == '#')
            continue;
        const char *colon = memchr(line, ':', (size_t)(line_end - line));
        if (!colon) {
            jf_buf_printf(reason, "line %u: not \"key: value\"", lineno);
            return false;
        }
        const char *key = line, *key_end = colon;
        const char *value = colon + 1, *value_end = line_end;
        trim_ascii(&key, &key_end);
        trim_ascii(&value, &value_end);
        size_t key_len = (size_t)(key_end - key), value_len =
            (size_t)(value_end - value);
        int field = 0;
        while (field < JF_META_FIELDS &&
               !(strlen(field_names[field]) == key_len &&
                 strncmp(field_names[field], key, key_len) == 0))
            field++;
        if (field == JF_META_FIELDS) {
            jf_buf_printf(reason, "line %u: unknown key '%.*s' (known: title, "
                          "source, byline, dateline, date, caption)", lineno,
                          (int)key_len, key);
            return false;
        }
        if (given & (1u << field)) {
            jf_buf_printf(reason, "line %u: '%s' given twice", lineno,
                          field_names[field]);
            return false;
        }
        given |= 1u << field;
        char iso[11];
        if (field == JF_META_TITLE && value_len == 0) {
            jf_buf_printf(reason, "line %u: the title is empty", lineno);
            return false;
        }
        if (field == JF_META_DATE && value_len > 0) {
            if (jf_parse_date(value, value_len, iso) != value_len) {
                jf_buf_printf(reason, "line %u: '%.*s' is not a date (write "
                              "YYYY-MM-DD)", lineno, (int)value_len, value);
                return false;
            }
            value = iso;
            value_len = 10;
        }
        free(meta->value[field]);
        meta->value[field] = value_len ? jf_strndup(value, value_len) : NULL;
        meta->origin[field] = JF_META_SIDECAR;
    }
    return true;
}

char *jf_metadata_sidecar_path(const char *path)
{
    size_t n = strlen(path), stem;
    if (n > 7 && strcmp(path + n - 7, ".txt.gz") == 0)
        stem = n - 7;
    else if (n > 4 && strcmp(path + n - 4, ".txt") == 0)
        stem = n - 4;
    else
        return NULL;
    char *out = jf_malloc(stem + sizeof ".meta");
    memcpy(out, path, stem);
    memcpy(out + stem, ".meta", sizeof ".meta");
    return out;
}
