/* test_snippet.c - what the reader sees of a passage, and what is marked.
 *
 * Sentences are copied from corpus/.  Expected snippets are written with
 * the highlighted bytes in [brackets], so a wrong offset shows as a wrong
 * string.  Patterns are written as stems ("agreement", "reciproc access
 * agreement"), '|' between patterns.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "snippet.h"
#include "tap.h"
#include "text.h"

#define ELLIPSIS "\xE2\x80\xA6"

static jf_analyzer_t *analyzer;

/* Fills H from PATTERNS: terms split at spaces, patterns at '|'. */
static void highlight_of(jf_patterns_t *h, const char *patterns)
{
    char *copy = jf_strdup(patterns), *save = NULL;
    for (char *p = strtok_r(copy, "|", &save); p; p = strtok_r(NULL, "|", &save)) {
        const char *terms[8];
        size_t n = 0;
        char *save2 = NULL;
        for (char *t = strtok_r(p, " ", &save2); t && n < 8; t = strtok_r(NULL, " ", &save2))
            terms[n++] = t;
        jf_patterns_add(h, terms, n);
    }
    free(copy);
}

static void snip(const char *text, const char *patterns, size_t max,
                 jf_snippet_t *s)
{
    jf_patterns_t h = JF_PATTERNS_INIT;
    highlight_of(&h, patterns);
    jf_snippet_make(analyzer, text, strlen(text), &h, max, s);
    jf_patterns_free(&h);
}

/* The snippet text with each span in brackets; the caller frees. */
static char *marked(const jf_snippet_t *s)
{
    jf_buf_t b = JF_BUF_INIT;
    size_t at = 0;
    for (size_t i = 0; i < s->nspans; i++) {
        jf_buf_append(&b, s->text + at, s->spans[i].start - at);
        jf_buf_putc(&b, '[');
        jf_buf_append(&b, s->text + s->spans[i].start,
                      s->spans[i].end - s->spans[i].start);
        jf_buf_putc(&b, ']');
        at = s->spans[i].end;
    }
    jf_buf_append(&b, s->text + at, s->len - at);
    return jf_buf_release(&b);
}

/* Checks TEXT with PATTERNS shows as WANT (spans bracketed) with MATCHES
 * pattern occurrences. */
static void check(const char *text, const char *patterns, size_t max,
                  const char *want, size_t matches, const char *what)
{
    jf_snippet_t s;
    snip(text, patterns, max, &s);
    char *got = marked(&s);
    is_str(got, want, "%s", what);
    is_int(s.matches, matches, "%s: %zu matches", what, matches);
    free(got);
    jf_snippet_free(&s);
}

/* The promises every snippet keeps: NUL-terminated valid UTF-8, spans in
 * order, disjoint, inside the text, on character boundaries. */
static bool well_formed(const jf_snippet_t *s)
{
    if (!s->text || s->text[s->len] != '\0' || !jf_utf8_valid(s->text, s->len))
        return false;
    size_t last = 0;
    for (size_t i = 0; i < s->nspans; i++) {
        const jf_span_t *sp = &s->spans[i];
        if (sp->start < last || sp->start >= sp->end || sp->end > s->len ||
            (i > 0 && sp->start == last) ||
            !jf_utf8_valid(s->text + sp->start, sp->end - sp->start))
            return false;
        last = sp->end;
    }
    return true;
}

/* Joins PARTS with SEP; the caller frees. */
static char *join(const char *const *parts, size_t n, const char *sep)
{
    jf_buf_t b = JF_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            jf_buf_puts(&b, sep);
        jf_buf_puts(&b, parts[i]);
    }
    return jf_buf_release(&b);
}

