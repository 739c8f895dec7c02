/* ref.c - the corpus and the timing loop of the reference engines (ref.h).
 *
 * The corpus side is a port of bench/passages.py, byte for byte in what it
 * yields, so that the C and C++ references index exactly the passages the
 * Python ones did (and bench/run chooses its queries from): the same files
 * in the same order (so the same document ids, which break ties in
 * ranking), the same UTF-8 repair, the same splitting.
 */
#include "ref.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

const char *ref_program = "ref";

/* malloc and realloc that exit with status 2 when memory runs out. */
static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", ref_program);
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", ref_program);
        exit(2);
    }
    return p;
}

/* A growing byte string, kept NUL-terminated. */
typedef struct {
    char *s;
    size_t len, cap;
} buf_t;

static void buf_add(buf_t *b, const void *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

typedef struct {
    char **items;
    size_t n, cap;
} list_t;

static void list_push(list_t *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n++] = s;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* os.path.join(DIR, NAME): no second slash when DIR ends with one. */
static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir), m = strlen(name);
    bool slash = n > 0 && dir[n - 1] == '/';
    char *path = xmalloc(n + m + 2);
    memcpy(path, dir, n);
    if (!slash)
        path[n++] = '/';
    memcpy(path + n, name, m + 1);
    return path;
}

/* passages.article_files, which is os.walk sorted: a directory's articles
 * in name order, then each subdirectory's, in name order.  As os.walk
 * does, a symbolic link to a directory counts as a directory but is not
 * entered, and a directory that cannot be read is skipped.  Byte order is
 * Python's code-point order for UTF-8 names. */
