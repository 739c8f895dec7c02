/* update.h - brings one index up to date in place, with one process.
 *
 * The way jfindex updates an existing unsharded index, and the work each
 * process does in a parallel build (a shard, or a part of a full build):
 * read each listed file, hand it to the writer (writer.h), finish.  A
 * file whose stat data is what the index recorded is not even read.
 */
#ifndef JF_UPDATE_H
#define JF_UPDATE_H

#include <stdbool.h>

#include "build.h"
#include "corpus.h"
#include "error.h"

/* How jf_update_index writes its index. */
typedef enum {
    JF_UPDATE_IN_PLACE, /* the index itself, in one transaction */
    JF_UPDATE_NEW,      /* a new index of a full build (writer.h,
                           jf_indexer_open_scratch) */
    JF_UPDATE_PART      /* likewise, a part to be merged, its article
                           documents apart (jf_part_articles_path) */
} jf_update_mode_t;

/* Brings the index at INDEX up to date with the files of LIST (with
 * --check, only compares), written as MODE says, leaving the index's
 * figures in RUN's tally. */
int jf_update_index(jf_run_t *run, const char *index, jf_update_mode_t mode,
                    const jf_corpus_list_t *list, jf_error_t *err);

#endif
