/* build.h - one jfindex run: brings an index up to date with corpus
 * directories.
 *
 * jf_build lists the corpus and picks the way to build: an existing
 * unsharded index is updated in place (update.h); a new one, or a
 * rebuild, is built in parts by several processes and merged
 * (build_parts.h); a sharded index has each shard updated by its own
 * process (build_shards.h).  All three tell the front end what happens
 * through the same observer, and add up the same tally, so the summary
 * and the exit status do not depend on the way.
 */
#ifndef JF_BUILD_H
#define JF_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corpus.h"
#include "error.h"
#include "git_index.h"
#include "preload.h"
#include "writer.h"

/* What the front end is told as a run goes; each may be NULL.  In a
 * parallel build they are called in the child processes, whose output
 * goes to the same stdout and stderr. */
typedef struct {
    /* A file or directory left out, with a one-line reason. */
    void (*skipped)(const char *path, jf_skip_t kind, const char *reason,
                    void *ctx);
    /* An article added, updated or renamed (with --check: one a run
     * would add, change or rename). */
    void (*changed)(const char *path, const jf_add_result_t *result,
                    void *ctx);
    /* An article removed (with --check: one a run would remove). */
    void (*removed)(const char *path, void *ctx);
    /* The run is in PHASE ("reading", "indexing", "merging",
     * "committing"), DONE of TOTAL files done (TOTAL 0: a phase that does
     * not count files); and when the run is past its phases. */
    void (*progress)(const char *phase, size_t done, size_t total,
                     void *ctx);
    void (*progress_end)(void *ctx);
    void *ctx;
} jf_build_observer_t;

typedef struct {
    const char *index;
    bool rebuild;             /* --rebuild: from empty */
    bool check;               /* --check: compare, write nothing */
    bool default_corpus;      /* no corpus directory was named: DIRS is the
                                 default one */
    bool prune;               /* --prune: even so, remove the articles not
                                 in it */
    unsigned lock_timeout_ms; /* wait this long for another jfindex */
    unsigned shards;          /* --shards N; 0 when not given */
    unsigned jobs;            /* --jobs J; 0: one per processor */
    jf_corpus_rules_t rules;  /* limits on files, --follow */
    const jf_build_observer_t *observer;
    /* Told about what a run that died left beside the index, as it is
     * removed (or with --check, found); may be NULL. */
    void (*leftover)(const char *path, uint64_t bytes, void *ctx);
} jf_build_options_t;

/* What a run did, for the summary and the exit status. */
typedef struct {
    jf_index_stats_t stats;
    unsigned long skipped[JF_SKIP_KINDS];
    unsigned long skipped_total;  /* article files left out */
    unsigned long ignored_total;  /* other files (jf_skip_is_quiet) */
    unsigned long differences; /* --check: articles a run would change */
    unsigned long files_read;  /* article files read (or tried) */
    unsigned long known_by_git, known_by_stat; /* and those not read:
                                  unchanged by git's blob ids, or by their
                                  stat data */
    unsigned shards;           /* the index's shards; 0 when unsharded */
} jf_build_tally_t;

/* Brings the index O->index up to date with the article files under
 * DIRS[0..NDIRS) (or, with --check, only compares), adding up what it
 * did in *TALLY (zeroed first).  A file left out is a skip, counted, not
 * a failure; a failure leaves the index as it was before the run.  No run
 * removes articles unless the user named the corpus that lacks them: a
 * directory of DIRS with no article that can be indexed is a failure, and
 * so is a run on the default corpus (O->default_corpus) over an index
 * built from another, unless O->prune or O->rebuild. */
int jf_build(const jf_build_options_t *o, char *const *dirs, size_t ndirs,
             jf_build_tally_t *tally, jf_error_t *err);

/* ------------------------------------------------------------------ */
/* For the ways to build (update.c, build_parts.c, build_shards.c). */

/* A run as one process sees it. */
typedef struct {
    const jf_build_options_t *o;
    const char *origin;       /* the corpus directories' real paths, one a
                                 line, for the index's record */
    bool whole_corpus;        /* this process has every file of the run:
                                 it checks each directory gave an article
                                 (removal.h) before committing */
    jf_build_tally_t *tally;  /* this process's */
    unsigned long *done;      /* files done by every process, for the
                                 parent's progress (pool.h); or NULL */
    bool progress;            /* this process reports progress */
    const jf_git_index_t *git; /* what git knows of the corpus's files */
    const jf_corpus_list_t *sidecars; /* those listed, sorted */
    jf_index_preload_t *preload; /* the index's records, read while the
                                    corpus was listed; or NULL */
} jf_run_t;

/* Counts a skip in the tally and tells the observer. */
void jf_run_skipped(jf_run_t *run, const char *path, jf_skip_t kind,
                    const char *reason);

/* Tells the observer an article was added, updated or renamed, or would
 * be (then it counts as a difference). */
void jf_run_changed(jf_run_t *run, const char *path,
                    const jf_add_result_t *result);

/* A jf_removed_fn: counts (with --check) and tells the observer. */
void jf_run_removed(const char *path, void *run);

/* Reports progress, if this process does. */
void jf_run_progress(jf_run_t *run, const char *phase, size_t done,
                     size_t total);
void jf_run_progress_end(jf_run_t *run);

#endif
