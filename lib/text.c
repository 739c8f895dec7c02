/* text.c - the one definition of a word (see text.h for the rules).
 *
 * One left-to-right pass over the bytes.  A word is a "segment": a run of
 * word characters (Unicode L, N, M) that may hold an apostrophe or a
 * default-ignorable character (soft hyphen, zero-width joiner) between two
 * word characters.  Segments joined by a hyphen, or by '+' between two
 * digits, form a compound.  Each segment is normalised (case fold, accents
 * stripped, compatibility forms such as ligatures and full-width letters
 * replaced) into a fixed buffer, checked against the stopword list and
 * stemmed.
 *
 * Decisions the header leaves open, made once here for every caller:
 *   - Inner apostrophes stay in the word as ASCII ' (don't, don’t -> don't;
 *     o'brien).  Removing them would merge she'll with shell, we'll with
 *     well.  A possessive 's is dropped before normalisation, so China's,
 *     China’s and CHINA’S all give china, and it's gives it.
 *   - An apostrophe between digits and letters also stays inside (1990's ->
 *     1990, since the 's is possessive).
 *   - A token's bytes cover the word as written, possessive included
 *     (China’s), so the highlighter marks the whole written word.
 *   - Commas and periods are never inside words: 4,56 gives 4 and 56;
 *     U.S. gives u and s at consecutive positions.
 *   - JF_TOKEN_CAPS ignores the possessive: NATO's is written in capitals.
 *   - An acronym that spells a common word (US, WHO) keeps its capitals as
 *     its term when written in capitals, so "US" finds the country and not
 *     the pronoun; it is then not a stopword.
 *   - A word character that normalises to nothing (a lone combining mark)
 *     is not a word and takes no position.
 *   - Marks are stripped in every script (consistent, if rough for Indic
 *     vowel signs); a search engine for English news can afford it.
 *
 * Speed: ASCII words are lower-cased byte by byte; only words with other
 * characters go through utf8proc, one code point at a time into a buffer
 * the analyzer owns, so analysis allocates nothing.
 */
#include "text.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "hash.h"

/* utf8proc flags for a word: NFKC, case folded, marks and default
 * ignorables removed. */
