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

#include "util.h"

static const char *const field_names[JF_META_FIELDS] = {
    "title", "source", "byline", "dateline", "date"
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

void jf_metadata_free(jf_metadata_t *meta)
{
    for (int i = 0; i < JF_META_FIELDS; i++)
        free(meta->value[i]);
    memset(meta, 0, sizeof *meta);
}

/* ------------------------------------------------------------------ */
/* Dates */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static char lower(char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"
};

int jf_month_of(const char *s, size_t len, size_t *used)
{
    size_t n = 0;
    while (n < len && is_alpha(s[n]))
        n++;
    for (int m = 0; m < 12 && n >= 3; m++) {
        const char *name = month_names[m];
        size_t full = strlen(name), i = 0;
        if (n != full && n != 3 && !(m == 8 && n == 4)) /* Sept */
            continue;
        while (i < n && lower(s[i]) == name[i])
            i++;
        if (i < n)
            continue;
        *used = n < full && n < len && s[n] == '.' ? n + 1 : n; /* Jan. */
        return m + 1;
    }
    return 0;
}

/* Reads 1..MAX digits at S[*i]; returns the number or -1. */
static int digits(const char *s, size_t len, size_t *i, int max)
{
    int n = 0, count = 0;
    while (*i < len && is_digit(s[*i]) && count < max) {
        n = n * 10 + (s[*i] - '0');
        (*i)++;
        count++;
    }
    if (count == 0 || (*i < len && is_digit(s[*i])))
        return -1;
    return n;
}

static void skip_spaces(const char *s, size_t len, size_t *i)
{
    while (*i < len && s[*i] == ' ')
        (*i)++;
}

static bool valid_day(int year, int month, int day)
{
    static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
                                  30, 31 };
    if (year < 1000 || month < 1 || month > 12 || day < 1 ||
        day > days[month - 1])
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

/* Steps over an ordinal suffix after a day number: 18th, 1st, 2nd, 3rd. */
static void skip_ordinal(const char *s, size_t len, size_t *i)
{
    if (*i + 1 < len && is_alpha(s[*i]) && is_alpha(s[*i + 1]) &&
        !(*i + 2 < len && is_alpha(s[*i + 2])) && strchr("snrt", lower(s[*i])))
        *i += 2;
}

/* The ", 2023" (or " 2023") that ends a date whose MONTH and DAY are read:
 * sets the date and returns the bytes used, or 0. */
static size_t year_after(const char *s, size_t len, size_t i, int *year,
                         int *month, int *day, int m, int d)
{
    if (i < len && s[i] == ',')
        i++;
    skip_spaces(s, len, &i);
    size_t year_start = i;
    int y = digits(s, len, &i, 4);
    if (y < 0 || i - year_start != 4)
        return 0;
    *year = y, *month = m, *day = d;
    return i;
}

/* Day-month-year in any of the supported orders, from S[I]. */
static size_t parse_from(const char *s, size_t len, size_t i, int *year,
                         int *month, int *day)
{
    size_t used, start = i;
    int a, b, c;

    if (i < len && is_digit(s[i])) {
        if ((a = digits(s, len, &i, 4)) < 0)
            return 0;
        if (i - start == 4 && i < len && s[i] == '-') { /* 2023-05-18 */
            i++;
            if ((b = digits(s, len, &i, 2)) < 0 || i >= len || s[i] != '-')
                return 0;
            i++;
            if ((c = digits(s, len, &i, 2)) < 0)
                return 0;
            *year = a, *month = b, *day = c;
            return i;
        }
        if (i - start <= 2 && i < len && s[i] == '/') { /* 05/18/2023 */
            i++;
            if ((b = digits(s, len, &i, 2)) < 0 || i >= len || s[i] != '/')
                return 0;
            i++;
            size_t year_start = i;
            if ((c = digits(s, len, &i, 4)) < 0 || i - year_start != 4)
                return 0;
            /* US order, unless only the other order makes sense. */
            *year = c, *month = a > 12 ? b : a, *day = a > 12 ? a : b;
            return i;
        }
        if (i - start > 2) /* 18 May 2023, with "18th" allowed */
            return 0;
        skip_ordinal(s, len, &i);
        skip_spaces(s, len, &i);
        if ((b = jf_month_of(s + i, len - i, &used)) == 0)
            return 0;
        i += used;
        return year_after(s, len, i, year, month, day, b, a);
    }
    if ((b = jf_month_of(s + i, len - i, &used)) == 0) /* May 18, 2023 */
        return 0;
    i += used;
    skip_spaces(s, len, &i);
    if ((a = digits(s, len, &i, 2)) < 0)
        return 0;
    skip_ordinal(s, len, &i);
    return year_after(s, len, i, year, month, day, b, a);
}

size_t jf_parse_date(const char *s, size_t len, char iso[11])
{
    static const char *const weekdays[7] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday"
    };
    size_t i = 0, n = 0;
    int year, month, day;

    while (n < len && is_alpha(s[n]))
        n++;
    for (int w = 0; w < 7 && n >= 3; w++) {
        size_t k = 0;
        while (k < n && weekdays[w][k] && lower(s[k]) == weekdays[w][k])
            k++;
        if (k == n && (weekdays[w][k] == '\0' || n == 3)) {
            i = n;
            if (i < len && s[i] == '.')
                i++;
            if (i < len && s[i] == ',')
                i++;
            skip_spaces(s, len, &i);
            break;
        }
    }
    size_t end = parse_from(s, len, i, &year, &month, &day);
    if (end == 0 || (end < len && (is_alpha(s[end]) || is_digit(s[end]))) ||
        !valid_day(year, month, day))
        return 0;
    iso[0] = (char)('0' + year / 1000);
    iso[1] = (char)('0' + year / 100 % 10);
    iso[2] = (char)('0' + year / 10 % 10);
    iso[3] = (char)('0' + year % 10);
    iso[4] = '-';
    iso[5] = (char)('0' + month / 10);
    iso[6] = (char)('0' + month % 10);
    iso[7] = '-';
    iso[8] = (char)('0' + day / 10);
    iso[9] = (char)('0' + day % 10);
    iso[10] = '\0';
    return end;
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

int jf_metadata_apply_sidecar(jf_metadata_t *meta, const char *text,
                              size_t len, jf_buf_t *error)
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
            jf_buf_printf(error, "line %u: not \"key: value\"", lineno);
            return -1;
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
            jf_buf_printf(error, "line %u: unknown key '%.*s' (known: title, "
                          "source, byline, dateline, date)", lineno,
                          (int)key_len, key);
            return -1;
        }
        if (given & (1u << field)) {
            jf_buf_printf(error, "line %u: '%s' given twice", lineno,
                          field_names[field]);
            return -1;
        }
        given |= 1u << field;
        char iso[11];
        if (field == JF_META_TITLE && value_len == 0) {
            jf_buf_printf(error, "line %u: the title is empty", lineno);
            return -1;
        }
        if (field == JF_META_DATE && value_len > 0) {
            if (jf_parse_date(value, value_len, iso) != value_len) {
                jf_buf_printf(error, "line %u: '%.*s' is not a date (write "
                              "YYYY-MM-DD)", lineno, (int)value_len, value);
                return -1;
            }
            value = iso;
            value_len = 10;
        }
        free(meta->value[field]);
        meta->value[field] = value_len ? jf_strndup(value, value_len) : NULL;
        meta->origin[field] = JF_META_SIDECAR;
    }
    return 0;
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
