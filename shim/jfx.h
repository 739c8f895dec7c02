/* jfx.h - the C face of Xapian for jfsearch.
 *
 * This is the only header through which C code reaches the search library.
 * Everything behind it is C++ (the shim's .cc files, one per object, sharing
 * shim/jfx-private.h); no exception crosses it.  The
 * API is deliberately thin and boring, in the manner of notmuch.h:
 *
 *   - opaque handles (jfx_db_t, jfx_writer_t, jfx_doc_t, jfx_query_t,
 *     jfx_results_t);
 *   - every fallible call returns a jfx_status_t, and its comment lists
 *     the statuses it can return (@retval); the message explaining the
 *     last failure is kept on the handle (jfx_db_last_error, ...), and calls
 *     that create a handle return their message through a `char **message`
 *     out-parameter which the caller frees with free();
 *   - ownership is written next to every function: "caller frees" means with
 *     the matching _destroy/_close function (or free() for plain strings);
 *     "owned by X" means valid until X is destroyed or changed;
 *   - every _close/_destroy accepts NULL.
 *
 * Terms are opaque byte strings here: what a word is, and how it becomes a
 * term, is decided once in lib/text.c, never in the shim.
 */
#ifndef JFX_H
#define JFX_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    JFX_OK = 0,
    JFX_LOCKED,        /* another writer holds the index lock */
    JFX_NOT_FOUND,     /* no index at that path (or no such document) */
    JFX_CORRUPT,       /* the index on disk is damaged or not an index */
    JFX_MODIFIED,      /* the index changed under a reader: reopen, retry */
    JFX_BAD_QUERY,     /* a query the library refused */
    JFX_IO,            /* a file system or network failure */
    JFX_NO_MEMORY,     /* out of memory */
    JFX_INVALID,       /* a bad argument from the caller */
    JFX_NETWORK,       /* a remote shard could not be reached or timed out */
    JFX_INTERNAL       /* anything else the library threw */
} jfx_status_t;

/* A short English phrase for a status ("index locked", ...).  Static. */
const char *jfx_status_to_string(jfx_status_t status);

/* The Xapian version the shim runs against, e.g. "1.4.22".  Static. */
const char *jfx_library_version(void);

/* ------------------------------------------------------------------ */
/* Reading: a database is one index or several shards searched as one.
 *
 * A call that reads a database can meet what is wrong with it: those
 * statuses are listed with each function as "the reading failures",
 * which are
 *   JFX_MODIFIED  a writer committed over the revision DB reads
 *                 (jfx_db_reopen, then retry);
 *   JFX_CORRUPT   the database on disk is damaged;
 *   JFX_IO        the file system failed;
 *   JFX_NETWORK   a remote shard stopped answering or timed out;
 *   JFX_NO_MEMORY, and JFX_INTERNAL for anything else Xapian threw.
 * Each failure's message, in jfx_db_last_error, names the shard's path
 * or HOST:PORT. */

typedef struct jfx_db jfx_db_t;

/* Opens the Xapian database directory PATH for reading, as a set of one
 * shard.  Only a directory: a stub file, or a directory holding one, is
 * not followed (lib/stub.c reads stubs).  On success *db is set; caller
 * frees with jfx_db_close.  On failure *db is NULL and, if MESSAGE is not
 * NULL, *message is a malloc'd explanation naming PATH, which the caller
 * frees.
 * @retval JFX_OK         opened
 * @retval JFX_INVALID    DB or PATH is NULL
 * @retval JFX_NOT_FOUND  no database directory at PATH (nothing there, a
 *                        file, or a directory without a database)
 * @retval JFX_CORRUPT    a damaged database, or one of a format this
 *                        Xapian does not read
 * @retval JFX_IO         the file system failed (e.g. permissions)
 * @retval JFX_NO_MEMORY, JFX_INTERNAL */
jfx_status_t jfx_db_open(const char *path, jfx_db_t **db, char **message);

/* An empty set of shards, to fill with jfx_db_add_shard,
 * jfx_db_add_remote and jfx_db_add_program; caller frees with
 * jfx_db_close.  With SKIP_UNREACHABLE a remote shard that cannot be
 * connected to is left out and listed by jfx_db_missing instead of
 * failing.  NULL when out of memory. */
jfx_db_t *jfx_db_new(bool skip_unreachable);

