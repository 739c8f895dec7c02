/* build_shards.h - building several indexes at once, one process each:
 * the shards of a sharded index (shards.h), or the parts of a full build
 * (build_parts.h).
 *
 * A sharded index is updated in place, shard by shard, each shard in one
 * Xapian commit, so every shard stays openable whatever happens.  A full
 * build of one (a new index, or --rebuild) is made beside it, shards,
 * stub and lexicon, and swapped in whole, as an unsharded build is: a
 * search during it sees the old index or the new one, and a build that
 * fails or is killed leaves the old one as it was.
 */
#ifndef JF_BUILD_SHARDS_H
#define JF_BUILD_SHARDS_H

#include <stdbool.h>
#include <stddef.h>

#include "build.h"
#include "corpus.h"
#include "error.h"
#include "update.h"

/* Indexes each of LISTS[0..N) (FILES files in all) into DIR/shard-K, at
 * most JOBS processes at a time, each a TASK ("shard", "part": for
 * messages), written as MODE says (update.h), and adds up their tallies
 * in RUN's.  Fails if a process failed, with its message. */
int jf_build_lists(jf_run_t *run, const char *dir, const char *task,
                   unsigned n, unsigned jobs, jf_update_mode_t mode,
                   size_t files, const jf_corpus_list_t *lists,
                   jf_error_t *err);

/* Brings the N shards of the sharded index RUN->o->index up to date with
 * LIST, with at most JOBS processes at a time, in place; then writes the
 * stub and the lexicon (lexicon.h). */
int jf_build_shards(jf_run_t *run, unsigned n, unsigned jobs,
                    const jf_corpus_list_t *list, jf_error_t *err);

/* Builds the sharded index RUN->o->index anew from LIST in N shards, with
 * at most JOBS processes at a time, beside it, and swaps it in whole. */
int jf_build_shards_beside(jf_run_t *run, unsigned n, unsigned jobs,
                           const jf_corpus_list_t *list, jf_error_t *err);

#endif
