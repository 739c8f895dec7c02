/* test_text.c - the word definition, as a user of search sees it.
 *
 * Whatever the indexer stores and the query parser looks up comes from
 * jf_analyze, so these checks are the contract: which spellings meet,
 * where compounds match, which bytes a highlight covers.
 *
 * Tokens are shown as "term@pos[start,end)" followed by J (joined form of
 * a compound), C (written in capitals) and S (stopword) when flagged.
 */
#include <dirent.h>
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "tap.h"
#include "text.h"

typedef struct {
    jf_token_t *tokens;
    size_t n, cap;
    size_t stop_after; /* stop the analysis after this many tokens (0: never) */
} tokens_t;

static int collect(const jf_token_t *t, void *ctx)
{
    tokens_t *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->tokens = jf_realloc(l->tokens, l->cap * sizeof *l->tokens);
    }
    l->tokens[l->n++] = *t;
    return l->stop_after && l->n == l->stop_after;
}

static jf_analyzer_t *analyzer;

static tokens_t analyse_from(const char *text, size_t len, unsigned first_pos,
                             unsigned *next_pos)
{
    tokens_t l = { 0 };
    unsigned next = jf_analyze(analyzer, text, len, first_pos, collect, &l);
    if (next_pos)
        *next_pos = next;
    return l;
}

static tokens_t analyse(const char *text)
{
    return analyse_from(text, strlen(text), 1, NULL);
}

/* "term@pos[start,end)FLAGS ..." for every token of TEXT, from position 1. */
static char *describe(const char *text)
{
    tokens_t l = analyse(text);
    jf_buf_t b = JF_BUF_INIT;
    for (size_t i = 0; i < l.n; i++) {
        const jf_token_t *t = &l.tokens[i];
        jf_buf_printf(&b, "%s%s@%u[%zu,%zu)%s%s%s", i ? " " : "", t->term,
                      t->pos, t->start, t->end,
                      t->flags & JF_TOKEN_JOINED ? "J" : "",
                      t->flags & JF_TOKEN_CAPS ? "C" : "",
                      t->flags & JF_TOKEN_STOP ? "S" : "");
    }
    free(l.tokens);
    return jf_buf_release(&b);
}

/* The normalised words of TEXT, space-separated. */
static char *words_of(const char *text)
{
    tokens_t l = analyse(text);
    jf_buf_t b = JF_BUF_INIT;
    for (size_t i = 0; i < l.n; i++)
        jf_buf_printf(&b, "%s%s", i ? " " : "", l.tokens[i].word);
    free(l.tokens);
    return jf_buf_release(&b);
}

/* The terms of TEXT, space-separated. */
static char *terms_of(const char *text)
{
    tokens_t l = analyse(text);
    jf_buf_t b = JF_BUF_INIT;
    for (size_t i = 0; i < l.n; i++)
        jf_buf_printf(&b, "%s%s", i ? " " : "", l.tokens[i].term);
    free(l.tokens);
    return jf_buf_release(&b);
}

/* The written text each token covers, "|"-separated. */
static char *spans_of(const char *text)
{
    tokens_t l = analyse(text);
    jf_buf_t b = JF_BUF_INIT;
    for (size_t i = 0; i < l.n; i++) {
        if (i)
            jf_buf_putc(&b, '|');
        jf_buf_append(&b, text + l.tokens[i].start,
                      l.tokens[i].end - l.tokens[i].start);
    }
    free(l.tokens);
    return jf_buf_release(&b);
}

