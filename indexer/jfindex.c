/* jfindex.c - the jfindex command: brings an index up to date with corpus
 * directories.
 *
 * The work is done by build.c (listing the corpus and choosing how to
 * build) and the modules it calls; this file reads the options, prints
 * what the run tells it (skipped files, with -v the articles changed, the
 * progress line, the summary), and turns the outcome into the exit
 * status.  It is the only place an error is printed.  A bad article
 * file never stops a run: it gets one line on stderr and the run goes
 * on, ending with status 1 so scripts notice.  Anything that endangers
 * the index ends the run with status 2 before the single commit, leaving
 * the index as it was.  --check walks the corpus through the same code as
 * a run, with an indexer that writes nothing, so what it calls stale is
 * exactly what a run would change.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "build.h"
#include "error.h"
#include "explain.h"
#include "paths.h"
#include "progress.h"
#include "shards.h"
#include "verify.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1.0"
#endif

enum { EXIT_SKIPPED = 1, EXIT_STALE = 1, EXIT_DAMAGED = 1, EXIT_FAILED = 2 };

/* What set_option takes, as getopt_long returns the options. */
#define OPTION_LETTERS "iecrtsjqvpymdf"

typedef struct {
    const char *index;        /* --index, or NULL */
    const char *explain;      /* --explain FILE, or NULL */
    bool check, verify, rebuild, prune, quiet, verbose;
    double lock_timeout;      /* seconds */
    unsigned shards, jobs;    /* 0 when not given */
    jf_corpus_rules_t rules;  /* --max-size, --max-decompressed, --follow */
} options_t;

/* What the run's messages need to know. */
typedef struct {
    bool quiet, verbose, check;
    jf_progress_t progress;
} front_t;

static void usage(FILE *out)
{
    fprintf(out,
"Usage: jfindex [OPTIONS] [CORPUS_DIR...]\n"
"       jfindex --explain FILE\n"
"Index the article files (*.txt, *.txt.gz) under each CORPUS_DIR for\n"
"jfsearch, updating only what changed since the last run.\n"
"Default CORPUS_DIR: ./corpus if it exists, else the bundled corpus.\n"
"\n"
"Options:\n"
"      --explain FILE         show how FILE is cleaned: the metadata found,\n"
"                             the lines dropped and why, the paragraphs\n"
"                             joined and the passages kept (no index used)\n"
"      --check                compare the index with the corpus, writing\n"
"                             nothing: list each article a run would add,\n"
"                             change, rename or remove (\"added: PATH\",\n"
"                             \"changed: PATH\", \"renamed: OLD -> NEW\",\n"
"                             \"removed: PATH\"); exit 0 if none, 1\n"
"                             if some, 2 on error\n"
"      --index DIR            the index to update (default: $JFSEARCH_INDEX,\n"
"                             else $XDG_DATA_HOME/jfsearch/index, else\n"
"                             ~/.local/share/jfsearch/index)\n"
"      --rebuild              build the index from empty\n"
"      --prune                with no CORPUS_DIR: update an index built from\n"
"                             another corpus anyway, removing its articles\n"
"                             that the default corpus does not have\n"
"      --verify               check that the index is sound (Xapian's checker,\n"
"                             and every article and passage read back); exit\n"
"                             0 if it is, 1 if damaged (each problem listed)\n"
"      --max-size SIZE        skip article files larger than SIZE on disk\n"
"                             (default 16M; K, M, G suffixes)\n"
"      --max-decompressed SIZE  skip .txt.gz files that decompress to more\n"
"                             than SIZE (default 16M)\n"
"      --follow               follow symbolic links that lead out of the\n"
"                             corpus directory (by default they are skipped)\n"
"      --lock-timeout SECONDS wait this long for another jfindex to finish\n"
"                             (default 10)\n"
"      --shards N             split the index into N shards by a hash of\n"
"                             each article's path, built in parallel (the\n"
"                             index is then a directory of shards that\n"
"                             jfsearch searches as one); an index that has\n"
"                             shards keeps them without this option, and\n"
"                             changing N needs --rebuild\n"
"      --jobs J               index with at most J processes at a time\n"
"                             (default: one per processor): shards, or parts\n"
"                             of a full build (a new index or --rebuild)\n"
"                             merged into one index at the end\n"
"  -q, --quiet                print nothing on stdout\n"
"  -v, --verbose              print a line per article added, updated,\n"
"                             renamed or removed, and how many files were\n"
"                             read\n"
"  -h, --help                 show this help and exit\n"
"  -V, --version              show the version and exit\n"
"\n"
"Exit status: 0 all files indexed, 1 some files skipped, 2 failure (the\n"
"index is left as it was).  A corpus directory with no article that can\n"
"be indexed is a failure, and so is a run with no CORPUS_DIR over an index\n"
"built from another corpus, unless --prune or --rebuild.\n"
"With --check: 0 index up to date, 1 index stale, 2 failure.\n");
}

