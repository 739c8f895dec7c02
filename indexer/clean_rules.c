/* clean_rules.c - the cleaner's rule table and its boilerplate rules.
 *
 * Lines go through the rule table below in order; the first rule that
 * matches decides.  A rule applies in some parts of the article only:
 * before the headline (so an advertisement is never taken for it), in the
 * header between the headline and the first line of article text (bylines,
 * datelines: a lone "Aldgra Fredly" there is a byline, further down it
 * could be text), and in the body.  The rules that find metadata are in
 * clean_header.c and record it as they match.  To add a rule: write a
 * match function and put a row in the table, with a name and a reason a
 * reader of --explain understands, and exercise it in tests/test_clean.c.
 *
 * Every rule first looks at length or the first bytes, so ordinary
 * paragraphs (long, plain prose) are passed after a few comparisons.
 */
#include "clean_int.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* The boilerplate rules' match functions, in table order. */

static size_t repeated_headline(jf_cleaner_t *c, jf_span_t line)
{
    return c->have_headline && jf_equal_ci(line, c->headline);
}

static size_t no_words(jf_cleaner_t *c, jf_span_t line)
{
    (void)c;
    for (size_t i = 0; i < line.len;) {
        utf8proc_int32_t ch;
        utf8proc_ssize_t n = utf8proc_iterate(
            (const utf8proc_uint8_t *)line.s + i,
            (utf8proc_ssize_t)(line.len - i), &ch);
        if (n <= 0 || jf_is_word_char(ch))
            return 0;
        i += (size_t)n;
    }
    return 1;
}

static size_t promo_emoji(jf_cleaner_t *c, jf_span_t line)
{
    (void)c;
    utf8proc_int32_t ch = jf_first_char(line);
    return (ch >= 0x1F000 && ch <= 0x1FAFF) || (ch >= 0x2600 && ch <= 0x27BF);
}

static size_t discount_offer(jf_cleaner_t *c, jf_span_t line)
{
    (void)c;
    return line.len <= 60 && jf_count_words(line) <= 8 &&
           (jf_find_ci(line, "% off") >= 0 ||
            jf_find_ci(line, "% discount") >= 0 ||
            jf_find_ci(line, "free trial") >= 0);
}

static size_t stock_pitch(jf_cleaner_t *c, jf_span_t line)
{
    static const char *const calls[] = {
        "unlock", "get", "discover", "see", "find", "try", "join", "buy",
        "start", "claim", NULL
    };
    jf_span_t rest = line, first;
    (void)c;
    if (line.len > 80 || jf_count_words(line) > 8 ||
        jf_find_ci(line, "stock") < 0 || !jf_next_word(&rest, &first))
        return 0;
    return line.s[line.len - 1] == '?' || jf_is_in(first, calls);
}

/* Remembers a site named in an advertisement (Investing.com) as a weak
 * clue to the source: the page's host, when no agency is named. */
static void note_site(jf_cleaner_t *c, jf_span_t line)
{
    jf_span_t rest = line, w;
    while (jf_next_word(&rest, &w)) {
        while (w.len > 0 && strchr(".,;:)", w.s[w.len - 1]))
            w.len--;
        const char *dot = memchr(w.s, '.', w.len);
        if (dot && dot > w.s && jf_is_ascii_alpha(dot[-1]) &&
            (size_t)(w.s + w.len - dot) >= 3 && jf_is_ascii_alpha(dot[1])) {
            jf_metadata_detect(c->meta, JF_META_SOURCE, w.s, w.len,
                               JF_CLUE_WEAK);
            return;
        }
    }
}

static size_t ad_label(jf_cleaner_t *c, jf_span_t line)
{
    if (!(jf_starts_ci(line, "3rd party ad") ||
          jf_starts_ci(line, "third party ad") ||
          jf_starts_ci(line, "advertisement") ||
          jf_starts_ci(line, "sponsored") ||
          (line.len <= 300 && jf_find_ci(line, "remove ads") >= 0)))
        return 0;
    note_site(c, line);
    return 1;
}

/* True when some word of WORDS (NULL-terminated) is in T. */
static bool has_any_ci(jf_span_t t, const char *const *words)
{
    for (const char *const *w = words; *w; w++)
        if (jf_find_ci(t, *w) >= 0)
            return true;
    return false;
}

/* True when every sentence of LINE has a word of WORDS.  Boilerplate is
 * boilerplate through and through: a line that also holds a sentence of
 * the story (a scraped page may glue them together) is not dropped, so a
 * rule can never take reporting with it. */