/* Adds the database directory PATH (as jfx_db_open opens it) to DB;
 * searches then merge statistics over all shards as if they were one
 * index.  A database that fails to open is not added.
 * @retval JFX_OK, or what jfx_db_open returns (JFX_INVALID also when DB
 *         is NULL) */
jfx_status_t jfx_db_add_shard(jfx_db_t *db, const char *path);

/* Adds a shard served by xapian-tcpsrv at HOST:PORT.  TIMEOUT_MS bounds
 * both connecting and every later request (0 = 10 s).
 * @retval JFX_OK         added, or left out as unreachable (see
 *                        jfx_db_new)
 * @retval JFX_INVALID    DB is NULL, HOST empty, or PORT not 1 to 65535
 * @retval JFX_NETWORK    no connection within the timeout
 * @retval JFX_NO_MEMORY, JFX_INTERNAL */
jfx_status_t jfx_db_add_remote(jfx_db_t *db, const char *host,
                               unsigned port, unsigned timeout_ms);

/* Adds a shard served by xapian-progsrv over the standard input and
 * output of PROGRAM, which it runs with ARGS (split at spaces; e.g. "ssh"
 * and "HOST xapian-progsrv DB").  TIMEOUT_MS bounds every request (0 =
 * 10 s).
 * @retval JFX_OK         added, or left out as unreachable
 * @retval JFX_INVALID    DB is NULL or PROGRAM empty
 * @retval JFX_NETWORK    PROGRAM did not start or serves no database
 * @retval JFX_NO_MEMORY, JFX_INTERNAL */
jfx_status_t jfx_db_add_program(jfx_db_t *db, const char *program,
                                const char *args, unsigned timeout_ms);

/* Asks shard I whether it still answers (a round trip for a remote shard,
 * nothing for a local one); a failure's message names the shard.
 * @retval JFX_OK         it answers
 * @retval JFX_INVALID    DB is NULL or has no shard I
 * @retval JFX_NETWORK and the other reading failures */
jfx_status_t jfx_db_probe_shard(jfx_db_t *db, size_t i);

/* Leaves shard I out of DB from now on, listing it (with DB's last error)
 * among the missing.
 * @retval JFX_OK
 * @retval JFX_INVALID    DB is NULL or has no shard I
 * @retval JFX_NO_MEMORY, JFX_INTERNAL */
jfx_status_t jfx_db_drop_shard(jfx_db_t *db, size_t i);

/* The shards left out (unreachable when added, or dropped), each as
 * "NAME: why".  Owned by DB. */
size_t jfx_db_missing_count(const jfx_db_t *db);
const char *jfx_db_missing(const jfx_db_t *db, size_t i);

/* Moves DB to the latest committed revision (after JFX_MODIFIED).
 * @retval JFX_OK
 * @retval JFX_INVALID    DB is NULL
 * @retval the reading failures */
jfx_status_t jfx_db_reopen(jfx_db_t *db);

/* The message of the last failed call on DB.  Owned by DB. */
const char *jfx_db_last_error(const jfx_db_t *db);

void jfx_db_close(jfx_db_t *db);

/* Number of documents in DB.
 * @retval JFX_OK
 * @retval JFX_INVALID    DB or COUNT is NULL
 * @retval the reading failures */
jfx_status_t jfx_db_doc_count(jfx_db_t *db, uint64_t *count);

/* The committed revision DB reads, which grows with each commit.
 * @retval JFX_OK
 * @retval JFX_INVALID    DB or REV is NULL, or DB is not one local index
 * @retval the reading failures */
jfx_status_t jfx_db_revision(jfx_db_t *db, uint64_t *rev);

/* Number of shards in DB (0 when DB is NULL). */
size_t jfx_db_shard_count(const jfx_db_t *db);

/* Shard I's path or HOST:PORT ("" when there is no shard I).  Owned by
 * DB, valid until it changes. */
const char *jfx_db_shard_name(const jfx_db_t *db, size_t i);

/* Average document length (in terms), as BM25 uses it.
 * @retval JFX_OK
 * @retval JFX_INVALID    DB or AVG is NULL
 * @retval the reading failures */
jfx_status_t jfx_db_average_length(jfx_db_t *db, double *avg);