#define NORM_OPTIONS                                                         \
    (UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |                \
     UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* Decomposed code points kept for one word.  Normalisation shrinks a word
 * by far less than 8x (Hangul composes 3 code points into 1), so a word
 * needing more is longer than JF_TERM_MAX bytes anyway. */
#define NORM_CODEPOINTS (8 * (JF_TERM_MAX + 1))
#define DECOMPOSITION_MAX 32 /* the longest single decomposition is 18 */

/* Recent stems, by word: a direct-mapped cache.  News repeats its words
 * (a passage's snippet stems every word of it, an article indexes most of
 * its words many times), and Snowball takes about 2,000 instructions a
 * word, several times what a lookup here costs.  Words longer than a slot
 * holds are stemmed each time. */
enum { STEM_SLOTS = 2048, STEM_SLOT_BYTES = 24 };

typedef struct {
    unsigned char word_len;     /* 0: empty */
    unsigned char stem_len;
    char word[STEM_SLOT_BYTES];
    char stem[STEM_SLOT_BYTES];
} stem_slot_t;

struct jf_analyzer {
    struct sb_stemmer *stemmer;
    utf8proc_int32_t codepoints[NORM_CODEPOINTS + DECOMPOSITION_MAX];
    stem_slot_t stems[STEM_SLOTS];
};

jf_analyzer_t *jf_analyzer_new(void)
{
    struct sb_stemmer *stemmer = sb_stemmer_new("english", "UTF_8");
    if (!stemmer)
        return NULL;
    jf_analyzer_t *a = jf_calloc(1, sizeof *a);
    a->stemmer = stemmer;
    return a;
}

void jf_analyzer_free(jf_analyzer_t *a)
{
    if (!a)
        return;
    sb_stemmer_delete(a->stemmer);
    free(a);
}

void jf_stem_word(jf_analyzer_t *a, const char *word, char *term)
{
    size_t len = strlen(word);
    stem_slot_t *slot = NULL;
    if (len > 0 && len < STEM_SLOT_BYTES) {
        uint64_t h = jf_fnv1a(JF_FNV_BASIS, word, len);
        slot = &a->stems[h & (STEM_SLOTS - 1)];
        if (slot->word_len == len && memcmp(slot->word, word, len) == 0) {
            memcpy(term, slot->stem, slot->stem_len);
            term[slot->stem_len] = '\0';
            return;
        }
    }
    const sb_symbol *stem =
        sb_stemmer_stem(a->stemmer, (const sb_symbol *)word, (int)len);
    if (!stem)
        jf_oom();
    size_t stem_len = (size_t)sb_stemmer_length(a->stemmer);
    /* Snowball English only shortens or rewrites suffixes; keep the word
     * rather than cut a stem that would not fit. */
    if (stem_len > JF_TERM_MAX) {
        stem = (const sb_symbol *)word;
        stem_len = len > JF_TERM_MAX ? JF_TERM_MAX : len;
    }
    memcpy(term, stem, stem_len);
    term[stem_len] = '\0';
    if (slot && stem_len < STEM_SLOT_BYTES) {
        slot->word_len = (unsigned char)len;
        slot->stem_len = (unsigned char)stem_len;
        memcpy(slot->word, word, len);
        memcpy(slot->stem, stem, stem_len);
    }
}

/* ------------------------------------------------------------ stopwords */

/* Snowball's English stop list (snowballstem.org, english/stop.txt),
 * normalised by the rules above and sorted bytewise for bsearch.  Its 's
 * contractions (he's, that's, ...) normalise to words already listed,
 * except let's, whose "let" is a content word and is left out. */
static const char *const stopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "am",
    "an", "and", "any", "are", "aren't", "as", "at", "be",
    "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can't", "cannot", "could", "couldn't", "did", "didn't", "do",
    "does", "doesn't", "doing", "don't", "down", "during", "each", "few",
    "for", "from", "further", "had", "hadn't", "has", "hasn't", "have",
    "haven't", "having", "he", "he'd", "he'll", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "i", "i'd", "i'll",
    "i'm", "i've", "if", "in", "into", "is", "isn't", "it",
    "its", "itself", "me", "more", "most", "mustn't", "my", "myself",
    "no", "nor", "not", "of", "off", "on", "once", "only",
    "or", "other", "ought", "our", "ours", "ourselves", "out", "over",
    "own", "same", "shan't", "she", "she'd", "she'll", "should", "shouldn't",
    "so", "some", "such", "than", "that", "the", "their", "theirs",
    "them", "themselves", "then", "there", "these", "they", "they'd", "they'll",
    "they're", "they've", "this", "those", "through", "to", "too", "under",
    "until", "up", "very", "was", "wasn't", "we", "we'd", "we'll",
    "we're", "we've", "were", "weren't", "what", "when", "where", "which",
    "while", "who", "whom", "why", "with", "won't", "would", "wouldn't",
    "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself",
    "yourselves",
};

static int compare_word(const void *key, const void *entry)
{
    return strcmp(key, *(const char *const *)entry);
}

bool jf_is_stopword(const char *word)
{
    return bsearch(word, stopwords, sizeof stopwords / sizeof *stopwords,
                   sizeof *stopwords, compare_word) != NULL;
}

/* ---------------------------------------------------------------- UTF-8 */

bool jf_utf8_valid(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        /* utf8proc_iterate rejects overlongs, surrogates and > U+10FFFF. */
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0)
            return false;
        i += (size_t)n;
    }
    return true;
}

size_t jf_utf8_char_len(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)len, &cp);
    return n > 0 ? (size_t)n : 1;
}

/* ------------------------------------------------------ character kinds */

typedef enum {
    KIND_OTHER,     /* ends a word: space, punctuation, invalid byte */
    KIND_WORD,      /* letter, digit or mark */
    KIND_APOSTROPHE,
    KIND_IGNORABLE, /* default ignorable: kept inside a word, then dropped */
    KIND_HYPHEN,
    KIND_PLUS
} kind_t;

typedef struct {
    size_t len;        /* bytes */
    kind_t kind;
    int category;      /* utf8proc category, for word characters */
} char_info_t;

