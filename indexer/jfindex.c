/* jfindex.c - the jfindex command: brings an index up to date with corpus
 * directories.
 *
 * The work is done by corpus.c (finding and checking files), article.c and
 * clean.c (passages and metadata) and writer.c (the index); this file
 * handles options, messages, --explain, --check, the progress line and the
 * exit status.  A bad article file never stops a run: it gets one line on
 * stderr and the run goes on, ending with status 1 so scripts notice.
 * Anything that endangers the index ends the run with status 2 before the
 * single commit, leaving the index as it was.  --check walks the corpus
 * through the same code as a run, with an indexer that writes nothing, so
 * what it calls stale is exactly what a run would change.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "acronyms.h"
#include "alloc.h"
#include "article.h"
#include "buf.h"
#include "corpus.h"
#include "writer.h"
#include "lexicon.h"
#include "merge.h"
#include "paths.h"
#include "shards.h"
#include "text.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1.0"
#endif

enum { EXIT_SKIPPED = 1, EXIT_STALE = 1, EXIT_FAILED = 2 };

typedef struct {
    bool quiet, verbose;
    bool check;               /* --check: list differences, write nothing */
    unsigned long differences;
    unsigned long skipped[JF_SKIP_KINDS];
    unsigned long skipped_total;
    bool progress;            /* stderr is a terminal and not --quiet */
    bool progress_shown;      /* a progress line is on the terminal */
    unsigned long *done;      /* files done by every shard's process, for
                                 their parent's progress line; or NULL */
    double started, progress_at;
} run_t;

/* A progress line appears only once a run has taken this long, so quick
 * runs print nothing but their summary. */
#define PROGRESS_DELAY 1.0
#define PROGRESS_INTERVAL 0.1

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wipes the progress line so other output starts on a clean line. */
static void progress_clear(run_t *run)
{
    if (run->progress_shown) {
        fputs("\r\033[K", stderr);
        run->progress_shown = false;
    }
}

static void progress_update(run_t *run, size_t done, size_t total)
{
    if (!run->progress)
        return;
    double t = now();
    if (t - run->started < PROGRESS_DELAY ||
        (run->progress_shown && t - run->progress_at < PROGRESS_INTERVAL &&
         done < total))
        return;
    fprintf(stderr, "\r%s: %s %zu/%zu articles (%d%%)", jf_program_name,
            run->check ? "checking" : "indexing", done, total,
            (int)(total ? 100 * done / total : 100));
    run->progress_shown = true;
    run->progress_at = t;
}

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
"                             renamed or removed\n"
"  -h, --help                 show this help and exit\n"
"      --version              show the version and exit\n"
"\n"
"Exit status: 0 all files indexed, 1 some files skipped, 2 failure.\n"
"With --check: 0 index up to date, 1 index stale, 2 failure.\n");
}

static void on_skip(const char *path, jf_skip_t kind, const char *reason,
                    void *ctx)
{
    run_t *run = ctx;
    progress_clear(run);
    fprintf(stderr, "%s: %s: skipped: %s\n", jf_program_name, path, reason);
    run->skipped[kind]++;
    run->skipped_total++;
}

static void on_removed(const char *path, void *ctx)
{
    run_t *run = ctx;
    if (run->check) {
        run->differences++;
        if (!run->quiet)
            printf("removed: %s\n", path);
    } else if (run->verbose && !run->quiet) {
        printf("removed %s\n", path);
    }
}

/* Creates the missing parent directories of PATH (Xapian creates the
 * index directory itself, but only that one level). */
static int make_parents(const char *path)
{
    char *copy = jf_strdup(path);
    char *slash = strrchr(copy, '/');
    int status = 0;

    if (slash && slash != copy) {
        *slash = '\0';
        for (char *p = copy + 1; status == 0; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char c = *p;
            *p = '\0';
            if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
                fprintf(stderr, "%s: %s: cannot create directory: %s\n",
                        jf_program_name, copy, strerror(errno));
                status = -1;
            }
            *p = c;
            if (c == '\0')
                break;
        }
    }
    free(copy);
    return status;
}

