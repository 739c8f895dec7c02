/* build.c - one jfindex run (see build.h): lists the corpus, decides the
 * index's shards and the way to build, and keeps the run's tally.
 *
 * An index keeps the shards it has unless --rebuild says otherwise, so a
 * plain `jfindex` on a sharded index updates its shards; changing the
 * number, or sharding an unsharded index, needs --rebuild, because every
 * article would move.
 */
#include "build.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_parts.h"
#include "build_shards.h"
#include "shards.h"
#include "update.h"
#include "vec.h"

void jf_run_skipped(jf_run_t *run, const char *path, jf_skip_t kind,
                    const char *reason)
{
    const jf_build_observer_t *obs = run->o->observer;
    run->tally->skipped[kind]++;
    run->tally->skipped_total++;
    if (obs->skipped)
        obs->skipped(path, kind, reason, obs->ctx);
}

void jf_run_changed(jf_run_t *run, const char *path,
                    const jf_add_result_t *result)
{
    const jf_build_observer_t *obs = run->o->observer;
    if (run->o->check)
        run->tally->differences++;
    if (obs->changed)
        obs->changed(path, result, obs->ctx);
}

void jf_run_removed(const char *path, void *ctx)
{
    jf_run_t *run = ctx;
    const jf_build_observer_t *obs = run->o->observer;
    if (run->o->check)
        run->tally->differences++;
    if (obs->removed)
        obs->removed(path, obs->ctx);
}

void jf_run_progress(jf_run_t *run, const char *phase, size_t done,
                     size_t total)
{
    const jf_build_observer_t *obs = run->o->observer;
    if (run->progress && obs->progress)
        obs->progress(phase, done, total, obs->ctx);
}

void jf_run_progress_end(jf_run_t *run)
{
    const jf_build_observer_t *obs = run->o->observer;
    if (run->progress && obs->progress_end)
        obs->progress_end(obs->ctx);
}

/* Decides how many shards the index is to have: --shards when given,
 * else as many as it has. */
static int shard_count(const jf_build_options_t *o, unsigned *count,
                       jf_error_t *err)
{
    unsigned existing;

    if (jf_shards_count(o->index, &existing, err) != 0)
        return -1;
    *count = o->shards ? o->shards : existing;
    if (o->rebuild || o->shards == 0 || o->shards == existing)
        return 0;
    if (existing > 0)
        return jf_fail(err, JFX_INVALID, "%s: the index has %u shards; "
                       "re-shard it into %u with --rebuild", o->index,
                       existing, o->shards);
    if (jf_shards_unsharded(o->index))
        return jf_fail(err, JFX_INVALID, "%s: the index is not sharded; "
                       "shard it with --rebuild --shards %u", o->index,
                       o->shards);
    return 0;
}

static void listing_skipped(const char *path, jf_skip_t kind,
                            const char *reason, void *run)
{
    jf_run_skipped(run, path, kind, reason);
}

int jf_build(const jf_build_options_t *o, char *const *dirs, size_t ndirs,
             jf_build_tally_t *tally, jf_error_t *err)
{
    jf_run_t run = { o, tally, NULL, o->observer->progress != NULL, NULL,
                     NULL };
    jf_corpus_list_t list = JF_CORPUS_LIST_INIT;
    jf_corpus_list_t sidecars = JF_CORPUS_LIST_INIT;
    JF_VEC(size_t) dir_of = { NULL, 0, 0 }; /* of each listed file */
    unsigned n;

    memset(tally, 0, sizeof *tally);
    if (jf_failed(err) || shard_count(o, &n, err) != 0)
        return -1;
    tally->shards = n;
    /* git answers while the corpus is listed. */
    jf_git_index_t *git = jf_git_index_start(dirs, ndirs);
    for (size_t i = 0; i < ndirs; i++) {
        jf_corpus_list(dirs[i], &list, &sidecars, listing_skipped, &run);
        while (dir_of.n < list.n)
            JF_VEC_PUSH(&dir_of, i);
    }
    jf_corpus_list_sort(&sidecars);
    run.sidecars = &sidecars;
    if (jf_git_index_finish(git) > 0)
        run.git = git;
    unsigned parts = n == 0 ? jf_build_parts_count(o, list.n) : 0;
    if (parts > 0) {
        jf_build_in_parts(&run, parts, &list, err);
    } else if (n == 0) {
        jf_update_index(&run, o->index, false, &list, err);
    } else {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        unsigned jobs = o->jobs ? o->jobs
                      : cpus > 0 && (unsigned long)cpus < n ? (unsigned)cpus
                                                            : n;
        jf_build_shards(&run, n, jobs, &list, dir_of.items, dirs, err);
    }
    JF_VEC_FREE(&dir_of);
    jf_corpus_list_free(&list);
    jf_corpus_list_free(&sidecars);
    jf_git_index_free(git);
    return jf_failed(err) ? -1 : 0;
}