/* Kinds and categories of the ASCII characters. */
static const unsigned char ascii_kind[128] = {
    ['0' ... '9'] = KIND_WORD, ['A' ... 'Z'] = KIND_WORD,
    ['a' ... 'z'] = KIND_WORD, ['\''] = KIND_APOSTROPHE,
    ['-'] = KIND_HYPHEN, ['+'] = KIND_PLUS,
};
static const unsigned char ascii_category[128] = {
    ['0' ... '9'] = UTF8PROC_CATEGORY_ND, ['A' ... 'Z'] = UTF8PROC_CATEGORY_LU,
    ['a' ... 'z'] = UTF8PROC_CATEGORY_LL,
};

static bool is_word_category(int category)
{
    return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_NO;
}

/* Classifies the character at S (N > 0 bytes left). */
static void classify(const unsigned char *s, size_t n, char_info_t *c)
{
    if (*s < 0x80) {
        c->len = 1;
        c->kind = ascii_kind[*s];
        c->category = ascii_category[*s];
        return;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate(s, (utf8proc_ssize_t)n, &cp);
    c->category = UTF8PROC_CATEGORY_CN;
    if (len < 0) {
        c->len = 1;
        c->kind = KIND_OTHER;
        return;
    }
    c->len = (size_t)len;
    switch (cp) {
    case 0x2019: case 0x2018: case 0x02BC: /* ’ ‘ ʼ (ʼ is a letter, Lm) */
        c->kind = KIND_APOSTROPHE;
        return;
    case 0x2010: case 0x2011:
        c->kind = KIND_HYPHEN;
        return;
    }
    const utf8proc_property_t *prop = utf8proc_get_property(cp);
    c->category = prop->category;
    if (is_word_category(prop->category))
        c->kind = KIND_WORD;
    else if (prop->ignorable)
        c->kind = KIND_IGNORABLE;
    else
        c->kind = KIND_OTHER;
}

static bool is_upper_category(int category)
{
    return category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT;
}

static bool is_letter_category(int category)
{
    return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

/* ------------------------------------------------------------- segments */

/* One word as written, before normalisation. */
typedef struct {
    size_t start, end;   /* bytes of the word as written */
    size_t norm_end;     /* end of the part normalised (before a possessive) */
    unsigned upper, other_letters; /* letters in [start, norm_end) */
    bool ends_in_digit;
} segment_t;

/* Scans the segment starting at the word character at TEXT[I]. */
static void scan_segment(const unsigned char *text, size_t len, size_t i,
                         segment_t *seg)
{
    char_info_t c;
    size_t apostrophe = SIZE_MAX;      /* an apostrophe right before I */
    size_t last_apostrophe = SIZE_MAX; /* one right before the last character */
    int last_category = UTF8PROC_CATEGORY_CN;
    unsigned char last_byte = 0;

    seg->start = i;
    seg->upper = seg->other_letters = 0;
    while (i < len) {
        classify(text + i, len - i, &c);
        if (c.kind == KIND_APOSTROPHE || c.kind == KIND_IGNORABLE) {
            /* Inside the word only between two word characters. */
            char_info_t next;
            size_t after = i + c.len;
            if (after >= len)
                break;
            classify(text + after, len - after, &next);
            if (next.kind != KIND_WORD)
                break;
            if (c.kind == KIND_APOSTROPHE)
                apostrophe = i;
            i = after;
            c = next;
        } else if (c.kind != KIND_WORD) {
            break;
        }
        if (is_upper_category(c.category))
            seg->upper++;
        else if (is_letter_category(c.category))
            seg->other_letters++;
        last_category = c.category;
        last_byte = text[i];
        last_apostrophe = apostrophe;
        apostrophe = SIZE_MAX;
        i += c.len;
    }
    seg->end = i;
    seg->norm_end = i;
    seg->ends_in_digit = last_category == UTF8PROC_CATEGORY_ND;
    /* A possessive: an apostrophe, then s as the last character. */
    if (last_apostrophe != SIZE_MAX && (last_byte == 's' || last_byte == 'S')) {
        seg->norm_end = last_apostrophe;
        if (last_byte == 'S')
            seg->upper--;
        else
            seg->other_letters--;
    }
}

/* Normalises an all-ASCII segment (apostrophes may be curly) into WORD.
 * Returns the length, JF_TERM_MAX + 1 when too long, or -1 when the
 * segment holds other non-ASCII characters. */
static int normalise_ascii(const unsigned char *text, const segment_t *seg,
                           char *word)
{
    size_t n = 0;
    for (size_t i = seg->start; i < seg->norm_end;) {
        unsigned char b = text[i];
        if (b >= 0x80) {
            /* Only a curly apostrophe: 2 bytes (U+02BC) or 3 (U+2018/9). */
            if (b == 0xCA && text[i + 1] == 0xBC)
                i += 2;
            else if (b == 0xE2 && text[i + 1] == 0x80 &&
                     (text[i + 2] == 0x98 || text[i + 2] == 0x99))
                i += 3;
            else
                return -1;
            b = '\'';
        } else {
            i++;
            if (b >= 'A' && b <= 'Z')
                b += 'a' - 'A';
        }
        if (n == JF_TERM_MAX)
            return JF_TERM_MAX + 1;
        word[n++] = (char)b;
    }
    word[n] = '\0';
    return (int)n;
}

/* Decomposes one code point of a word into DST (DECOMPOSITION_MAX code
 * points); returns how many, or more than DECOMPOSITION_MAX when they do
 * not fit.  A compatibility form that would bring a non-word character
 * into the word (½ -> 1⁄2, ⑵ -> (2)) is not used: ½ stays ½, not 12. */
static utf8proc_ssize_t decompose(utf8proc_int32_t cp, utf8proc_int32_t *dst)
{
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, dst, DECOMPOSITION_MAX,
                                                 NORM_OPTIONS, &boundclass);
    for (utf8proc_ssize_t k = 0; k < n && n <= DECOMPOSITION_MAX; k++)
        if (!is_word_category(utf8proc_category(dst[k])))
            return utf8proc_decompose_char(cp, dst, DECOMPOSITION_MAX,
                                           NORM_OPTIONS & ~UTF8PROC_COMPAT,
                                           &boundclass);
    return n;
}

/* Normalises any segment through utf8proc; returns as normalise_ascii. */
static int normalise_unicode(jf_analyzer_t *a, const unsigned char *text,
                             const segment_t *seg, char *word)
{
    utf8proc_int32_t *cps = a->codepoints;
    utf8proc_ssize_t count = 0;
    for (size_t i = seg->start; i < seg->norm_end;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len =
            utf8proc_iterate(text + i, (utf8proc_ssize_t)(seg->norm_end - i), &cp);
        i += (size_t)len; /* valid: scan_segment only takes valid characters */
        if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == '\'') {
            cps[count++] = '\'';
        } else {
            utf8proc_ssize_t added = decompose(cp, cps + count);
            if (added > DECOMPOSITION_MAX)
                return JF_TERM_MAX + 1;
            if (added > 0)
                count += added;
        }
        if (count > NORM_CODEPOINTS)
            return JF_TERM_MAX + 1;
    }
    count = utf8proc_normalize_utf32(cps, count, NORM_OPTIONS);

    size_t n = 0;
    for (utf8proc_ssize_t k = 0; k < count; k++) {
        utf8proc_int32_t cp = cps[k];
        utf8proc_uint8_t bytes[4];
        size_t len = (size_t)utf8proc_encode_char(cp, bytes);
        if (n + len > JF_TERM_MAX)
            return JF_TERM_MAX + 1;
        memcpy(word + n, bytes, len);
        n += len;
    }
    /* A stripped mark next to an apostrophe can leave one at an edge. */
    size_t first = 0;
    while (first < n && word[first] == '\'')
        first++;
    while (n > first && word[n - 1] == '\'')
        n--;
    memmove(word, word + first, n - first);
    n -= first;
    word[n] = '\0';
    return (int)n;
}