static int parse_seconds(const char *arg, double *seconds)
{
    char *end;
    errno = 0;
    *seconds = strtod(arg, &end);
    if (errno != 0 || end == arg || *end != '\0' || !isfinite(*seconds) ||
        *seconds < 0 || *seconds > 86400.0 * 30) {
        fprintf(stderr, "%s: --lock-timeout: '%s' is not a number of seconds "
                "(0 to 2592000)\n", jf_program_name, arg);
        return -1;
    }
    return 0;
}

/* Reads a whole number from 1 to MAX for OPTION. */
static int parse_count(const char *option, const char *arg, unsigned max,
                       unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || *arg == '-' || n < 1 ||
        n > max) {
        fprintf(stderr, "%s: %s: '%s' is not a whole number from 1 to %u\n",
                jf_program_name, option, arg, max);
        return -1;
    }
    *out = (unsigned)n;
    return 0;
}

static const char *plural(unsigned long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void print_summary(const run_t *run, const jf_index_stats_t *s,
                          const char *index)
{
    printf("%s: %lu %s, %lu %s indexed in %s: %lu added, %lu updated, ",
           jf_program_name, s->articles,
           plural(s->articles, "article", "articles"), s->passages,
           plural(s->passages, "passage", "passages"), index, s->added,
           s->updated);
    if (s->renamed > 0)
        printf("%lu renamed, ", s->renamed);
    printf("%lu removed, %lu unchanged, %lu skipped", s->removed,
           s->unchanged, run->skipped_total);
    if (run->skipped_total > 0) {
        const char *sep = " (";
        for (int kind = 0; kind < JF_SKIP_KINDS; kind++) {
            if (run->skipped[kind] == 0)
                continue;
            printf("%s%lu %s", sep, run->skipped[kind],
                   jf_skip_name((jf_skip_t)kind));
            sep = ", ";
        }
        putchar(')');
    }
    putchar('\n');
}

/* Misses in a row after which a run stops comparing stat data. */
#define STAT_GIVE_UP 256

/* Reads and indexes every listed file.  Returns 0, or -1 when the index
 * failed (already reported). */
static int index_files(run_t *run, jf_indexer_t *ix,
                       const jf_corpus_list_t *list)
{
    jf_buf_t reason = JF_BUF_INIT;
    jf_corpus_file_t file;
    jf_add_result_t added;
    jf_error_t err = JF_ERROR_INIT;
    unsigned long stat_misses = 0;
    int result = 0;

    for (size_t i = 0; i < list->n && result == 0; i++) {
        const char *path = list->items[i];
        char stat[JF_CORPUS_STAT_MAX];
        progress_update(run, i, list->n);
        if (run->done)
            __atomic_add_fetch(run->done, 1, __ATOMIC_RELAXED);
        /* Stat data first: the same as when indexed means not reading the
         * file at all; taken before reading, so a write during the read
         * shows as a difference next time.  After a fresh checkout no
         * indexed file's stat data matches: once STAT_GIVE_UP of them in a
         * row have missed, stop paying for it. */
        bool have_stat = stat_misses < STAT_GIVE_UP &&
                         jf_corpus_stat(path, stat) == 0;
        jf_stat_match_t known = have_stat ? jf_indexer_match_stat(ix, path,
                                                                  stat)
                                          : JF_STAT_UNKNOWN;
        if (known == JF_STAT_SAME) {
            stat_misses = 0;
            continue;
        }
        stat_misses += known == JF_STAT_DIFFERS;
        jf_skip_t kind = jf_corpus_read(path, &file, &reason);
        if (kind != JF_SKIP_NONE) {
            on_skip(path, kind, reason.data, run);
            continue;
        }
        file.stat = have_stat ? stat : NULL;
        jf_article_change_t change;
        unsigned passages;
        if (jf_indexer_add(ix, path, &file, &added, &err) != 0) {
            progress_clear(run);
            fprintf(stderr, "%s: %s\n", jf_program_name,
                    jf_error_message(&err));
            jf_error_clear(&err);
            result = -1;
        } else if ((change = added.change, passages = added.passages,
                    change == JF_ARTICLE_EMPTY)) {
            on_skip(path, JF_SKIP_EMPTY, "empty", run);
        } else if (change == JF_ARTICLE_BAD_META) {
            char *meta = jf_metadata_sidecar_path(path);
            jf_buf_reset(&reason);
            jf_buf_printf(&reason, "%s: %s", meta, added.reason);
            on_skip(path, JF_SKIP_BAD_META, reason.data, run);
            free(meta);
        } else if (change == JF_ARTICLE_DUPLICATE) {
            const char *first = added.other_path;
            jf_buf_reset(&reason);
            if (strcmp(first, path) == 0)
                jf_buf_puts(&reason, "given twice");
            else
                jf_buf_printf(&reason, "same text as %s, indexed once under "
                              "that name", first);
            on_skip(path, JF_SKIP_DUPLICATE, reason.data, run);
        } else if (change == JF_ARTICLE_RENAMED) {
            if (run->check)
                run->differences++;
            if (run->check ? !run->quiet : run->verbose && !run->quiet) {
                progress_clear(run);
                printf(run->check ? "renamed: %s -> %s\n"
                                  : "renamed %s -> %s\n",
                       added.other_path, path);
            }
        } else if (run->check) {
            if (change == JF_ARTICLE_ADDED || change == JF_ARTICLE_UPDATED) {
                run->differences++;
                if (!run->quiet) {
                    progress_clear(run);
                    printf("%s: %s\n", change == JF_ARTICLE_ADDED ? "added"
                                                                 : "changed",
                           path);
                }
            }
        } else if (run->verbose && !run->quiet &&
                   (change == JF_ARTICLE_ADDED ||
                    change == JF_ARTICLE_UPDATED)) {
            progress_clear(run);
            printf("%s %s (%u %s)\n",
                   change == JF_ARTICLE_ADDED ? "added" : "updated", path,
                   passages, plural(passages, "passage", "passages"));
        }
        jf_corpus_file_free(&file);
    }
    if (result == 0)
        progress_update(run, list->n, list->n);
    progress_clear(run);
    jf_buf_free(&reason);
    return result;
}

/* The exit status of a run that did not fail. */
static int run_status(const run_t *run)
{
    if (run->check)
        return run->differences > 0 ? EXIT_STALE : EXIT_SUCCESS;
    return run->skipped_total > 0 ? EXIT_SKIPPED : EXIT_SUCCESS;
}

/* Brings the index at INDEX up to date with the files of LIST (with
 * --check, only compares), leaving its figures in *STATS.  Returns the
 * exit status. */
static int update_index(run_t *run, const char *index, bool rebuild,
                        bool scratch, double lock_timeout,
                        const jf_corpus_list_t *list, jf_index_stats_t *stats)
{
    jf_indexer_t *ix;
    jf_error_t err = JF_ERROR_INIT;
    int status = EXIT_FAILED;

    if (!run->check && make_parents(index) != 0)
        return EXIT_FAILED;
    if (run->check)
        jf_indexer_open_check(index, &ix, &err);
    else if (scratch)
        jf_indexer_open_scratch(index, &ix, &err);
    else
        jf_indexer_open(index, rebuild, (unsigned)lround(lock_timeout * 1000),
                        &ix, &err);
    if (jf_failed(&err)) {
        fprintf(stderr, "%s: %s\n", jf_program_name, jf_error_message(&err));
        jf_error_clear(&err);
        return EXIT_FAILED;
    }

    if (index_files(run, ix, list) == 0) {
        if (jf_indexer_finish(ix, on_removed, run, &err) != 0) {
            fprintf(stderr, "%s: %s\n", jf_program_name,
                    jf_error_message(&err));
            jf_error_clear(&err);
        } else {
            status = run_status(run);
        }
    }
    *stats = *jf_indexer_stats(ix);
    jf_indexer_close(ix);
    return status;
}

/* ------------------------------------------------------------ shards */

/* What a shard's child process sends back. */
typedef struct {
    jf_index_stats_t stats;
    unsigned long skipped[JF_SKIP_KINDS];
    unsigned long skipped_total, differences;
} shard_result_t;

typedef struct {
    run_t *run;
    size_t files;             /* in all shards, for the progress line */
    const char *index;
    bool rebuild;
    bool scratch;             /* parts of a full build (merge.h) */
    double lock_timeout;
    jf_corpus_list_t *lists;  /* each shard's files */
} shard_job_t;

/* The parent's progress line: files done by all shards' processes. */
static void show_shards_progress(void *ctx)
{
    shard_job_t *job = ctx;
    progress_update(job->run, __atomic_load_n(job->run->done, __ATOMIC_RELAXED),
                    job->files);
}

static int update_shard(unsigned shard, void *result, void *ctx)
{
    shard_job_t *job = ctx;
    shard_result_t *r = result;
    run_t run = *job->run;
    char *path = jf_shard_path(job->index, shard);

    run.progress = false; /* the parent shows all shards' progress */
    memset(run.skipped, 0, sizeof run.skipped);
    run.skipped_total = run.differences = 0;
    int status = update_index(&run, path, job->rebuild, job->scratch,
                              job->lock_timeout,
                              &job->lists[shard], &r->stats);
    memcpy(r->skipped, run.skipped, sizeof r->skipped);
    r->skipped_total = run.skipped_total;
    r->differences = run.differences;
    free(path);
    return status;
}

/* Decides how many shards INDEX is to have: SHARDS when given (0 = not
 * said), else as many as it has.  Returns 0, or -1 after saying why a
 * change of layout needs --rebuild. */
static int shard_count(const char *index, unsigned shards, bool rebuild,
                       unsigned *count)
{
    char *error = NULL;
    unsigned existing;
    struct stat st;
    char *glass = NULL;

    if (jf_shards_count(index, &existing, &error) != 0) {
        fprintf(stderr, "%s: %s\n", jf_program_name, error);
        free(error);
        return -1;
    }
    *count = shards ? shards : existing;
    if (rebuild || shards == 0 || shards == existing)
        return 0;
    if (existing > 0) {
        fprintf(stderr, "%s: %s: the index has %u shards; re-shard it into "
                "%u with --rebuild\n", jf_program_name, index, existing,
                shards);
        return -1;
    }
    glass = jf_strprintf("%s/iamglass", index);
    int unsharded = stat(glass, &st) == 0;
    free(glass);
    if (unsharded) {
        fprintf(stderr, "%s: %s: the index is not sharded; shard it with "
                "--rebuild --shards %u\n", jf_program_name, index, shards);
        return -1;
    }
    return 0;
}

/* Splits LIST by shard: an article's shard follows its path relative to
 * the corpus directory it was found in, so "corpus" and "./corpus" shard
 * alike. */
static jf_corpus_list_t *split_by_shard(const jf_corpus_list_t *list,
                                        const size_t *dir_of,
                                        char *const *dirs, unsigned n)
{
    jf_corpus_list_t *lists = jf_calloc(n, sizeof *lists);
    for (size_t i = 0; i < list->n; i++) {
        const char *dir = dirs[dir_of[i]];
        size_t len = strlen(dir);
        while (len > 1 && dir[len - 1] == '/')
            len--; /* as jf_corpus_list writes it */
        const char *rel = list->items[i] + len;
        while (*rel == '/')
            rel++;
        jf_corpus_list_t *l = &lists[jf_shard_of(rel, n)];
        JF_VEC_PUSH(l, jf_strdup(list->items[i]));
    }
    return lists;
}

/* Rewrites the lexicon (lexicon.h) when a shard changed or it is
 * missing. */
static int update_lexicon(const char *index, bool rebuild,
                          double lock_timeout, const jf_index_stats_t *stats)
{
    char *path = jf_lexicon_path(index), *error = NULL;
    struct stat st;
    bool stale = rebuild || stats->added || stats->updated ||
                 stats->removed || stat(path, &st) != 0;
    int status = EXIT_SUCCESS;

    if (stale && jf_lexicon_write(index, (unsigned)lround(lock_timeout * 1000),
                                  &error) != 0) {
        fprintf(stderr, "%s: %s\n", jf_program_name, error);
        status = EXIT_FAILED;
    }
    free(error);
    free(path);
    return status;
}

/* Indexes each of LISTS[0..N-1] (FILES files in all) into DIR/shard-K,
 * at most JOBS processes at a time (as SCRATCH parts of a full build, or
 * as shards), and adds up their figures in *STATS.  Returns EXIT_FAILED
 * if a shard failed, else EXIT_SUCCESS. */
static int index_shards(run_t *run, const char *dir, unsigned n,
                        unsigned jobs, bool rebuild, bool scratch,
                        double lock_timeout, size_t files,
                        jf_corpus_list_t *lists, jf_index_stats_t *stats)
{
    shard_job_t job = { run, files, dir, rebuild, scratch, lock_timeout,
                        lists };
    shard_result_t *results = jf_calloc(n, sizeof *results);
    int *statuses = jf_calloc(n, sizeof *statuses);
    int status = EXIT_SUCCESS;

    run->done = run->progress ? jf_shards_counter_new() : NULL;
    if (jf_shards_run(n, jobs, update_shard,
                      run->done ? show_shards_progress : NULL, &job,
                      results, sizeof *results, statuses) != 0) {
        fprintf(stderr, "%s: cannot start a process per %s: %s\n",
                jf_program_name, scratch ? "part" : "shard", strerror(errno));
        status = EXIT_FAILED;
    }
    if (run->done) {
        progress_update(run, files, files);
        progress_clear(run);
    }
    jf_shards_counter_free(run->done);
    run->done = NULL;
    memset(stats, 0, sizeof *stats);
    for (unsigned k = 0; k < n && status != EXIT_FAILED; k++) {
        const shard_result_t *r = &results[k];
        /* A child says why it failed (EXIT_FAILED); any other status but
         * success or skips means it could not finish (or send its
         * figures), and the run fails too. */
        if (statuses[k] != EXIT_SUCCESS && statuses[k] != EXIT_SKIPPED) {
            if (statuses[k] != EXIT_FAILED)
                fprintf(stderr, "%s: %s %u: its indexing process %s\n",
                        jf_program_name, scratch ? "part" : "shard", k,
                        statuses[k] < 0 ? "died" : "failed");
            status = EXIT_FAILED;
            continue;
        }
        stats->added += r->stats.added;
        stats->updated += r->stats.updated;
        stats->renamed += r->stats.renamed;
        stats->removed += r->stats.removed;
        stats->unchanged += r->stats.unchanged;
        stats->articles += r->stats.articles;
        stats->passages += r->stats.passages;
        for (int kind = 0; kind < JF_SKIP_KINDS; kind++)
            run->skipped[kind] += r->skipped[kind];
        run->skipped_total += r->skipped_total;
        run->differences += r->differences;
    }
    free(results);
    free(statuses);
    return status;
}

static int update_shards(run_t *run, const char *index, unsigned n,
                         unsigned jobs, bool rebuild, double lock_timeout,
                         const jf_corpus_list_t *list, const size_t *dir_of,
                         char *const *dirs, jf_index_stats_t *stats)
{
    jf_corpus_list_t *lists = split_by_shard(list, dir_of, dirs, n);
    int status = EXIT_FAILED;
    char *error = NULL;

    memset(stats, 0, sizeof *stats);
    if (!run->check && (make_parents(index) != 0 ||
                        (mkdir(index, 0777) != 0 && errno != EEXIST))) {
        if (errno != 0)
            fprintf(stderr, "%s: %s: cannot create directory: %s\n",
                    jf_program_name, index, strerror(errno));
    } else {
        status = index_shards(run, index, n, jobs, rebuild, false,
                              lock_timeout, list->n, lists, stats);
    }
    if (status != EXIT_FAILED && !run->check) {
        if (jf_shards_write_stub(index, n, &error) != 0) {
            fprintf(stderr, "%s: %s\n", jf_program_name, error);
            free(error);
            status = EXIT_FAILED;
        } else {
            jf_shards_remove_stale(index, n);
            status = update_lexicon(index, rebuild, lock_timeout, stats);
        }
    }
    if (status != EXIT_FAILED)
        status = run_status(run);
    for (unsigned k = 0; k < n; k++)
        jf_corpus_list_free(&lists[k]);
    free(lists);
    return status;
}

/* A full build of the unsharded index INDEX (a new one, or --rebuild) in
 * PARTS processes (merge.h), even when PARTS is 1: the new index is built
 * beside the old one and swapped in whole, so readers never see a half
 * built index and a failed build loses nothing.  INDEX's lock is held
 * throughout, so another jfindex waits as it would for an update. */
static int build_in_parts(run_t *run, const char *index, unsigned parts,
                          double lock_timeout, const jf_corpus_list_t *list,
                          jf_index_stats_t *stats)
{
    unsigned timeout_ms = (unsigned)lround(lock_timeout * 1000);
    jf_indexer_t *lock = NULL;
    jf_error_t err = JF_ERROR_INIT;
    char *message = NULL, *scratch;
    int status = EXIT_FAILED;

    memset(stats, 0, sizeof *stats);
    if (make_parents(index) != 0)
        return EXIT_FAILED;
    if (jf_indexer_lock(index, timeout_ms, &lock, &err) != 0) {
        fprintf(stderr, "%s: %s\n", jf_program_name, jf_error_message(&err));
        jf_error_clear(&err);
        return EXIT_FAILED;
    }
    scratch = jf_merge_scratch(index);
    if (mkdir(scratch, 0777) != 0) {
        fprintf(stderr, "%s: %s: cannot create directory: %s\n",
                jf_program_name, scratch, strerror(errno));
    } else {
        jf_corpus_list_t *lists = jf_merge_split(list, parts);
        status = index_shards(run, scratch, parts, parts, true, true,
                              lock_timeout, list->n, lists, stats);
        for (unsigned k = 0; k < parts; k++)
            jf_corpus_list_free(&lists[k]);
        free(lists);
        if (status != EXIT_FAILED &&
            jf_merge_finish(scratch, parts, index, timeout_ms,
                            &message) != 0) {
            fprintf(stderr, "%s: %s\n", jf_program_name, message);
            free(message);
            status = EXIT_FAILED;
        }
    }
    jf_indexer_close(lock);
    jf_merge_discard(scratch);
    free(scratch);
    return status == EXIT_FAILED ? EXIT_FAILED : run_status(run);
}

/* How many processes are to build the unsharded index INDEX from FILES
 * files: 0 for an update (which writes only what changed, in place), else
 * JOBS, or one per processor. */
static unsigned build_parts(const run_t *run, const char *index,
                            bool rebuild, unsigned jobs, size_t files)
{
    struct stat st;
    char *glass = jf_strprintf("%s/iamglass", index);
    bool exists = stat(glass, &st) == 0;
    free(glass);
    if (run->check || (exists && !rebuild))
        return 0;
    if (jobs == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 0 ? (unsigned)(cpus < JF_SHARDS_MAX ? cpus
                                                          : JF_SHARDS_MAX)
                        : 1;
    }
    return files < jobs ? (unsigned)(files > 0 ? files : 1) : jobs;
}

static int run_index(run_t *run, const char *index, bool rebuild,
                     double lock_timeout, unsigned shards, unsigned jobs,
                     char **dirs, size_t ndirs)
{
    jf_corpus_list_t list = JF_CORPUS_LIST_INIT;
    jf_index_stats_t stats;
    unsigned n;
    int status;

    if (shard_count(index, shards, rebuild, &n) != 0)
        return EXIT_FAILED;
    size_t *dir_of = NULL;
    for (size_t i = 0; i < ndirs; i++) {
        size_t before = list.n;
        jf_corpus_list(dirs[i], &list, on_skip, run);
        dir_of = jf_realloc(dir_of, (list.n + 1) * sizeof *dir_of);
        for (size_t k = before; k < list.n; k++)
            dir_of[k] = i;
    }
    unsigned parts = n == 0 ? build_parts(run, index, rebuild, jobs,
                                          list.n)
                            : 0;
    if (parts > 0) {
        status = build_in_parts(run, index, parts, lock_timeout, &list,
                                &stats);
    } else if (n == 0) {
        status = update_index(run, index, rebuild, false, lock_timeout, &list,
                              &stats);
    } else {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        if (jobs == 0)
            jobs = cpus > 0 && (unsigned long)cpus < n ? (unsigned)cpus : n;
        status = update_shards(run, index, n, jobs, rebuild, lock_timeout,
                               &list, dir_of, dirs, &stats);
    }
    if (status != EXIT_FAILED && !run->check && !run->quiet) {
        jf_buf_t where = JF_BUF_INIT;
        jf_buf_puts(&where, index);
        if (n > 0)
            jf_buf_printf(&where, " (%u %s)", n, plural(n, "shard", "shards"));
        print_summary(run, &stats, where.data);
        jf_buf_free(&where);
    }
    free(dir_of);
    jf_corpus_list_free(&list);
    return status;
}

/* --explain: prints what cleaning makes of the article file PATH. */
static int explain(const char *path)
{
    static const char *const kinds[] = {
        [JF_NOTE_DROP] = "dropped", [JF_NOTE_STRIP] = "stripped",
        [JF_NOTE_JOIN] = "joined", [JF_NOTE_DUPLICATE] = "duplicate"
    };
    jf_buf_t reason = JF_BUF_INIT, acronyms = JF_BUF_INIT;
    jf_clean_log_t log = JF_CLEAN_LOG_INIT;
    jf_corpus_file_t file;
    jf_article_t article;
    struct stat st;
    int status = EXIT_FAILED;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "%s: %s: %s\n", jf_program_name, path,
                errno == ENOENT ? "no such file" : strerror(errno));
        return EXIT_FAILED;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "%s: %s: not a regular file\n", jf_program_name, path);
        return EXIT_FAILED;
    }
    if (jf_corpus_read(path, &file, &reason) != JF_SKIP_NONE) {
        fprintf(stderr, "%s: %s: %s\n", jf_program_name, path, reason.data);
        jf_buf_free(&reason);
        return EXIT_FAILED;
    }
    jf_buf_reset(&reason);
    jf_skip_t parsed = jf_article_parse(file.text, file.len, file.meta,
                                        file.meta_len, &log, &reason,
                                        &article);
    char *meta_path = jf_metadata_sidecar_path(path);
    jf_analyzer_t *analyzer = jf_analyzer_new();
    if (parsed == JF_SKIP_EMPTY) {
        fprintf(stderr, "%s: %s: empty (no line of article text)\n",
                jf_program_name, path);
    } else if (parsed == JF_SKIP_BAD_META) {
        fprintf(stderr, "%s: %s: %s\n", jf_program_name, meta_path,
                reason.data);
    } else if (!analyzer) {
        fprintf(stderr, "%s: libstemmer has no English stemmer\n",
                jf_program_name);
    } else {
        printf("article: %s\n", path);
        for (int f = 0; f < JF_META_FIELDS; f++) {
            const char *value = article.meta.value[f];
            printf("%s: %s", jf_meta_field_name((jf_meta_field_t)f),
                   value ? value : "(none)");
            if (article.meta.origin[f] == JF_META_SIDECAR)
                printf(" (from %s)", meta_path);
            else if (value)
                printf(" (detected)");
            putchar('\n');
        }
        jf_acronyms_find(analyzer, article.passages, article.count, &acronyms);
        printf("acronyms: %s\n", acronyms.len ? acronyms.data : "(none)");
        for (size_t i = 0; i < log.n; i++) {
            const jf_clean_note_t *n = &log.items[i];
            printf("%s line %u", kinds[n->kind], n->lineno);
            if (n->kind == JF_NOTE_JOIN)
                printf(" into passage %d", n->passage);
            else if (n->kind == JF_NOTE_DUPLICATE)
                printf(" of passage %d", n->passage);
            printf(" [%s: %s]: %s\n", n->rule, n->reason, n->text);
        }
        for (size_t i = 0; i < article.count; i++)
            printf("kept passage %zu: %s\n", i, article.passages[i].text);
        status = EXIT_SUCCESS;
    }
    jf_analyzer_free(analyzer);
    free(meta_path);
    jf_article_free(&article);
    jf_clean_log_free(&log);
    jf_corpus_file_free(&file);
    jf_buf_free(&reason);
    jf_buf_free(&acronyms);
    return status;
}

