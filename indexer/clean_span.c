/* clean_span.c - matching on byte ranges of a line, for the cleaner's
 * rules (see clean_int.h).
 *
 * Rules compare lines with short lists of English words ("follow us",
 * "copyright"), so case is folded for ASCII only, and lines are split
 * into words at spaces (article.c has already trimmed them and the
 * cleaner joins a paragraph's lines with single spaces).  Where a rule
 * needs to know what a character is (a capital, a letter), utf8proc's
 * Unicode categories decide.
 */
#include "clean_int.h"

#include <string.h>

bool jf_starts_ci(jf_span_t t, const char *prefix)
{
    size_t n = strlen(prefix);
    if (n > t.len)
        return false;
    for (size_t i = 0; i < n; i++)
        if (jf_lower(t.s[i]) != prefix[i])
            return false;
    return true;
}

bool jf_ends_ci(jf_span_t t, const char *suffix)
{
    size_t n = strlen(suffix);
    if (n > t.len)
        return false;
    jf_span_t tail = { t.s + t.len - n, n };
    return jf_starts_ci(tail, suffix);
}

long jf_find_ci(jf_span_t t, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= t.len; i++) {
        if (jf_lower(t.s[i]) != needle[0])
            continue;
        jf_span_t rest = { t.s + i, t.len - i };
        if (jf_starts_ci(rest, needle))
            return (long)i;
    }
    return -1;
}

bool jf_equal_ci(jf_span_t a, jf_span_t b)
{
    if (a.len != b.len)
        return false;
    for (size_t i = 0; i < a.len; i++)
        if (jf_lower(a.s[i]) != jf_lower(b.s[i]))
            return false;
    return true;
}

size_t jf_count_words(jf_span_t t)
{
    size_t n = 0;
    for (size_t i = 0; i < t.len; i++)
        if (t.s[i] != ' ' && (i == 0 || t.s[i - 1] == ' '))
            n++;
    return n;
}

bool jf_next_word(jf_span_t *t, jf_span_t *word)
{
    size_t i = 0;
    while (i < t->len && t->s[i] == ' ')
        i++;
    if (i == t->len)
        return false;
    size_t start = i;
    while (i < t->len && t->s[i] != ' ')
        i++;
    word->s = t->s + start;
    word->len = i - start;
    t->s += i;
    t->len -= i;
    return true;
}

jf_span_t jf_trim_span(jf_span_t t)
{
    while (t.len > 0 && t.s[0] == ' ')
        t.s++, t.len--;
    while (t.len > 0 && t.s[t.len - 1] == ' ')
        t.len--;
    return t;
}

utf8proc_int32_t jf_first_char(jf_span_t t)
{
    utf8proc_int32_t c = -1;
    if (t.len > 0)
        utf8proc_iterate((const utf8proc_uint8_t *)t.s,
                         (utf8proc_ssize_t)t.len, &c);
    return c;
}

bool jf_is_upper_char(utf8proc_int32_t c)
{
    return c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

bool jf_is_lower_char(utf8proc_int32_t c)
{
    return c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

bool jf_is_word_char(utf8proc_int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

bool jf_is_in(jf_span_t word, const char *const *list)
{
    for (; *list; list++)
        if (jf_equal_ci(word, (jf_span_t){ *list, strlen(*list) }))
            return true;
    return false;
}

bool jf_is_name_word(jf_span_t w)
{
    if (!jf_is_upper_char(jf_first_char(w)))
        return false;
    for (size_t i = 0; i < w.len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(
            (const utf8proc_uint8_t *)w.s + i, (utf8proc_ssize_t)(w.len - i),
            &c);
        if (n <= 0)
            return false;
        if (!(utf8proc_category(c) <= UTF8PROC_CATEGORY_LO &&
              utf8proc_category(c) >= UTF8PROC_CATEGORY_LU) &&
            c != '-' && c != '\'' && c != 0x2019 && c != '.')
            return false;
        i += (size_t)n;
    }
    return true;
}