#define CHECK(fn, text, want)                                                \
    do {                                                                     \
        char *got_ = fn(text);                                               \
        is_str(got_, want, #fn " %s", text);                                 \
        free(got_);                                                          \
    } while (0)

static void test_case_and_accents(void)
{
    CHECK(words_of, "NATO Nato nato", "nato nato nato");
    CHECK(words_of, "Élysée Sébastien Straße", "elysee sebastien strasse");
    CHECK(words_of, "ÉLYSÉE élysée", "elysee elysee");
    CHECK(words_of, "naïve café", "naive cafe");
    /* a combining accent (x + U+0301) is dropped like a precomposed one */
    CHECK(words_of, "cafe\xcc\x81", "cafe");
    CHECK(words_of, "ﬁnance", "finance"); /* the fi ligature */
    CHECK(words_of, "inter\u00adnational", "international"); /* soft hyphen */
    CHECK(words_of, "ＴＯＫＹＯ", "tokyo"); /* full-width letters */
    char *plain = terms_of("Elysee Sebastien"), *accented = terms_of("Élysée Sébastien");
    is_str(accented, plain, "accented and plain spellings give the same terms");
    free(plain);
    free(accented);
}

static void test_apostrophes(void)
{
    /* straight, right and left single quotes and the modifier apostrophe */
    CHECK(terms_of, "China's China’s CHINA’S China‘s Chinaʼs",
          "china china china china china");
    CHECK(words_of, "China's China’s CHINA’S", "china china china");
    CHECK(spans_of, "China’s rise", "China’s|rise");
    CHECK(words_of, "nations’ nations'", "nations nations");
    CHECK(spans_of, "the nations’ ties", "the|nations|ties");
    CHECK(words_of, "don't don’t", "don't don't");
    CHECK(describe, "don’t", "don't@1[0,7)S");
    /* apostrophes stay inside, so these do not merge with shell, well */
    CHECK(describe, "she'll shell we'll well",
          "she'll@1[0,6)S shell@2[7,12) we'll@3[13,18)S well@4[19,23)");
    CHECK(words_of, "O’Brien's", "o'brien");
    CHECK(words_of, "'tis 'quoted'", "tis quoted");
    CHECK(words_of, "1990's", "1990");
}

static void test_compounds(void)
{
    CHECK(describe, "Indo-Pacific",
          "indo@1[0,4) pacif@2[5,12) indopacif@1[0,12)J");
    CHECK(describe, "G-7", "g@1[0,1) 7@2[2,3) g7@1[0,3)J");
    CHECK(describe, "post-war", "post@1[0,4) war@2[5,8) postwar@1[0,8)J");
    CHECK(describe, "build-up",
          "build@1[0,5) up@2[6,8)S buildup@1[0,8)J");
    CHECK(describe, "2+2", "2@1[0,1) 2@2[2,3) 2+2@1[0,3)J");
    CHECK(describe, "two-plus-two",
          "two@1[0,3) plus@2[4,8) two@3[9,12) twoplustwo@1[0,12)J");
    CHECK(words_of, "Jean-Yves", "jean yves jeanyves");
    CHECK(words_of, "Indo-Pacific’s", "indo pacific indopacific");

    /* U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN join like '-' */
    CHECK(describe, "Indo\u2010Pacific",
          "indo@1[0,4) pacif@2[7,14) indopacif@1[0,14)J");
    CHECK(describe, "Indo\u2011Pacific",
          "indo@1[0,4) pacif@2[7,14) indopacif@1[0,14)J");

    /* not compounds */
    CHECK(describe, "a - b", "a@1[0,1)S b@2[4,5)");
    CHECK(describe, "pre- and post",
          "pre@1[0,3) and@2[5,8)S post@3[9,13)");
    CHECK(describe, "-x x-", "x@1[1,2) x@2[3,4)");
    CHECK(describe, "2+a C++", "2@1[0,1) a@2[2,3)S c@3[4,5)");
    CHECK(describe, "1990–2000", "1990@1[0,4) 2000@2[7,11)"); /* en dash */
    CHECK(describe, "a--b", "a@1[0,1)S b@2[3,4)");

    unsigned next;
    tokens_t l = analyse_from("two-plus-two is", 15, 1, &next);
    is_int(next, 5, "a three-part compound takes three positions");
    free(l.tokens);
}

static void test_compound_matches_phrase(void)
{
    tokens_t spaced = analyse("indo pacific");
    tokens_t joined = analyse("Indo-Pacific");
    size_t parts = 0;
    bool same = spaced.n == 2;
    for (size_t i = 0; i < joined.n; i++) {
        const jf_token_t *t = &joined.tokens[i];
        if (t->flags & JF_TOKEN_JOINED)
            continue;
        same = same && parts < spaced.n &&
               strcmp(t->term, spaced.tokens[parts].term) == 0 &&
               t->pos == spaced.tokens[parts].pos;
        parts++;
    }
    ok(same && parts == 2,
       "Indo-Pacific's parts are the terms of 'indo pacific' at the same positions");
    free(spaced.tokens);
    free(joined.tokens);
}

static void test_stemming(void)
{
    CHECK(terms_of, "agreements Agreement AGREEMENTS",
          "agreement agreement agreement");
    CHECK(terms_of, "islands Island", "island island");
    char term[JF_TERM_MAX + 1];
    jf_stem_word(analyzer, "agreements", term);
    is_str(term, "agreement", "jf_stem_word stems like the analyzer");
    jf_stem_word(analyzer, "indopacific", term);
    is_str(term, "indopacif", "a compound's joined form stems as one word");
}

/* Stems come from a cache of recent words (text.c): with thousands of
 * words, slots are shared and overwritten, and each word must still get
 * Snowball's own stem, however often and in whatever order it comes. */
static void test_stem_cache(void)
{
    static const char *const roots[] = { "agree", "connect", "secur",
        "island", "rare", "minist", "export", "nation", "defen", "tariff",
        "govern", "report", "trade", "summit", "patrol", "treat" };
    static const char *const ends[] = { "", "s", "ing", "ed", "ment",
        "ments", "ity", "ies", "er", "ers", "ation", "ations", "al", "ally",
        "ness", "ive" };
    struct sb_stemmer *sb = sb_stemmer_new("english", "UTF_8");
    char words[4096][24];
    size_t n = 0;
    for (size_t i = 0; i < 16; i++)
        for (size_t j = 0; j < 16; j++)
            for (char c = 'a'; c <= 'p' && n < 4096; c++)
                snprintf(words[n++], sizeof words[0], "%c%s%s", c, roots[i],
                         ends[j]);
    size_t wrong = 0;
    char term[JF_TERM_MAX + 1];
    for (int round = 0; round < 3; round++)
        for (size_t k = 0; k < n; k++) {
            /* Rounds in different orders: forwards, backwards, strided. */
            size_t i = round == 0 ? k : round == 1 ? n - 1 - k
                                                   : (k * 613) % n;
            jf_stem_word(analyzer, words[i], term);
            const sb_symbol *want = sb_stemmer_stem(
                sb, (const sb_symbol *)words[i], (int)strlen(words[i]));
            int want_len = sb_stemmer_length(sb);
            if ((int)strlen(term) != want_len ||
                memcmp(term, want, (size_t)want_len) != 0)
                wrong++;
        }
    is_int(wrong, 0, "%zu words stemmed three times over, in three orders, "
           "each as Snowball stems it", n);
    sb_stemmer_delete(sb);
}

static void test_caps(void)
{
    CHECK(describe, "US us", "US@1[0,2)C us@2[3,5)");
    CHECK(terms_of, "WHO who US-led", "WHO who US led usl");
    CHECK(describe, "Japan I RAA", "japan@1[0,5) i@2[6,7)S raa@3[8,11)C");
    CHECK(describe, "NATO's", "nato@1[0,6)C");
    CHECK(describe, "CHINA’S", "china@1[0,9)C");
    CHECK(describe, "US-China",
          "US@1[0,2)C china@2[3,8) uschina@1[0,8)J");
    CHECK(describe, "CCP-NATO",
          "ccp@1[0,3)C nato@2[4,8)C ccpnato@1[0,8)JC");
}

static void test_stopwords(void)
{
    ok(jf_is_stopword("the"), "'the' is a stopword");
    ok(jf_is_stopword("a") && jf_is_stopword("yourselves"),
       "the first and last words of the list are stopwords");
    ok(!jf_is_stopword("us"), "'us' is not a stopword (US = United States)");
    ok(!jf_is_stopword("japan") && !jf_is_stopword(""),
       "'japan' and the empty word are not stopwords");
    ok(!jf_is_stopword("The"), "jf_is_stopword takes normalised words");

    /* Snowball's English stop list, as written there: every entry is
     * flagged when analysed, except let's, which normalises to the
     * content word "let". */
    static const char snowball[] =
        "i me my myself we our ours ourselves you your yours yourself "
        "yourselves he him his himself she her hers herself it its itself "
        "they them their theirs themselves what which who whom this that "
        "these those am is are was were be been being have has had having "
        "do does did doing would should could ought i'm you're he's she's "
        "it's we're they're i've you've we've they've i'd you'd he'd she'd "
        "we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't "
        "wasn't weren't hasn't haven't hadn't doesn't don't didn't won't "
        "wouldn't shan't shouldn't can't cannot couldn't mustn't that's "
        "who's what's here's there's when's where's why's how's a an the "
        "and but if or because as until while of at by for with about "
        "against between into through during before after above below to "
        "from up down in out on off over under again further then once "
        "here there when where why how all any both each few more most "
        "other some such no nor not only own same so than too very";
    tokens_t l = analyse(snowball);
    size_t flagged = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (l.tokens[i].flags & JF_TOKEN_STOP)
            flagged++;
        else
            printf("# not a stopword: %s\n", l.tokens[i].word);
    }
    is_int(l.n, 173, "the Snowball list (without let's) is 173 words");
    is_int(flagged, l.n, "every word of the Snowball list is flagged a stopword");
    free(l.tokens);
    CHECK(describe, "let's", "let@1[0,5)");
}

