/* writer.h - keeps a Xapian index in step with a corpus, incrementally.
 *
 * An indexer holds the index's write lock from jf_indexer_open to
 * jf_indexer_close.  Each article file handed to it is compared by
 * content (its article id, schema.h) with the records stored at the last
 * run, and only new or changed articles are (re)written.
 * jf_indexer_finish removes the articles not handed over in this run and
 * commits once, so readers see the whole update or none of it; when
 * nothing changed it writes nothing at all, leaving the index exactly as
 * it was.  An article's content is its text and its .meta sidecar
 * together (see corpus.h).
 *
 * An indexer opened by jf_indexer_open_check is a dry run for
 * `jfindex --check`: it reads the last commit without taking the lock, and
 * jf_indexer_add and jf_indexer_finish say what they would do, by the very
 * same rules, while writing nothing.
 *
 * Failures follow error.h; messages name the index.
 */
#ifndef JF_WRITER_H
#define JF_WRITER_H

#include <stdbool.h>
#include <stdint.h>

#include "corpus.h"
#include "error.h"
#include "preload.h"

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
    JF_ARTICLE_BAD_META   /* its .meta sidecar is not valid: not indexed */
} jf_article_change_t;

/* What jf_indexer_add did with an article.  The strings are owned by the
 * indexer and valid until its next call. */
typedef struct {
    jf_article_change_t change;
    unsigned passages;      /* the article's passages (0 unless indexed) */
    const char *other_path; /* RENAMED: the path it had; DUPLICATE: the
                               file already indexed with the same text */
    const char *reason;     /* BAD_META: why the sidecar is not valid */
} jf_add_result_t;

typedef struct {
    unsigned long added, updated, renamed, removed, unchanged;
    unsigned long articles;  /* in the index after this run */
    unsigned long passages;  /* their passages, headlines included */
    unsigned long states;    /* unchanged files whose new state (they were
                                touched) this run's commit recorded */
} jf_index_stats_t;

/* Opens (creating it if needed) the index at PATH, waiting up to
 * LOCK_TIMEOUT_MS for another writer; REBUILD starts from an empty index.
 * Refuses a directory that is not a Xapian index, a Xapian index that is
 * not jfsearch's, and an index of another schema version (unless
 * REBUILD).  The index's records come from PRELOAD (NULL: none; the
 * caller still frees it) when it read the last commit, else from the
 * index.  Caller frees *ix with jf_indexer_close. */
int jf_indexer_open(const char *path, bool rebuild, unsigned lock_timeout_ms,
                    jf_index_preload_t *preload, jf_indexer_t **ix,
                    jf_error_t *err);

/* Opens a new, empty index at PATH as one part of a full build
 * (build_parts.h) or a new shard: no other writer can know of it, and it
 * is discarded if the build fails, so it is written without a transaction
 * or fsync, and Xapian commits as it goes, which keeps memory bounded
 * however large the part.  With ARTICLES (not NULL), the article
 * documents go to a second new index there (jf_part_articles_path), for
 * the merge to put after every part's passages: side by side, an
 * article-level search reads a few blocks of their lengths and values
 * rather than one for nearly every article (bench/ANALYSIS.md). */
int jf_indexer_open_scratch(const char *path, const char *articles,
                            jf_indexer_t **ix, jf_error_t *err);

/* Where a part at PATH keeps its article documents.  malloc'd. */
char *jf_part_articles_path(const char *path);

/* Whether PATH is a directory holding files but no Xapian database or
 * stub: not an index, and not to be written into or replaced (a
 * mistyped --index). */
bool jf_indexer_foreign_directory(const char *path);

/* Opens the index at PATH read-only for a dry run (see above); a missing
 * index counts as an empty one.  Failures as for jf_indexer_open. */
int jf_indexer_open_check(const char *path, jf_indexer_t **ix,
                          jf_error_t *err);

typedef enum {
    JF_STAT_UNKNOWN, /* PATH was not indexed (or is handed over already) */
    JF_STAT_DIFFERS, /* indexed with other stat data, or none */
    JF_STAT_SAME     /* indexed with this stat data: counted unchanged */
} jf_stat_match_t;

/* Compares the state STAT (stat data from jf_corpus_stat, or blob ids
 * from jf_git_index_state) of the article at PATH with that recorded when
 * it was indexed.  JF_STAT_SAME counts it as unchanged, as jf_indexer_add
 * would, without reading it; otherwise the file is to be read and handed
 * to jf_indexer_add, which decides by content.  A state from git that is
 * new for unchanged content is recorded even by a run that changes
 * nothing else. */
jf_stat_match_t jf_indexer_match_stat(jf_indexer_t *ix, const char *path,
                                      const char *stat);

/* Indexes the article at PATH whose checked contents are FILE, unless it
 * is unchanged since the last run, and says what it did in *RESULT.  An
 * article that cannot be indexed (empty, bad sidecar) is a result, not a
 * failure. */
int jf_indexer_add(jf_indexer_t *ix, const char *path,
                   const jf_corpus_file_t *file, jf_add_result_t *result,
                   jf_error_t *err);

/* Records ORIGIN (removal.h) as the corpus the index is built from, from
 * this run's commit on; NULL leaves the record as it is. */
void jf_indexer_set_origin(jf_indexer_t *ix, const char *origin);

/* Called by jf_indexer_finish for each article it removes. */
typedef void (*jf_removed_fn)(const char *path, void *ctx);

/* Removes articles indexed before but not handed over in this run,
 * records the schema version, and commits if anything changed. */
int jf_indexer_finish(jf_indexer_t *ix, jf_removed_fn removed, void *ctx,
                      jf_error_t *err);

/* For an index merged from parts indexed apart (build_parts.h): each part
 * wrote the index-wide metadata, the acronym synonyms, from its own
 * articles only.  Rewrites it from every article record, as a single
 * build would have written it, and commits. */
int jf_indexer_settle(jf_indexer_t *ix, jf_error_t *err);

const jf_index_stats_t *jf_indexer_stats(const jf_indexer_t *ix);

/* Releases the lock; changes not committed by jf_indexer_finish are
 * discarded.  Accepts NULL. */
void jf_indexer_close(jf_indexer_t *ix);

#endif
