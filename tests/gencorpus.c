/* gencorpus.c - a deterministic news-like corpus for the test suite.
 *
 * The crash, scale, parallel-build and shard tests need hundreds of
 * articles whose contents they can predict; this generator makes them
 * from a fixed grammar and a pseudo-random stream seeded per article, so
 * the suite needs nothing from outside the repository and runs the same
 * everywhere, under `make distcheck` too.
 *
 *   gencorpus --articles N --out DIR [--manifest FILE] [--nest]
 *             [--gzip-every G] [--seed S]
 *
 * Article i (art0000000.txt, art0000001.txt, ...) depends only on i and
 * the seed, never on N, so a corpus of 800 articles starts with the 600 of
 * a smaller one.  Each article is a headline, a blank line and 6 to 14
 * paragraphs of whole sentences (so cleaning keeps every one: each is a
 * passage).  Content words follow a Zipf-like law over a vocabulary that
 * grows with the corpus, as real text does.  Three phrases are planted at
 * exact rates, each in one body paragraph of the articles it goes into:
 * "Senkaku Islands" in every 40th article, "rare earths" every 100th and
 * "reciprocal access agreement" every 500th; the words senkaku, reciprocal
 * and earth(s) occur nowhere else.  The manifest (JSON) gives the counts
 * a test checks searches against.  With --nest files go into one folder
 * per hundred articles; with --gzip-every G every G-th article is written
 * gzipped (.txt.gz).  File times are fixed, so two runs give identical
 * trees.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>
#include <zlib.h>

enum { HEADLINE_WORDS_MIN = 4, PARAGRAPHS_MIN = 6, PARAGRAPHS_SPAN = 9 };

/* A fixed modification time for every file: 2024-01-01T00:00:00Z. */
#define FILE_TIME 1704067200

typedef struct {
    uint64_t state;
} rng_t;

/* splitmix64: small, fast and well mixed, so seeds next to each other
 * give unrelated streams. */
