/* test_clean.c - cleaning articles: every boilerplate rule on lines from
 * the bundled corpus and on made-up ones, the headline, header metadata,
 * dates, the .meta sidecar, re-joined paragraphs, repeats and acronyms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acronyms.h"
#include "alloc.h"
#include "article.h"
#include "buf.h"
#include "date.h"
#include "metadata.h"
#include "tap.h"
#include "text.h"

#ifndef CORPUS_DIR
#define CORPUS_DIR "corpus"
#endif

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", CORPUS_DIR, name);
    FILE *f = fopen(path, "rb");
    jf_buf_t b = JF_BUF_INIT;
    char chunk[4096];
    size_t n;
    if (!f) {
        perror(path);
        exit(2);
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        jf_buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return jf_buf_release(&b);
}

static jf_skip_t parse(const char *text, jf_clean_log_t *log, jf_article_t *a)
{
    jf_buf_t error = JF_BUF_INIT;
    jf_skip_t rc = jf_article_parse(text, strlen(text), NULL, 0, log, &error,
                                    a);
    jf_buf_free(&error);
    return rc;
}

/* The rule that dropped LINE (placed as the article's header line when
 * HEADER, else after a first paragraph of text), or "kept". */
static const char *rule_for(const char *line, int header)
{
    static char rule[64];
    jf_buf_t text = JF_BUF_INIT;
    jf_clean_log_t log = JF_CLEAN_LOG_INIT;
    jf_article_t a;

    if (header)
        jf_buf_printf(&text, "Japan and France talk\n\n%s\n\nThe ministers "
                      "met on Friday.\n", line);
    else
        jf_buf_printf(&text, "Japan and France talk\n\nThe ministers met on "
                      "Friday.\n\n%s\n\nThey agreed.\n", line);
    parse(text.data, &log, &a);
    snprintf(rule, sizeof rule, "kept");
    for (size_t i = 0; i < log.n; i++)
        if (log.items[i].kind == JF_NOTE_DROP &&
            strcmp(log.items[i].text, line) == 0)
            snprintf(rule, sizeof rule, "%s", log.items[i].rule);
    jf_article_free(&a);
    jf_clean_log_free(&log);
    jf_buf_free(&text);
    return rule;
}

static void check_rule(const char *line, int header, const char *rule)
{
    char what[128];
    snprintf(what, sizeof what, "%s: %.50s", rule, line);
    is_str(rule_for(line, header), rule, "%s", what);
}