/* ------------------------------------------------------------------ */
/* What the run tells the front end */

static const char *plural(unsigned long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void on_skipped(const char *path, jf_skip_t kind, const char *reason,
                       void *ctx)
{
    front_t *f = ctx;
    (void)kind;
    jf_progress_clear(&f->progress);
    fprintf(stderr, "%s: %s: skipped: %s\n", jf_program_name, path, reason);
}

static void on_changed(const char *path, const jf_add_result_t *r,
                       void *ctx)
{
    front_t *f = ctx;
    bool renamed = r->change == JF_ARTICLE_RENAMED;
    bool added = r->change == JF_ARTICLE_ADDED;

    if (f->quiet || (!f->check && !f->verbose))
        return;
    jf_progress_clear(&f->progress);
    if (renamed)
        printf(f->check ? "renamed: %s -> %s\n" : "renamed %s -> %s\n",
               r->other_path, path);
    else if (f->check)
        printf("%s: %s\n", added ? "added" : "changed", path);
    else
        printf("%s %s (%u %s)\n", added ? "added" : "updated", path,
               r->passages, plural(r->passages, "passage", "passages"));
}

static void on_removed(const char *path, void *ctx)
{
    front_t *f = ctx;
    if ((f->check || f->verbose) && !f->quiet)
        jf_progress_clear(&f->progress);
    if (f->check && !f->quiet)
        printf("removed: %s\n", path);
    else if (!f->check && f->verbose && !f->quiet)
        printf("removed %s\n", path);
}

static void on_progress(const char *phase, size_t done, size_t total,
                        void *ctx)
{
    front_t *f = ctx;
    jf_progress_update(&f->progress, phase, done, total);
}

static void on_progress_end(void *ctx)
{
    front_t *f = ctx;
    jf_progress_clear(&f->progress);
}

static void print_summary(const jf_build_tally_t *t, const char *index)
{
    const jf_index_stats_t *s = &t->stats;

    printf("%s: %lu %s, %lu %s indexed in %s", jf_program_name, s->articles,
           plural(s->articles, "article", "articles"), s->passages,
           plural(s->passages, "passage", "passages"), index);
    if (t->shards > 0)
        printf(" (%u %s)", t->shards, plural(t->shards, "shard", "shards"));
    printf(": %lu added, %lu updated, ", s->added, s->updated);
    if (s->renamed > 0)
        printf("%lu renamed, ", s->renamed);
    printf("%lu removed, %lu unchanged, %lu skipped", s->removed,
           s->unchanged, t->skipped_total);
    if (t->skipped_total > 0) {
        const char *sep = " (";
        for (int kind = 0; kind < JF_SKIP_KINDS; kind++) {
            if (t->skipped[kind] == 0 || jf_skip_is_quiet((jf_skip_t)kind))
                continue;
            printf("%s%lu %s", sep, t->skipped[kind],
                   jf_skip_name((jf_skip_t)kind));
            sep = ", ";
        }
        putchar(')');
    }
    if (t->ignored_total > 0) {
        printf(", %lu other %s (", t->ignored_total,
               plural(t->ignored_total, "file", "files"));
        const char *sep = "";
        for (int kind = 0; kind < JF_SKIP_KINDS; kind++) {
            if (t->skipped[kind] == 0 || !jf_skip_is_quiet((jf_skip_t)kind))
                continue;
            printf("%s%lu %s", sep, t->skipped[kind],
                   jf_skip_name((jf_skip_t)kind));
            sep = ", ";
        }
        putchar(')');
    }
    putchar('\n');
}

static void on_leftover(const char *path, uint64_t bytes, void *ctx)
{
    front_t *f = ctx;
    jf_buf_t size = JF_BUF_INIT;
    jf_corpus_size_text(bytes, &size);
    jf_progress_clear(&f->progress);
    if (f->check && !f->quiet)
        printf("leftover: %s (%s, from a jfindex that did not finish; the "
               "next run removes it)\n", path, size.data);
    else if (!f->check && !f->quiet)
        fprintf(stderr, "%s: removed %s (%s), left by a jfindex that did "
                "not finish\n", jf_program_name, path, size.data);
    jf_buf_free(&size);
}

/* With -v: how many files the run had to read, and why not the rest;
 * what makes a CI update fast or slow. */
static void print_reads(const jf_build_tally_t *t)
{
    unsigned long files = t->files_read + t->known_by_git + t->known_by_stat;
    printf("%s: read %lu of %lu article %s (%lu known unchanged by git's "
           "blob ids, %lu by stat data)", jf_program_name, t->files_read,
           files, plural(files, "file", "files"), t->known_by_git,
           t->known_by_stat);
    /* A run that changed no article still commits these: say why. */
    if (t->stats.states > 0)
        printf("; recorded the new state of %lu touched %s", t->stats.states,
               plural(t->stats.states, "file", "files"));
    putchar('\n');
}

/* ------------------------------------------------------------------ */
/* Options */

static int parse_seconds(const char *arg, double *seconds, jf_error_t *err)
{
    char *end;
    errno = 0;
    *seconds = strtod(arg, &end);
    if (errno != 0 || end == arg || *end != '\0' || !isfinite(*seconds) ||
        *seconds < 0 || *seconds > 86400.0 * 30)
        return jf_fail(err, JFX_INVALID, "--lock-timeout: '%s' is not a "
                       "number of seconds (0 to 2592000)", arg);
    return 0;
}

/* Reads a whole number from 1 to MAX for OPTION. */
static int parse_count(const char *option, const char *arg, unsigned max,
                       unsigned *out, jf_error_t *err)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || *arg == '-' || n < 1 ||
        n > max)
        return jf_fail(err, JFX_INVALID, "%s: '%s' is not a whole number "
                       "from 1 to %u", option, arg, max);
    *out = (unsigned)n;
    return 0;
}