/* Number of documents containing TERM (0 when none).
 * @retval JFX_OK
 * @retval JFX_INVALID    DB, TERM or FREQ is NULL
 * @retval the reading failures */
jfx_status_t jfx_db_term_freq(jfx_db_t *db, const char *term,
                              uint64_t *freq);

/* The user metadata stored under KEY (see jfx_writer_set_metadata), from
 * the first shard that has it.  *value is malloc'd, caller frees; it is
 * "" (not NULL) when the key has no value.  *len (if LEN is not NULL) is
 * its length in bytes.
 * @retval JFX_OK         found, or ""
 * @retval JFX_INVALID    DB, KEY or VALUE is NULL
 * @retval the reading failures */
jfx_status_t jfx_db_get_metadata(jfx_db_t *db, const char *key,
                                 char **value, size_t *len);

/* Calls FN for every metadata key starting with PREFIX, shard by shard
 * and in key order within a shard, with the key and its value (both owned
 * by the shim, valid only during the call): a key that several shards hold
 * comes once from each.  FN returns 0 to go on, non-zero to stop.
 * @retval JFX_OK         every key seen, or FN stopped
 * @retval JFX_INVALID    DB or FN is NULL
 * @retval the reading failures */
typedef int (*jfx_metadata_fn)(const char *key, const char *value,
                               size_t value_len, void *ctx);
jfx_status_t jfx_db_each_metadata(jfx_db_t *db, const char *prefix,
                                  jfx_metadata_fn fn, void *ctx);

/* Calls FN for every word of the spelling dictionary (all shards
 * merged) from FROM on (NULL or "": from the first), in order, with its
 * frequency.  FN returns 0 to go on.
 * @retval JFX_OK         every word seen, or FN stopped
 * @retval JFX_INVALID    DB or FN is NULL
 * @retval the reading failures */
typedef int (*jfx_term_fn)(const char *term, uint64_t freq, void *ctx);
jfx_status_t jfx_db_each_spelling(jfx_db_t *db, const char *from,
                                  jfx_term_fn fn, void *ctx);

/* Xapian's spelling suggestion for WORD from the words added with
 * jfx_writer_add_spelling, within MAX_EDITS edits.  *suggestion is
 * malloc'd, caller frees; "" when there is none.
 * @retval JFX_OK         a suggestion, or ""
 * @retval JFX_INVALID    DB, WORD or SUGGESTION is NULL
 * @retval the reading failures */
jfx_status_t jfx_db_spelling_suggestion(jfx_db_t *db, const char *word,
                                        unsigned max_edits,
                                        char **suggestion);

/* Checks the one database (not a stub) at PATH with Xapian's own checker
 * (Xapian::Database::check, as xapian-check does).  *REPORT (may be NULL)
 * receives Xapian's findings, or the message of any other failure
 * (malloc'd, caller frees).
 * @retval JFX_OK         the structure is sound
 * @retval JFX_INVALID    PATH is NULL
 * @retval JFX_CORRUPT    the checker found errors; *REPORT says which
 * @retval JFX_NOT_FOUND, JFX_IO, JFX_NO_MEMORY, JFX_INTERNAL  as for jfx_db_open */
jfx_status_t jfx_db_check(const char *path, char **report);

/* ------------------------------------------------------------------ */
/* Documents: built by the indexer, handed to a writer.  The functions
 * that fill one copy what they are given. */

typedef struct jfx_doc jfx_doc_t;

/* A new empty document; caller frees with jfx_doc_destroy.  NULL only when
 * out of memory. */
jfx_doc_t *jfx_doc_new(void);
void jfx_doc_destroy(jfx_doc_t *doc);

/* TERM at word position POS (positions start at 1), adding WDF_INC to the
 * term's within-document frequency.
 * @retval JFX_OK
 * @retval JFX_INVALID    DOC or TERM is NULL, or TERM is empty
 * @retval JFX_NO_MEMORY */
jfx_status_t jfx_doc_add_posting(jfx_doc_t *doc, const char *term,
                                 unsigned pos, unsigned wdf_inc);

/* TERM without a position, adding WDF_INC to its within-document
 * frequency (and to the document's length).
 * @retval as jfx_doc_add_posting */
jfx_status_t jfx_doc_add_term(jfx_doc_t *doc, const char *term,
                              unsigned wdf_inc);