/* corpus/003_65e0add68ad93af0.txt, paragraph by paragraph. */
static const char *const article[] = {
    "Japan And France Strengthen Their Defence And Economic Security Cooperation.",
    "Japan has been actively advocating for a “free and open Indo-Pacific” as a "
    "countermeasure against China’s ascent. Conversely, France holds a strategic "
    "interest in the region due to its overseas territories in the South Pacific, "
    "such as New Caledonia.",
    "In a significant geopolitical realignment, Japan and France have reached a new "
    "agreement aimed at enhancing defence and economic security cooperation between "
    "their nations. This strategic move is a direct response to China’s expanding "
    "influence in the Indo-Pacific region.",
    "Japan has been actively advocating for a “free and open Indo-Pacific” as a "
    "countermeasure against China’s ascent. Conversely, France holds a strategic "
    "interest in the region due to its overseas territories in the South Pacific, "
    "such as New Caledonia.",
    "The announcement of this agreement followed a telephone conversation between "
    "Prime Minister Fumio Kishida and French President Emmanuel Macron. It "
    "establishes a roadmap for collaboration across various domains until 2027, with "
    "a strong emphasis on upholding a free and open international order based on the "
    "principles of the rule of law.",
    "Furthermore, both countries have agreed to convene a working-level meeting on "
    "economic security shortly. They have also affirmed their commitment to cooperate "
    "in developing resilient supply chains for critical minerals, including rare "
    "earths. This is particularly significant given the current vulnerabilities in "
    "global supply chains and the strategic importance of rare earth minerals in "
    "industries such as technology and defence.",
    "In terms of defence, Japan and France have expressed their intention to expedite "
    "discussions on finalizing a Reciprocal Access Agreement (RAA). This agreement "
    "would facilitate the seamless deployment of their respective forces for joint "
    "exercises or disaster relief operations. Japan already has RAAs in place with "
    "Australia and Britain, and the inclusion of France in this list would further "
    "fortify its defence ties.",
    "This agreement holds broader implications for the geopolitical landscape. "
    "Japan’s partnerships with the United Kingdom, France, Germany, and NATO have "
    "become increasingly vital in an era of escalating strategic competition.",
    "These partnerships acknowledge the significance of safeguarding the "
    "international order. This agreement between Japan and France is a strategic "
    "move that not only strengthens their bilateral ties but also has significant "
    "implications for the geopolitical situation in the Indo-Pacific region.",
};
enum { NARTICLE = sizeof article / sizeof article[0] };

static void test_single_terms(void)
{
    const char *text = "In terms of defence, Japan and France have expressed their "
        "intention to expedite discussions on finalizing a Reciprocal Access "
        "Agreement (RAA). This agreement would facilitate the seamless deployment "
        "of their respective forces for joint exercises or disaster relief operations.";
    jf_snippet_t s;
    snip(text, "agreement", 1000, &s);
    size_t first = (size_t)(strstr(text, "Agreement") - text);
    size_t second = (size_t)(strstr(text, "agreement") - text);
    is_int(s.nspans, 2, "agreement: both words marked");
    if (s.nspans == 2) {
        is_int(s.spans[0].start, first, "first span starts at 'Agreement'");
        is_int(s.spans[0].end, first + 9, "first span ends after 'Agreement'");
        is_int(s.spans[1].start, second, "second span starts at 'agreement'");
        is_int(s.spans[1].end, second + 9, "second span ends after 'agreement'");
    }
    is_str(s.text, text, "short passage shown whole");
    ok(well_formed(&s), "single terms: snippet well formed");
    jf_snippet_free(&s);

    check(text, "agreement", 1000,
          "In terms of defence, Japan and France have expressed their intention "
          "to expedite discussions on finalizing a Reciprocal Access [Agreement] "
          "(RAA). This [agreement] would facilitate the seamless deployment of "
          "their respective forces for joint exercises or disaster relief operations.",
          2, "a term marks every form of the word, nothing else");
    check("Japan and France have already concluded several security agreements, "
          "notably on defense equipment and technology transfer.",
          "agreement|defens", 1000,
          "Japan and France have already concluded several security [agreements], "
          "notably on [defense] equipment and technology transfer.",
          2, "plural marked for the stem, two patterns");
}

