/* date.c - reading dates as news text and readers write them (see
 * date.h). */
#include "date.h"

#include <string.h>

int jf_days_in_month(int year, int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
                                  30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}


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
    return year >= 1000 && month >= 1 && month <= 12 && day >= 1 &&
           day <= jf_days_in_month(year, month);
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

/* Exactly N digits at S, as a number; -1 when they are not all digits. */
static int fixed_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int jf_date_bound(const char *text, bool last_day, char out[9])
{
    size_t len = strlen(text);
    if (len != 4 && len != 7 && len != 10)
        return -1;
    int y = fixed_digits(text, 4), m = -1, d = -1;
    if (y < 1)
        return -1;
    if (len >= 7) {
        if (text[4] != '-' || (m = fixed_digits(text + 5, 2)) < 1 || m > 12)
            return -1;
    }
    if (len == 10) {
        if (text[7] != '-' || (d = fixed_digits(text + 8, 2)) < 1 ||
            d > jf_days_in_month(y, m))
            return -1;
    }
    if (m < 0)
        m = last_day ? 12 : 1;
    if (d < 0)
        d = last_day ? jf_days_in_month(y, m) : 1;
    memcpy(out, text, 4);
    out[4] = (char)('0' + m / 10);
    out[5] = (char)('0' + m % 10);
    out[6] = (char)('0' + d / 10);
    out[7] = (char)('0' + d % 10);
    out[8] = '\0';
    return 0;
}