/* A filter term: no frequency, no effect on the document's length.
 * @retval as jfx_doc_add_posting */
jfx_status_t jfx_doc_add_boolean_term(jfx_doc_t *doc, const char *term);

/* The document's stored bytes.
 * @retval JFX_OK
 * @retval JFX_INVALID    DOC is NULL, or DATA is NULL and LEN is not 0
 * @retval JFX_NO_MEMORY */
jfx_status_t jfx_doc_set_data(jfx_doc_t *doc, const void *data, size_t len);

/* A value in SLOT; values sort, collapse and count results.
 * @retval as jfx_doc_set_data */
jfx_status_t jfx_doc_set_value(jfx_doc_t *doc, unsigned slot,
                               const void *value, size_t len);

/* ------------------------------------------------------------------ */
/* Writing: one writer per index at a time.
 *
 * A call that changes the index can meet a full disk or a damaged
 * database: "the writing failures" below are JFX_IO, JFX_CORRUPT,
 * JFX_NO_MEMORY and JFX_INTERNAL, each with a message in
 * jfx_writer_last_error naming the index. */

typedef struct jfx_writer jfx_writer_t;

enum {
    JFX_WRITER_CREATE = 1,    /* create the index if it does not exist */
    JFX_WRITER_OVERWRITE = 2, /* start from an empty index */
    JFX_WRITER_NO_SYNC = 4,   /* skip fsync (a fresh build, swapped in later) */
    JFX_WRITER_SCRATCH = 8    /* a part of a build, discarded if it fails:
                                 no fsync, and no transaction, so Xapian
                                 commits as it goes and its memory stays
                                 bounded (a transaction's grows with every
                                 document) */
};

/* Opens (per FLAGS) the index at PATH for writing.  If another writer
 * holds the lock, retries for up to LOCK_TIMEOUT_MS milliseconds (0 = try
 * once).  On success *writer is set; caller frees with jfx_writer_close,
 * which discards uncommitted changes.  On failure *writer is NULL and
 * *message (if MESSAGE is not NULL) a malloc'd explanation naming PATH.
 * @retval JFX_OK
 * @retval JFX_INVALID    WRITER or PATH is NULL
 * @retval JFX_LOCKED     another writer still held the lock at the end
 * @retval JFX_NOT_FOUND  no index at PATH, and no JFX_WRITER_CREATE
 * @retval JFX_IO         the file system failed (e.g. no such parent
 *                        directory)
 * @retval JFX_CORRUPT, JFX_NO_MEMORY, JFX_INTERNAL */
jfx_status_t jfx_writer_open(const char *path, int flags,
                             unsigned lock_timeout_ms,
                             jfx_writer_t **writer, char **message);

/* Replaces every document indexed by UNIQUE_TERM with DOC (adds DOC when
 * there is none).  DOC stays owned by the caller.
 * @retval JFX_OK
 * @retval JFX_INVALID    W or DOC is NULL, or UNIQUE_TERM NULL or empty
 * @retval the writing failures */
jfx_status_t jfx_writer_replace(jfx_writer_t *w, const char *unique_term,
                                const jfx_doc_t *doc);

/* Deletes every document indexed by TERM (none is no failure).
 * @retval JFX_OK
 * @retval JFX_INVALID    W is NULL, or TERM NULL or empty
 * @retval the writing failures */
jfx_status_t jfx_writer_delete(jfx_writer_t *w, const char *term);

/* Stores VALUE (LEN bytes) under KEY; an empty value deletes the key.
 * @retval JFX_OK
 * @retval JFX_INVALID    W is NULL, KEY NULL or empty, or VALUE NULL
 *                        with LEN not 0
 * @retval the writing failures */
jfx_status_t jfx_writer_set_metadata(jfx_writer_t *w, const char *key,
                                     const void *value, size_t len);

/* As jfx_db_get_metadata, but sees this writer's uncommitted changes:
 * *VALUE (malloc'd, caller frees; "" when KEY is unset) and *LEN (may be
 * NULL).
 * @retval JFX_OK
 * @retval JFX_INVALID    W or VALUE is NULL, or KEY NULL or empty
 * @retval the writing failures */
jfx_status_t jfx_writer_get_metadata(jfx_writer_t *w, const char *key,
                                     char **value, size_t *len);