static void test_phrases(void)
{
    const char *raa = "traditional pacifism. Japan has signed reciprocal access "
                      "agreements (RAA) with Australia and the United Kingdom.";
    check(raa, "reciproc access agreement", 1000,
          "traditional pacifism. Japan has signed [reciprocal access agreements] "
          "(RAA) with Australia and the United Kingdom.",
          1, "phrase marked as one span");
    check(raa, "reciproc access agreement|access", 1000,
          "traditional pacifism. Japan has signed [reciprocal access agreements] "
          "(RAA) with Australia and the United Kingdom.",
          2, "a word inside a phrase merges into the phrase's span");
    check("The two nations’ foreign and defense ministers are also likely to "
          "discuss the launch of negotiations for the Reciprocal Access Agreement, "
          "a defense cooperation deal to facilitate the smoother deployment of "
          "their forces to each other, according to the sources.",
          "reciproc access agreement|defens", 1000,
          "The two nations’ foreign and [defense] ministers are also likely to "
          "discuss the launch of negotiations for the [Reciprocal Access Agreement], "
          "a [defense] cooperation deal to facilitate the smoother deployment of "
          "their forces to each other, according to the sources.",
          3, "phrase and word patterns together");
    const char *apart = "Japan, France leaders vow to strengthen ties as Paris eyes "
        "more access\n\nJapanese officials said they hoped to reach an agreement "
        "to deepen their defense cooperation in new areas, including space and cyber.";
    check(apart, "access agreement", 1000,
          "Japan, France leaders vow to strengthen ties as Paris eyes more access "
          "Japanese officials said they hoped to reach an agreement to deepen their "
          "defense cooperation in new areas, including space and cyber.",
          0, "phrase terms not side by side: nothing marked");
    check(apart, "access agreement|agreement", 1000,
          "Japan, France leaders vow to strengthen ties as Paris eyes more access "
          "Japanese officials said they hoped to reach an [agreement] to deepen "
          "their defense cooperation in new areas, including space and cyber.",
          1, "only the lone-word pattern marks when the phrase is absent");
}

static void test_compounds(void)
{
    const char *tokyo = "Tokyo: The foreign and defense ministers of Japan and France "
        "spoke on Thursday as the two countries seek to deepen security ties in "
        "the Indo-Pacific region, where tensions have risen amid a military "
        "buildup in the China and North Korea’s nuclear and missile development.";
    const char *want = "Tokyo: The foreign and defense ministers of Japan and France "
        "spoke on Thursday as the two countries seek to deepen security ties in "
        "the [Indo-Pacific] region, where tensions have risen amid a military "
        "buildup in the China and North Korea’s nuclear and missile development.";
    check(tokyo, "indopacif", 1000, want, 1, "joined form marks the whole compound");
    check(tokyo, "indo pacif", 1000, want, 1, "phrase of the parts marks it as one span");
    check(tokyo, "indo pacif|indopacif", 1000, want, 2,
          "parts and joined form (as a query gives) make one span");
    check(tokyo, "pacif region", 1000,
          "Tokyo: The foreign and defense ministers of Japan and France "
          "spoke on Thursday as the two countries seek to deepen security ties in "
          "the Indo-[Pacific region], where tensions have risen amid a military "
          "buildup in the China and North Korea’s nuclear and missile development.",
          1, "a phrase runs on from a compound's last part");

    const char *pacifism = "in a step away from its\n\ntraditional pacifism. "
        "France has overseas territories in the Indo-Pacific and stations armed "
        "forces in the region.";
    check(pacifism, "indo pacif", 1000,
          "in a step away from its traditional pacifism. France has overseas "
          "territories in the [Indo-Pacific] and stations armed forces in the region.",
          1, "compound phrase does not mark a lone word with the same stem");
    check(pacifism, "pacif", 1000,
          "in a step away from its traditional [pacifism]. France has overseas "
          "territories in the Indo-[Pacific] and stations armed forces in the region.",
          2, "a lone stem marks what the index matched: pacifism and Pacific");
}

static void test_possessive(void)
{
    const char *title = "Japan, France mull deepening security ties to counter China’s rise";
    jf_snippet_t s;
    snip(title, "china", 1000, &s);
    char *got = marked(&s);
    /* The token covers the word as written, so the possessive is marked. */
    is_str(got, "Japan, France mull deepening security ties to counter [China’s] rise",
           "curly possessive: the span covers China’s");
    if (s.nspans == 1)
        is_int(s.spans[0].end - s.spans[0].start, strlen("China’s"),
               "span is the 9 bytes of China’s");
    free(got);
    jf_snippet_free(&s);
}