/* Reads a size for OPTION: bytes, or with a K, M or G suffix (powers of
 * 1024, an optional B after it), at least 1 byte and at most 1 TB. */
static int parse_size(const char *option, const char *arg, uint64_t *out,
                      jf_error_t *err)
{
    char *end;
    errno = 0;
    double n = strtod(arg, &end);
    const char *units = "KMGT", *unit = *end ? strchr(units, toupper(*end))
                                             : NULL;
    double scale = unit ? pow(1024, (double)(unit - units + 1)) : 1;
    if (unit)
        end++;
    if (unit && (*end == 'B' || *end == 'b'))
        end++;
    if (errno != 0 || end == arg || *end != '\0' || !isfinite(n) ||
        n * scale < 1 || n * scale > pow(1024, 4))
        return jf_fail(err, JFX_INVALID, "%s: '%s' is not a size (bytes, or "
                       "a number with K, M or G, up to 1T)", option, arg);
    *out = (uint64_t)(n * scale);
    return 0;
}

/* Takes the option C (one of OPTION_LETTERS, as getopt_long returns it)
 * with ARG into O. */
static int set_option(options_t *o, int c, const char *arg, jf_error_t *err)
{
    switch (c) {
    case 'm': return parse_size("--max-size", arg, &o->rules.max_size, err);
    case 'd': return parse_size("--max-decompressed", arg,
                                &o->rules.max_decompressed, err);
    case 'f': o->rules.follow = true; break;
    case 'p': o->prune = true; break;
    case 'y': o->verify = true; break;
    case 't': return parse_seconds(arg, &o->lock_timeout, err);
    case 's': return parse_count("--shards", arg, JF_SHARDS_MAX, &o->shards,
                                 err);
    case 'j': return parse_count("--jobs", arg, JF_SHARDS_MAX, &o->jobs, err);
    case 'i': o->index = arg; break;
    case 'e': o->explain = arg; break;
    case 'c': o->check = true; break;
    case 'r': o->rebuild = true; break;
    case 'q': o->quiet = true; break;
    case 'v': o->verbose = true; break;
    }
    return 0;
}

