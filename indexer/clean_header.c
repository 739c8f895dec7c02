/* clean_header.c - the cleaner's rules for the header lines: timestamps,
 * bylines and datelines, which are dropped from the passages and kept as
 * the article's metadata (see clean_rules.c for the table).
 *
 * Each rule recognises a line by its shape (a date and a time; "By"
 * and names; a place, a date and an agency) rather than by a list of
 * sites, and records what it found with a rank (JF_CLUE_*), so a strong
 * clue wins over a weak one wherever each appears.
 */
#include <string.h>

#include "clean_int.h"
#include "date.h"
#include "text.h"
#include "wordnet.h"

/* True when T holds only times and their trimmings: 10:36 PM, 0:00, GMT+9,
 * a.m., commas and bars. */
static bool is_time_text(jf_span_t t, bool *has_time)
{
    jf_span_t rest = t, w;
    while (jf_next_word(&rest, &w)) {
        while (w.len > 0 && strchr(",|", w.s[w.len - 1]))
            w.len--;
        if (w.len == 0 || (w.len == 1 && strchr("|-", w.s[0])))
            continue;
        if (jf_is_digit(w.s[0])) {
            for (size_t i = 0; i < w.len; i++) {
                if (w.s[i] == ':')
                    *has_time = true;
                else if (!jf_is_digit(w.s[i]) && !strchr("./-", w.s[i]))
                    return false;
            }
            continue;
        }
        static const char *const marks[] = { "am", "pm", "a.m.", "p.m.", "at",
                                             NULL };
        if (jf_is_in(w, marks))
            continue;
        size_t caps = 0;
        while (caps < w.len && w.s[caps] >= 'A' && w.s[caps] <= 'Z')
            caps++;
        if (caps < 2 || caps > 4) /* GMT, JST, UTC, ET */
            return false;
        for (size_t i = caps; i < w.len; i++)
            if (!jf_is_digit(w.s[i]) && !strchr("+-:", w.s[i]))
                return false;
    }
    return true;
}

size_t jf_rule_timestamp(jf_cleaner_t *c, jf_span_t line)
{
    static const char *const labels[] = {
        "last updated", "first published", "published", "updated", "posted",
        "modified", NULL
    };
    const char *label = NULL;
    jf_span_t rest = line;
    char iso[11];
    bool has_time = false;

    if (line.len > 80)
        return 0;
    for (const char *const *l = labels; *l && !label; l++) {
        if (!jf_starts_ci(line, *l))
            continue;
        size_t n = strlen(*l);
        if (n < line.len && jf_is_ascii_alpha(line.s[n]))
            continue;
        label = *l;
        rest = (jf_span_t){ line.s + n, line.len - n };
        if (jf_starts_ci(rest, " on "))
            rest.s += 3, rest.len -= 3;
        rest = jf_trim_span(rest);
        if (rest.len > 0 && rest.s[0] == ':')
            rest = jf_trim_span((jf_span_t){ rest.s + 1, rest.len - 1 });
    }
    if (label && rest.len == 0)
        return 1; /* "Updated:" with its time scraped away */
    size_t used = jf_parse_date(rest.s, rest.len, iso);
    jf_span_t after = { rest.s + used, rest.len - used };
    if (!is_time_text(after, &has_time))
        return 0;
    if (used == 0 && !has_time)
        return 0;
    if (used > 0) {
        bool update = label && (strcmp(label, "published") != 0 &&
                                strcmp(label, "first published") != 0 &&
                                strcmp(label, "posted") != 0);
        jf_metadata_detect(c->meta, JF_META_DATE, iso, 10,
                           update ? JF_CLUE_WEAK : JF_CLUE_GOOD);
    }
    return 1;
}