static void test_long_words(void)
{
    char text[512];
    char a64[65], a65[66];
    memset(a64, 'a', 64);
    a64[64] = '\0';
    memset(a65, 'a', 65);
    a65[65] = '\0';

    snprintf(text, sizeof text, "x %s y", a65);
    CHECK(describe, text, "x@1[0,1) y@3[68,69)");
    snprintf(text, sizeof text, "x %s y", a64);
    tokens_t l = analyse(text);
    ok(l.n == 3 && strcmp(l.tokens[1].word, a64) == 0 && l.tokens[2].pos == 3,
       "a word of exactly JF_TERM_MAX bytes is kept");
    free(l.tokens);

    /* the limit applies after normalisation: 40 é (80 bytes) is 40 e */
    text[0] = '\0';
    for (int i = 0; i < 40; i++)
        strcat(text, "é");
    l = analyse(text);
    ok(l.n == 1 && strlen(l.tokens[0].word) == 40 && l.tokens[0].end == 80,
       "40 accented letters (80 bytes) make a 40-byte word");
    free(l.tokens);
    /* 33 ß fold to 66 bytes of ss */
    text[0] = '\0';
    for (int i = 0; i < 33; i++)
        strcat(text, "ß");
    strcat(text, " z");
    CHECK(describe, text, "z@2[67,68)");

    /* a compound with a too-long part has no joined form */
    snprintf(text, sizeof text, "x-%s y", a65);
    CHECK(describe, text, "x@1[0,1) y@3[68,69)");
}