/* Checks the options that exclude each other, given NARGS operands. */
static int check_options(const options_t *o, int nargs, jf_error_t *err)
{
    if (o->check && (o->explain || o->rebuild))
        return jf_fail(err, JFX_INVALID, "--check cannot be combined with %s",
                       o->explain ? "--explain" : "--rebuild");
    if (o->verify && (o->check || o->explain || o->rebuild || o->prune ||
                      nargs > 0))
        return jf_fail(err, JFX_INVALID, "--verify takes no CORPUS_DIR and "
                       "no other way to run (it only reads the index)");
    if (o->explain && nargs > 0)
        return jf_fail(err, JFX_INVALID, "--explain takes one FILE and no "
                       "CORPUS_DIR");
    if (!o->explain && o->index && *o->index == '\0')
        return jf_fail(err, JFX_INVALID, "--index: the index path is empty");
    return 0;
}

/* ------------------------------------------------------------------ */
/* Running */

/* Indexes DIRS[0..NDIRS) (the default corpus when NDIRS is 0) as O says,
 * printing what happens; *STATUS is the exit status of a run that did
 * not fail. */
static int run_index(const options_t *o, char **dirs, size_t ndirs,
                     int *status, jf_error_t *err)
{
    char *default_corpus = NULL, *index = NULL;
    front_t front = { o->quiet, o->verbose, o->check, { 0 } };
    jf_build_observer_t observer = { on_skipped, on_changed, on_removed,
                                     on_progress, on_progress_end, &front };
    jf_build_tally_t tally;
    bool bare = ndirs == 0;

    if (bare) {
        default_corpus = jf_default_corpus_dir();
        dirs = &default_corpus;
        ndirs = 1;
    }
    for (size_t i = 0; i < ndirs && !jf_failed(err); i++) {
        struct stat st;
        if (stat(dirs[i], &st) != 0 || !S_ISDIR(st.st_mode))
            jf_fail(err, JFX_NOT_FOUND, "%s: no such directory", dirs[i]);
    }
    if (!jf_failed(err)) {
        index = o->index ? jf_strdup(o->index) : jf_default_index_path();
        jf_build_options_t b = {
            .index = index, .rebuild = o->rebuild, .check = o->check,
            .default_corpus = bare, .prune = o->prune,
            .lock_timeout_ms = (unsigned)lround(o->lock_timeout * 1000),
            .shards = o->shards, .jobs = o->jobs, .rules = o->rules,
            .observer = &observer, .leftover = on_leftover };
        bool progress = !o->quiet && isatty(STDERR_FILENO);
        jf_progress_start(&front.progress, progress);
        if (!progress)
            observer.progress = NULL, observer.progress_end = NULL;
        jf_build(&b, dirs, ndirs, &tally, err);
        jf_progress_clear(&front.progress);
    }
    if (!jf_failed(err) && o->verbose && !o->quiet)
        print_reads(&tally);
    if (!jf_failed(err) && !o->check && !o->quiet)
        print_summary(&tally, index);
    if (!jf_failed(err) && o->check)
        *status = tally.differences > 0 ? EXIT_STALE : EXIT_SUCCESS;
    else if (!jf_failed(err))
        *status = tally.skipped_total > 0 ? EXIT_SKIPPED : EXIT_SUCCESS;
    free(index);
    free(default_corpus);
    return jf_failed(err) ? -1 : 0;
}

