/* build_parts.h - a full build shared between processes, merged into one
 * index.
 *
 * Xapian indexes in one thread, so on a machine with several processors
 * a full build (a new index, or --rebuild) gives each of N processes a
 * part of the corpus to index into a scratch index of its own, in a
 * scratch directory beside the index, and then merges the parts with
 * Xapian's compactor.  The merged index is what one process would have
 * built, written compact: quicker to build, smaller, and quicker to
 * search.  It replaces the index in one rename, so readers see the old
 * index or the new one, never a mixture, and a failed build leaves the
 * index as it was.
 */
#ifndef JF_BUILD_PARTS_H
#define JF_BUILD_PARTS_H

#include <stddef.h>

#include "build.h"
#include "corpus.h"
#include "error.h"

/* How many processes are to build the unsharded index O->index from
 * FILES files: 0 for an update (which writes only what changed, in
 * place), else --jobs, or one per processor. */
unsigned jf_build_parts_count(const jf_build_options_t *o, size_t files);

/* Builds the unsharded index RUN->o->index from LIST in PARTS processes,
 * even when PARTS is 1: the new index is built beside the old one and
 * swapped in whole.  The index's lock is held throughout, so another
 * jfindex waits as it would for an update. */
int jf_build_in_parts(jf_run_t *run, unsigned parts,
                      const jf_corpus_list_t *list, jf_error_t *err);

#endif