/* Adds (or, with a negative FREQ_INC, removes) WORD to the spelling
 * dictionary.
 * @retval JFX_OK
 * @retval JFX_INVALID    W is NULL, or WORD NULL or empty
 * @retval the writing failures */
jfx_status_t jfx_writer_add_spelling(jfx_writer_t *w, const char *word,
                                     int freq_inc);

/* Makes every change so far durable and visible to readers, atomically.
 * @retval JFX_OK
 * @retval JFX_INVALID    W is NULL
 * @retval the writing failures (the index then stays as last committed) */
jfx_status_t jfx_writer_commit(jfx_writer_t *w);

/* The message of the last failed call on W.  Owned by W. */
const char *jfx_writer_last_error(const jfx_writer_t *w);
void jfx_writer_close(jfx_writer_t *w);

/* Merges the database directories SOURCES[0..N-1] into one new compact
 * database at DESTINATION (which must not exist), in blocks of
 * BLOCK_SIZE bytes (a power of two from 2048 to 65536; 0: Xapian's
 * default, 8192).  Documents are renumbered in the order of the sources;
 * where two sources hold the same metadata key the first one's value is
 * kept, and spelling frequencies are added up.  On failure *message (if
 * MESSAGE is not NULL) is a malloc'd explanation naming the source or
 * destination that failed.
 * @retval JFX_OK
 * @retval JFX_INVALID    no DESTINATION or no SOURCES, DESTINATION
 *                        exists, or BLOCK_SIZE is not one of those
 * @retval JFX_NOT_FOUND  a source is no database directory
 * @retval the writing failures */
jfx_status_t jfx_compact(const char *const *sources, size_t n,
                         const char *destination, unsigned block_size,
                         char **message);

/* ------------------------------------------------------------------ */
/* Queries: immutable trees, built bottom-up.  Every constructor returns a
 * new query the caller frees with jfx_query_destroy, or NULL when out of
 * memory or given a NULL it needs; combining copies its children, so they
 * stay the caller's. */

typedef struct jfx_query jfx_query_t;

typedef enum {
    JFX_OP_AND,        /* all children match */
    JFX_OP_OR,         /* any child matches; weights add up */
    JFX_OP_AND_NOT,    /* the first child, but none of the others */
    JFX_OP_AND_MAYBE,  /* the first child; the others only add weight */
    JFX_OP_FILTER,     /* the first child, filtered by the others (no weight) */
    JFX_OP_PHRASE,     /* children in order within WINDOW positions */
    JFX_OP_NEAR,       /* children in any order within WINDOW positions */
    JFX_OP_SYNONYM     /* any child, weighted as if one term */
} jfx_op_t;

/* TERM, counted WQF times in the query, at query position POS. */
jfx_query_t *jfx_query_term(const char *term, unsigned wqf, unsigned pos);
/* CHILDREN[0..N-1] joined by OP; no children match nothing. */
jfx_query_t *jfx_query_combine(jfx_op_t op, const jfx_query_t *const *children,
                               size_t n, unsigned window);
/* Matches documents whose value in SLOT is between LO and HI (bytewise,
 * inclusive; a NULL bound is open). */
jfx_query_t *jfx_query_value_range(unsigned slot, const char *lo,
                                   const char *hi);
/* Q with its weight multiplied by FACTOR (>= 0, finite); NULL for a bad
 * factor. */
jfx_query_t *jfx_query_scale(const jfx_query_t *q, double factor);
/* Matches every document, each weighing WEIGHT (Xapian's
 * FixedWeightPostingSource, which remote shards know); NULL when WEIGHT is
 * negative or not finite.  As the weighed side of OP_FILTER it gives the
 * documents of the other side that weight and reads nothing for them. */
jfx_query_t *jfx_query_constant(double weight);
/* Matches every document, each weighing nothing.  The query is the
 * caller's own, like every query here, so threads may each make and
 * destroy theirs at once. */
jfx_query_t *jfx_query_match_all(void);
void jfx_query_destroy(jfx_query_t *q);

/* ------------------------------------------------------------------ */
/* Searching. */