static bool every_sentence_has(jf_span_t line, const char *const *words)
{
    size_t start = 0;
    for (size_t i = 0; i <= line.len; i++) {
        bool end = i == line.len ||
                   ((line.s[i] == '.' || line.s[i] == '?' ||
                     line.s[i] == '!') &&
                    i + 1 < line.len && line.s[i + 1] == ' ');
        if (!end)
            continue;
        jf_span_t sentence = { line.s + start, i - start };
        if (jf_trim_span(sentence).len > 0 && !has_any_ci(sentence, words))
            return false;
        start = i + 1;
    }
    return true;
}

static size_t risk_disclosure(jf_cleaner_t *c, jf_span_t line)
{
    static const char *const risky[] = {
        "risk", "trading", "trade", "financ", "invest", "cryptocurrenc",
        "margin", "price", NULL
    };
    (void)c;
    return (jf_starts_ci(line, "risk disclosure") ||
            jf_starts_ci(line, "risk warning") ||
            jf_starts_ci(line, "disclaimer:")) &&
           every_sentence_has(line, risky);
}

static size_t site_legal(jf_cleaner_t *c, jf_span_t line)
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

/* A notice is a line or two: a paragraph that starts with a copyright
 * sign (an abstract, say) is text. */
static size_t copyright(jf_cleaner_t *c, jf_span_t line)
{
    (void)c;
    if (line.len > 200)
        return 0;
    jf_span_t after = { line.s + 4, line.len > 4 ? line.len - 4 : 0 };
    return jf_starts_ci(line, "\xc2\xa9") ||
           jf_starts_ci(line, "copyright \xc2\xa9") ||
           jf_starts_ci(line, "copyright (c)") ||
           (jf_starts_ci(line, "copyright ") && line.len > 10 &&
            jf_is_digit(line.s[10])) ||
           (jf_starts_ci(line, "(c) ") && after.len > 0 &&
            jf_is_digit(after.s[0])) ||
           (line.len <= 200 && jf_find_ci(line, "all rights reserved") >= 0);
}

static size_t social_follow(jf_cleaner_t *c, jf_span_t line)
{
    static const char *const calls[] = {
        "follow us", "follow on", "share this", "share on", "like us on",
        "subscribe to our", NULL
    };
    (void)c;
    if (line.len > 60 || jf_count_words(line) > 6)
        return 0;
    for (const char *const *p = calls; *p; p++)
        if (jf_starts_ci(line, *p))
            return 1;
    return 0;
}

static size_t social_links(jf_cleaner_t *c, jf_span_t line)
{
    static const char *const networks[] = {
        "facebook", "twitter", "youtube", "instagram", "linkedin",
        "whatsapp", "telegram", "pinterest", "reddit", "tiktok", "flipboard",
        NULL
    };
    static const char *const buttons[] = { "x", "email", "e-mail", "print",
                                           "share", "copy", "link", NULL };
    jf_span_t rest = line, w;
    bool network = false;
    (void)c;
    if (line.len > 120)
        return 0;
    while (jf_next_word(&rest, &w)) {
        if (w.len > 0 && (w.s[w.len - 1] == ',' || w.s[w.len - 1] == '|'))
            w.len--;
        if (jf_is_in(w, networks))
            network = true;
        else if (w.len > 0 && !jf_is_in(w, buttons) &&
                 !(w.len == 1 && w.s[0] == '|'))
            return 0;
    }
    return network;
}

static size_t site_section(jf_cleaner_t *c, jf_span_t line)
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
    return jf_is_in(line, labels);
}

static size_t contribution_credit(jf_cleaner_t *c, jf_span_t line)
{
    static const char *const endings[] = {
        " contributed to this report", " contributed reporting",
        " contributed to this story", " contributed to this article", NULL
    };
    if (line.len > 200)
        return 0;
    jf_span_t body = line;
    if (body.len > 0 && body.s[body.len - 1] == '.')
        body.len--;
    for (const char *const *e = endings; *e; e++) {
        if (!jf_ends_ci(body, *e))
            continue;
        jf_span_t who = { body.s, body.len - strlen(*e) };
        if (jf_starts_ci(who, "the "))
            who.s += 4, who.len -= 4;
        if (who.len > 0)
            jf_metadata_detect(c->meta, JF_META_SOURCE, who.s, who.len,
                               JF_CLUE_GOOD);
        return 1;
    }
    return 0;
}

/* "... Jan. 8, 2023. Kota Endo/Kyodo News via AP": a caption ends with a
 * credit, a few capitalised words with a slash or a "via AGENCY". */
