/* clean.c - boilerplate rules, header metadata, re-joining and repeats.
 *
 * Lines go through the rule table below in order; the first rule that
 * matches decides.  A rule applies in some parts of the article only:
 * before the headline (so an advertisement is never taken for it), in the
 * header between the headline and the first line of article text (bylines,
 * datelines: a lone "Aldgra Fredly" there is a byline, further down it
 * could be text), and in the body.  Rules that find metadata record it as
 * they match.  To add a rule: write a match function and put a row in
 * the table, with a name and a reason a reader of --explain understands,
 * and exercise it in tests/test_clean.c.
 *
 * Every rule first looks at length or the first bytes, so ordinary
 * paragraphs (long, plain prose) are passed after a few comparisons.
 */
#include "clean.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "buf.h"
#include "date.h"
#include "hash.h"

/* Ranks of competing metadata clues (see jf_metadata_detect). */
enum { CLUE_WEAK = 1, CLUE_GOOD = 2, CLUE_STRONG = 3 };

/* ------------------------------------------------------------------ */
/* Small text helpers: ASCII case-insensitive matching on byte ranges. */

typedef struct {
    const char *s;
    size_t len;
} span_t;

static char lower(char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool starts_ci(span_t t, const char *prefix)
{
    size_t n = strlen(prefix);
    if (n > t.len)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(t.s[i]) != prefix[i])
            return false;
    return true;
}

static bool ends_ci(span_t t, const char *suffix)
{
    size_t n = strlen(suffix);
    if (n > t.len)
        return false;
    span_t tail = { t.s + t.len - n, n };
    return starts_ci(tail, suffix);
}

/* Offset of NEEDLE (lower case) in T, or -1. */
static long find_ci(span_t t, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= t.len; i++) {
        if (lower(t.s[i]) != needle[0])
            continue;
        span_t rest = { t.s + i, t.len - i };
        if (starts_ci(rest, needle))
            return (long)i;
    }
    return -1;
}

static bool equal_ci(span_t a, span_t b)
{
    if (a.len != b.len)
        return false;
    for (size_t i = 0; i < a.len; i++)
        if (lower(a.s[i]) != lower(b.s[i]))
            return false;
    return true;
}

static size_t count_words(span_t t)
{
    size_t n = 0;
    for (size_t i = 0; i < t.len; i++)
        if (t.s[i] != ' ' && (i == 0 || t.s[i - 1] == ' '))
            n++;
    return n;
}

/* Splits off the next space-separated word of *T into *WORD. */
static bool next_word(span_t *t, span_t *word)
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

static span_t trim_span(span_t t)
{
    while (t.len > 0 && t.s[0] == ' ')
        t.s++, t.len--;
    while (t.len > 0 && t.s[t.len - 1] == ' ')
        t.len--;
    return t;
}

static utf8proc_int32_t first_char(span_t t)
{
    utf8proc_int32_t c = -1;
    if (t.len > 0)
        utf8proc_iterate((const utf8proc_uint8_t *)t.s, (utf8proc_ssize_t)t.len,
                         &c);
    return c;
}