/* ------------------------------------------------------------- analysis */

/* The compound being read: parts so far and their joined form. */
typedef struct {
    size_t start;
    unsigned first_pos, parts;
    unsigned upper, other_letters;
    bool too_long;
    size_t len;
    char joined[JF_TERM_MAX + 1];
} compound_t;

static unsigned token_flags(const char *word, unsigned upper, unsigned other)
{
    unsigned flags = 0;
    if (upper >= 2 && other == 0)
        flags |= JF_TOKEN_CAPS;
    if (jf_is_stopword(word))
        flags |= JF_TOKEN_STOP;
    return flags;
}

/* Acronyms in capitals that read as common words in lower case. */
static const char *const stopword_acronyms[] = { "us", "who" };

/* Gives TOK the capitalised term of a stopword acronym written in capitals
 * ("US" -> term "US"), leaving every other token as it is. */
static void keep_acronym(jf_token_t *tok)
{
    if (!(tok->flags & JF_TOKEN_CAPS))
        return;
    for (size_t i = 0; i < sizeof stopword_acronyms / sizeof *stopword_acronyms; i++) {
        if (strcmp(tok->word, stopword_acronyms[i]) == 0) {
            size_t n = 0;
            for (; tok->word[n]; n++)
                tok->term[n] = (char)(tok->word[n] - 'a' + 'A');
            tok->term[n] = '\0';
            tok->flags &= ~(unsigned)JF_TOKEN_STOP;
            return;
        }
    }
}