size_t jf_rule_byline(jf_cleaner_t *c, jf_span_t line)
{
    static const char *const joiners[] = {
        "and", "&", "de", "van", "von", "der", "al", "bin", "da", "la", "le",
        "du", NULL
    };
    if (line.len > 120 || line.s[0] != 'B' || !jf_starts_ci(line, "by "))
        return 0;
    jf_span_t names = jf_trim_span((jf_span_t){ line.s + 3, line.len - 3 });
    jf_span_t rest = names, w;
    size_t n = 0;
    if (names.len == 0 || names.s[names.len - 1] == '.')
        return 0;
    while (jf_next_word(&rest, &w)) {
        if (w.len > 1 && w.s[w.len - 1] == ',')
            w.len--;
        if (++n > 10 || !(jf_is_name_word(w) || jf_is_in(w, joiners)))
            return 0;
    }
    jf_metadata_detect(c->meta, JF_META_BYLINE, names.s, names.len,
                       JF_CLUE_GOOD);
    return 1;
}

size_t jf_rule_byline_name(jf_cleaner_t *c, jf_span_t line)
{
    jf_span_t rest = line, w;
    size_t n = 0;
    if (line.len > 60)
        return 0;
    while (jf_next_word(&rest, &w))
        if (++n > 4 || !jf_is_name_word(w))
            return 0;
    if (n < 2)
        return 0;
    jf_metadata_detect(c->meta, JF_META_BYLINE, line.s, line.len,
                       JF_CLUE_WEAK);
    return 1;
}

/* An agency written /AJMEDIA/ or (Reuters): its name, or an empty span. */
static jf_span_t agency_of(jf_span_t seg)
{
    if (seg.len > 2 && seg.len <= 40 &&
        ((seg.s[0] == '/' && seg.s[seg.len - 1] == '/') ||
         (seg.s[0] == '(' && seg.s[seg.len - 1] == ')')))
        return jf_trim_span((jf_span_t){ seg.s + 1, seg.len - 2 });
    return (jf_span_t){ seg.s, 0 };
}

/* "Tokyo", "HIROSHIMA, Japan": capitalised words, perhaps with commas. */
/* Whether W is an English word that names no place or thing: a stop
 * word, or one WordNet knows only in lower case ("RESULT", "Background";
 * not "TOKYO", nor "JAPAN", which is also a name). */
