/* wordnet.c - WordNet as the list of English words and names (see
 * wordnet.h).
 *
 * WordNet's index files (index.noun, ...) list every lemma, lower-cased
 * and sorted, with the offsets of its synsets in the data files, where
 * each lemma keeps its case: "NATO" is an abbreviation, "aid" a word.
 * A word is English when it, or the base form WordNet's own suffix rules
 * (morphy) give it, is a lemma written in lower case in one of its
 * synsets; a name when a lemma is written with capitals.  The files are
 * mapped once, on first use, read-only, so threads may share them.
 */
#include "wordnet.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"

#ifndef JF_WORDNET_DIR
#define JF_WORDNET_DIR "/usr/share/wordnet"
#endif

enum { NOUN, VERB, ADJ, ADV, NPOS };

static const char *const pos_names[NPOS] = { "noun", "verb", "adj", "adv" };

typedef struct {
    const char *map;
    size_t len;
} mapped_t;

static struct {
    pthread_once_t once;
    mapped_t index[NPOS], data[NPOS];
    bool ok;
} wn = { PTHREAD_ONCE_INIT, { { 0 } }, { { 0 } }, false };

static mapped_t map_file(const char *dir, const char *kind, const char *pos)
{
    mapped_t m = { NULL, 0 };
    char *path = jf_strprintf("%s/%s.%s", dir, kind, pos);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
                       0);
        if (p != MAP_FAILED) {
            m.map = p;
            m.len = (size_t)st.st_size;
        }
    }
    if (fd >= 0)
        close(fd);
    free(path);
    return m;
}

static void open_wordnet(void)
{
    const char *dir = getenv("JFSEARCH_WORDNET");
    if (!dir || !*dir)
        dir = JF_WORDNET_DIR;
    wn.ok = true;
    for (int p = 0; p < NPOS; p++) {
        wn.index[p] = map_file(dir, "index", pos_names[p]);
        wn.data[p] = map_file(dir, "data", pos_names[p]);
        wn.ok = wn.ok && wn.index[p].map && wn.data[p].map;
    }
}

bool jf_wordnet_available(void)
{
    pthread_once(&wn.once, open_wordnet);
    return wn.ok;
}

/* The start of the line holding byte AT of M. */
static size_t line_start(const mapped_t *m, size_t at)
{
    while (at > 0 && m->map[at - 1] != '\n')
        at--;
    return at;
}

/* Compares the first field of the line at AT (up to a space) with KEY. */
static int compare_lemma(const mapped_t *m, size_t at, const char *key)
{
    size_t k = 0;
    for (; at < m->len && m->map[at] != ' ' && m->map[at] != '\n'; at++, k++) {
        if (!key[k])
            return 1;
        if (m->map[at] != key[k])
            return (unsigned char)m->map[at] < (unsigned char)key[k] ? -1 : 1;
    }
    return key[k] ? -1 : 0;
}

/* The line of index file M whose lemma is KEY, or (size_t)-1.  The
 * licence lines at the top start with a space and sort first. */
