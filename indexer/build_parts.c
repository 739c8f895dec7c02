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
 * swap.  Each part keeps its article documents in an index of their own,
 * merged after every part's passages: the article-level search that every
 * query makes then finds their lengths and values side by side rather
 * than one in each block, and the merged index is written in blocks of 32
 * KiB, which Xapian, keeping no block of its own, reads a quarter as
 * often (bench/ANALYSIS.md: both together take a third off a query at M).
 *
 * The swap (files.h) trades the merged index and the index in one step;
 * where the file system cannot exchange, the index is moved aside beside
 * it (never into the scratch directory, which is removed) and the merged
 * index renamed in, which leaves a moment in which the index is missing.
 */
#include "build_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "build_shards.h"
#include "files.h"
#include "hash.h"
#include "jfx.h"
#include "lock.h"
#include "shards.h"
#include "writer.h"

/* The merged index's block size (see above). */
enum { MERGED_BLOCK_SIZE = 32768 };

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
        const jf_corpus_entry_t *e = &list->items[i];
        jf_corpus_file_t file;
        jf_run_progress(run, "reading", i, list->n);
        uint64_t key;
        if (jf_corpus_read(e->path, e->root, &run->o->rules, &file,
                           &reason) == JF_SKIP_NONE)
            key = (uint64_t)file.crc << 32 | file.adler;
        else
            key = jf_hash_string(e->path);
        jf_corpus_file_free(&file);
        jf_corpus_list_add(&parts[key % n], e);
    }
    jf_buf_free(&reason);
    return parts;
}

/* Merges the N parts in SCRATCH (shard-K, then the article documents of
 * each) into SCRATCH/merged, rewrites what each part wrote for its own
 * articles only, and swaps the result in for the index. */
static int merge(jf_run_t *run, const char *scratch, unsigned n,
                 jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    const char *index = run->o->index;
    char **sources = jf_calloc(2 * n, sizeof *sources);
    char *merged = jf_strprintf("%s/merged", scratch);
    char *aside = jf_index_aside_path(index);
    char *message = NULL;
    jf_indexer_t *ix = NULL;

    for (unsigned k = 0; k < n; k++) {
        sources[k] = jf_shard_path(scratch, k);
        sources[n + k] = jf_part_articles_path(sources[k]);
    }
    jfx_status_t st = jfx_compact((const char *const *)sources, 2 * n,
                                  merged, MERGED_BLOCK_SIZE, &message);
    if (st != JFX_OK)
        jf_fail_take(err, st, message ? message
                                      : jf_strdup(jfx_status_to_string(st)));
    else if (jf_indexer_open(merged, false, run->o->lock_timeout_ms, NULL,
                             &ix, err) == 0) {
        jf_indexer_set_origin(ix, run->origin);
        jf_indexer_settle(ix, err);
    }
    jf_indexer_close(ix);
    if (jf_swap_in(merged, index, aside, err) == 0)
        jf_remove_tree(aside); /* the old index, when it went aside */
    for (unsigned k = 0; k < 2 * n; k++)
        free(sources[k]);
    free(sources);
    free(merged);
    free(aside);
    return jf_failed(err) ? -1 : 0;
}

int jf_build_in_parts(jf_run_t *run, unsigned parts,
                      const jf_corpus_list_t *list, jf_error_t *err)
{
    memset(&run->tally->stats, 0, sizeof run->tally->stats);
    if (jf_failed(err))
        return -1;
    char *scratch = jf_index_scratch_path(run->o->index);
    if (jf_index_make_scratch(run->o->index, scratch, err) == 0) {
        jf_corpus_list_t *lists = split(run, list, parts);
        jf_build_lists(run, scratch, "part", parts, parts, JF_UPDATE_PART,
                       list->n,
                       lists, err);
        for (unsigned k = 0; k < parts; k++)
            jf_corpus_list_free(&lists[k]);
        free(lists);
        jf_run_progress(run, "merging", 0, 0);
        merge(run, scratch, parts, err);
        jf_run_progress_end(run);
    }
    /* After a swap the old index is in it: it goes with the parts. */
    jf_remove_tree(scratch);
    free(scratch);
    return jf_failed(err) ? -1 : 0;
}
