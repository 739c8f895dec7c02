/* build_shards.c - several indexes built at once, one process each (see
 * build_shards.h).
 *
 * Each process is the ordinary single-index update (update.c) on its
 * share of the files, run by the process pool (pool.c).  What it did,
 * and why it failed if it did, comes back to the parent as a fixed-size
 * result: the tallies are added up there, and the first failure is the
 * run's.  The progress line is the parent's, drawn from a counter all the
 * processes add to.
 */
#include "build_shards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "files.h"
#include "lexicon.h"
#include "lock.h"
#include "pool.h"
#include "shards.h"
#include "update.h"

/* What a process sends back. */
typedef struct {
    jf_build_tally_t tally;
    jfx_status_t status;    /* of its failure, if it failed */
    char message[1024];     /* and why, cut to fit */
} result_t;

typedef struct {
    jf_run_t *run;
    size_t files;                 /* in all lists, for the progress line */
    const char *dir;
    jf_update_mode_t mode;        /* how each is written */
    const jf_corpus_list_t *lists; /* each process's files */
} job_t;

/* The parent's progress line: files done by all processes. */
static void show_progress(void *ctx)
{
    job_t *job = ctx;
    jf_run_progress(job->run, "indexing",
                    __atomic_load_n(job->run->done, __ATOMIC_RELAXED),
                    job->files);
}

/* In a child: indexes list K into DIR/shard-K. */
static int build_one(unsigned k, void *result, void *ctx)
{
    job_t *job = ctx;
    result_t *r = result;
    jf_run_t run = { .o = job->run->o, .origin = job->run->origin,
                     .tally = &r->tally, .done = job->run->done,
                     .git = job->run->git, .sidecars = job->run->sidecars };
    jf_error_t err = JF_ERROR_INIT;
    char *path = jf_shard_path(job->dir, k);

    jf_update_index(&run, path, job->mode, &job->lists[k], &err);
    free(path);
    if (!jf_failed(&err))
        return 0;
    r->status = err.status;
    snprintf(r->message, sizeof r->message, "%s", jf_error_message(&err));
    jf_error_clear(&err);
    return 1;
}

static void add_tally(jf_build_tally_t *sum, const jf_build_tally_t *t)
{
    sum->stats.added += t->stats.added;
    sum->stats.updated += t->stats.updated;
    sum->stats.renamed += t->stats.renamed;
    sum->stats.removed += t->stats.removed;
    sum->stats.unchanged += t->stats.unchanged;
    sum->stats.articles += t->stats.articles;
    sum->stats.passages += t->stats.passages;
    sum->stats.states += t->stats.states;
    for (int kind = 0; kind < JF_SKIP_KINDS; kind++)
        sum->skipped[kind] += t->skipped[kind];
    sum->skipped_total += t->skipped_total;
    sum->differences += t->differences;
    sum->files_read += t->files_read;
    sum->known_by_git += t->known_by_git;
    sum->known_by_stat += t->known_by_stat;
}

/* Adds up the processes' results, or takes the first failure. */
static int gather(jf_run_t *run, const char *task, unsigned n,
                  const result_t *results, const int *statuses,
                  jf_error_t *err)
{
    memset(&run->tally->stats, 0, sizeof run->tally->stats);
    for (unsigned k = 0; k < n && !jf_failed(err); k++) {
        const result_t *r = &results[k];
        if (statuses[k] == 0)
            add_tally(run->tally, &r->tally);
        else if (statuses[k] == 1 && r->message[0])
            jf_fail(err, r->status, "%s", r->message);
        else
            jf_fail(err, JFX_INTERNAL, "%s %u: its indexing process %s",
                    task, k, statuses[k] < 0 ? "died" : "failed");
    }
    return jf_failed(err) ? -1 : 0;
}