static bool common_word(jf_span_t w)
{
    char word[JF_TERM_MAX + 1];
    if (w.len > JF_TERM_MAX)
        return false;
    for (size_t i = 0; i < w.len; i++) {
        char c = w.s[i];
        if ((unsigned char)c >= 0x80)
            return false;
        word[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    word[w.len] = '\0';
    return jf_is_stopword(word) ||
           (jf_wordnet_is_word(word) && !jf_wordnet_is_name(word));
}

static bool is_place(jf_span_t t, size_t max_words)
{
    jf_span_t rest = t, w;
    size_t n = 0;
    if (t.len == 0 || t.len > 50)
        return false;
    while (jf_next_word(&rest, &w)) {
        if (w.len > 1 && w.s[w.len - 1] == ',')
            w.len--;
        if (++n > max_words || !jf_is_name_word(w) || common_word(w))
            return false;
    }
    return n > 0;
}

/* A date fragment without a year ("01 May", "May 1") is a date to a
 * reader but not one to index. */
static bool is_date_fragment(jf_span_t t)
{
    size_t used;
    jf_span_t rest = t, w;
    bool month = false;
    while (jf_next_word(&rest, &w)) {
        if (jf_month_of(w.s, w.len, &used) && used == w.len)
            month = true;
        else if (!(w.len <= 2 && jf_is_digit(w.s[0]) &&
                   jf_is_digit(w.s[w.len - 1])))
            return false;
    }
    return month;
}

/* "Tokyo, 01 May, /AJMEDIA/": place, date and agency on a line. */
size_t jf_rule_dateline(jf_cleaner_t *c, jf_span_t line)
{
    jf_span_t segs[6], place = { line.s, 0 };
    size_t n = 0, start = 0;
    bool clue = false;
    char iso[11];

    if (line.len > 100 || jf_count_words(line) > 10)
        return 0;
    for (size_t i = 0; i <= line.len; i++) {
        if (i < line.len && line.s[i] != ',')
            continue;
        if (n == 6)
            return 0;
        segs[n++] = jf_trim_span((jf_span_t){ line.s + start, i - start });
        start = i + 1;
    }
    if (n < 2 || !is_place(segs[0], 4))
        return 0;
    place = segs[0];
    for (size_t i = 1; i < n; i++) {
        jf_span_t agency = agency_of(segs[i]);
        if (segs[i].len == 0)
            continue;
        if (agency.len > 0) {
            jf_metadata_detect(c->meta, JF_META_SOURCE, agency.s, agency.len,
                               JF_CLUE_STRONG);
        } else if (jf_parse_date(segs[i].s, segs[i].len, iso) == segs[i].len) {
            jf_metadata_detect(c->meta, JF_META_DATE, iso, 10, JF_CLUE_GOOD);
        } else if (!is_date_fragment(segs[i])) {
            return 0;
        }
        clue = true;
    }
    if (!clue)
        return 0;
    jf_metadata_detect(c->meta, JF_META_DATELINE, place.s, place.len,
                       JF_CLUE_STRONG);
    return 1;
}

/* Length of a dash separator (" - ", " – ", " — ") at T, or 0. */
static size_t dash_at(jf_span_t t)
{
    static const char *const dashes[] = { " - ", " \xe2\x80\x93 ",
                                          " \xe2\x80\x94 ", NULL };
    for (const char *const *d = dashes; *d; d++)
        if (jf_starts_ci(t, *d))
            return strlen(*d);
    return 0;
}

/* "HIROSHIMA, Japan (Reuters) - Japan and France...", "WASHINGTON — ...",
 * "Tokyo: The foreign ministers...": cuts the dateline off the first line
 * of article text. */
size_t jf_rule_dateline_prefix(jf_cleaner_t *c, jf_span_t line)
{
    static const char *const labels[] = {
        "note", "update", "updated", "correction", "editor's note",
        "warning", "watch", "read", "listen", "video", "photo", "example",
        NULL
    };
    size_t limit = line.len < 80 ? line.len : 80;

    for (size_t i = 0; i < limit; i++) {
        jf_span_t head = { line.s, i }, at = { line.s + i, line.len - i };
        size_t cut = 0, d;
        if (line.s[i] == '(' && i > 0 && line.s[i - 1] == ' ') {
            const char *close = memchr(at.s, ')', at.len);
            if (!close)
                return 0;
            jf_span_t agency =
                agency_of((jf_span_t){ at.s, (size_t)(close - at.s) + 1 });
            jf_span_t after = { close + 1,
                                (size_t)(line.s + line.len - close - 1) };
            if (agency.len == 0 || (d = dash_at(after)) == 0 ||
                !is_place(jf_trim_span(head), 6))
                return 0;
            jf_metadata_detect(c->meta, JF_META_SOURCE, agency.s, agency.len,
                               JF_CLUE_STRONG);
            cut = (size_t)(after.s - line.s) + d;
        } else if ((d = dash_at(at)) > 0) {
            for (size_t k = 0; k < i; k++) /* the place in capitals */
                if (!(line.s[k] >= 'A' && line.s[k] <= 'Z') &&
                    !strchr(" ,.", line.s[k]))
                    return 0;
            if (i < 2)
                return 0;
            cut = i + d;
        } else if (line.s[i] == ':' && i + 2 < line.len &&
                   line.s[i + 1] == ' ') {
            jf_span_t next = { line.s + i + 2, line.len - i - 2 };
            utf8proc_int32_t ch = jf_first_char(next);
            if (!is_place(head, 3) || jf_is_in(head, labels) ||
                !(jf_is_upper_char(ch) || ch == '"' || ch == 0x201C))
                return 0;
            cut = i + 2;
        } else {
            continue;
        }
        if (cut >= line.len)
            return 0;
        jf_span_t place = jf_trim_span(head);
        while (place.len > 0 && place.s[place.len - 1] == ',')
            place.len--;
        jf_metadata_detect(c->meta, JF_META_DATELINE, place.s, place.len,
                           JF_CLUE_STRONG);
        return cut;
    }
    return 0;
}