static void test_rules(void)
{
    static const struct {
        const char *line, *rule;
        int header;
    } cases[] = {
        /* From the bundled corpus. */
        { "Japan and France talk", "repeated-headline", 1 },
        { "\xf0\x9f\x91\x80 \xf0\x9f\x91\x81 \xf0\x9f\xa7\xbf All eyes on "
          "Biogen, up +4,56% after posting earnings. Our AI picked it in "
          "March 2024.", "promo-emoji", 0 },
        { "Get 40% Off", "discount-offer", 0 },
        { "Which stocks will surge next?", "stock-pitch", 0 },
        { "Unlock AI-picked Stocks", "stock-pitch", 0 },
        { "3rd party Ad. Not an offer or recommendation by Investing.com. "
          "See disclosure here or remove ads .", "ad-label", 0 },
        { "Risk Disclosure: Trading in financial instruments and/or "
          "cryptocurrencies involves high risks.", "risk-disclosure", 0 },
        { "It is prohibited to use, store, reproduce, display, modify, "
          "transmit or distribute the data contained in this website without "
          "the explicit prior written permission of Fusion Media and/or the "
          "data provider.", "site-legal", 0 },
        { "Fusion Media may be compensated by the advertisers that appear on "
          "the website, based on your interaction with the advertisements or "
          "advertisers.", "site-legal", 0 },
        { "\xc2\xa9 2007-2024 - Fusion Media Limited. All Rights Reserved.",
          "copyright", 0 },
        { "Follow us on social", "social-follow", 0 },
        { "Facebook Twitter Youtube", "social-links", 0 },
        { "Related Posts", "site-section", 0 },
        { "Related Topics", "site-section", 0 },
        { "About Author", "site-section", 0 },
        { "Comments are closed.", "site-section", 0 },
        { "Latest comments", "site-section", 0 },
        { "The Associated Press and Reuters contributed to this report.",
          "contribution-credit", 0 },
        { "Japanese Prime Minister Fumio Kishida (C) prepares to leave Haneda "
          "airport in Tokyo on Jan. 8, 2023. Kota Endo/Kyodo News via AP",
          "photo-caption", 1 },
        { "Updated:", "timestamp", 1 },
        { "0:00", "timestamp", 1 },
        { "Published 05/18/2023, 10:36 PM", "timestamp", 1 },
        { "Updated 05/18/2023, 10:46 PM", "timestamp", 1 },
        { "By John Irish and Sakura Murakami", "byline", 1 },
        { "Aldgra Fredly", "byline-name", 1 },
        { "Tokyo, 01 May, /AJMEDIA/", "dateline", 1 },
        /* Made up: the same kinds of line, written differently. */
        { "JAPAN AND FRANCE TALK", "repeated-headline", 1 },
        { "* * *", "no-words", 0 },
        { "\xe2\x80\x94", "no-words", 0 },
        { "\xf0\x9f\x94\xa5 Hot deals on travel insurance", "promo-emoji", 0 },
        { "Save 25% off your first year", "discount-offer", 0 },
        { "Start your free trial", "discount-offer", 0 },
        { "Discover the best stocks to buy now", "stock-pitch", 0 },
        { "Sponsored: the best travel deals", "ad-label", 0 },
        { "Risk Warning: CFDs are complex instruments.", "risk-disclosure", 0 },
        { "Use of this website is prohibited without a licence.",
          "site-legal", 0 },
        { "Copyright 2024 Example News", "copyright", 0 },
        { "(c) 2023 The Daily Planet", "copyright", 0 },
        { "Share this article", "social-follow", 0 },
        { "Facebook, Instagram, LinkedIn, Email", "social-links", 0 },
        { "Read more:", "site-section", 0 },
        { "Leave a Reply", "site-section", 0 },
        { "Kyodo News contributed reporting.", "contribution-credit", 0 },
        { "Soldiers march in Tokyo on Friday. (AP Photo/Eugene Hoshiko)",
          "photo-caption", 0 },
        { "Protesters gather outside the parliament. REUTERS/Issei Kato",
          "photo-caption", 0 },
        { "Last updated: 18 May 2023 14:05 GMT", "timestamp", 0 },
        { "Posted on May 18, 2023 at 10:36 am", "timestamp", 1 },
        { "May 18, 2023", "timestamp", 1 },
        { "By Jean-Yves Le Drian, Reuters", "byline", 1 },
        { "\xc3\x89milie O'Neil", "byline-name", 1 },
        { "Paris, 18 May 2023, /AFP/", "dateline", 1 },
        /* Article text that looks a little like boilerplate stays. */
        { "Aldgra Fredly", "kept", 0 },
        { "By Monday the talks had ended without a deal.", "kept", 1 },
        { "Stocks fell 40% off their highs after the summit, traders said, "
          "as Japan and France met.", "kept", 0 },
        { "Fusion Media reported that the summit went well.", "kept", 0 },
        { "China\xe2\x80\x99s Threat", "kept", 0 },
        { "The 2+2 talks were held in Tokyo.", "kept", 0 },
        { "He wrote on Facebook that the talks went well.", "kept", 0 },
        { "Related talks are planned for June.", "kept", 0 },
        { "Updated figures show growth of 2%.", "kept", 0 },
        { "Kishida said via video link that Japan stands with Ukraine.",
          "kept", 0 },
        /* Reporting glued to boilerplate is never dropped with it. */
        { "The ministry's website said it had no permission to publish the "
          "talks.  Japan and France met in Tokyo.", "kept", 0 },
        { "Fusion Media may be compensated by the advertisers that appear on "
          "the website. Senkaku Islands patrols rose this year.", "kept", 0 },
        { "Risk Disclosure: Trading involves high risks. Japan and France "
          "signed the Reciprocal Access Agreement.", "kept", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_rule(cases[i].line, cases[i].header, cases[i].rule);
}

/* The passages and metadata of each bundled article, counted by reading
 * it: headline plus paragraphs, less boilerplate, joins and repeats. */
static void test_corpus(void)
{
    static const struct {
        const char *file;
        size_t passages;
        const char *meta[JF_META_FIELDS];
    } articles[] = {
        /* 15 paragraphs; About Author and Comments are closed go. */
        { "000_c47153edc2bd3361.txt", 16,
          { "Japan, France mull deepening security ties to counter "
            "China\xe2\x80\x99s rise", NULL, NULL, "Tokyo", NULL } },
        /* The header block (repeat, caption, name, Updated:, 0:00) and the
         * credit and Related Topics go; 15 paragraphs stay. */
        { "001_31015bd8c0e02e7f.txt", 16,
          { "Japan, France Pledge Stronger Cooperation Amid Rising Tensions "
            "in Indo-Pacific", "Associated Press and Reuters",
            "Aldgra Fredly", NULL, NULL,
            "Japanese Prime Minister Fumio Kishida (C) prepares to leave "
            "Haneda airport in Tokyo on Jan. 8, 2023. Kota Endo/Kyodo News "
            "via AP" } },
        /* The dateline line and three lines of links go; 11 stay.  "01 May"
         * has no year, so there is no date. */
        { "002_d485fa7606c233e0.txt", 12,
          { "Japan, France plan online ministerial security talks in early "
            "May", "AJMEDIA", NULL, "Tokyo", NULL } },
        /* The repeated first paragraph goes: 7 of 8 stay. */
        { "003_65e0add68ad93af0.txt", 8,
          { "Japan And France Strengthen Their Defence And Economic Security "
            "Cooperation.", NULL, NULL, NULL, NULL } },
        /* 21 paragraphs of text, 7 of them continuations joined: 14. */
        { "004_ad1a6901ce14cbda.txt", 15,
          { "Japan, France leaders vow to strengthen ties as Paris eyes more "
            "access", "Reuters", "John Irish and Sakura Murakami",
            "HIROSHIMA, Japan", "2023-05-18" } },
    };
    static const char *const topics[] = { "Senkaku", "Taiwan", "RAA", NULL };

    for (size_t i = 0; i < sizeof articles / sizeof *articles; i++) {
        size_t len;
        char *text = slurp(articles[i].file, &len);
        jf_buf_t error = JF_BUF_INIT, all = JF_BUF_INIT;
        jf_article_t a;
        ok(jf_article_parse(text, len, NULL, 0, NULL, &error, &a) ==
           JF_SKIP_NONE,
           "%s parses", articles[i].file);
        is_int(a.count, articles[i].passages, "%s has %zu passages",
               articles[i].file, articles[i].passages);
        for (int f = 0; f < JF_META_FIELDS; f++)
            is_str(a.meta.value[f] ? a.meta.value[f] : "(none)",
                   articles[i].meta[f] ? articles[i].meta[f] : "(none)",
                   "%s: %s", articles[i].file,
                   jf_meta_field_name((jf_meta_field_t)f));
        is_str(a.title, articles[i].meta[JF_META_TITLE], "%s: title is "
               "passage 0", articles[i].file);
        for (size_t p = 0; p < a.count; p++) {
            jf_buf_puts(&all, a.passages[p].text);
            jf_buf_putc(&all, '\n');
        }
        /* Every sentence about the topics survives: each line of the file
         * that names one is in a passage (lines are whole sentences here,
         * except 004's dateline line, whose text follows the prefix). */
        int lost = 0;
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            for (const char *const *t = topics; *t; t++) {
                if (!strstr(line, *t))
                    continue;
                char *body = strstr(line, "(Reuters) - ");
                body = body ? body + 12 : line;
                size_t n = strlen(body); /* 004 ends a line with a NBSP */
                if (n >= 2 && strcmp(body + n - 2, "\xc2\xa0") == 0)
                    body[n - 2] = '\0';
                if (!strstr(all.data, body)) {
                    printf("#   lost: %s\n", body);
                    lost++;
                }
                break;
            }
        }
        is_int(lost, 0, "%s: every line about Senkaku, Taiwan or RAA is kept",
               articles[i].file);
        free(text);
        jf_buf_free(&error);
        jf_buf_free(&all);
        jf_article_free(&a);
    }
}

static void test_headline_and_joins(void)
{
    size_t len;
    char *text = slurp("004_ad1a6901ce14cbda.txt", &len);
    jf_clean_log_t log = JF_CLEAN_LOG_INIT;
    jf_buf_t error = JF_BUF_INIT;
    jf_article_t a;

    jf_article_parse(text, len, NULL, 0, &log, &error, &a);
    is_str(a.passages[0].text, "Japan, France leaders vow to strengthen ties "
           "as Paris eyes more access",
           "004: the headline is the first line that is not an advertisement");
    is_str(a.passages[1].text, "Japan and France on Friday said they wanted "
           "to deepen bilateral cooperation after agreeing earlier this month "
           "to accelerate discussions for a joint military exercise framework "
           "with Paris hoping to push for reciprocal access agreements.",
           "004: the dateline is cut off the first sentence");
    is_str(a.passages[3].text, "Ministers from the two allies had earlier "
           "this month instructed their respective ministries to accelerate "
           "progress on talks ... for a permanent framework that would "
           "improve the administrative, legal, and political procedures to "
           "conduct joint military exercises.",
           "004: a sentence broken over two paragraphs is one passage");
    is_str(a.passages[14].text, "A Japanese foreign ministry official "
           "declined to call the framework that the French and Japanese "
           "governments are working towards an RAA, but said that they are "
           "accelerating talks to streamline the administrative processes "
           "that come with the deployment of forces.",
           "004: and one broken over three paragraphs");
    size_t joins = 0, strips = 0;
    for (size_t i = 0; i < log.n; i++) {
        joins += log.items[i].kind == JF_NOTE_JOIN;
        strips += log.items[i].kind == JF_NOTE_STRIP;
    }
    is_int(joins, 7, "004: seven continuation paragraphs are joined");
    is_int(strips, 1, "004: one dateline is stripped");
    jf_clean_log_free(&log);
    jf_article_free(&a);
    free(text);

    /* Made up: a block of three pieces, one separated by a dropped ad, and
     * two paragraphs in one (no blank line between them) kept as one. */
    parse("Talks resume\n\nThe talks in\n\nthe city went on until\n\n"
          "3rd party Ad. Not an offer.\n\nlate at night. Both sides "
          "agreed.\n\nA second paragraph.\nIts second line.\n\n"
          "A heading\n\nThe end.", &log, &a);
    is_int(a.count, 5, "made up: the pieces make one passage");
    is_str(a.passages[1].text, "The talks in the city went on until late at "
           "night. Both sides agreed.", "joined across a dropped ad");
    is_str(a.passages[2].text, "A second paragraph. Its second line.",
           "lines of a paragraph stay one passage");
    is_str(a.passages[3].text, "A heading",
           "a heading followed by a capital is not joined");
    jf_clean_log_free(&log);
    jf_article_free(&a);

    ok(parse("Get 40% Off\n\nRelated Posts\n\n* * *\n", NULL, &a) ==
       JF_SKIP_EMPTY,
       "an article of boilerplate only has no headline");
    jf_article_free(&a);
    ok(parse("Get 40% Off\n\nTitle\n", NULL, &a) == JF_SKIP_NONE &&
       a.count == 1 &&
       strcmp(a.title, "Title") == 0, "a headline alone is an article");
    jf_article_free(&a);

    /* Two paragraphs in a risk block: the block ends with its paragraph. */
    parse("Title\n\nText.\n\nRisk Disclosure: trading is risky.\nMore "
          "warnings follow here.\n\nReal text again.", NULL, &a);
    ok(a.count == 3 && strcmp(a.passages[2].text, "Real text again.") == 0,
       "a risk disclaimer takes the rest of its paragraph, no more");
    jf_article_free(&a);

    parse("WASHINGTON \xe2\x80\x94 The Senate voted on Tuesday.\n", NULL, &a);
    is_str(a.title, "WASHINGTON \xe2\x80\x94 The Senate voted on Tuesday.",
           "a headline keeps what looks like a dateline");
    jf_article_free(&a);
    parse("Vote\n\nWASHINGTON \xe2\x80\x94 The Senate voted on Tuesday.\n",
          NULL, &a);
    ok(strcmp(a.passages[1].text, "The Senate voted on Tuesday.") == 0 &&
       strcmp(a.meta.value[JF_META_DATELINE], "WASHINGTON") == 0,
       "a dateline in capitals and a dash is cut off and kept");
    jf_article_free(&a);
    parse("Vote\n\nNote: The figures are provisional.\n", NULL, &a);
    ok(strcmp(a.passages[1].text, "Note: The figures are provisional.") == 0 &&
       !a.meta.value[JF_META_DATELINE], "\"Note:\" is not a dateline");
    jf_article_free(&a);
    parse("Vote\n\nBy the way, the vote failed.\n\nIt was close.", NULL, &a);
    is_int(a.count, 3, "a sentence starting \"By\" is not a byline");
    jf_article_free(&a);
}

static void test_duplicates(void)
{
    const char *para =
        "Furthermore, both countries have agreed to convene a working-level "
        "meeting on economic security shortly. They have also affirmed their "
        "commitment to cooperate in developing resilient supply chains for "
        "critical minerals, including rare earths. This is particularly "
        "significant given the current vulnerabilities in global supply "
        "chains and the strategic importance of rare earth minerals in "
        "industries such as technology and defence.";
    jf_buf_t text = JF_BUF_INIT;
    jf_clean_log_t log = JF_CLEAN_LOG_INIT;
    jf_article_t a;

    /* One word changed in 63: 3 of 61 word triples differ, so the two
     * share 58 of 64, above 0.9. */
    char *changed = jf_strdup(para);
    memcpy(strstr(changed, "shortly"), "quickly", 7);
    jf_buf_printf(&text, "Title\n\n%s\n\nMiddle.\n\n%s\n\n%s\n\nFURTHERMORE "
                  "both countries have agreed, to convene a working-level "
                  "meeting on economic security... shortly!\n\nFurthermore "
                  "both countries have agreed to convene a working-level "
                  "meeting.", para, changed, para);
    parse(text.data, &log, &a);
    is_int(a.count, 5, "exact and near repeats go, different text stays");
    int dups = 0, of_first = 0;
    for (size_t i = 0; i < log.n; i++)
        if (log.items[i].kind == JF_NOTE_DUPLICATE) {
            dups++;
            of_first += log.items[i].passage == 1;
        }
    is_int(dups, 2, "two repeats are noted");
    is_int(of_first, 2, "as repeats of passage 1, the first kept");
    ok(strstr(a.passages[3].text, "FURTHERMORE") != NULL,
       "a shorter passage sharing only its start is not a repeat");
    jf_clean_log_free(&log);
    jf_article_free(&a);

    jf_buf_reset(&text);
    jf_buf_printf(&text, "Title\n\nOne, two three.\n\none two: three\n");
    parse(text.data, NULL, &a);
    is_int(a.count, 2, "the same words with other case and punctuation "
           "repeat");
    jf_article_free(&a);
    free(changed);
    jf_buf_free(&text);
}

static void test_dates(void)
{
    static const struct {
        const char *text, *iso;
    } cases[] = {
        { "2023-05-18", "2023-05-18" },
        { "05/18/2023", "2023-05-18" },
        { "5/8/2023", "2023-05-08" },
        { "18/05/2023", "2023-05-18" },       /* only one order makes sense */
        { "18 May 2023", "2023-05-18" },
        { "18th May, 2023", "2023-05-18" },
        { "May 18, 2023", "2023-05-18" },
        { "May 18 2023", "2023-05-18" },
        { "Jan. 8, 2023", "2023-01-08" },
        { "Sept 1, 2022", "2022-09-01" },
        { "Thursday, May 18, 2023", "2023-05-18" },
        { "Thu, 18 May 2023", "2023-05-18" },
        { "February 29, 2024", "2024-02-29" },
        { "05/18/2023, 10:36 PM", "2023-05-18" },
        { "01 May", "" },                     /* no year: not a date */
        { "May 2023", "" },
        { "February 29, 2023", "" },
        { "13/13/2023", "" },
        { "2023-5-180", "" },
        { "Mayday 18, 2023", "" },
        { "18 May 20234", "" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char iso[11] = "";
        if (jf_parse_date(cases[i].text, strlen(cases[i].text), iso) == 0)
            iso[0] = '\0';
        is_str(iso, cases[i].iso, "date '%s'", cases[i].text);
    }
}

static void test_sidecar(void)
{
    const char *text = "Get 40% Off\n\nTokyo, 01 May, /AJMEDIA/\n\nRight "
                       "headline\n\nText.\n";
    jf_buf_t error = JF_BUF_INIT;
    jf_article_t a;
    const char *meta = "# edited by hand\n\ntitle: Better headline\n"
                       "date: May 2, 2023\nsource:\n";

    ok(jf_article_parse(text, strlen(text), meta, strlen(meta), NULL, &error,
                        &a) == JF_SKIP_NONE,
       "an article with a sidecar parses");
    is_str(a.title, "Better headline", "the sidecar's title wins");
    is_str(a.passages[0].text, "Better headline", "and is passage 0");
    ok(a.meta.origin[JF_META_TITLE] == JF_META_SIDECAR, "its origin is the "
       "sidecar");
    is_str(a.meta.value[JF_META_DATE], "2023-05-02", "a sidecar date is "
           "normalised");
    ok(a.meta.value[JF_META_SOURCE] == NULL, "an empty value clears the "
       "detected source");
    is_str(a.meta.value[JF_META_DATELINE], "Tokyo", "detected fields stay "
           "unless stated");
    jf_article_free(&a);

    static const struct {
        const char *meta, *error;
    } bad[] = {
        { "titel: X\n", "line 1: unknown key 'titel' (known: title, source, "
          "byline, dateline, date, caption)" },
        { "\ndate: someday\n", "line 2: 'someday' is not a date (write "
          "YYYY-MM-DD)" },
        { "title X\n", "line 1: not \"key: value\"" },
        { "title:\n", "line 1: the title is empty" },
        { "source: A\nsource: B\n", "line 2: 'source' given twice" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        jf_buf_reset(&error);
        ok(jf_article_parse(text, strlen(text), bad[i].meta,
                            strlen(bad[i].meta), NULL, &error, &a) ==
           JF_SKIP_BAD_META,
           "bad sidecar %zu is refused", i);
        is_str(error.data, bad[i].error, "with the line and the problem");
        jf_article_free(&a);
    }
    char *p = jf_metadata_sidecar_path("corpus/a.txt.gz");
    is_str(p, "corpus/a.meta", "NAME.txt.gz has NAME.meta");
    free(p);
    p = jf_metadata_sidecar_path("a.b.txt");
    is_str(p, "a.b.meta", "NAME.txt has NAME.meta");
    free(p);
    jf_buf_free(&error);
}

static void test_acronyms(void)
{
    static const struct {
        const char *text, *pairs;
    } cases[] = {
        { "finalizing a Reciprocal Access Agreement (RAA). Japan already "
          "has RAAs.", "raa=reciprocal access agreement" },
        { "The Chinese Communist Party (CCP) regime",
          "ccp=chinese communist party" },
        { "Japan has signed reciprocal access agreements (RAA) with "
          "Australia", "raa=reciprocal access agreements" },
        { "signed Reciprocal Access Agreements (RAAs) with Australia",
          "raa=reciprocal access agreements" },
        { "the Department of Homeland Security (DHS) said",
          "dhs=department of homeland security" },
        { "the Ministry of Defense (MOD) and the Group of Seven (G7)",
          "mod=ministry of defense" },
        { "Fumio Kishida (C) prepares", "" },
        { "HIROSHIMA, Japan (Reuters) - Japan", "" },
        { "Kishida said (AFP) that", "" },
        { "the talks, (RAA) were", "" },
        { "(RAA) at the start", "" },
        { "the North Atlantic Treaty Organization (NATO) and the North "
          "Atlantic Treaty Organization (NATO) again",
          "nato=north atlantic treaty organization" },
    };
    jf_analyzer_t *an = jf_analyzer_new();
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        jf_passage_text_t p = { (char *)cases[i].text, strlen(cases[i].text) };
        jf_buf_t out = JF_BUF_INIT;
        jf_acronyms_find(an, &p, 1, &out);
        is_str(out.len ? out.data : "", cases[i].pairs, "acronyms in '%.40s'",
               cases[i].text);
        jf_buf_free(&out);
    }
    jf_passage_text_t two[] = {
        { (char *)"Chinese Communist Party (CCP)", 29 },
        { (char *)"a Reciprocal Access Agreement (RAA)", 35 },
    };
    jf_buf_t out = JF_BUF_INIT;
    jf_acronyms_find(an, two, 2, &out);
    is_str(out.data, "ccp=chinese communist party;raa=reciprocal access "
           "agreement", "pairs from several passages, in order");
    jf_buf_free(&out);
    jf_analyzer_free(an);
}

int main(void)
{
    test_rules();
    test_corpus();
    test_headline_and_joins();
    test_duplicates();
    test_dates();
    test_sidecar();
    test_acronyms();
    return done_testing();
}