int jf_build_lists(jf_run_t *run, const char *dir, const char *task,
                   unsigned n, unsigned jobs, jf_update_mode_t mode,
                   size_t files, const jf_corpus_list_t *lists,
                   jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    job_t job = { run, files, dir, mode, lists };
    result_t *results = jf_calloc(n, sizeof *results);
    int *statuses = jf_calloc(n, sizeof *statuses);

    run->done = run->progress ? jf_pool_counter_new() : NULL;
    jf_pool_t pool = { n, jobs, task, build_one,
                       run->done ? show_progress : NULL, &job, results,
                       sizeof *results, statuses };
    if (jf_pool_run(&pool, err) == 0)
        gather(run, task, n, results, statuses, err);
    if (run->done) {
        jf_run_progress(run, "indexing", files, files);
        jf_run_progress_end(run);
    }
    jf_pool_counter_free(run->done);
    run->done = NULL;
    free(results);
    free(statuses);
    return jf_failed(err) ? -1 : 0;
}

/* Splits LIST by shard: an article's shard follows its path relative to
 * the corpus directory it was found in, so "corpus" and "./corpus" shard
 * alike. */
static jf_corpus_list_t *split_by_shard(const jf_corpus_list_t *list,
                                        unsigned n)
{
    jf_corpus_list_t *lists = jf_calloc(n, sizeof *lists);
    for (size_t i = 0; i < list->n; i++) {
        const jf_corpus_entry_t *e = &list->items[i];
        jf_corpus_list_add(&lists[jf_shard_of(e->path + e->rel, n)], e);
    }
    return lists;
}

static void free_lists(jf_corpus_list_t *lists, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        jf_corpus_list_free(&lists[k]);
    free(lists);
}

/* Rewrites the lexicon (lexicon.h) when a shard changed or it is
 * missing. */
static int update_lexicon(jf_run_t *run, jf_error_t *err)
{
    const jf_index_stats_t *s = &run->tally->stats;
    char *path = jf_lexicon_path(run->o->index);
    struct stat st;
    bool stale = run->o->rebuild || s->added || s->updated || s->removed ||
                 stat(path, &st) != 0;

    free(path);
    if (stale)
        return jf_lexicon_write(run->o->index, run->o->lock_timeout_ms, err);
    return 0;
}

int jf_build_shards(jf_run_t *run, unsigned n, unsigned jobs,
                    const jf_corpus_list_t *list, jf_error_t *err)
{
    jf_corpus_list_t *lists = split_by_shard(list, n);

    memset(&run->tally->stats, 0, sizeof run->tally->stats);
    jf_build_lists(run, run->o->index, "shard", n, jobs, JF_UPDATE_IN_PLACE,
                   list->n, lists, err);
    if (!run->o->check && jf_shards_write_stub(run->o->index, n, err) == 0)
        update_lexicon(run, err);
    free_lists(lists, n);
    return jf_failed(err) ? -1 : 0;
}

int jf_build_shards_beside(jf_run_t *run, unsigned n, unsigned jobs,
                           const jf_corpus_list_t *list, jf_error_t *err)
{
    const char *index = run->o->index;
    char *scratch = jf_index_scratch_path(index);
    char *aside = jf_index_aside_path(index);
    jf_corpus_list_t *lists = split_by_shard(list, n);

    memset(&run->tally->stats, 0, sizeof run->tally->stats);
    if (jf_index_make_scratch(index, scratch, err) == 0) {
        /* Scratch writers commit as they go, so memory stays bounded; the
         * whole tree is flushed to disk once, before the swap. */
        jf_build_lists(run, scratch, "shard", n, jobs, JF_UPDATE_NEW, list->n,
                       lists, err);
        jf_shards_write_stub(scratch, n, err);
        jf_lexicon_write(scratch, run->o->lock_timeout_ms, err);
        jf_sync_tree(scratch, err);
        if (jf_swap_in(scratch, index, aside, err) == 0)
            jf_remove_tree(aside);
    }
    /* After the swap, the old index is in it. */
    jf_remove_tree(scratch);
    free_lists(lists, n);
    free(scratch);
    free(aside);
    return jf_failed(err) ? -1 : 0;
}