/* Adds the normalised part WORD (LEN bytes, or too long) to COMP, joined
 * after SEPARATOR ('+' or 0). */
static void compound_add(compound_t *comp, const char *word, int len,
                         const segment_t *seg, char separator)
{
    comp->parts++;
    comp->upper += seg->upper;
    comp->other_letters += seg->other_letters;
    if (len > JF_TERM_MAX)
        comp->too_long = true;
    if (comp->too_long)
        return;
    size_t need = (size_t)len + (separator && comp->len ? 1 : 0);
    if (comp->len + need > JF_TERM_MAX) {
        comp->too_long = true;
        return;
    }
    if (separator && comp->len)
        comp->joined[comp->len++] = separator;
    memcpy(comp->joined + comp->len, word, (size_t)len);
    comp->len += (size_t)len;
    comp->joined[comp->len] = '\0';
}

unsigned jf_analyze(jf_analyzer_t *a, const char *text, size_t len,
                    unsigned first_pos, jf_token_fn fn, void *ctx)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned pos = first_pos;
    size_t i = 0;
    jf_token_t tok;
    char_info_t c;

    while (i < len) {
        classify(s + i, len - i, &c);
        if (c.kind != KIND_WORD) {
            i += c.len;
            continue;
        }
        compound_t comp = { .start = i, .first_pos = pos };
        char separator = 0;
        for (;;) {
            segment_t seg;
            scan_segment(s, len, i, &seg);
            int wlen = normalise_ascii(s, &seg, tok.word);
            if (wlen < 0)
                wlen = normalise_unicode(a, s, &seg, tok.word);
            if (wlen > 0) {
                compound_add(&comp, tok.word, wlen, &seg, separator);
                if (wlen <= JF_TERM_MAX) {
                    tok.start = seg.start;
                    tok.end = seg.end;
                    tok.pos = pos;
                    tok.flags = token_flags(tok.word, seg.upper, seg.other_letters);
                    jf_stem_word(a, tok.word, tok.term);
                    keep_acronym(&tok);
                    if (fn(&tok, ctx))
                        return pos + 1;
                }
                pos++;
            }
            i = seg.end;

            /* A hyphen between word characters, or + between digits,
             * continues the compound. */
            if (i >= len)
                break;
            char_info_t joiner, next;
            classify(s + i, len - i, &joiner);
            if (joiner.kind != KIND_HYPHEN &&
                !(joiner.kind == KIND_PLUS && seg.ends_in_digit))
                break;
            if (i + joiner.len >= len)
                break;
            classify(s + i + joiner.len, len - i - joiner.len, &next);
            if (next.kind != KIND_WORD ||
                (joiner.kind == KIND_PLUS && next.category != UTF8PROC_CATEGORY_ND))
                break;
            separator = joiner.kind == KIND_PLUS ? '+' : 0;
            i += joiner.len;
        }
        if (comp.parts >= 2 && !comp.too_long) {
            memcpy(tok.word, comp.joined, comp.len + 1);
            tok.start = comp.start;
            tok.end = i;
            tok.pos = comp.first_pos;
            tok.flags = JF_TOKEN_JOINED |
                        token_flags(tok.word, comp.upper, comp.other_letters);
            jf_stem_word(a, tok.word, tok.term);
            if (fn(&tok, ctx))
                return pos;
        }
    }
    return pos;
}
