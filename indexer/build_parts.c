/* build_parts.c - a full build shared between processes (see
 * build_parts.h).
 *
 * The parts are divided by content, not by path, because an article's id
 * is its content: two copies of one text must meet in one part for the
 * second to be recognised as a copy.  That costs the parent one read of
 * each file before the parts start, a small price beside indexing it.
 * The parts are built as the shards of the scratch directory
 * (build_shards.h), and each wrote the index-wide metadata from its own
 * articles only, so the merged index is settled (writer.h) before the
 * swap.
 *
 * The swap uses renameat2's RENAME_EXCHANGE, which trades the merged
 * index and the index in one step; where the file system cannot
 * exchange, the index is moved aside and the merged index renamed in,
 * which leaves a moment in which the index is missing.
 */
#define _GNU_SOURCE
#include "build_parts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "build_shards.h"
#include "files.h"
#include "hash.h"
#include "jfx.h"
#include "shards.h"
#include "writer.h"

unsigned jf_build_parts_count(const jf_build_options_t *o, size_t files)
{
    unsigned jobs = o->jobs;

    if (o->check || (jf_shards_unsharded(o->index) && !o->rebuild))
        return 0;
    if (jobs == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 0 ? (unsigned)(cpus < JF_SHARDS_MAX ? cpus
                                                          : JF_SHARDS_MAX)
                        : 1;
    }
    return files < jobs ? (unsigned)(files > 0 ? files : 1) : jobs;
}

/* Divides LIST into N lists by each file's content: copies of one text
 * land in the same part, where they are indexed once, as a single build
 * would.  A file that cannot be read goes where its path leads, for its
 * part to report. */
static jf_corpus_list_t *split(jf_run_t *run, const jf_corpus_list_t *list,
                               unsigned n)
{
    jf_corpus_list_t *parts = jf_calloc(n, sizeof *parts);
    jf_buf_t reason = JF_BUF_INIT;

    for (size_t i = 0; i < list->n; i++) {
        jf_corpus_file_t file;
        jf_run_progress(run, "reading", i, list->n);
        uint64_t key;
        if (jf_corpus_read(list->items[i], &file, &reason) == JF_SKIP_NONE)
            key = (uint64_t)file.crc << 32 | file.adler;
        else
            key = jf_hash_string(list->items[i]);
        jf_corpus_file_free(&file);
        JF_VEC_PUSH(&parts[key % n], jf_strdup(list->items[i]));
    }
    jf_buf_free(&reason);
    return parts;
}

/* The scratch directory for a build of INDEX, beside it (so the merged
 * index can be renamed into place) and hidden: ".NAME.build-PID". */
static char *scratch_path(const char *index)
{
    size_t len = strlen(index);
    while (len > 1 && index[len - 1] == '/')
        len--;
    const char *name = index + len;
    while (name > index && name[-1] != '/')
        name--;
    return jf_strprintf("%.*s.%.*s.build-%ld", (int)(name - index), index,
                        (int)(index + len - name), name, (long)getpid());
}

/* Puts the index at FROM in the place of TO, atomically when the file
 * system can; what was at TO ends up at FROM, or else at ASIDE.  Returns
 * 0 or -1 (errno). */
static int swap_in(const char *from, const char *to, const char *aside)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno == ENOENT)
        return rename(from, to);
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return -1;
    if (rename(to, aside) != 0)
        return -1;
    if (rename(from, to) == 0)
        return 0;
    int saved = errno;
    /* Putting the old index back is all there is left to try; the
     * failure reported is the one that stopped the swap. */
    rename(aside, to);
    errno = saved;
    return -1;
}

/* Merges the N parts in SCRATCH (shard-K) into SCRATCH/merged, rewrites
 * what each part wrote for its own articles only, and swaps the result in
 * for INDEX. */
static int merge(const char *scratch, unsigned n, const char *index,
                 unsigned lock_timeout_ms, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    char **sources = jf_calloc(n, sizeof *sources);
    char *merged = jf_strprintf("%s/merged", scratch);
    char *aside = jf_strprintf("%s/replaced", scratch);
    char *message = NULL;
    jf_indexer_t *ix = NULL;

    for (unsigned k = 0; k < n; k++)
        sources[k] = jf_shard_path(scratch, k);
    jfx_status_t st = jfx_compact((const char *const *)sources, n, merged,
                                  &message);
    if (st != JFX_OK)
        jf_fail_take(err, st, message ? message
                                      : jf_strdup(jfx_status_to_string(st)));
    else if (jf_indexer_open(merged, false, lock_timeout_ms, &ix, err) == 0)
        jf_indexer_settle(ix, err);
    jf_indexer_close(ix);
    if (!jf_failed(err) && swap_in(merged, index, aside) != 0)
        jf_fail(err, JFX_IO, "%s: cannot put the new index in place: %s",
                index, strerror(errno));
    for (unsigned k = 0; k < n; k++)
        free(sources[k]);
    free(sources);
    free(merged);
    free(aside);
    return jf_failed(err) ? -1 : 0;
}

int jf_build_in_parts(jf_run_t *run, unsigned parts,
                      const jf_corpus_list_t *list, jf_error_t *err)
{
    const char *index = run->o->index;
    jf_indexer_t *lock = NULL;

    memset(&run->tally->stats, 0, sizeof run->tally->stats);
    if (jf_make_parents(index, err) != 0 ||
        jf_indexer_lock(index, run->o->lock_timeout_ms, &lock, err) != 0)
        return -1;
    char *scratch = scratch_path(index);
    if (jf_make_directory(scratch, false, err) == 0) {
        jf_corpus_list_t *lists = split(run, list, parts);
        jf_build_lists(run, scratch, parts, parts, true, list->n, lists, err);
        for (unsigned k = 0; k < parts; k++)
            jf_corpus_list_free(&lists[k]);
        free(lists);
        jf_run_progress(run, "merging", 0, 0);
        merge(scratch, parts, index, run->o->lock_timeout_ms, err);
        jf_run_progress_end(run);
    }
    jf_indexer_close(lock);
    /* After a swap the old index is in it: it goes with the parts. */
    jf_remove_tree(scratch);
    free(scratch);
    return jf_failed(err) ? -1 : 0;
}
