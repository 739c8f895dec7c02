/* states.h - the state table: files' states kept apart from the article
 * records.
 *
 * A file's state (its stat data, or git's blob ids: update.c) says
 * whether a run may skip reading it.  The article record holds the state
 * its file was read with, but a file touched since (the same content
 * with a new state: a copy, a restore, a chmod) would need its record
 * rewritten, and the records are spread over the whole metadata table:
 * rewriting 200,000 cost one run at L 12.3 s, so runs rewrote 250 at a
 * time and, after every file of the corpus was touched, read them all
 * again (5.5 s a run) for hundreds of runs.  The state table holds the states of files in buckets by path,
 * under metadata keys "st:<bits>:<bucket>" (JF_METADATA_STATES), as
 * "<article id>\0<state>\0<path>\0" entries; a commit rewrites only the
 * buckets of the paths whose state or article changed, in the same
 * transaction as everything else, so table and records never disagree
 * about a commit.  An entry counts only while the record at its path is
 * still its article: a stale one can cost a read, never hide a change.
 */
#ifndef JF_STATES_H
#define JF_STATES_H

#include "error.h"
#include "jfx.h"
#include "records.h"

/* Gives each record of R whose path has an entry for its article in DB's
 * state table that entry's state, and notes the table's layout in R.
 * Returns 0, or -1 with ERR. */
int jf_states_load(jf_records_t *r, jfx_db_t *db, jf_error_t *err);

/* Applies the bucket stored under KEY (VALUE, LEN bytes) to the records
 * CTX (a jf_records_t) as jf_states_load does, noting its layout; bytes
 * that are not entries end the bucket.  Returns 0 (a jfx_metadata_fn). */
int jf_states_read_bucket(const char *key, const char *value, size_t len,
                          void *ctx);

/* Writes with W the buckets of R's table that hold a record marked
 * state_dirty (all of them when the number of articles calls for another
 * layout, whose old keys it deletes), with an entry for each article
 * this run saw whose state its record does not hold: a fresh state, or
 * the table's.  Returns 0, or -1 with ERR. */
int jf_states_write(jf_records_t *r, jfx_writer_t *w, jf_error_t *err);

#endif