static void test_offsets(void)
{
    CHECK(spans_of, "«Élysée», Sébastien’s co-operation (2+2=4)!",
          "Élysée|Sébastien’s|co|operation|co-operation|2|2|2+2|4");
    CHECK(spans_of, "  leading and trailing  ", "leading|and|trailing");
    CHECK(spans_of, "U.S. 4,56%", "U|S|4|56");
}

static void test_utf8(void)
{
    ok(jf_utf8_valid("", 0), "the empty string is valid UTF-8");
    ok(jf_utf8_valid("plain", 5), "ASCII is valid UTF-8");
    ok(jf_utf8_valid("Élysée ’ 한 \xf0\x9f\x98\x80", 21),
       "2-, 3- and 4-byte characters are valid");
    ok(jf_utf8_valid("\xf4\x8f\xbf\xbf", 4), "U+10FFFF is valid");
    ok(!jf_utf8_valid("\xc0\xaf", 2), "an overlong 2-byte '/' is invalid");
    ok(!jf_utf8_valid("\xe0\x80\xaf", 3), "an overlong 3-byte '/' is invalid");
    ok(!jf_utf8_valid("\xf0\x80\x80\xaf", 4), "an overlong 4-byte '/' is invalid");
    ok(!jf_utf8_valid("\xed\xa0\x80", 3), "a surrogate (U+D800) is invalid");
    ok(!jf_utf8_valid("\xf4\x90\x80\x80", 4), "U+110000 is invalid");
    ok(!jf_utf8_valid("ok\xe2\x80", 4), "a truncated sequence is invalid");
    ok(!jf_utf8_valid("\xff", 1), "byte 0xFF is invalid");
    ok(!jf_utf8_valid("\x80", 1), "a lone continuation byte is invalid");
    ok(!jf_utf8_valid("é", 1), "a sequence cut by LEN is invalid");

    is_int(jf_utf8_char_len("é", 2), 2, "é is 2 bytes");
    is_int(jf_utf8_char_len("’", 3), 3, "’ is 3 bytes");
    is_int(jf_utf8_char_len("a", 1), 1, "a is 1 byte");
    is_int(jf_utf8_char_len("\xff", 1), 1, "an invalid byte counts as 1");
    is_int(jf_utf8_char_len("é", 1), 1, "never past LEN");
    is_int(jf_utf8_char_len("", 0), 0, "nothing left is 0");

    /* invalid bytes in text (which callers should have rejected) separate
     * words and never end up inside one */
    CHECK(spans_of, "ab\xff" "cd\xed\xa0\x80" "ef", "ab|cd|ef");
}

