/* merge.h - a full build shared between processes, merged into one index.
 *
 * Xapian indexes in one thread, so on a machine with several processors
 * a full build (a new index, or --rebuild) gives each of N processes a
 * part of the corpus to index into a scratch index of its own, in a
 * scratch directory beside INDEX, and then merges the parts with Xapian's
 * compactor.  The merged index is what one process would have built,
 * written compact: quicker to build, smaller, and quicker to search.  It
 * replaces INDEX in one rename, so readers see the old index or the new
 * one, never a mixture, and a failed build leaves INDEX as it was.
 */
#ifndef JF_MERGE_H
#define JF_MERGE_H

#include "corpus.h"

/* Divides LIST into N lists (an array the caller frees, with each list)
 * by each file's content: copies of one text land in the same part, where
 * they are indexed once, as a single build would.  A file that cannot be
 * read goes where its path leads, for its part to report. */
jf_corpus_list_t *jf_merge_split(const jf_corpus_list_t *list, unsigned n);

/* The scratch directory for a build of INDEX, beside it (so the merged
 * index can be renamed into place) and hidden: ".NAME.build-PID".
 * Malloc'd. */
char *jf_merge_scratch(const char *index);

/* The parts live in SCRATCH as shard-0 ... shard-(N-1) (shards.h's
 * naming).  Merges them into SCRATCH/merged, rewrites what each part
 * wrote for its own articles only (writer.h, jf_indexer_settle), and
 * swaps the result in for INDEX.  Returns 0, or -1 with *error (malloc'd)
 * and INDEX untouched. */
int jf_merge_finish(const char *scratch, unsigned n, const char *index,
                    unsigned lock_timeout_ms, char **error);

/* Removes SCRATCH and every index in it (after a swap, the old INDEX). */
void jf_merge_discard(const char *scratch);

#endif