typedef struct {
    double k1, k2, k3, b, min_normlen; /* BM25 parameters */
    unsigned offset;                   /* results to skip */
    unsigned limit;                    /* results to return */
    int collapse_slot;                 /* -1: no collapsing */
    int tiebreak_slot;                 /* equal weights are ordered by the
                                          value in this slot (ascending),
                                          not by document id; -1: by id */
    unsigned collapse_max;             /* results kept per collapse key */
    unsigned check_at_least;           /* for an exact total; 0 = estimate */
    int ids_only;                      /* non-zero: fetch no document, so
                                          results hold only weight,
                                          collapse count and, as the value
                                          of collapse_slot, the collapse
                                          key (no data or length; other
                                          values are read when asked for) */
    int unweighted;                    /* non-zero: every match weighs 0
                                          (Xapian's BoolWeight), which
                                          reads no document length: for
                                          counting, which needs no
                                          weights */
    int tally_slot;                    /* tallies every match by its value
                                          in this slot: per value, the
                                          matches and their greatest
                                          weight (jfx_results_tally_*),
                                          which makes the search examine
                                          them all; the tally holds one
                                          entry per distinct value, never
                                          one per match, so a page of
                                          limit 1 and no collapsing count
                                          any number of matches in little
                                          memory; -1: no tally */
} jfx_search_params_t;

/* Xapian's BM25 defaults (k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5),
 * offset 0, limit 10, no collapsing, ties in document id order, documents
 * fetched, weighted, no tally. */
void jfx_search_params_init(jfx_search_params_t *params);

typedef struct jfx_results jfx_results_t;

/* Runs Q over DB (PARAMS NULL: the defaults).  On success *results is
 * set; caller frees with jfx_results_destroy.  The results hold their
 * documents' data, so they stay valid if DB is reopened, but not after
 * DB is closed.
 * @retval JFX_OK
 * @retval JFX_INVALID    DB, Q or RESULTS is NULL
 * @retval the reading failures (JFX_MODIFIED: reopen and search again) */
jfx_status_t jfx_search(jfx_db_t *db, const jfx_query_t *q,
                        const jfx_search_params_t *params,
                        jfx_results_t **results);

/* Number of results held (at most params->limit). */
size_t jfx_results_count(const jfx_results_t *r);
/* Estimated (or, with check_at_least, exact up to it) matching documents;
 * lower and upper bounds of that estimate. */
uint64_t jfx_results_total(const jfx_results_t *r);
uint64_t jfx_results_total_lower(const jfx_results_t *r);
uint64_t jfx_results_total_upper(const jfx_results_t *r);

/* For result I (0-based): its document id (in DB's numbering, 0 when
 * there is no result I), BM25 weight, stored data and value in
 * SLOT (both owned by R; *len may be NULL; a slot's values are read from
 * the index when one is first asked for, every result's at once, in
 * document order; "" when unreadable), and how many more documents
 * with the same collapse key were left out (as far as the search looked;
 * 0 over remote shards). */
unsigned jfx_results_docid(const jfx_results_t *r, size_t i);
double jfx_results_weight(const jfx_results_t *r, size_t i);
const char *jfx_results_data(const jfx_results_t *r, size_t i, size_t *len);
const char *jfx_results_value(const jfx_results_t *r, size_t i,
                              unsigned slot, size_t *len);
uint64_t jfx_results_collapsed(const jfx_results_t *r, size_t i);
/* With params->tally_slot: the distinct values of that slot among the
 * matches (0 without a tally), in no particular order; for value I (0 to
 * that count - 1), its bytes (owned by R; *len may be NULL), how many
 * matches have it, and the greatest weight among them.  Matches without
 * a value in the slot are not tallied.  Exact over remote shards too. */
size_t jfx_results_tally_count(const jfx_results_t *r);
const char *jfx_results_tally_value(const jfx_results_t *r, size_t i,
                                    size_t *len);
uint64_t jfx_results_tally_matches(const jfx_results_t *r, size_t i);
double jfx_results_tally_best(const jfx_results_t *r, size_t i);
/* Length of result I's document, in terms (for --explain). */
uint64_t jfx_results_doc_length(const jfx_results_t *r, size_t i);
/* Within-document frequency of TERM in result I (0 when absent, or when
 * the index cannot be read). */
uint64_t jfx_results_term_wdf(const jfx_results_t *r, size_t i,
                              const char *term);

void jfx_results_destroy(jfx_results_t *r);

#ifdef __cplusplus
}
#endif

#endif /* JFX_H */
