/* schema.c - the index layout shared by jfindex and jfsearch.
 *
 * Article ids, passage document data and the per-article record kept in
 * the index's user metadata.  Decoders are strict about the parts they
 * know, because they read bytes from disk: anything that does not parse is
 * reported as "not in this layout" rather than half-read.  The article
 * record ignores keys it does not know, so a later jfindex can add fields
 * without breaking an older jfsearch.
 */
#include "schema.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void jf_article_id(uint32_t crc, uint32_t adler,
                   char id[JF_ARTICLE_ID_LEN + 1])
{
    snprintf(id, JF_ARTICLE_ID_LEN + 1, "%08" PRIx32 "%08" PRIx32, crc, adler);
}

static bool is_article_id(const char *s, size_t len)
{
    if (len != JF_ARTICLE_ID_LEN)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

/* Parses S[0..LEN) as a plain decimal number (no sign, no spaces) that is
 * at most MAX.  Returns 0, or -1 when it is not one. */
static int parse_decimal(const char *s, size_t len, uint64_t max,
                         uint64_t *out)
{
    uint64_t n = 0;
    if (len == 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        unsigned digit = (unsigned)(s[i] - '0');
        if (n > (max - digit) / 10)
            return -1;
        n = n * 10 + digit;
    }
    *out = n;
    return 0;
}

void jf_passage_encode(jf_buf_t *out, const char *article_id,
                       unsigned passage, const char *text, size_t len)
{
    jf_buf_printf(out, "%s\t%u\n", article_id, passage);
    jf_buf_append(out, text, len);
}

int jf_passage_decode(const char *data, size_t len, jf_passage_t *out)
{
    const char *tab = memchr(data, '\t', len);
    if (!tab || !is_article_id(data, (size_t)(tab - data)))
        return -1;
    const char *number = tab + 1;
    const char *newline = memchr(number, '\n', len - (size_t)(number - data));
    uint64_t passage;
    if (!newline || parse_decimal(number, (size_t)(newline - number),
                                  UINT32_MAX, &passage) != 0)
        return -1;
    memcpy(out->article_id, data, JF_ARTICLE_ID_LEN);
    out->article_id[JF_ARTICLE_ID_LEN] = '\0';
    out->passage = (unsigned)passage;
    out->text = newline + 1;
    out->text_len = len - (size_t)(out->text - data);
    return 0;
}

/* Appends "KEY\tVALUE\n", with any tab or line break in VALUE turned into
 * a space so the record stays one field per line. */
static void put_field(jf_buf_t *out, const char *key, const char *value)
{
    jf_buf_puts(out, key);
    jf_buf_putc(out, '\t');
    for (const char *p = value ? value : ""; *p; p++)
        jf_buf_putc(out, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
    jf_buf_putc(out, '\n');
}

void jf_article_record_encode(jf_buf_t *out, const jf_article_record_t *rec)
{
    put_field(out, "path", rec->path);
    put_field(out, "title", rec->title);
    jf_buf_printf(out, "crc\t%08" PRIx32 "\n", rec->crc);
    jf_buf_printf(out, "size\t%" PRIu64 "\n", rec->size);
    jf_buf_printf(out, "mtime\t%" PRId64 "\n", rec->mtime);
    jf_buf_printf(out, "passages\t%u\n", rec->passages);
    const char *const optional[][2] = {
        { "source", rec->source }, { "byline", rec->byline },
        { "dateline", rec->dateline }, { "date", rec->date },
        { "acronyms", rec->acronyms }, { "stat", rec->stat }
    };
    for (size_t i = 0; i < sizeof optional / sizeof *optional; i++)
        if (optional[i][1] && *optional[i][1])
            put_field(out, optional[i][0], optional[i][1]);
}

static int parse_crc(const char *s, size_t len, uint32_t *out)
{
    uint32_t n = 0;
    if (len == 0 || len > 8)
        return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned digit;
        if (s[i] >= '0' && s[i] <= '9')
            digit = (unsigned)(s[i] - '0');
        else if (s[i] >= 'a' && s[i] <= 'f')
            digit = (unsigned)(s[i] - 'a' + 10);
        else
            return -1;
        n = n << 4 | digit;
    }
    *out = n;
    return 0;
}

static int parse_mtime(const char *s, size_t len, int64_t *out)
{
    uint64_t magnitude;
    if (len > 0 && s[0] == '-') {
        if (parse_decimal(s + 1, len - 1, (uint64_t)INT64_MAX + 1,
                          &magnitude) != 0)
            return -1;
        *out = magnitude == (uint64_t)INT64_MAX + 1 ? INT64_MIN
                                                    : -(int64_t)magnitude;
        return 0;
    }
    if (parse_decimal(s, len, INT64_MAX, &magnitude) != 0)
        return -1;
    *out = (int64_t)magnitude;
    return 0;
}

enum {
    HAVE_PATH = 1, HAVE_TITLE = 2, HAVE_CRC = 4, HAVE_SIZE = 8,
    HAVE_MTIME = 16, HAVE_PASSAGES = 32,
    HAVE_ALL = 63,
    HAVE_SOURCE = 64, HAVE_BYLINE = 128, HAVE_DATELINE = 256, HAVE_DATE = 512,
    HAVE_ACRONYMS = 1024, HAVE_STAT = 2048
};

/* The HAVE_ bit of the record field KEY[0..LEN), or 0 for a key this
 * version does not know. */
static unsigned field_of(const char *key, size_t len)
{
    static const struct {
        const char *name;
        size_t len;
        unsigned field;
    } fields[] = {
        { "path", 4, HAVE_PATH }, { "title", 5, HAVE_TITLE },
        { "crc", 3, HAVE_CRC }, { "size", 4, HAVE_SIZE },
        { "mtime", 5, HAVE_MTIME }, { "passages", 8, HAVE_PASSAGES },
        { "source", 6, HAVE_SOURCE }, { "byline", 6, HAVE_BYLINE },
        { "dateline", 8, HAVE_DATELINE }, { "date", 4, HAVE_DATE },
        { "acronyms", 8, HAVE_ACRONYMS }, { "stat", 4, HAVE_STAT }
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (fields[i].len == len && memcmp(fields[i].name, key, len) == 0)
            return fields[i].field;
    return 0;
}

/* The fields a reader shows and an index run does not use. */
#define SHOWN_ONLY (HAVE_TITLE | HAVE_SOURCE | HAVE_BYLINE | HAVE_DATELINE | \
                    HAVE_DATE)

/* VALUE[0..LEN) copied into *FIELD, unless SKIP. */
static void take_string(char **field, const char *value, size_t len,
                        bool skip)
{
    if (!skip)
        *field = jf_strndup(value, len);
}

/* Reads one "key\tvalue" line into REC, noting it in *HAVE; the fields
 * in SKIP are checked but not copied.  Returns 0, or -1 for a line that
 * is not a field or a known field given twice or with a value that does
 * not parse. */
static int decode_field(const char *line, size_t len,
                        jf_article_record_t *rec, unsigned *have,
                        unsigned skip)
{
    const char *tab = memchr(line, '\t', len);
    if (!tab || tab == line)
        return -1;
    size_t key_len = (size_t)(tab - line);
    const char *value = tab + 1;
    size_t value_len = len - key_len - 1;
    uint64_t number;
    unsigned field = field_of(line, key_len);

    if (field == 0)
        return 0; /* a field from a later version */
    if (*have & field)
        return -1;
    *have |= field;
    bool skipped = skip & field;
    switch (field) {
    case HAVE_PATH:
        take_string(&rec->path, value, value_len, skipped);
        return 0;
    case HAVE_TITLE:
        take_string(&rec->title, value, value_len, skipped);
        return 0;
    case HAVE_CRC:
        return parse_crc(value, value_len, &rec->crc);
    case HAVE_SIZE:
        return parse_decimal(value, value_len, UINT64_MAX, &rec->size);
    case HAVE_MTIME:
        return parse_mtime(value, value_len, &rec->mtime);
    case HAVE_SOURCE:
        take_string(&rec->source, value, value_len, skipped);
        return 0;
    case HAVE_BYLINE:
        take_string(&rec->byline, value, value_len, skipped);
        return 0;
    case HAVE_DATELINE:
        take_string(&rec->dateline, value, value_len, skipped);
        return 0;
    case HAVE_DATE:
        take_string(&rec->date, value, value_len, skipped);
        return 0;
    case HAVE_ACRONYMS:
        take_string(&rec->acronyms, value, value_len, skipped);
        return 0;
    case HAVE_STAT:
        take_string(&rec->stat, value, value_len, skipped);
        return 0;
    default:
        if (parse_decimal(value, value_len, UINT32_MAX, &number) != 0)
            return -1;
        rec->passages = (unsigned)number;
        return 0;
    }
}

static int decode(const char *data, size_t len, unsigned skip,
                  jf_article_record_t *rec)
{
    unsigned have = 0;
    memset(rec, 0, sizeof *rec);
    if (memchr(data, '\0', len))
        goto bad;
    while (len > 0) {
        const char *newline = memchr(data, '\n', len);
        size_t line_len = newline ? (size_t)(newline - data) : len;
        if (decode_field(data, line_len, rec, &have, skip) != 0)
            goto bad;
        if (!newline)
            break;
        data += line_len + 1;
        len -= line_len + 1;
    }
    if ((have & HAVE_ALL) == HAVE_ALL)
        return 0;
bad:
    jf_article_record_free(rec);
    return -1;
}

int jf_article_record_decode(const char *data, size_t len,
                             jf_article_record_t *rec)
{
    return decode(data, len, 0, rec);
}

int jf_article_record_decode_brief(const char *data, size_t len,
                                   jf_article_record_t *rec)
{
    return decode(data, len, SHOWN_ONLY, rec);
}

void jf_article_record_free(jf_article_record_t *rec)
{
    free(rec->path);
    free(rec->title);
    free(rec->source);
    free(rec->byline);
    free(rec->dateline);
    free(rec->date);
    free(rec->acronyms);
    free(rec->stat);
    rec->path = rec->title = rec->source = rec->byline = rec->dateline =
        rec->date = rec->acronyms = rec->stat = NULL;
}

void jf_unique_term(char out[JF_ID_TERM_MAX], const char *article_id,
                    unsigned passage)
{
    snprintf(out, JF_ID_TERM_MAX, JF_PREFIX_UNIQUE "%s:%u", article_id,
             passage);
}

void jf_article_term(char out[JF_ID_TERM_MAX], const char *article_id)
{
    snprintf(out, JF_ID_TERM_MAX, JF_PREFIX_ARTICLE "%s", article_id);
}

void jf_article_doc_term(char out[JF_ID_TERM_MAX], const char *article_id)
{
    snprintf(out, JF_ID_TERM_MAX, JF_PREFIX_UNIQUE "%s", article_id);
}