static bool is_upper_char(utf8proc_int32_t c)
{
    return c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

static bool is_lower_char(utf8proc_int32_t c)
{
    return c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

static bool is_word_char(utf8proc_int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

static bool is_in(span_t word, const char *const *list)
{
    for (; *list; list++)
        if (equal_ci(word, (span_t){ *list, strlen(*list) }))
            return true;
    return false;
}

/* A word that could be part of a name: a capital, then letters, hyphens,
 * apostrophes or an initial's dot (Aldgra, O'Neil, Jean-Yves, J.). */
static bool is_name_word(span_t w)
{
    if (!is_upper_char(first_char(w)))
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

/* ------------------------------------------------------------------ */
/* The cleaner's state while it reads one article. */

typedef struct {
    jf_metadata_t *meta;
    span_t headline;
    bool have_headline;
} cleaner_t;

/* A match returns 0 for no match; a strip rule returns the length of the
 * prefix to cut. */
typedef size_t (*match_fn)(cleaner_t *c, span_t line);

enum {
    BEFORE_HEADLINE = 1, /* may come before the headline */
    HEADER = 2,          /* between headline and article text */
    BODY = 4,            /* among article text */
    ANYWHERE = BEFORE_HEADLINE | HEADER | BODY
};

typedef enum {
    DROP_LINE,
    DROP_BLOCK /* the line and the rest of its paragraph */
} action_t;

typedef struct {
    const char *name;
    const char *reason;
    unsigned where;
    action_t action;
    match_fn match;
} rule_t;

/* ------------------------------------------------------------------ */
/* The rules' match functions, in table order. */

static size_t repeated_headline(cleaner_t *c, span_t line)
{
    return c->have_headline && equal_ci(line, c->headline);
}

static size_t no_words(cleaner_t *c, span_t line)
{
    (void)c;
    for (size_t i = 0; i < line.len;) {
        utf8proc_int32_t ch;
        utf8proc_ssize_t n = utf8proc_iterate(
            (const utf8proc_uint8_t *)line.s + i,
            (utf8proc_ssize_t)(line.len - i), &ch);
        if (n <= 0 || is_word_char(ch))
            return 0;
        i += (size_t)n;
    }
    return 1;
}

static size_t promo_emoji(cleaner_t *c, span_t line)
{
    (void)c;
    utf8proc_int32_t ch = first_char(line);
    return (ch >= 0x1F000 && ch <= 0x1FAFF) || (ch >= 0x2600 && ch <= 0x27BF);
}

static size_t discount_offer(cleaner_t *c, span_t line)
{
    (void)c;
    return line.len <= 60 && count_words(line) <= 8 &&
           (find_ci(line, "% off") >= 0 || find_ci(line, "% discount") >= 0 ||
            find_ci(line, "free trial") >= 0);
}

static size_t stock_pitch(cleaner_t *c, span_t line)
{
    static const char *const calls[] = {
        "unlock", "get", "discover", "see", "find", "try", "join", "buy",
        "start", "claim", NULL
    };
    span_t rest = line, first;
    (void)c;
    if (line.len > 80 || count_words(line) > 8 || find_ci(line, "stock") < 0 ||
        !next_word(&rest, &first))
        return 0;
    return line.s[line.len - 1] == '?' || is_in(first, calls);
}

/* Remembers a site named in an advertisement (Investing.com) as a weak
 * clue to the source: the page's host, when no agency is named. */
static void note_site(cleaner_t *c, span_t line)
{
    span_t rest = line, w;
    while (next_word(&rest, &w)) {
        while (w.len > 0 && strchr(".,;:)", w.s[w.len - 1]))
            w.len--;
        const char *dot = memchr(w.s, '.', w.len);
        if (dot && dot > w.s && is_ascii_alpha(dot[-1]) &&
            (size_t)(w.s + w.len - dot) >= 3 && is_ascii_alpha(dot[1])) {
            jf_metadata_detect(c->meta, JF_META_SOURCE, w.s, w.len, CLUE_WEAK);
            return;
        }
    }
}

static size_t ad_label(cleaner_t *c, span_t line)
{
    if (!(starts_ci(line, "3rd party ad") || starts_ci(line, "third party ad") ||
          starts_ci(line, "advertisement") || starts_ci(line, "sponsored") ||
          (line.len <= 300 && find_ci(line, "remove ads") >= 0)))
        return 0;
    note_site(c, line);
    return 1;
}

/* True when some word of WORDS (NULL-terminated) is in T. */
static bool has_any_ci(span_t t, const char *const *words)
{
    for (const char *const *w = words; *w; w++)
        if (find_ci(t, *w) >= 0)
            return true;
    return false;
}

/* True when every sentence of LINE has a word of WORDS.  Boilerplate is
 * boilerplate through and through: a line that also holds a sentence of
 * the story (a scraped page may glue them together) is not dropped, so a
 * rule can never take reporting with it. */
static bool every_sentence_has(span_t line, const char *const *words)
{
    size_t start = 0;
    for (size_t i = 0; i <= line.len; i++) {
        bool end = i == line.len ||
                   ((line.s[i] == '.' || line.s[i] == '?' || line.s[i] == '!') &&
                    i + 1 < line.len && line.s[i + 1] == ' ');
        if (!end)
            continue;
        span_t sentence = { line.s + start, i - start };
        if (trim_span(sentence).len > 0 && !has_any_ci(sentence, words))
            return false;
        start = i + 1;
    }
    return true;
}

static size_t risk_disclosure(cleaner_t *c, span_t line)
{
    static const char *const risky[] = {
        "risk", "trading", "trade", "financ", "invest", "cryptocurrenc",
        "margin", "price", NULL
    };
    (void)c;
    return (starts_ci(line, "risk disclosure") ||
            starts_ci(line, "risk warning") || starts_ci(line, "disclaimer:")) &&
           every_sentence_has(line, risky);
}

static size_t site_legal(cleaner_t *c, span_t line)
{
    static const char *const legal[] = {
        "prohibited", "liability", "not necessarily", "permission",
        "compensated", "advertisers", NULL
    };
    static const char *const site[] = { "website", NULL };
    (void)c;
    return line.len <= 2000 && every_sentence_has(line, site) &&
           has_any_ci(line, legal);
}

static size_t copyright(cleaner_t *c, span_t line)
{
    (void)c;
    span_t after = { line.s + 4, line.len > 4 ? line.len - 4 : 0 };
    return starts_ci(line, "\xc2\xa9") || starts_ci(line, "copyright \xc2\xa9") ||
           starts_ci(line, "copyright (c)") ||
           (starts_ci(line, "copyright ") && line.len > 10 &&
            is_digit(line.s[10])) ||
           (starts_ci(line, "(c) ") && after.len > 0 && is_digit(after.s[0])) ||
           (line.len <= 200 && find_ci(line, "all rights reserved") >= 0);
}

static size_t social_follow(cleaner_t *c, span_t line)
{
    static const char *const calls[] = {
        "follow us", "follow on", "share this", "share on", "like us on",
        "subscribe to our", NULL
    };
    (void)c;
    if (line.len > 60 || count_words(line) > 6)
        return 0;
    for (const char *const *p = calls; *p; p++)
        if (starts_ci(line, *p))
            return 1;
    return 0;
}

static size_t social_links(cleaner_t *c, span_t line)
{
    static const char *const networks[] = {
        "facebook", "twitter", "youtube", "instagram", "linkedin",
        "whatsapp", "telegram", "pinterest", "reddit", "tiktok", "flipboard",
        NULL
    };
    static const char *const buttons[] = { "x", "email", "e-mail", "print",
                                           "share", "copy", "link", NULL };
    span_t rest = line, w;
    bool network = false;
    (void)c;
    if (line.len > 120)
        return 0;
    while (next_word(&rest, &w)) {
        if (w.len > 0 && (w.s[w.len - 1] == ',' || w.s[w.len - 1] == '|'))
            w.len--;
        if (is_in(w, networks))
            network = true;
        else if (w.len > 0 && !is_in(w, buttons) && !(w.len == 1 && w.s[0] == '|'))
            return 0;
    }
    return network;
}

static size_t site_section(cleaner_t *c, span_t line)
{
    static const char *const labels[] = {
        "related posts", "related topics", "related articles",
        "related stories", "related news", "related", "read more",
        "read next", "more stories", "more from this author", "about author",
        "about the author", "comments are closed", "comments",
        "latest comments", "leave a comment", "leave a reply",
        "most popular", "trending", "advertisement", NULL
    };
    (void)c;
    if (line.len > 40)
        return 0;
    while (line.len > 0 && strchr(".:!", line.s[line.len - 1]))
        line.len--;
    return is_in(line, labels);
}

static size_t contribution_credit(cleaner_t *c, span_t line)
{
    static const char *const endings[] = {
        " contributed to this report", " contributed reporting",
        " contributed to this story", " contributed to this article", NULL
    };
    if (line.len > 200)
        return 0;
    span_t body = line;
    if (body.len > 0 && body.s[body.len - 1] == '.')
        body.len--;
    for (const char *const *e = endings; *e; e++) {
        if (!ends_ci(body, *e))
            continue;
        span_t who = { body.s, body.len - strlen(*e) };
        if (starts_ci(who, "the "))
            who.s += 4, who.len -= 4;
        if (who.len > 0)
            jf_metadata_detect(c->meta, JF_META_SOURCE, who.s, who.len,
                               CLUE_GOOD);
        return 1;
    }
    return 0;
}

/* "... Jan. 8, 2023. Kota Endo/Kyodo News via AP": a caption ends with a
 * credit, a few capitalised words with a slash or a "via AGENCY". */
static size_t photo_caption(cleaner_t *c, span_t line)
{
    (void)c;
    if (line.len > 400 || line.len == 0 ||
        strchr(".!?\"", line.s[line.len - 1]) ||
        ends_ci(line, "\xe2\x80\x9d") || ends_ci(line, "\xe2\x80\x99"))
        return 0;
    if (line.s[line.len - 1] == ')') { /* (AP Photo/Eugene Hoshiko) */
        const char *open = NULL;
        for (size_t i = line.len; i > 0; i--)
            if (line.s[i - 1] == '(') {
                open = line.s + i - 1;
                break;
            }
        span_t group = { open, open ? (size_t)(line.s + line.len - open) : 0 };
        return open && find_ci(group, "photo") >= 0 &&
               memchr(group.s, '/', group.len) != NULL;
    }
    span_t tail = line;
    for (size_t i = line.len; i >= 2; i--)
        if (line.s[i - 2] == '.' && line.s[i - 1] == ' ') {
            tail = (span_t){ line.s + i, line.len - i };
            break;
        }
    if (count_words(tail) > 8)
        return 0;
    bool slash = false, via = false;
    span_t rest = tail, w;
    while (next_word(&rest, &w)) {
        if (equal_ci(w, (span_t){ "via", 3 })) {
            via = true;
            continue;
        }
        const char *s = memchr(w.s, '/', w.len);
        if (s && s + 1 < w.s + w.len &&
            is_upper_char(first_char((span_t){ s + 1, (size_t)(w.s + w.len - s - 1) })))
            slash = true;
        if (!is_upper_char(first_char(w)))
            return 0;
    }
    return slash || (via && !ends_ci(tail, "via"));
}

/* True when T holds only times and their trimmings: 10:36 PM, 0:00, GMT+9,
 * a.m., commas and bars. */
static bool is_time_text(span_t t, bool *has_time)
{
    span_t rest = t, w;
    while (next_word(&rest, &w)) {
        while (w.len > 0 && strchr(",|", w.s[w.len - 1]))
            w.len--;
        if (w.len == 0 || (w.len == 1 && strchr("|-", w.s[0])))
            continue;
        if (is_digit(w.s[0])) {
            for (size_t i = 0; i < w.len; i++) {
                if (w.s[i] == ':')
                    *has_time = true;
                else if (!is_digit(w.s[i]) && !strchr("./-", w.s[i]))
                    return false;
            }
            continue;
        }
        static const char *const marks[] = { "am", "pm", "a.m.", "p.m.", "at",
                                             NULL };
        if (is_in(w, marks))
            continue;
        size_t caps = 0;
        while (caps < w.len && w.s[caps] >= 'A' && w.s[caps] <= 'Z')
            caps++;
        if (caps < 2 || caps > 4) /* GMT, JST, UTC, ET */
            return false;
        for (size_t i = caps; i < w.len; i++)
            if (!is_digit(w.s[i]) && !strchr("+-:", w.s[i]))
                return false;
    }
    return true;
}

static size_t timestamp(cleaner_t *c, span_t line)
{
    static const char *const labels[] = {
        "last updated", "first published", "published", "updated", "posted",
        "modified", NULL
    };
    const char *label = NULL;
    span_t rest = line;
    char iso[11];
    bool has_time = false;

    if (line.len > 80)
        return 0;
    for (const char *const *l = labels; *l && !label; l++) {
        if (!starts_ci(line, *l))
            continue;
        size_t n = strlen(*l);
        if (n < line.len && is_ascii_alpha(line.s[n]))
            continue;
        label = *l;
        rest = (span_t){ line.s + n, line.len - n };
        if (starts_ci(rest, " on "))
            rest.s += 3, rest.len -= 3;
        rest = trim_span(rest);
        if (rest.len > 0 && rest.s[0] == ':')
            rest = trim_span((span_t){ rest.s + 1, rest.len - 1 });
    }
    if (label && rest.len == 0)
        return 1; /* "Updated:" with its time scraped away */
    size_t used = jf_parse_date(rest.s, rest.len, iso);
    span_t after = { rest.s + used, rest.len - used };
    if (!is_time_text(after, &has_time))
        return 0;
    if (used == 0 && !has_time)
        return 0;
    if (used > 0) {
        bool update = label && (strcmp(label, "published") != 0 &&
                                strcmp(label, "first published") != 0 &&
                                strcmp(label, "posted") != 0);
        jf_metadata_detect(c->meta, JF_META_DATE, iso, 10,
                           update ? CLUE_WEAK : CLUE_GOOD);
    }
    return 1;
}

static size_t byline(cleaner_t *c, span_t line)
{
    static const char *const joiners[] = {
        "and", "&", "de", "van", "von", "der", "al", "bin", "da", "la", "le",
        "du", NULL
    };
    if (line.len > 120 || line.s[0] != 'B' || !starts_ci(line, "by "))
        return 0;
    span_t names = trim_span((span_t){ line.s + 3, line.len - 3 });
    span_t rest = names, w;
    size_t n = 0;
    if (names.len == 0 || names.s[names.len - 1] == '.')
        return 0;
    while (next_word(&rest, &w)) {
        if (w.len > 1 && w.s[w.len - 1] == ',')
            w.len--;
        if (++n > 10 || !(is_name_word(w) || is_in(w, joiners)))
            return 0;
    }
    jf_metadata_detect(c->meta, JF_META_BYLINE, names.s, names.len,
                       CLUE_GOOD);
    return 1;
}

static size_t byline_name(cleaner_t *c, span_t line)
{
    span_t rest = line, w;
    size_t n = 0;
    if (line.len > 60)
        return 0;
    while (next_word(&rest, &w))
        if (++n > 4 || !is_name_word(w))
            return 0;
    if (n < 2)
        return 0;
    jf_metadata_detect(c->meta, JF_META_BYLINE, line.s, line.len, CLUE_WEAK);
    return 1;
}

/* An agency written /AJMEDIA/ or (Reuters): its name, or an empty span. */
static span_t agency_of(span_t seg)
{
    if (seg.len > 2 && seg.len <= 40 &&
        ((seg.s[0] == '/' && seg.s[seg.len - 1] == '/') ||
         (seg.s[0] == '(' && seg.s[seg.len - 1] == ')')))
        return trim_span((span_t){ seg.s + 1, seg.len - 2 });
    return (span_t){ seg.s, 0 };
}

/* "Tokyo", "HIROSHIMA, Japan": capitalised words, perhaps with commas. */
static bool is_place(span_t t, size_t max_words)
{
    span_t rest = t, w;
    size_t n = 0;
    if (t.len == 0 || t.len > 50)
        return false;
    while (next_word(&rest, &w)) {
        if (w.len > 1 && w.s[w.len - 1] == ',')
            w.len--;
        if (++n > max_words || !is_name_word(w))
            return false;
    }
    return n > 0;
}

/* A date fragment without a year ("01 May", "May 1") is a date to a
 * reader but not one to index. */
static bool is_date_fragment(span_t t)
{
    size_t used;
    span_t rest = t, w;
    bool month = false;
    while (next_word(&rest, &w)) {
        if (jf_month_of(w.s, w.len, &used) && used == w.len)
            month = true;
        else if (!(w.len <= 2 && is_digit(w.s[0]) && is_digit(w.s[w.len - 1])))
            return false;
    }
    return month;
}

/* "Tokyo, 01 May, /AJMEDIA/": place, date and agency on a line. */
static size_t dateline_line(cleaner_t *c, span_t line)
{
    span_t segs[6], place = { line.s, 0 };
    size_t n = 0, start = 0;
    bool clue = false;
    char iso[11];

    if (line.len > 100 || count_words(line) > 10)
        return 0;
    for (size_t i = 0; i <= line.len; i++) {
        if (i < line.len && line.s[i] != ',')
            continue;
        if (n == 6)
            return 0;
        segs[n++] = trim_span((span_t){ line.s + start, i - start });
        start = i + 1;
    }
    if (n < 2 || !is_place(segs[0], 4))
        return 0;
    place = segs[0];
    for (size_t i = 1; i < n; i++) {
        span_t agency = agency_of(segs[i]);
        if (segs[i].len == 0)
            continue;
        if (agency.len > 0) {
            jf_metadata_detect(c->meta, JF_META_SOURCE, agency.s, agency.len,
                               CLUE_STRONG);
        } else if (jf_parse_date(segs[i].s, segs[i].len, iso) == segs[i].len) {
            jf_metadata_detect(c->meta, JF_META_DATE, iso, 10, CLUE_GOOD);
        } else if (!is_date_fragment(segs[i])) {
            return 0;
        }
        clue = true;
    }
    if (!clue)
        return 0;
    jf_metadata_detect(c->meta, JF_META_DATELINE, place.s, place.len,
                       CLUE_STRONG);
    return 1;
}

/* Length of a dash separator (" - ", " – ", " — ") at T, or 0. */
static size_t dash_at(span_t t)
{
    static const char *const dashes[] = { " - ", " \xe2\x80\x93 ",
                                          " \xe2\x80\x94 ", NULL };
    for (const char *const *d = dashes; *d; d++)
        if (starts_ci(t, *d))
            return strlen(*d);
    return 0;
}

/* "HIROSHIMA, Japan (Reuters) - Japan and France...", "WASHINGTON — ...",
 * "Tokyo: The foreign ministers...": cuts the dateline off the first line
 * of article text. */
static size_t dateline_prefix(cleaner_t *c, span_t line)
{
    static const char *const labels[] = {
        "note", "update", "updated", "correction", "editor's note",
        "warning", "watch", "read", "listen", "video", "photo", "example",
        NULL
    };
    size_t limit = line.len < 80 ? line.len : 80;

    for (size_t i = 0; i < limit; i++) {
        span_t head = { line.s, i }, at = { line.s + i, line.len - i };
        size_t cut = 0, d;
        if (line.s[i] == '(' && i > 0 && line.s[i - 1] == ' ') {
            const char *close = memchr(at.s, ')', at.len);
            if (!close)
                return 0;
            span_t agency = agency_of((span_t){ at.s, (size_t)(close - at.s) + 1 });
            span_t after = { close + 1, (size_t)(line.s + line.len - close - 1) };
            if (agency.len == 0 || (d = dash_at(after)) == 0 ||
                !is_place(trim_span(head), 6))
                return 0;
            jf_metadata_detect(c->meta, JF_META_SOURCE, agency.s, agency.len,
                               CLUE_STRONG);
            cut = (size_t)(after.s - line.s) + d;
        } else if ((d = dash_at(at)) > 0) {
            for (size_t k = 0; k < i; k++) /* the place in capitals */
                if (!(line.s[k] >= 'A' && line.s[k] <= 'Z') &&
                    !strchr(" ,.", line.s[k]))
                    return 0;
            if (i < 2)
                return 0;
            cut = i + d;
        } else if (line.s[i] == ':' && i + 2 < line.len && line.s[i + 1] == ' ') {
            span_t next = { line.s + i + 2, line.len - i - 2 };
            utf8proc_int32_t ch = first_char(next);
            if (!is_place(head, 3) || is_in(head, labels) ||
                !(is_upper_char(ch) || ch == '"' || ch == 0x201C))
                return 0;
            cut = i + 2;
        } else {
            continue;
        }
        if (cut >= line.len)
            return 0;
        span_t place = trim_span(head);
        while (place.len > 0 && place.s[place.len - 1] == ',')
            place.len--;
        jf_metadata_detect(c->meta, JF_META_DATELINE, place.s, place.len,
                           CLUE_STRONG);
        return cut;
    }
    return 0;
}

/* The line rules, tried in this order. */
static const rule_t rules[] = {
    { "repeated-headline", "repeats the headline", HEADER | BODY, DROP_LINE,
      repeated_headline },
    { "no-words", "holds no letters or digits", ANYWHERE, DROP_LINE,
      no_words },
    { "promo-emoji", "a promotional line opening with emoji", ANYWHERE,
      DROP_LINE, promo_emoji },
    { "discount-offer", "a subscription or discount offer", ANYWHERE,
      DROP_LINE, discount_offer },
    { "stock-pitch", "a trading site's call to action", ANYWHERE, DROP_LINE,
      stock_pitch },
    { "ad-label", "an advertisement label", ANYWHERE, DROP_LINE, ad_label },
    { "risk-disclosure", "a trading risk disclaimer (with the rest of its "
      "paragraph)", ANYWHERE, DROP_BLOCK, risk_disclosure },
    { "site-legal", "the website's legal notice", ANYWHERE, DROP_LINE,
      site_legal },
    { "copyright", "a copyright notice", ANYWHERE, DROP_LINE, copyright },
    { "social-follow", "asks readers to follow or share", ANYWHERE,
      DROP_LINE, social_follow },
    { "social-links", "a row of social network buttons", ANYWHERE, DROP_LINE,
      social_links },
    { "site-section", "a site navigation or comments heading", ANYWHERE,
      DROP_LINE, site_section },
    { "contribution-credit", "a contribution credit (kept as the source)",
      ANYWHERE, DROP_LINE, contribution_credit },
    { "photo-caption", "a photo caption (ends with a photo credit)",
      ANYWHERE, DROP_LINE, photo_caption },
    { "timestamp", "a publication or update time (a date is kept as "
      "metadata)", ANYWHERE, DROP_LINE, timestamp },
    { "byline", "the byline (kept as metadata)", BEFORE_HEADLINE | HEADER,
      DROP_LINE, byline },
    { "byline-name", "a lone name under the headline: the author (kept as "
      "metadata)", HEADER, DROP_LINE, byline_name },
    { "dateline", "a dateline line (place, agency and date kept as "
      "metadata)", BEFORE_HEADLINE | HEADER, DROP_LINE, dateline_line },
};

static const rule_t strip_dateline = {
    "dateline-prefix", "a dateline before the first sentence (kept as "
    "metadata)", BODY, DROP_LINE, dateline_prefix
};
static const char join_rule[] = "broken-paragraph";
static const char join_reason[] = "a sentence split over paragraphs";
static const char duplicate_rule[] = "duplicate";
static const char duplicate_reason[] = "repeats an earlier passage (same "
                                       "words, or 90% of its word triples)";
static const char block_reason[] = "follows a trading risk disclaimer in "
                                   "its paragraph";

/* ------------------------------------------------------------------ */
/* The log */

static jf_clean_note_t *add_note(jf_clean_log_t *log, jf_note_kind_t kind,
                                 const char *rule, const char *reason,
                                 unsigned lineno, const char *text, size_t len)
{
    if (!log)
        return NULL;
    if (log->count == log->cap) {
        log->cap = log->cap ? 2 * log->cap : 16;
        log->notes = jf_realloc(log->notes, log->cap * sizeof *log->notes);
    }
    jf_clean_note_t *n = &log->notes[log->count++];
    n->kind = kind;
    n->rule = rule;
    n->reason = reason;
    n->lineno = lineno;
    n->passage = -1;
    n->text = jf_strndup(text, len);
    return n;
}

void jf_clean_log_free(jf_clean_log_t *log)
{
    for (size_t i = 0; i < log->count; i++)
        free(log->notes[i].text);
    free(log->notes);
    log->notes = NULL;
    log->count = log->cap = 0;
}

/* ------------------------------------------------------------------ */
/* Paragraphs of kept lines */

typedef struct {
    jf_buf_t text;
    unsigned first_line;
    unsigned paragraph;
    bool gone;          /* joined into the one before, or a duplicate */
    size_t join_first;  /* log index of the first join note it made */
    size_t join_count;  /* and how many it made */
    size_t repeats;     /* a duplicate: index of the paragraph it repeats */
    size_t dup_note;    /* and its log index, +1 */
    uint64_t *shingles; /* sorted, unique; for near-duplicates */
    size_t nshingles;
    uint64_t words_hash;
    size_t nwords;
} para_t;

typedef struct {
    para_t *items;
    size_t count, cap;
} paras_t;

static para_t *new_para(paras_t *ps, unsigned lineno, unsigned paragraph)
{
    if (ps->count == ps->cap) {
        ps->cap = ps->cap ? 2 * ps->cap : 16;
        ps->items = jf_realloc(ps->items, ps->cap * sizeof *ps->items);
    }
    para_t *p = &ps->items[ps->count++];
    memset(p, 0, sizeof *p);
    p->first_line = lineno;
    p->paragraph = paragraph;
    return p;
}

/* Ends with what ends a sentence: . ! ? : ; a closing quote or bracket, or
 * an ellipsis. */
static bool ends_sentence(const jf_buf_t *b)
{
    static const char *const ends[] = {
        ".", "!", "?", ":", "\"", "'", ")", "\xe2\x80\x9d", "\xe2\x80\x99",
        "\xe2\x80\xa6", NULL
    };
    span_t t = { b->data, b->len };
    for (const char *const *e = ends; *e; e++)
        if (ends_ci(t, *e))
            return true;
    return false;
}

/* "...to accelerate progress on" | "talks ...": the last and first few
 * words of two pieces, for the log. */
static void join_excerpt(jf_buf_t *out, const jf_buf_t *a, const jf_buf_t *b)
{
    size_t start = a->len > 40 ? a->len - 40 : 0, end = b->len > 40 ? 40 : b->len;
    while (start > 0 && ((unsigned char)a->data[start] & 0xC0) == 0x80)
        start--;
    while (end < b->len && ((unsigned char)b->data[end] & 0xC0) == 0x80)
        end++;
    jf_buf_reset(out);
    jf_buf_printf(out, "%s%.*s | %.*s%s", start > 0 ? "..." : "",
                  (int)(a->len - start), a->data + start, (int)end, b->data,
                  end < b->len ? "..." : "");
}

static void rejoin(paras_t *ps, jf_clean_log_t *log)
{
    jf_buf_t excerpt = JF_BUF_INIT;
    for (size_t i = 0; i < ps->count; i++) {
        para_t *p = &ps->items[i];
        size_t j = i + 1;
        while (j < ps->count && !ends_sentence(&p->text) &&
               is_lower_char(first_char((span_t){ ps->items[j].text.data,
                                                  ps->items[j].text.len }))) {
            para_t *q = &ps->items[j];
            if (log) {
                join_excerpt(&excerpt, &p->text, &q->text);
                if (p->join_count++ == 0)
                    p->join_first = log->count;
                add_note(log, JF_NOTE_JOIN, join_rule, join_reason,
                         q->first_line, excerpt.data, excerpt.len);
            }
            jf_buf_putc(&p->text, ' ');
            jf_buf_append(&p->text, q->text.data, q->text.len);
            q->gone = true;
            j++;
        }
        i = j - 1;
    }
    jf_buf_free(&excerpt);
}

/* ------------------------------------------------------------------ */
/* Near-duplicates: the same normalised words, or word-triple (shingle)
 * sets with a Jaccard similarity of at least 0.9. */

static uint64_t fnv(uint64_t h, unsigned char c)
{
    return jf_fnv1a(h, &c, 1);
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void fingerprint(para_t *p)
{
    const unsigned char *s = (const unsigned char *)p->text.data;
    size_t cap = 0;
    uint64_t prev[2] = { 0, 0 }, all = JF_FNV_BASIS;

    for (size_t i = 0; i < p->text.len;) {
        /* A word: ASCII letters and digits, case-folded, or any non-ASCII
         * byte (so accented words count, if unfolded). */
        while (i < p->text.len && !(s[i] >= 0x80 || is_digit((char)s[i]) ||
                                    is_ascii_alpha((char)s[i])))
            i++;
        if (i == p->text.len)
            break;
        uint64_t h = JF_FNV_BASIS;
        while (i < p->text.len && (s[i] >= 0x80 || is_digit((char)s[i]) ||
                                   is_ascii_alpha((char)s[i])))
            h = fnv(h, (unsigned char)lower((char)s[i++]));
        all = fnv(all, ' ');
        for (int k = 0; k < 8; k++)
            all = fnv(all, (unsigned char)(h >> (8 * k)));
        if (++p->nwords >= 3) {
            if (p->nshingles == cap) {
                cap = cap ? 2 * cap : 32;
                p->shingles = jf_realloc(p->shingles, cap * sizeof *p->shingles);
            }
            p->shingles[p->nshingles++] =
                (prev[0] * UINT64_C(31) + prev[1]) * UINT64_C(1000003) ^ h;
        }
        prev[0] = prev[1];
        prev[1] = h;
    }
    p->words_hash = all;
    if (p->nshingles > 1) {
        qsort(p->shingles, p->nshingles, sizeof *p->shingles, compare_u64);
        size_t u = 1;
        for (size_t i = 1; i < p->nshingles; i++)
            if (p->shingles[i] != p->shingles[u - 1])
                p->shingles[u++] = p->shingles[i];
        p->nshingles = u;
    }
}

static bool near_duplicate(const para_t *a, const para_t *b)
{
    if (a->words_hash == b->words_hash && a->nwords == b->nwords)
        return true;
    size_t small = a->nshingles < b->nshingles ? a->nshingles : b->nshingles;
    size_t large = a->nshingles + b->nshingles - small;
    if (small == 0 || 10 * small < 9 * large)
        return false; /* |A∩B|/|A∪B| <= small/large < 0.9 */
    size_t i = 0, j = 0, common = 0;
    while (i < a->nshingles && j < b->nshingles) {
        if (a->shingles[i] == b->shingles[j])
            common++, i++, j++;
        else if (a->shingles[i] < b->shingles[j])
            i++;
        else
            j++;
    }
    return 10 * common >= 9 * (a->nshingles + b->nshingles - common);
}

/* ------------------------------------------------------------------ */

static const rule_t *match_rule(cleaner_t *c, span_t line, unsigned where)
{
    for (size_t r = 0; r < sizeof rules / sizeof *rules; r++)
        if ((rules[r].where & where) && rules[r].match(c, line))
            return &rules[r];
    return NULL;
}

size_t jf_clean(const jf_line_t *lines, size_t count, jf_metadata_t *meta,
                jf_passage_text_t **passages, jf_clean_log_t *log)
{
    cleaner_t c = { meta, { NULL, 0 }, false };
    paras_t ps = { NULL, 0, 0 };
    const rule_t *block = NULL;
    unsigned block_paragraph = 0, where = BEFORE_HEADLINE;
    para_t *current = NULL;

    *passages = NULL;
    for (size_t i = 0; i < count; i++) {
        const jf_line_t *l = &lines[i];
        span_t line = { l->text, l->len };
        const rule_t *rule = match_rule(&c, line, where);

        if (!rule && block && block_paragraph == l->paragraph) {
            add_note(log, JF_NOTE_DROP, block->name, block_reason, l->lineno,
                     l->text, l->len);
            continue;
        }
        if (rule) {
            add_note(log, JF_NOTE_DROP, rule->name, rule->reason, l->lineno,
                     l->text, l->len);
            if (rule->action == DROP_BLOCK) {
                block = rule;
                block_paragraph = l->paragraph;
            }
            continue;
        }
        if (where == BEFORE_HEADLINE) {
            c.headline = line;
            c.have_headline = true;
            jf_metadata_detect(meta, JF_META_TITLE, l->text, l->len, CLUE_GOOD);
            where = HEADER;
            continue;
        }
        if (where == HEADER) {
            size_t cut = strip_dateline.match(&c, line);
            if (cut > 0) {
                span_t prefix = trim_span((span_t){ l->text, cut });
                add_note(log, JF_NOTE_STRIP, strip_dateline.name,
                         strip_dateline.reason, l->lineno, prefix.s,
                         prefix.len);
                line = trim_span((span_t){ line.s + cut, line.len - cut });
            }
            where = BODY;
        }
        if (!current || current->paragraph != l->paragraph)
            current = new_para(&ps, l->lineno, l->paragraph);
        else
            jf_buf_putc(&current->text, ' ');
        jf_buf_append(&current->text, line.s, line.len);
    }
    if (!c.have_headline) {
        free(ps.items);
        return 0;
    }

    rejoin(&ps, log);
    size_t kept = 0;
    for (size_t i = 0; i < ps.count; i++) {
        para_t *p = &ps.items[i];
        if (p->gone)
            continue;
        fingerprint(p);
        for (size_t j = 0; j < i; j++) {
            para_t *q = &ps.items[j];
            if (q->gone || !near_duplicate(q, p))
                continue;
            if (add_note(log, JF_NOTE_DUPLICATE, duplicate_rule,
                         duplicate_reason, p->first_line, p->text.data,
                         p->text.len))
                p->dup_note = log->count;
            p->gone = true;
            p->repeats = j;
            break;
        }
        if (!p->gone)
            kept++;
    }

    jf_passage_text_t *out = jf_malloc((kept + 1) * sizeof *out);
    size_t n = 0;
    out[n].text = jf_strndup(c.headline.s, c.headline.len);
    out[n++].len = c.headline.len;
    size_t *number = jf_malloc((ps.count + 1) * sizeof *number);
    for (size_t i = 0; i < ps.count; i++) {
        para_t *p = &ps.items[i];
        number[i] = n;
        if (!p->gone) {
            out[n].len = p->text.len;
            out[n++].text = jf_buf_release(&p->text);
        }
    }
    for (size_t i = 0; log && i < ps.count; i++) { /* now they are known */
        const para_t *p = &ps.items[i];
        for (size_t k = 0; k < p->join_count; k++)
            log->notes[p->join_first + k].passage = (int)number[i];
        if (p->dup_note)
            log->notes[p->dup_note - 1].passage = (int)number[p->repeats];
    }
    for (size_t i = 0; i < ps.count; i++) {
        jf_buf_free(&ps.items[i].text);
        free(ps.items[i].shingles);
    }
    free(number);
    free(ps.items);
    *passages = out;
    return n;
}