static size_t find_lemma(const mapped_t *m, const char *key)
{
    size_t lo = 0, hi = m->len;
    while (lo < hi) {
        size_t mid = line_start(m, lo + (hi - lo) / 2);
        size_t end = mid;
        while (end < m->len && m->map[end] != '\n')
            end++;
        int c = m->map[mid] == ' ' ? -1 : compare_lemma(m, mid, key);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = end + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

/* The number of lemmas of the synset at OFFSET of data file M, with *P
 * at the space before the first ("offset lex_filenum ss_type w_cnt word
 * lex_id word lex_id ..."); 0 when OFFSET is outside M. */
static unsigned synset_start(const mapped_t *m, size_t offset, const char **p)
{
    const char *end = m->map + m->len;
    *p = end;
    if (offset >= m->len)
        return 0;
    const char *q = m->map + offset;
    for (int field = 0; field < 3 && q < end; field++) {
        while (q < end && *q != ' ')
            q++;
        q++;
    }
    if (q >= end)
        return 0;
    unsigned count = (unsigned)strtoul(q, NULL, 16);
    while (q < end && *q != ' ')
        q++;
    *p = q;
    return count;
}

/* Whether the synset at OFFSET of data file M has the lemma WORD written
 * in lower case (CAPS false) or with a capital (CAPS true); WordNet
 * writes spaces as '_'. */
static bool lemma_in(const mapped_t *m, size_t offset, const char *word,
                     bool caps)
{
    const char *p, *end = m->map + m->len;
    unsigned count = synset_start(m, offset, &p);
    for (unsigned i = 0; i < count && p < end; i++) {
        p++;
        const char *lemma = p;
        while (p < end && *p != ' ')
            p++;
        size_t n = (size_t)(p - lemma), k = 0;
        bool capital = false;
        while (k < n && word[k]) {
            char c = lemma[k];
            if (c >= 'A' && c <= 'Z') {
                capital = true;
                c = (char)(c + 32);
            }
            if (c != word[k] && !(c == '_' && word[k] == ' '))
                break;
            k++;
        }
        if (k == n && !word[k] && capital == caps)
            return true;
        p++;
        while (p < end && *p != ' ')  /* lex_id */
            p++;
    }
    return false;
}

/* Whether BASE is a lemma of part of speech POS, written in lower case
 * or (CAPS) with capitals. */
static bool is_lemma(int pos, const char *base, bool caps)
{
    const mapped_t *m = &wn.index[pos];
    size_t at = find_lemma(m, base);
    if (at == (size_t)-1)
        return false;
    /* "lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt
     * synset_offset..." */
    char line[4096];
    size_t n = 0;
    while (at + n < m->len && m->map[at + n] != '\n' && n + 1 < sizeof line) {
        line[n] = m->map[at + n];
        n++;
    }
    line[n] = '\0';
    char *save = NULL, *f = strtok_r(line, " ", &save);
    unsigned synsets = 0, pointers = 0;
    for (int i = 1; f && i < 4; i++) {
        f = strtok_r(NULL, " ", &save);
        if (i == 2 && f)
            synsets = (unsigned)strtoul(f, NULL, 10);
        if (i == 3 && f)
            pointers = (unsigned)strtoul(f, NULL, 10);
    }
    for (unsigned i = 0; f && i < pointers + 2; i++)
        f = strtok_r(NULL, " ", &save);
    for (unsigned i = 0; f && i < synsets; i++, f = strtok_r(NULL, " ", &save))
        if (lemma_in(&wn.data[pos], strtoul(f, NULL, 10), base, caps))
            return true;
    return false;
}

/* WordNet's suffix rules for each part of speech (morphy). */
static const struct {
    int pos;
    const char *suffix, *ending;
} rules[] = {
    { NOUN, "s", "" }, { NOUN, "ses", "s" }, { NOUN, "xes", "x" },
    { NOUN, "zes", "z" }, { NOUN, "ches", "ch" }, { NOUN, "shes", "sh" },
    { NOUN, "men", "man" }, { NOUN, "ies", "y" },
    { VERB, "s", "" }, { VERB, "ies", "y" }, { VERB, "es", "e" },
    { VERB, "es", "" }, { VERB, "ed", "e" }, { VERB, "ed", "" },
    { VERB, "ing", "e" }, { VERB, "ing", "" },
    { ADJ, "er", "" }, { ADJ, "est", "" }, { ADJ, "er", "e" },
    { ADJ, "est", "e" },
};

/* Whether WORD or a base form of it is a lemma, as is_lemma says. */
static bool lemma_or_base(const char *word, bool caps)
{
    if (!jf_wordnet_available() || !*word)
        return false;
    for (int pos = 0; pos < NPOS; pos++)
        if (is_lemma(pos, word, caps))
            return true;
    size_t len = strlen(word);
    char base[256];
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        size_t s = strlen(rules[r].suffix), e = strlen(rules[r].ending);
        if (len <= s || len - s + e >= sizeof base ||
            strcmp(word + len - s, rules[r].suffix) != 0)
            continue;
        memcpy(base, word, len - s);
        memcpy(base + len - s, rules[r].ending, e + 1);
        if (is_lemma(rules[r].pos, base, caps))
            return true;
    }
    return false;
}

bool jf_wordnet_is_word(const char *word)
{
    return lemma_or_base(word, false);
}

bool jf_wordnet_is_name(const char *word)
{
    return lemma_or_base(word, true);
}

/* ------------------------------------------------------------ variants */

/* Levenshtein distance of A and B, when at most 2 (else 3). */
static unsigned edits(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb + 2 || lb > la + 2 || lb >= 64)
        return 3;
    unsigned row[64], prev[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
        }
        memcpy(prev, row, (lb + 1) * sizeof *row);
    }
    return prev[lb] < 3 ? prev[lb] : 3;
}