static void test_empty_and_chaining(void)
{
    unsigned next;
    tokens_t l = analyse_from("", 0, 7, &next);
    ok(l.n == 0 && next == 7, "empty text: no tokens, position unchanged");
    free(l.tokens);
    l = analyse_from(" \t\n\r\n  ", 7, 7, &next);
    ok(l.n == 0 && next == 7, "whitespace only: no tokens, position unchanged");
    free(l.tokens);
    l = analyse_from("... — !? “” -", 19, 7, &next);
    ok(l.n == 0 && next == 7, "punctuation only: no tokens");
    free(l.tokens);

    /* a document analysed in two pieces numbers its words straight on */
    l = analyse_from("Japan and France", 16, 1, &next);
    is_int(next, 4, "three words from position 1 end at 4");
    free(l.tokens);
    l = analyse_from("spoke", 5, next, &next);
    ok(l.n == 1 && l.tokens[0].pos == 4 && next == 5,
       "the next piece continues at the returned position");
    free(l.tokens);

    /* only the part length counts: a whole string's tail is not read */
    l = analyse_from("Japan and France", 5, 1, &next);
    ok(l.n == 1 && next == 2, "LEN bounds the analysis");
    free(l.tokens);

    /* the callback stops the analysis */
    tokens_t stopper = { .stop_after = 1 };
    next = jf_analyze(analyzer, "one two three", 13, 1, collect, &stopper);
    ok(stopper.n == 1 && next == 2,
       "a non-zero return stops after that token; returns the next position");
    free(stopper.tokens);
    stopper = (tokens_t){ .stop_after = 3 };
    next = jf_analyze(analyzer, "Indo-Pacific region", 19, 1, collect, &stopper);
    ok(stopper.n == 3 && next == 3,
       "stopping at a joined form returns the position after the compound");
    free(stopper.tokens);
}

/* ---------------------------------------------------------- the corpus */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    jf_buf_t b = JF_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        jf_buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return jf_buf_release(&b);
}

static bool same_tokens(const tokens_t *x, const tokens_t *y)
{
    if (x->n != y->n)
        return false;
    for (size_t i = 0; i < x->n; i++) {
        const jf_token_t *a = &x->tokens[i], *b = &y->tokens[i];
        if (a->start != b->start || a->end != b->end || a->pos != b->pos ||
            a->flags != b->flags || strcmp(a->word, b->word) != 0 ||
            strcmp(a->term, b->term) != 0)
            return false;
    }
    return true;
}

/* Every token is well-formed, and analysing the bytes it covers gives the
 * same term again: what the highlighter marks is what was indexed. */