static bool is_caption(jf_span_t line)
{
    if (line.len > 400 || line.len == 0 ||
        strchr(".!?\"", line.s[line.len - 1]) ||
        jf_ends_ci(line, "\xe2\x80\x9d") || jf_ends_ci(line, "\xe2\x80\x99"))
        return 0;
    if (line.s[line.len - 1] == ')') { /* (AP Photo/Eugene Hoshiko) */
        const char *open = NULL;
        for (size_t i = line.len; i > 0; i--)
            if (line.s[i - 1] == '(') {
                open = line.s + i - 1;
                break;
            }
        jf_span_t group = { open,
                            open ? (size_t)(line.s + line.len - open) : 0 };
        return open && jf_find_ci(group, "photo") >= 0 &&
               memchr(group.s, '/', group.len) != NULL;
    }
    jf_span_t tail = line;
    for (size_t i = line.len; i >= 2; i--)
        if (line.s[i - 2] == '.' && line.s[i - 1] == ' ') {
            tail = (jf_span_t){ line.s + i, line.len - i };
            break;
        }
    if (jf_count_words(tail) > 8)
        return 0;
    bool slash = false, via = false;
    jf_span_t rest = tail, w;
    while (jf_next_word(&rest, &w)) {
        if (jf_equal_ci(w, (jf_span_t){ "via", 3 })) {
            via = true;
            continue;
        }
        const char *s = memchr(w.s, '/', w.len);
        if (s && s + 1 < w.s + w.len &&
            jf_is_upper_char(jf_first_char(
                (jf_span_t){ s + 1, (size_t)(w.s + w.len - s - 1) })))
            slash = true;
        if (!jf_is_upper_char(jf_first_char(w)))
            return 0;
    }
    return slash || (via && !jf_ends_ci(tail, "via"));
}

static size_t photo_caption(jf_cleaner_t *c, jf_span_t line)
{
    if (!is_caption(line))
        return 0;
    /* Not article text, but what the photo shows stays searchable. */
    jf_metadata_append(c->meta, JF_META_CAPTION, line.s, line.len);
    return 1;
}

/* The line rules, tried in this order. */
static const jf_rule_t rules[] = {
    { "repeated-headline", "repeats the headline", JF_HEADER | JF_BODY,
      JF_DROP_LINE, repeated_headline },
    { "no-words", "holds no letters or digits", JF_ANYWHERE, JF_DROP_LINE,
      no_words },
    { "promo-emoji", "a promotional line opening with emoji", JF_ANYWHERE,
      JF_DROP_LINE, promo_emoji },
    { "discount-offer", "a subscription or discount offer", JF_ANYWHERE,
      JF_DROP_LINE, discount_offer },
    { "stock-pitch", "a trading site's call to action", JF_ANYWHERE,
      JF_DROP_LINE, stock_pitch },
    { "ad-label", "an advertisement label", JF_ANYWHERE, JF_DROP_LINE,
      ad_label },
    { "risk-disclosure", "a trading risk disclaimer (with the rest of its "
      "paragraph)", JF_ANYWHERE, JF_DROP_BLOCK, risk_disclosure },
    { "site-legal", "the website's legal notice", JF_ANYWHERE, JF_DROP_LINE,
      site_legal },
    { "copyright", "a copyright notice", JF_ANYWHERE, JF_DROP_LINE,
      copyright },
    { "social-follow", "asks readers to follow or share", JF_ANYWHERE,
      JF_DROP_LINE, social_follow },
    { "social-links", "a row of social network buttons", JF_ANYWHERE,
      JF_DROP_LINE, social_links },
    { "site-section", "a site navigation or comments heading", JF_ANYWHERE,
      JF_DROP_LINE, site_section },
    { "contribution-credit", "a contribution credit (kept as the source)",
      JF_ANYWHERE, JF_DROP_LINE, contribution_credit },
    { "photo-caption", "a photo caption (ends with a photo credit; kept as "
      "metadata)", JF_HEADER | JF_BODY, JF_DROP_LINE, photo_caption },
    { "timestamp", "a publication or update time (a date is kept as "
      "metadata)", JF_ANYWHERE, JF_DROP_LINE, jf_rule_timestamp },
    { "byline", "the byline (kept as metadata)",
      JF_BEFORE_HEADLINE | JF_HEADER, JF_DROP_LINE, jf_rule_byline },
    { "byline-name", "a lone name under the headline: the author (kept as "
      "metadata)", JF_HEADER, JF_DROP_LINE, jf_rule_byline_name },
    { "dateline", "a dateline line (place, agency and date kept as "
      "metadata)", JF_BEFORE_HEADLINE | JF_HEADER, JF_DROP_LINE,
      jf_rule_dateline },
};

const jf_rule_t jf_strip_dateline = {
    "dateline-prefix", "a dateline before the first sentence (kept as "
    "metadata)", JF_BODY, JF_DROP_LINE, jf_rule_dateline_prefix
};

const jf_rule_t *jf_clean_match(jf_cleaner_t *c, jf_span_t line,
                                unsigned where)
{
    for (size_t r = 0; r < sizeof rules / sizeof *rules; r++)
        if ((rules[r].where & where) && rules[r].match(c, line))
            return &rules[r];
    return NULL;
}