static void on_problem(const char *problem, void *ctx)
{
    const options_t *o = ctx;
    if (!o->quiet)
        printf("damaged: %s\n", problem);
}

/* --verify: the index's structure and content, each problem a line. */
static int run_verify(const options_t *o, int *status, jf_error_t *err)
{
    char *index = o->index ? jf_strdup(o->index) : jf_default_index_path();
    jf_verify_tally_t t;

    if (jf_verify(index, on_problem, (void *)o, &t, err) == 0 && !o->quiet) {
        printf("%s: %s: ", jf_program_name, index);
        if (t.problems > 0)
            printf("damaged, %lu %s", t.problems,
                   plural(t.problems, "problem", "problems"));
        else
            printf("sound");
        printf(" (%lu %s, %lu %s, %lu %s checked)\n", t.articles,
               plural(t.articles, "article", "articles"), t.passages,
               plural(t.passages, "passage", "passages"), t.databases,
               plural(t.databases, "database", "databases"));
    }
    if (!jf_failed(err))
        *status = t.problems > 0 ? EXIT_DAMAGED : EXIT_SUCCESS;
    free(index);
    return jf_failed(err) ? -1 : 0;
}

/* Installed as alloc.h's handler: the library code never exits. */
static void exit_out_of_memory(void)
{
    fprintf(stderr, "%s: out of memory\n", jf_program_name);
    exit(EXIT_FAILED);
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        { "index", required_argument, NULL, 'i' },
        { "explain", required_argument, NULL, 'e' },
        { "check", no_argument, NULL, 'c' },
        { "rebuild", no_argument, NULL, 'r' },
        { "lock-timeout", required_argument, NULL, 't' },
        { "shards", required_argument, NULL, 's' },
        { "jobs", required_argument, NULL, 'j' },
        { "prune", no_argument, NULL, 'p' },
        { "verify", no_argument, NULL, 'y' },
        { "max-size", required_argument, NULL, 'm' },
        { "max-decompressed", required_argument, NULL, 'd' },
        { "follow", no_argument, NULL, 'f' },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    options_t o = { .lock_timeout = 10 };
    jf_error_t err = JF_ERROR_INIT;
    int c, status = EXIT_FAILED;

    jf_program_name = "jfindex";
    jf_set_oom_handler(exit_out_of_memory);
    argv[0] = (char *)jf_program_name; /* getopt's messages name it */
    while (!jf_failed(&err) &&
           (c = getopt_long(argc, argv, "qvhV", long_options, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return EXIT_SUCCESS;
        }
        if (c == 'V') {
            printf("jfindex (jfsearch) %s\n", PACKAGE_VERSION);
            return EXIT_SUCCESS;
        }
        if (!strchr(OPTION_LETTERS, c)) { /* getopt has said what is wrong */
            fprintf(stderr, "Try '%s --help' for more information.\n",
                    jf_program_name);
            return EXIT_FAILED;
        }
        set_option(&o, c, optarg, &err);
    }
    if (check_options(&o, argc - optind, &err) != 0)
        ; /* reported below */
    else if (o.verify)
        run_verify(&o, &status, &err);
    else if (!o.explain)
        run_index(&o, argv + optind, (size_t)(argc - optind), &status, &err);
    else if (jf_explain(o.explain, stdout, &err) == 0)
        status = EXIT_SUCCESS;
    if (!jf_failed(&err) && (fflush(stdout) != 0 || ferror(stdout)))
        jf_fail(&err, JFX_IO, "standard output: %s", strerror(errno));
    if (jf_failed(&err)) {
        fprintf(stderr, "%s: %s\n", jf_program_name, jf_error_message(&err));
        status = EXIT_FAILED;
    }
    jf_error_clear(&err);
    return status;
}