static void test_window(void)
{
    char *text = join(article, NARTICLE, "\n\n");
    char *flat = join(article, NARTICLE, " ");
    jf_snippet_t s;

    snip(text, "reciproc access agreement", 200, &s);
    char *got = marked(&s);
    ok(strstr(got, "[Reciprocal Access Agreement]") != NULL,
       "long passage: the window holds the phrase");
    ok(strncmp(s.text, ELLIPSIS, 3) == 0 && s.len >= 3 &&
       strcmp(s.text + s.len - 3, ELLIPSIS) == 0,
       "window cut at both ends is marked with … at both ends");
    ok(s.len <= 200 && s.len >= 150, "window is about 200 bytes (%zu)", s.len);
    is_int(s.matches, 1, "matches counts the whole passage");
    ok(well_formed(&s), "window well formed");
    /* The text between the ellipses is whole words of the passage. */
    char *inner = jf_strndup(s.text + 3, s.len - 6);
    char *at = strstr(flat, inner);
    ok(at && at > flat && at[-1] == ' ' && at[strlen(inner)] == ' ',
       "window cut between words: '%s'", inner);
    free(inner);
    free(got);
    jf_snippet_free(&s);

    snip(text, "agreement", 200, &s);
    got = marked(&s);
    ok(strstr(got, "Reciprocal Access [Agreement] (RAA). This [agreement] would") != NULL,
       "window goes where the matches are thickest: %s", got);
    is_int(s.nspans, 2, "window holds the two close matches");
    is_int(s.matches, 6, "six agreements in the whole passage");
    free(got);
    jf_snippet_free(&s);

    snip(text, "taiwan", 120, &s);
    ok(strncmp(s.text, "Japan And France Strengthen Their Defence", 41) == 0,
       "no match: the window is the beginning");
    ok(strcmp(s.text + s.len - 3, ELLIPSIS) == 0 && s.nspans == 0 && s.matches == 0,
       "no match: cut at the end only, nothing marked");
    ok(s.len <= 120 && s.text[s.len - 4] != ' ', "no match: about 120 bytes, word end");
    jf_snippet_free(&s);

    jf_patterns_t none = JF_PATTERNS_INIT;
    jf_snippet_make(analyzer, text, strlen(text), &none, 120, &s);
    ok(strncmp(s.text, "Japan And France", 16) == 0 && s.nspans == 0,
       "no patterns at all: the beginning");
    jf_snippet_free(&s);

    snip(text, "indopacif", 100000, &s);
    is_str(s.text, flat, "passage within max_bytes: whole, white space collapsed");
    is_int(s.nspans, 4, "all four Indo-Pacific marked");
    jf_snippet_free(&s);

    snip(text, "new caledonia", strlen(flat), &s);
    is_str(s.text, flat, "collapsed length exactly max_bytes: whole passage");
    jf_snippet_free(&s);

    /* The last words of the passage: cut at the start only. */
    snip(text, "situat", 150, &s);
    got = marked(&s);
    ok(strncmp(s.text, ELLIPSIS, 3) == 0 &&
       strstr(got, "geopolitical [situation] in the Indo-Pacific region.") != NULL &&
       strcmp(got + strlen(got) - 7, "region.") == 0,
       "match near the end: cut at the start only: %s", got);
    free(got);
    jf_snippet_free(&s);
    free(text);
    free(flat);
}

static void test_white_space(void)
{
    check("Ministers from the two allies had earlier this month instructed their "
          "respective ministries to accelerate progress on\n\ntalks ... for a "
          "permanent framework that would improve the administrative, legal, and "
          "political procedures to conduct joint military exercises.",
          "talk", 1000,
          "Ministers from the two allies had earlier this month instructed their "
          "respective ministries to accelerate progress on [talks] ... for a "
          "permanent framework that would improve the administrative, legal, and "
          "political procedures to conduct joint military exercises.",
          1, "blank line between words becomes one space, span moved with it");
    check("\xC2\xA0 \xC2\xA0 \xC2\xA0 \"I also hope that we will be able to pursue the "
          "bilateral roadmap defined together,\" President Emmanuel Macron said "
          "ahead of talks with Kishida.\n",
          "macron", 1000,
          "\"I also hope that we will be able to pursue the bilateral roadmap "
          "defined together,\" President Emmanuel [Macron] said ahead of talks "
          "with Kishida.",
          1, "leading no-break spaces and trailing newline trimmed");
    check("Japan approved three key defense\xC2\xA0" "documents in December,\xC2\xA0 "
          "including the National Security Strategy, which refers to China as "
          "Japan’s “greatest challenge.”",
          "document|japan", 1000,
          "[Japan] approved three key defense [documents] in December, including "
          "the National Security Strategy, which refers to China as [Japan’s] "
          "“greatest challenge.”",
          3, "no-break spaces shown as plain spaces");

    jf_snippet_t s;
    snip(" \n\t ", "japan", 10, &s);
    ok(s.len == 0 && s.text[0] == '\0' && s.nspans == 0, "white space only: empty snippet");
    jf_snippet_free(&s);
    snip("", "japan", 10, &s);
    ok(s.len == 0 && s.text[0] == '\0' && s.nspans == 0, "empty passage: empty snippet");
    jf_snippet_free(&s);
}

