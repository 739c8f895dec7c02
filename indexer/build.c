/* build.c - one jfindex run (see build.h): takes the index's lock,
 * clears what dead runs left, lists the corpus, checks that the run
 * removes no article the user did not mean to (removal.h), decides the
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
#include "files.h"
#include "git_index.h"
#include "lock.h"
#include "removal.h"
#include "shards.h"
#include "update.h"
#include "writer.h"

void jf_run_skipped(jf_run_t *run, const char *path, jf_skip_t kind,
                    const char *reason)
{
    const jf_build_observer_t *obs = run->o->observer;
    run->tally->skipped[kind]++;
    if (jf_skip_is_quiet(kind)) {
        run->tally->ignored_total++;
        return;
    }
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

    if (jf_failed(err) || jf_shards_count(o->index, &existing, err) != 0)
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

/* Lists DIRS into LIST, and their sidecars into SIDECARS (sorted), each
 * directory checked to have an article to index: here, unless the run is
 * an update in place, which checks as it goes. */
static int list_corpus(jf_run_t *run, char *const *dirs, size_t ndirs,
                       jf_corpus_list_t *list, jf_corpus_list_t *sidecars,
                       jf_error_t *err)
{
    for (size_t i = 0; i < ndirs && !jf_failed(err); i++) {
        size_t first = list->n;
        jf_corpus_list(dirs[i], &run->o->rules, list, sidecars,
                       listing_skipped, run);
        jf_removal_check_listed(dirs[i], first, list->n, err);
        if (!run->whole_corpus)
            jf_removal_check_readable(run, dirs[i], list, first, list->n,
                                      err);
    }
    jf_corpus_list_sort(sidecars);
    return jf_failed(err) ? -1 : 0;
}

/* Removes (or with --check, only reports) what runs that died left. */
static void clear_leftover(const char *path, uint64_t bytes, void *ctx)
{
    const jf_build_options_t *o = ctx;
    if (!o->check)
        jf_remove_tree(path);
    if (o->leftover)
        o->leftover(path, bytes, o->observer->ctx);
}

/* Builds as the index and O say: an unsharded index updated in place or
 * built in parts, a sharded one updated in place or built beside. */
static int build(jf_run_t *run, unsigned n, const jf_corpus_list_t *list,
                 jf_error_t *err)
{
    const jf_build_options_t *o = run->o;
    unsigned parts = n == 0 ? jf_build_parts_count(o, list->n) : 0;
    if (parts > 0)
        return jf_build_in_parts(run, parts, list, err);
    if (n == 0)
        return jf_update_index(run, o->index, JF_UPDATE_IN_PLACE, list, err);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned jobs = o->jobs ? o->jobs
                  : cpus > 0 && (unsigned long)cpus < n ? (unsigned)cpus : n;
    unsigned existing = 0;
    jf_shards_count(o->index, &existing, err);
    if (!o->check && (o->rebuild || existing == 0))
        return jf_build_shards_beside(run, n, jobs, list, err);
    return jf_build_shards(run, n, jobs, list, err);
}

int jf_build(const jf_build_options_t *given, char *const *dirs,
             size_t ndirs, jf_build_tally_t *tally, jf_error_t *err)
{
    jf_build_options_t o = *given;
    char *index = jf_resolve_index(given->index);
    jf_run_t run = { .o = &o, .tally = tally,
                     .progress = o.observer->progress != NULL };
    jf_corpus_list_t list = JF_CORPUS_LIST_INIT;
    jf_corpus_list_t sidecars = JF_CORPUS_LIST_INIT;
    jf_git_index_t *git = NULL;
    int lock = -1;
    bool created = false;
    unsigned n = 0;

    memset(tally, 0, sizeof *tally);
    o.index = index;
    if (!o.check)
        jf_index_lock(index, o.lock_timeout_ms, &lock, &created, err);
    if (!jf_failed(err) && jf_indexer_foreign_directory(index))
        jf_fail(err, JFX_INVALID, "%s: exists and is not an index; give "
                "--index a new or empty directory", index);
    if (!jf_failed(err) && (!o.check || !jf_index_busy(index)))
        jf_index_leftovers(index, clear_leftover, &o);
    shard_count(&o, &n, err);
    tally->shards = n;
    run.whole_corpus = n == 0 && jf_build_parts_count(&o, 1) == 0;
    /* git answers, and an index updated in place is read, while the
     * corpus is listed. */
    if (!jf_failed(err))
        git = jf_git_index_start(dirs, ndirs);
    if (!jf_failed(err) && run.whole_corpus && !o.check && !o.rebuild)
        run.preload = jf_index_preload_start(index);
    list_corpus(&run, dirs, ndirs, &list, &sidecars, err);
    run.sidecars = &sidecars;
    if (git && jf_git_index_finish(git) > 0)
        run.git = git;
    char *origin = jf_removal_origin(&list);
    run.origin = origin;
    if (jf_removal_check_default(&run, err) == 0)
        build(&run, n, &list, err);
    jf_reword_write_failure(given->index, err);
    if (jf_failed(err) && created)
        rmdir(index); /* made for this run, and still empty */
    jf_index_preload_free(run.preload);
    jf_index_unlock(lock);
    jf_corpus_list_free(&list);
    jf_corpus_list_free(&sidecars);
    jf_git_index_free(git);
    free(origin);
    free(index);
    return jf_failed(err) ? -1 : 0;
}