/* Replaces each FROM in W (NUL-terminated, in place) by TO, no longer. */
static void replace_all(char *w, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to);
    for (char *at = strstr(w, from); at; at = strstr(at + lt, from)) {
        memcpy(at, to, lt);
        memmove(at + lt, at + lf, strlen(at + lf) + 1);
    }
}

/* Replaces the end FROM of W by TO (no longer), with or without a plural
 * "s" after it. */
static void replace_end(char *w, const char *from, const char *to)
{
    size_t n = strlen(w), lf = strlen(from);
    size_t s = n > 0 && w[n - 1] == 's' ? 1 : 0;
    if (n < lf + s || strncmp(w + n - s - lf, from, lf) != 0)
        return;
    char *at = w + n - s - lf;
    memcpy(at, to, strlen(to));
    memmove(at + strlen(to), at + lf, s + 1);
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* W (lower case) with the differences of English spelling conventions
 * taken out, into OUT (CAP bytes): British and American spellings, and
 * the other ways one word is spelt, come out alike ("organisation" and
 * "organization", "colour" and "color", "haematology" and "hematology",
 * "catalogue" and "catalog", "travelled" and "traveled", "well-being"
 * and "wellbeing"), while a derivation does not ("valuate" is not
 * "value", "pacificism" not "pacifism"). */
static void spelling_key(const char *w, char *out, size_t cap)
{
    size_t n = 0;
    for (; *w && n + 1 < cap; w++)
        if (*w != '-' && *w != '\'')
            out[n++] = *w;
    out[n] = '\0';
    static const char *const pairs[][2] = {
        { "ae", "e" }, { "oe", "e" }, { "ph", "f" }, { "ou", "o" },
        { "ence", "ense" }, { "ement", "ment" }, { "eing", "ing" },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        replace_all(out, pairs[i][0], pairs[i][1]);
    /* -ise, -isation, -yse: z before a vowel. */
    for (size_t i = 1; i + 1 < strlen(out); i++)
        if (out[i] == 's' && (out[i - 1] == 'i' || out[i - 1] == 'y') &&
            is_vowel(out[i + 1]))
            out[i] = 'z';
    replace_end(out, "ogue", "og");
    replace_end(out, "amme", "am");
    n = strlen(out);
    size_t s = n > 0 && out[n - 1] == 's' ? 1 : 0;
    if (n >= 3 + s && out[n - s - 2] == 'r' && out[n - s - 1] == 'e' &&
        !is_vowel(out[n - s - 3])) {
        out[n - s - 2] = 'e'; /* centre, fibre: -er */
        out[n - s - 1] = 'r';
    }
    /* One of a doubled consonant. */
    size_t k = 0;
    for (size_t i = 0; out[i]; i++)
        if (k == 0 || out[i] != out[k - 1] || is_vowel(out[i]))
            out[k++] = out[i];
    out[k] = '\0';
}

/* Whether A and B are one word spelt two ways (spelling_key). */
static bool spelt_alike(const char *a, const char *b)
{
    char ka[128], kb[128];
    spelling_key(a, ka, sizeof ka);
    spelling_key(b, kb, sizeof kb);
    return strcmp(ka, kb) == 0;
}

/* Whether LETTERS (lower case) are the initials of the words of NAME,
 * with or without its small words ("of", "the", ...). */
static bool initials_of(const char *letters, const char *name)
{
    static const char *const small[] = { "of", "the", "and", "for", "in",
                                         "on", "at", "to", "a", "an" };
    for (int with_small = 0; with_small < 2; with_small++) {
        char got[64];
        size_t n = 0;
        for (const char *w = name; *w && n + 1 < sizeof got;) {
            size_t len = strcspn(w, " -");
            bool is_small = false;
            for (size_t k = 0; k < sizeof small / sizeof small[0]; k++)
                is_small = is_small || (strlen(small[k]) == len &&
                                        strncmp(w, small[k], len) == 0);
            if (len > 0 && (with_small || !is_small))
                got[n++] = w[0];
            w += len;
            w += strspn(w, " -");
        }
        got[n] = '\0';
        if (n >= 2 && strcmp(got, letters) == 0)
            return true;
    }
    return false;
}

/* LEMMA (as the data file writes it, LEN bytes) into OUT: '_' as space,
 * an adjective's "(p)" marker dropped; *CAPS whether it has a capital,
 * *ALL_CAPS whether every letter is one; LOWER its lower-case form and
 * LETTERS its letters in lower case (for an acronym: "U.S." -> "us"). */
typedef struct {
    char text[128], lower[128], letters[128];
    bool caps, all_caps;
} lemma_t;

static bool lemma_read(const char *p, size_t len, lemma_t *l)
{
    size_t paren = 0;
    while (paren < len && p[paren] != '(')
        paren++;
    if (paren == 0 || paren >= sizeof l->text)
        return false;
    size_t nl = 0;
    l->caps = false;
    l->all_caps = true;
    for (size_t i = 0; i < paren; i++) {
        char c = p[i] == '_' ? ' ' : p[i];
        bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
        l->caps = l->caps || upper;
        l->all_caps = l->all_caps && !lower;
        l->text[i] = c;
        l->lower[i] = upper ? (char)(c + 32) : c;
        if (upper || lower)
            l->letters[nl++] = l->lower[i];
    }
    l->text[paren] = l->lower[paren] = '\0';
    l->letters[nl] = '\0';
    return true;
}

/* The lemmas of the synset at OFFSET of data file M that relate to
 * WORD (its own entry in the synset is SELF), told to FN. */
static size_t synset_variants(const mapped_t *m, size_t offset,
                              const char *word, jf_wordnet_fn fn, void *ctx)
{
    const char *p, *end = m->map + m->len;
    unsigned count = synset_start(m, offset, &p);
    lemma_t lemmas[32], self;
    size_t n = 0;
    bool found = false;
    for (unsigned i = 0; i < count && p < end; i++) {
        const char *l = ++p;
        while (p < end && *p != ' ')
            p++;
        lemma_t *into = n < 32 ? &lemmas[n] : NULL;
        if (into && lemma_read(l, (size_t)(p - l), into)) {
            if (!found && strcmp(into->lower, word) == 0) {
                self = *into;
                found = true;
            } else {
                n++;
            }
        }
        p++;
        while (p < end && *p != ' ' && *p != '\n') /* lex_id */
            p++;
    }
    size_t calls = 0;
    for (size_t i = 0; found && i < n; i++) {
        const lemma_t *o = &lemmas[i];
        if (!self.caps && !o->caps && !strchr(o->lower, ' ') &&
            !strchr(word, ' ') && strlen(word) >= 5 && strlen(o->lower) >= 5 &&
            o->lower[0] == word[0] && edits(word, o->lower) <= 2 &&
            spelt_alike(word, o->lower)) {
            fn(o->text, JF_WORDNET_SPELLING, ctx);
            calls++;
        } else if (o->all_caps && o->caps && initials_of(o->letters, word)) {
            fn(o->text, JF_WORDNET_ACRONYM, ctx);
            calls++;
        } else if (self.all_caps && self.caps &&
                   initials_of(self.letters, o->lower)) {
            fn(o->text, JF_WORDNET_FULL_NAME, ctx);
            calls++;
        }
    }
    return calls;
}

size_t jf_wordnet_variants(const char *lemma, jf_wordnet_fn fn, void *ctx)
{
    char key[128];
    size_t len = strlen(lemma);
    if (!jf_wordnet_available() || len == 0 || len >= sizeof key)
        return 0;
    for (size_t i = 0; i <= len; i++)
        key[i] = lemma[i] == ' ' ? '_' : lemma[i];
    size_t calls = 0;
    for (int pos = 0; pos < NPOS; pos++) {
        const mapped_t *m = &wn.index[pos];
        size_t at = find_lemma(m, key);
        if (at == (size_t)-1)
            continue;
        /* "lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt
         * tagsense_cnt synset_offset..." */
        const char *p = m->map + at, *end = m->map + m->len;
        unsigned fields[2] = { 0, 0 };
        for (int f = 0; f < 4 && p < end; f++) {
            while (p < end && *p != ' ')
                p++;
            p++;
            if (f >= 1 && f <= 2)
                fields[f - 1] = (unsigned)strtoul(p, NULL, 10);
        }
        /* p is at the first pointer symbol, if any. */
        for (unsigned skip = 0; skip < fields[1] + 2 && p < end; skip++) {
            while (p < end && *p != ' ')
                p++;
            p++;
        }
        for (unsigned s = 0; s < fields[0] && p < end && *p != '\n'; s++) {
            calls += synset_variants(&wn.data[pos], strtoul(p, NULL, 10),
                                     lemma, fn, ctx);
            while (p < end && *p != ' ' && *p != '\n')
                p++;
            if (p < end && *p == ' ')
                p++;
        }
    }
    return calls;
}
