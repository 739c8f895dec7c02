/* build_shards.h - building several indexes at once, one process each:
 * the shards of a sharded index (shards.h), or the parts of a full build
 * (build_parts.h).
 */
#ifndef JF_BUILD_SHARDS_H
#define JF_BUILD_SHARDS_H

#include <stdbool.h>
#include <stddef.h>

#include "build.h"
#include "corpus.h"
#include "error.h"

/* Indexes each of LISTS[0..N) (FILES files in all) into DIR/shard-K, at
 * most JOBS processes at a time, as SCRATCH parts of a full build or as
 * shards, and adds up their tallies in RUN's.  Fails if a process
 * failed, with its message. */
int jf_build_lists(jf_run_t *run, const char *dir, unsigned n, unsigned jobs,
                   bool scratch, size_t files, const jf_corpus_list_t *lists,
                   jf_error_t *err);

/* Brings the N shards of the sharded index RUN->o->index up to date with
 * LIST, whose file I was found under the corpus directory
 * DIRS[DIR_OF[I]], with at most JOBS processes at a time; then writes
 * the stub and the lexicon (lexicon.h). */
int jf_build_shards(jf_run_t *run, unsigned n, unsigned jobs,
                    const jf_corpus_list_t *list, const size_t *dir_of,
                    char *const *dirs, jf_error_t *err);

#endif