static void walk(const char *dir, list_t *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    list_t names = { 0 }, subdirs = { 0 };
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            list_push(&names, xstrdup(e->d_name));
    closedir(d);
    qsort(names.items, names.n, sizeof *names.items, compare_names);
    for (size_t i = 0; i < names.n; i++) {
        char *path = join(dir, names.items[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            list_push(&subdirs, path);
        else if (has_suffix(names.items[i], ".txt") ||
                 has_suffix(names.items[i], ".txt.gz"))
            list_push(out, path);
        else
            free(path);
        free(names.items[i]);
    }
    free(names.items);
    for (size_t i = 0; i < subdirs.n; i++) {
        struct stat st;
        if (lstat(subdirs.items[i], &st) == 0 && !S_ISLNK(st.st_mode))
            walk(subdirs.items[i], out);
        free(subdirs.items[i]);
    }
    free(subdirs.items);
}

/* The bytes of PATH into *B, gunzipped when it ends in .gz. */
static int read_file(const char *path, buf_t *b)
{
    char chunk[65536];
    b->len = 0;
    buf_add(b, "", 0);
    if (has_suffix(path, ".gz")) {
        gzFile f = gzopen(path, "rb");
        int n = 0;
        while (f && (n = gzread(f, chunk, sizeof chunk)) > 0)
            buf_add(b, chunk, (size_t)n);
        if (!f || n < 0) {
            int zerr = 0;
            fprintf(stderr, "%s: %s: %s\n", ref_program, path,
                    f ? gzerror(f, &zerr) : strerror(errno));
            if (f)
                gzclose(f);
            return -1;
        }
        gzclose(f);
        return 0;
    }
    FILE *f = fopen(path, "rb");
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(b, chunk, n);
    if (!f || ferror(f)) {
        fprintf(stderr, "%s: %s: %s\n", ref_program, path, strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    return 0;
}

/* Length of the well-formed UTF-8 sequence at S (N > 0 bytes left), or 0
 * with *BAD the length of the ill-formed one's maximal subpart: the bytes
 * Python's decoder turns into one U+FFFD with errors="replace". */
static size_t utf8_len(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        need = 1;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        need = 2;
        if (s[0] == 0xE0)
            lo = 0xA0; /* overlong */
        else if (s[0] == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        need = 3;
        if (s[0] == 0xF0)
            lo = 0x90; /* overlong */
        else if (s[0] == 0xF4)
            hi = 0x8F; /* beyond U+10FFFF */
    } else {
        *bad = 1;
        return 0;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

/* IN decoded as passages.read_article does: UTF-8, errors="replace". */
static void repair_utf8(const buf_t *in, buf_t *out)
{
    const unsigned char *s = (const unsigned char *)in->s;
    size_t i = 0, start = 0, bad = 0;
    out->len = 0;
    buf_add(out, "", 0);
    while (i < in->len) {
        size_t n = utf8_len(s + i, in->len - i, &bad);
        if (n) {
            i += n;
            continue;
        }
        buf_add(out, s + start, i - start);
        buf_add(out, "\xEF\xBF\xBD", 3);
        i += bad;
        start = i;
    }
    buf_add(out, s + start, i - start);
}

/* The code point of the valid UTF-8 sequence at S, its length in *LEN. */
static unsigned decode(const unsigned char *s, size_t *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    size_t n = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    unsigned cp = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++)
        cp = cp << 6 | (s[i] & 0x3F);
    *len = n;
    return cp;
}

/* Python's str.isspace, which str.strip() strips: wider than Unicode's
 * White_Space (it has U+001C..U+001F), so not jfindex's set. */
static bool py_space(unsigned cp)
{
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) ||
           cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* line.strip() on [*START, *END) of valid UTF-8. */
static void strip(const char **start, const char **end)
{
    const unsigned char *p = (const unsigned char *)*start;
    const unsigned char *e = (const unsigned char *)*end;
    size_t n;
    while (p < e && py_space(decode(p, &n)))
        p += n;
    while (e > p) {
        const unsigned char *q = e - 1;
        while ((*q & 0xC0) == 0x80)
            q--;
        if (!py_space(decode(q, &n)))
            break;
        e = q;
    }
    *start = (const char *)p;
    *end = (const char *)e;
}

/* passages.split_passages: the first non-blank line is the headline; after
 * it, each run of non-blank lines, stripped and joined with single spaces,
 * is a passage.  Lines end at "\n" only. */
static int split(const char *path, const buf_t *text, buf_t *passage,
                 ref_passage_fn fn, void *ctx)
{
    const char *p = text->s, *end = text->s + text->len;
    unsigned number = 0;
    int status = 0;
    passage->len = 0;
    for (;;) {
        const char *newline = memchr(p, '\n', (size_t)(end - p));
        const char *line = p, *line_end = newline ? newline : end;
        strip(&line, &line_end);
        if (line == line_end) {
            if (passage->len > 0) {
                status = fn(path, number++, passage->s, passage->len, ctx);
                passage->len = 0;
            }
        } else if (number == 0 && passage->len == 0) {
            buf_add(passage, line, (size_t)(line_end - line));
            status = fn(path, number++, passage->s, passage->len, ctx);
            passage->len = 0;
        } else {
            if (passage->len > 0)
                buf_add(passage, " ", 1);
            buf_add(passage, line, (size_t)(line_end - line));
        }
        if (status != 0 || !newline)
            break;
        p = newline + 1;
    }
    if (status == 0 && passage->len > 0)
        status = fn(path, number, passage->s, passage->len, ctx);
    return status;
}

int ref_corpus_passages(const char *corpus, ref_passage_fn fn, void *ctx)
{
    list_t files = { 0 };
    buf_t raw = { 0 }, text = { 0 }, passage = { 0 };
    int status = 0;
    walk(corpus, &files);
    for (size_t i = 0; i < files.n; i++) {
        if (status == 0 && (status = read_file(files.items[i], &raw)) == 0) {
            repair_utf8(&raw, &text);
            status = split(files.items[i], &text, &passage, fn, ctx);
        }
        free(files.items[i]);
    }
    free(files.items);
    free(raw.s);
    free(text.s);
    free(passage.s);
    return status;
}

/* ---------------------------------------------------------------- timing */

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest rank, the rule bench/jfbench.c uses. */
static double percentile(const double *sorted, unsigned n, unsigned pct)
{
    unsigned rank = (n * pct + 99) / 100;
    return sorted[rank > 0 ? rank - 1 : 0];
}

static int parse_count(const char *s, const char *what, unsigned min,
                       unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(s, &end, 10);
    if (errno || end == s || *end || n < min || n > 1000000) {
        fprintf(stderr, "%s: %s '%s' is not a number from %u to 1000000\n",
                ref_program, what, s, min);
        return -1;
    }
    *out = (unsigned)n;
    return 0;
}

int ref_bench_queries(const char *queries, const char *reps_arg,
                      const char *warmup_arg, ref_search_fn search,
                      ref_count_fn count, void *ctx)
{
    unsigned reps, warmup;
    if (parse_count(reps_arg, "REPS", 1, &reps) != 0 ||
        parse_count(warmup_arg, "WARMUP", 0, &warmup) != 0)
        return 2;
    FILE *f = fopen(queries, "r");
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", ref_program, queries, strerror(errno));
        return 2;
    }
    double *samples = xmalloc(reps * sizeof *samples);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int status = 0;
    while (status == 0 && (n = getline(&line, &cap, f)) >= 0) {
        if (n > 0 && line[n - 1] == '\n')
            line[--n] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        const char *query = tab + 1;
        for (unsigned i = 0; i < warmup + reps && status == 0; i++) {
            double start = now_ms();
            status = search(query, ctx);
            if (i >= warmup)
                samples[i - warmup] = now_ms() - start;
        }
        long long total = status == 0 ? count(query, ctx) : -1;
        if (total < 0) {
            status = 2;
            break;
        }
        qsort(samples, reps, sizeof *samples, compare_double);
        printf("%s\t%s\t%.4f\t%.4f\t%lld\n", line, query,
               percentile(samples, reps, 50), percentile(samples, reps, 95),
               total);
        fflush(stdout);
    }
    if (status != 0)
        status = 2;
    free(line);
    free(samples);
    fclose(f);
    return status;
}
