/* preload.h - an index's committed state read while the corpus is listed.
 *
 * An update in place starts from the article records of the last commit
 * (records.h) and its acronym keys (acronym_meta.h).  At 200,000 articles
 * reading them takes about as long as listing the corpus, and both wait
 * for git (git_index.h) before a file is compared, so a thread reads them
 * meanwhile.  What it read is taken only if it is still the last commit
 * once the writer holds the lock (nothing can commit after that);
 * otherwise, or when it failed, the indexer reads them again itself, and
 * reports any failure then.
 */
#ifndef JF_PRELOAD_H
#define JF_PRELOAD_H

#include <stdbool.h>

#include "acronym_meta.h"
#include "error.h"
#include "jfx.h"
#include "records.h"

typedef struct jf_index_preload jf_index_preload_t;

/* Reads the records (with the state table's states: states.h) and the
 * acronym keys of the index at PATH's last commit into RECORDS and
 * ACRONYMS now, in this thread, leaving *DB open on that commit (the
 * caller closes it).  On failure (error.h) *DB is NULL. */
int jf_index_read_state(const char *path, jfx_db_t **db,
                        jf_records_t *records, jf_acronym_meta_t *acronyms,
                        jf_error_t *err);

/* Starts reading the index at PATH in a thread of its own.  Returns the
 * handle (free with jf_index_preload_free), or NULL when no thread could
 * be started. */
jf_index_preload_t *jf_index_preload_start(const char *path);

/* Waits for P (NULL: none) and, when it read what is now the last commit
 * of its index, moves its reader, records and acronym keys into *DB,
 * *RECORDS and *ACRONYMS (which the caller then owns) and returns true;
 * false leaves them as they were.  Once only: P is empty after. */
bool jf_index_preload_take(jf_index_preload_t *p, jfx_db_t **db,
                           jf_records_t *records,
                           jf_acronym_meta_t *acronyms);

/* Waits for P (NULL: none) and frees it with whatever it still holds. */
void jf_index_preload_free(jf_index_preload_t *p);

#endif