static uint64_t next(rng_t *r)
{
    uint64_t z = (r->state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static unsigned below(rng_t *r, unsigned n)
{
    return (unsigned)(next(r) % n);
}

static double uniform(rng_t *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* The head of the vocabulary: real words, most frequent first. */
static const char *const nouns[] = {
    "government", "minister", "officials", "security", "talks", "agreement",
    "trade", "policy", "region", "defence", "economy", "report", "market",
    "leaders", "forces", "election", "budget", "energy", "exports", "summit",
    "parliament", "treaty", "alliance", "investment", "industry", "growth",
    "ministry", "delegation", "coalition", "inflation", "tariffs", "border",
    "kernel", "memory", "keyring", "network", "satellite", "shipping",
    "fisheries", "harbour", "railway", "pipeline", "currency", "sanctions",
    "negotiations", "committee", "ambassador", "visit", "exercise", "navy",
};
static const char *const verbs[] = {
    "discussed", "announced", "signed", "rejected", "welcomed", "reviewed",
    "expanded", "criticised", "approved", "delayed", "proposed", "reported",
    "questioned", "supported", "examined", "outlined", "confirmed",
};
static const char *const adjectives[] = {
    "new", "joint", "economic", "regional", "military", "national",
    "annual", "bilateral", "foreign", "domestic", "public", "strategic",
    "maritime", "digital", "industrial", "diplomatic", "local", "global",
};
static const char *const places[] = {
    "Tokyo", "Paris", "Beijing", "Canberra", "Manila", "Seoul", "Hanoi",
    "Jakarta", "Delhi", "Berlin", "London", "Ottawa", "Nairobi", "Lima",
};
static const char *const days[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
};
static const char *const syllables[] = {
    "ka", "lo", "mer", "tan", "vi", "so", "ren", "da", "pol", "qui", "bra",
    "nel", "tor", "fu", "gan", "shi", "wen", "zor", "lia", "mun",
};

/* Words the planted phrases own: never produced otherwise. */
static bool reserved(const char *word)
{
    return strstr(word, "senkaku") || strstr(word, "reciprocal") ||
           strstr(word, "earth") || strstr(word, "diaoyu");
}

/* The content word of Zipf rank R: the real nouns first, then made-up
 * words spelled from R's digits in syllables, so the tail is endless. */
static const char *content_word(unsigned rank, char buf[64])
{
    if (rank < COUNT(nouns))
        return nouns[rank];
    unsigned n = rank - (unsigned)COUNT(nouns) + 7;
    size_t len = 0;
    buf[0] = '\0';
    do {
        const char *s = syllables[n % COUNT(syllables)];
        size_t k = strlen(s);
        if (len + k >= 63)
            break;
        memcpy(buf + len, s, k + 1);
        len += k;
        n /= COUNT(syllables);
    } while (n > 0);
    if (reserved(buf))
        strcat(buf, "x");
    return buf;
}

/* A rank drawn with probability about 1/rank over a vocabulary of
 * VOCAB words. */
static unsigned zipf(rng_t *r, unsigned vocab)
{
    double x = exp2(uniform(r) * log2((double)vocab + 1)) - 1;
    unsigned rank = (unsigned)x;
    return rank < vocab ? rank : vocab - 1;
}

typedef struct {
    char *data;
    size_t len, cap;
} text_t;

static void put(text_t *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->data = realloc(t->data, t->cap);
        if (!t->data) {
            fputs("gencorpus: out of memory\n", stderr);
            exit(2);
        }
    }
    memcpy(t->data + t->len, s, n + 1);
    t->len += n;
}

static void put_capitalised(text_t *t, const char *s)
{
    char first[2] = { s[0] >= 'a' && s[0] <= 'z' ? (char)(s[0] - 32) : s[0],
                      '\0' };
    put(t, first);
    put(t, s + 1);
}

/* One sentence ending in a full stop, from one of four shapes. */
static void sentence(text_t *t, rng_t *r, unsigned vocab)
{
    char a[64], b[64];
    const char *subject = content_word(zipf(r, vocab), a);
    const char *object = content_word(zipf(r, vocab), b);
    const char *adj = adjectives[below(r, COUNT(adjectives))];
    const char *verb = verbs[below(r, COUNT(verbs))];
    const char *place = places[below(r, COUNT(places))];
    switch (below(r, 4)) {
    case 0:
        put(t, "The ");
        put(t, adj);
        put(t, " ");
        put(t, subject);
        put(t, " ");
        put(t, verb);
        put(t, " the ");
        put(t, object);
        put(t, " in ");
        put(t, place);
        break;
    case 1:
        put(t, "On ");
        put(t, days[below(r, COUNT(days))]);
        put(t, " officials in ");
        put(t, place);
        put(t, " ");
        put(t, verb);
        put(t, " a ");
        put(t, adj);
        put(t, " ");
        put(t, object);
        break;
    case 2:
        put_capitalised(t, subject);
        put(t, " and ");
        put(t, object);
        put(t, " were ");
        put(t, verb);
        put(t, " by the ");
        put(t, adj);
        put(t, " committee");
        break;
    default:
        put(t, "Analysts said the ");
        put(t, subject);
        put(t, " would shape ");
        put(t, adj);
        put(t, " ");
        put(t, object);
        put(t, " for years");
        break;
    }
    put(t, ". ");
}

typedef struct {
    const char *phrase;
    unsigned every, offset;
    unsigned long articles;
} planted_t;

static planted_t planted[] = {
    { "Senkaku Islands", 40, 3, 0 },
    { "rare earths", 100, 42, 0 },
    { "reciprocal access agreement", 500, 17, 0 },
};

/* Article I's text, with the number of passages in *PASSAGES. */
static void article(text_t *t, unsigned long i, uint64_t seed,
                    unsigned *passages)
{
    rng_t r = { seed * UINT64_C(1000003) + i };
    /* The vocabulary grows with the article number, as Heaps' law has it
     * for a growing corpus. */
    unsigned vocab = 200 + (unsigned)(40 * sqrt((double)i + 1));
    char w[64];

    unsigned words = HEADLINE_WORDS_MIN + below(&r, 5);
    for (unsigned k = 0; k < words; k++) {
        if (k)
            put(t, " ");
        put_capitalised(t, content_word(zipf(&r, vocab), w));
    }
    put(t, "\n\n");
    unsigned paragraphs = PARAGRAPHS_MIN + below(&r, PARAGRAPHS_SPAN);
    unsigned hosts[COUNT(planted)];
    for (size_t p = 0; p < COUNT(planted); p++)
        hosts[p] = below(&r, paragraphs);
    for (unsigned k = 0; k < paragraphs; k++) {
        unsigned sentences = 2 + below(&r, 4);
        for (unsigned s = 0; s < sentences; s++)
            sentence(t, &r, vocab);
        for (size_t p = 0; p < COUNT(planted); p++) {
            if (i % planted[p].every != planted[p].offset || hosts[p] != k)
                continue;
            put(t, "Officials discussed the ");
            put(t, planted[p].phrase);
            put(t, " again. ");
        }
        t->len--; /* the space after the last sentence */
        put(t, "\n\n");
    }
    *passages = 1 + paragraphs;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int write_file(const char *path, const text_t *t, bool gzip)
{
    int ok;
    if (gzip) {
        gzFile f = gzopen(path, "wb9");
        ok = f && gzwrite(f, t->data, (unsigned)t->len) == (int)t->len;
        ok = f && gzclose(f) == Z_OK && ok;
    } else {
        FILE *f = fopen(path, "w");
        ok = f && fwrite(t->data, 1, t->len, f) == t->len;
        ok = f && fclose(f) == 0 && ok;
    }
    struct utimbuf times = { FILE_TIME, FILE_TIME };
    if (!ok || utime(path, &times) != 0) {
        fprintf(stderr, "gencorpus: %s: cannot write: %s\n", path,
                strerror(errno));
        return -1;
    }
    return 0;
}

static int write_manifest(const char *path, unsigned long articles,
                          unsigned long passages, unsigned long bytes,
                          unsigned long gzipped, uint64_t seed)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
        return -1;
    }
    fprintf(f, "{\n  \"articles\": %lu,\n  \"passages\": %lu,\n"
            "  \"text_bytes\": %lu,\n  \"files_gz\": %lu,\n"
            "  \"seed\": %" PRIu64 ",\n  \"planted\": {\n",
            articles, passages, bytes, gzipped, seed);
    for (size_t p = 0; p < COUNT(planted); p++)
        fprintf(f, "    \"%s\": {\"every\": %u, \"offset\": %u, "
                "\"articles\": %lu, \"passages\": %lu}%s\n",
                planted[p].phrase, planted[p].every, planted[p].offset,
                planted[p].articles, planted[p].articles,
                p + 1 < COUNT(planted) ? "," : "");
    fputs("  }\n}\n", f);
    if (fclose(f) != 0) {
        fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int usage(void)
{
    fputs("Usage: gencorpus --articles N --out DIR [--manifest FILE] "
          "[--nest] [--gzip-every G] [--seed S]\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    unsigned long n = 0, gzip_every = 0;
    uint64_t seed = 42;
    const char *out = NULL, *manifest = NULL;
    bool nest = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--nest") == 0)
            nest = true;
        else if (!v)
            return usage();
        else if (strcmp(a, "--articles") == 0 && ++i)
            n = strtoul(v, NULL, 10);
        else if (strcmp(a, "--out") == 0 && ++i)
            out = v;
        else if (strcmp(a, "--manifest") == 0 && ++i)
            manifest = v;
        else if (strcmp(a, "--gzip-every") == 0 && ++i)
            gzip_every = strtoul(v, NULL, 10);
        else if (strcmp(a, "--seed") == 0 && ++i)
            seed = strtoull(v, NULL, 10);
        else
            return usage();
    }
    if (!out || n == 0)
        return usage();
    if (make_dir(out) != 0)
        return 2;

    text_t t = { NULL, 0, 0 };
    unsigned long passages = 0, bytes = 0, gzipped = 0;
    char path[4096];
    for (unsigned long i = 0; i < n; i++) {
        unsigned p;
        t.len = 0;
        put(&t, "");
        article(&t, i, seed, &p);
        passages += p;
        bytes += t.len;
        for (size_t k = 0; k < COUNT(planted); k++)
            planted[k].articles += i % planted[k].every == planted[k].offset;
        bool gz = gzip_every && i % gzip_every == gzip_every - 1;
        gzipped += gz;
        int len = nest ? snprintf(path, sizeof path, "%s/d%05lu", out, i / 100)
                       : snprintf(path, sizeof path, "%s", out);
        if (nest && i % 100 == 0 && make_dir(path) != 0)
            return 2;
        snprintf(path + len, sizeof path - (size_t)len, "/art%07lu.txt%s", i,
                 gz ? ".gz" : "");
        if (write_file(path, &t, gz) != 0)
            return 2;
    }
    free(t.data);
    if (manifest && write_manifest(manifest, n, passages, bytes, gzipped,
                                   seed) != 0)
        return 2;
    return 0;
}