/* Installed as alloc.h's handler: the library code never exits. */
static void exit_out_of_memory(void)
{
    fprintf(stderr, "%s: out of memory\n", jf_program_name);
    exit(2);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        { "index", required_argument, NULL, 'i' },
        { "explain", required_argument, NULL, 'e' },
        { "check", no_argument, NULL, 'c' },
        { "rebuild", no_argument, NULL, 'r' },
        { "lock-timeout", required_argument, NULL, 't' },
        { "shards", required_argument, NULL, 's' },
        { "jobs", required_argument, NULL, 'j' },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    run_t run = { 0 };
    const char *index_option = NULL, *explain_file = NULL;
    bool rebuild = false;
    double lock_timeout = 10;
    unsigned shards = 0, jobs = 0;
    int c, status;

    jf_program_name = "jfindex";
    jf_set_oom_handler(exit_out_of_memory);
    argv[0] = (char *)jf_program_name; /* getopt's messages name it */
    while ((c = getopt_long(argc, argv, "qvh", options, NULL)) != -1) {
        switch (c) {
        case 'i': index_option = optarg; break;
        case 'e': explain_file = optarg; break;
        case 'c': run.check = true; break;
        case 'r': rebuild = true; break;
        case 't':
            if (parse_seconds(optarg, &lock_timeout) != 0)
                return EXIT_FAILED;
            break;
        case 's':
            if (parse_count("--shards", optarg, JF_SHARDS_MAX, &shards) != 0)
                return EXIT_FAILED;
            break;
        case 'j':
            if (parse_count("--jobs", optarg, JF_SHARDS_MAX, &jobs) != 0)
                return EXIT_FAILED;
            break;
        case 'q': run.quiet = true; break;
        case 'v': run.verbose = true; break;
        case 'h': usage(stdout); return EXIT_SUCCESS;
        case 'V': printf("jfindex (jfsearch) %s\n", PACKAGE_VERSION);
                  return EXIT_SUCCESS;
        default:
            fprintf(stderr, "Try '%s --help' for more information.\n",
                    jf_program_name);
            return EXIT_FAILED;
        }
    }
    if (run.check && (explain_file || rebuild)) {
        fprintf(stderr, "%s: --check cannot be combined with %s\n",
                jf_program_name, explain_file ? "--explain" : "--rebuild");
        return EXIT_FAILED;
    }
    if (explain_file) {
        if (optind < argc) {
            fprintf(stderr, "%s: --explain takes one FILE and no CORPUS_DIR\n",
                    jf_program_name);
            return EXIT_FAILED;
        }
        status = explain(explain_file);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "%s: standard output: %s\n", jf_program_name,
                    strerror(errno));
            return EXIT_FAILED;
        }
        return status;
    }
    if (index_option && *index_option == '\0') {
        fprintf(stderr, "%s: --index: the index path is empty\n",
                jf_program_name);
        return EXIT_FAILED;
    }

    char *default_corpus = NULL;
    char **dirs = argv + optind;
    size_t ndirs = (size_t)(argc - optind);
    if (ndirs == 0) {
        default_corpus = jf_default_corpus_dir();
        dirs = &default_corpus;
        ndirs = 1;
    }
    for (size_t i = 0; i < ndirs; i++) {
        struct stat st;
        if (stat(dirs[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "%s: %s: no such directory\n", jf_program_name,
                    dirs[i]);
            free(default_corpus);
            return EXIT_FAILED;
        }
    }

    char *index = index_option ? jf_strdup(index_option)
                               : jf_default_index_path();
    run.progress = !run.quiet && isatty(STDERR_FILENO);
    run.started = now();
    status = run_index(&run, index, rebuild, lock_timeout, shards, jobs, dirs,
                       ndirs);
    free(index);
    free(default_corpus);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: standard output: %s\n", jf_program_name,
                strerror(errno));
        return EXIT_FAILED;
    }
    return status;
}