/* Every max_bytes from 0 up, on multibyte text: never broken UTF-8, spans
 * always well formed; with room for a few words, never a cut word. */
static void test_cuts(void)
{
    static const char *const texts[] = {
        "👀 👁 🧿 All eyes on Biogen, up +4,56% after posting earnings. Our AI "
        "picked it in March 2024.",
        "Japan has been actively advocating for a “free and open Indo-Pacific” as "
        "a countermeasure against China’s ascent. Conversely, France holds a "
        "strategic interest in the region due to its overseas territories in the "
        "South Pacific, such as New Caledonia.",
        "© 2007-2024 - Fusion Media Limited. All Rights Reserved.",
        /* Unspaced text: cuts must fall between characters. */
        "日本とフランスは、インド太平洋地域での安全保障協力を強化することで合意した。"
        "日本とフランスは、インド太平洋地域での安全保障協力を強化することで合意した。",
    };
    static const char *const patterns[] = {
        "biogen|ai", "china|indo pacif|caledonia", "fusion media", "japan",
    };
    int broken = 0, cut_words = 0;
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        size_t len = strlen(texts[t]);
        for (size_t max = 0; max <= len + 2; max++) {
            jf_snippet_t s;
            snip(texts[t], patterns[t], max, &s);
            if (!well_formed(&s)) {
                if (broken++ < 5)
                    printf("# text %zu max %zu: broken snippet '%s'\n", t, max, s.text);
            } else if (t < 3 && max >= 40) {
                const char *body = s.text, *end = s.text + s.len;
                if (strncmp(body, ELLIPSIS, 3) == 0)
                    body += 3;
                if (end - body >= 3 && strcmp(end - 3, ELLIPSIS) == 0)
                    end -= 3;
                char *inner = jf_strndup(body, (size_t)(end - body));
                const char *at = strstr(texts[t], inner);
                size_t n = strlen(inner);
                if (!at || (at > texts[t] && at[-1] != ' ') ||
                    (at[n] != '\0' && at[n] != ' ')) {
                    if (cut_words++ < 5)
                        printf("# text %zu max %zu: cut inside a word '%s'\n", t, max, s.text);
                }
                free(inner);
            }
            jf_snippet_free(&s);
        }
    }
    is_int(broken, 0, "every max_bytes: valid UTF-8, well-formed spans");
    is_int(cut_words, 0, "max_bytes >= 40: windows end between words");
}

static void test_highlight_set(void)
{
    jf_patterns_t h = JF_PATTERNS_INIT;
    highlight_of(&h, "china|china|indo pacif|pacif indo|indo|indo pacif");
    is_int(h.n, 4, "equal patterns kept once; order and length matter");
    if (h.n == 4)
        ok(h.items[1].n == 2 && strcmp(h.items[1].terms[0], "indo") == 0 &&
           strcmp(h.items[1].terms[1], "pacif") == 0, "terms copied in order");
    jf_patterns_free(&h);
    ok(h.n == 0 && h.items == NULL, "freed highlight is empty again");
}

int main(void)
{
    analyzer = jf_analyzer_new();
    if (!analyzer) {
        printf("Bail out! no English stemmer\n");
        return 1;
    }
    test_single_terms();
    test_phrases();
    test_compounds();
    test_possessive();
    test_window();
    test_white_space();
    test_cuts();
    test_highlight_set();
    jf_analyzer_free(analyzer);
    return done_testing();
}