static bool tokens_sound(const char *text, size_t len, const tokens_t *l,
                         unsigned next_pos, const char *name)
{
    unsigned last_pos = 0;
    bool any_part = false;
    for (size_t i = 0; i < l->n; i++) {
        const jf_token_t *t = &l->tokens[i];
        const char *why = NULL;
        if (!(t->start < t->end && t->end <= len))
            why = "offsets out of range";
        else if (!t->word[0] || !t->term[0])
            why = "empty word or term";
        else if (t->pos < 1 || t->pos >= next_pos)
            why = "position outside [first_pos, returned position)";
        else if (!(t->flags & JF_TOKEN_JOINED) && any_part && t->pos <= last_pos)
            why = "positions do not increase";
        if (!why) {
            tokens_t again = analyse_from(text + t->start, t->end - t->start, 1, NULL);
            const jf_token_t *last = again.n ? &again.tokens[again.n - 1] : NULL;
            if (!last || strcmp(last->term, t->term) != 0 ||
                ((t->flags & JF_TOKEN_JOINED) == 0) != (again.n == 1))
                why = "re-analysing the token's bytes gives another term";
            free(again.tokens);
        }
        if (why) {
            printf("# %s: token %zu '%s' [%zu,%zu) @%u: %s\n", name, i,
                   t->word, t->start, t->end, t->pos, why);
            return false;
        }
        if (!(t->flags & JF_TOKEN_JOINED)) {
            last_pos = t->pos;
            any_part = true;
        }
    }
    return true;
}

static bool has_term(const tokens_t *l, const char *term)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->tokens[i].term, term) == 0)
            return true;
    return false;
}

static char *corpus_dir(void)
{
    const char *top = getenv("top_srcdir");
    jf_buf_t b = JF_BUF_INIT;
    if (top && *top) {
        jf_buf_printf(&b, "%s/corpus", top);
    } else {
        /* __FILE__ is .../tests/test_text.c: the corpus is ../corpus */
        const char *file = __FILE__, *slash = strrchr(file, '/');
        if (slash)
            jf_buf_printf(&b, "%.*s/../corpus", (int)(slash - file), file);
        else
            jf_buf_puts(&b, "../corpus");
    }
    return jf_buf_release(&b);
}

static void test_corpus(void)
{
    char *dir = corpus_dir();
    DIR *d = opendir(dir);
    ok(d != NULL, "corpus directory %s opens", dir);
    if (!d) {
        free(dir);
        return;
    }
    struct dirent *e;
    int files = 0;
    bool saw_china = false, saw_indopacif = false;
    jf_analyzer_t *other = jf_analyzer_new();
    while ((e = readdir(d)) != NULL) {
        size_t nlen = strlen(e->d_name);
        if (nlen < 5 || strcmp(e->d_name + nlen - 4, ".txt") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *text = read_file(path, &len);
        if (!ok(text != NULL, "%s reads", e->d_name))
            continue;
        files++;
        ok(jf_utf8_valid(text, len), "%s is valid UTF-8", e->d_name);

        unsigned next1, next2;
        tokens_t first = analyse_from(text, len, 1, &next1);
        tokens_t second = { 0 };
        next2 = jf_analyze(other, text, len, 1, collect, &second);
        ok(first.n > 100, "%s has words (%zu tokens)", e->d_name, first.n);
        ok(same_tokens(&first, &second) && next1 == next2,
           "%s: two analyzers give identical tokens", e->d_name);
        ok(tokens_sound(text, len, &first, next1, e->d_name),
           "%s: every token lies in the text and re-analyses to its term",
           e->d_name);
        saw_china = saw_china || has_term(&first, "china");
        saw_indopacif = saw_indopacif || has_term(&first, "indopacif");
        free(first.tokens);
        free(second.tokens);
        free(text);
    }
    closedir(d);
    jf_analyzer_free(other);
    ok(files >= 5, "the corpus has its 5 articles (%d found)", files);
    /* the first article speaks of "China’s rise" in the "Indo-Pacific" */
    ok(saw_china && saw_indopacif,
       "the corpus yields the terms china (from China’s) and indopacif");
    free(dir);
}

int main(void)
{
    analyzer = jf_analyzer_new();
    if (!ok(analyzer != NULL, "libstemmer has an English stemmer"))
        return done_testing();

    test_case_and_accents();
    test_apostrophes();
    test_compounds();
    test_compound_matches_phrase();
    test_stemming();
    test_stem_cache();
    test_caps();
    test_stopwords();
    test_long_words();
    test_offsets();
    test_utf8();
    test_empty_and_chaining();
    test_corpus();

    jf_analyzer_free(analyzer);
    return done_testing();
}
