/* indexer.h - keeps a Xapian index in step with a corpus, incrementally.
 *
 * An indexer holds the index's write lock from jf_indexer_open to
 * jf_indexer_close.  Each article file handed to it is compared by
 * content (crc32 and size) with the record stored at the last run, and
 * only new or changed articles are (re)written.  jf_indexer_finish removes
 * the articles not handed over in this run and commits once, so readers
 * see the whole update or none of it; when nothing changed it writes
 * nothing at all, leaving the index exactly as it was.  An article's
 * content is its text and its .meta sidecar together (see corpus.h).
 *
 * An indexer opened by jf_indexer_open_check is a dry run for
 * `jfindex --check`: it reads the last commit without taking the lock, and
 * jf_indexer_add and jf_indexer_finish say what they would do, by the very
 * same rules, while writing nothing.
 */
#ifndef JF_INDEXER_H
#define JF_INDEXER_H

#include <stdbool.h>
#include <stdint.h>

#include "corpus.h"
#include "jfx.h"

typedef struct jf_indexer jf_indexer_t;

typedef enum {
    JF_ARTICLE_ADDED,
    JF_ARTICLE_UPDATED,
    JF_ARTICLE_UNCHANGED,
    JF_ARTICLE_RENAMED,   /* unchanged content under a new path: only its
                             record was rewritten */
    JF_ARTICLE_DUPLICATE, /* the same content was already handed over in
                             this run (the same path twice, or a copy):
                             not indexed again */
    JF_ARTICLE_EMPTY,     /* no headline: nothing to index */
    JF_ARTICLE_BAD_META   /* its .meta sidecar is not valid: not indexed;
                             jf_indexer_last_error says why */
} jf_article_change_t;

typedef struct {
    unsigned long added, updated, renamed, removed, unchanged;
    unsigned long articles;  /* in the index after this run */
    unsigned long passages;  /* their passages, headlines included */
} jf_index_stats_t;

/* Opens (creating it if needed) the index at PATH, waiting up to
 * LOCK_TIMEOUT_MS for another writer; REBUILD starts from an empty index.
 * Refuses a directory that is not a Xapian index, a Xapian index that is
 * not jfsearch's, and an index of another schema version (unless
 * REBUILD).  On failure *ix is NULL and *message a malloc'd explanation
 * naming the index (caller frees).  Caller frees *ix with
 * jf_indexer_close. */
jfx_status_t jf_indexer_open(const char *path, bool rebuild,
                             unsigned lock_timeout_ms, jf_indexer_t **ix,
                             char **message);

/* Opens a new, empty index at PATH as one part of a full build
 * (merge.h): no other writer can know of it, and it is discarded if the
 * build fails, so it is written without a transaction or fsync, and
 * Xapian commits as it goes, which keeps memory bounded however large
 * the part. */
jfx_status_t jf_indexer_open_scratch(const char *path, jf_indexer_t **ix,
                                     char **message);

/* Takes the write lock of the index at PATH, creating an empty index
 * there if there is none, for a full build that will replace it whole
 * (merge.h); the index is left as it is.  Refuses what jf_indexer_open
 * refuses, except an index of another schema version or a corrupt one.
 * Caller frees *ix with jf_indexer_close, which releases the lock. */
jfx_status_t jf_indexer_lock(const char *path, unsigned lock_timeout_ms,
                             jf_indexer_t **ix, char **message);

/* Opens the index at PATH read-only for a dry run (see above); a missing
 * index counts as an empty one.  Failures as for jf_indexer_open. */
jfx_status_t jf_indexer_open_check(const char *path, jf_indexer_t **ix,
                                   char **message);

/* When the article at PATH was indexed (and not yet handed over in this
 * run) with the stat data STAT (jf_corpus_stat), counts it as unchanged
 * without reading it, as jf_indexer_add would, and returns 1 with
 * *passages its passages.  Otherwise the file is to be read and handed to
 * jf_indexer_add, which decides by content: returns 0 when PATH was
 * indexed with other stat data (or none), -1 when it is not known. */
int jf_indexer_unchanged_stat(jf_indexer_t *ix, const char *path,
                              const char *stat, unsigned *passages);

/* Indexes the article at PATH whose checked contents are FILE, unless it
 * is unchanged since the last run.  *change says what happened and
 * *passages (if not NULL) how many passages the article has.  On a
 * failure see jf_indexer_last_error. */
jfx_status_t jf_indexer_add(jf_indexer_t *ix, const char *path,
                            const jf_corpus_file_t *file,
                            jf_article_change_t *change, unsigned *passages);

/* Called by jf_indexer_finish for each article it removes. */
typedef void (*jf_removed_fn)(const char *path, void *ctx);

/* Removes articles indexed before but not handed over in this run,
 * records the schema version, and commits if anything changed. */
jfx_status_t jf_indexer_finish(jf_indexer_t *ix, jf_removed_fn removed,
                               void *ctx);

/* For an index merged from parts indexed apart (merge.h): each part
 * wrote the index-wide metadata, the acronym synonyms, from its own
 * articles only.  Rewrites it from every article record, as a single
 * build would have written it, and commits. */
jfx_status_t jf_indexer_settle(jf_indexer_t *ix);

const jf_index_stats_t *jf_indexer_stats(const jf_indexer_t *ix);
/* After jf_indexer_add: for JF_ARTICLE_RENAMED the path the article had,
 * for JF_ARTICLE_DUPLICATE the file already indexed with the same text.
 * Owned by IX. */
const char *jf_indexer_other_path(const jf_indexer_t *ix);

/* Why the last call failed, naming the index.  Owned by IX. */
const char *jf_indexer_last_error(const jf_indexer_t *ix);

/* Releases the lock; changes not committed by jf_indexer_finish are
 * discarded.  Accepts NULL. */
void jf_indexer_close(jf_indexer_t *ix);

#endif
