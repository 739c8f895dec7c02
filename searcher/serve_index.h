/* serve_index.h - one index handle per worker thread, kept current.
 *
 * A Xapian database handle (and a Snowball stemmer) must not be shared
 * between threads, so each of jfserve's worker threads opens its own, from
 * the same --index specs, the first time it serves a request that needs
 * the index.  Before each such request the handle is moved to the latest
 * revision jfindex committed (jfx_db_reopen), or opened afresh when that
 * fails (a full rebuild swaps a new index in by rename); a search that an
 * update overtakes is retried by the engine itself (JFX_MODIFIED).  So a
 * search during a re-index sees the old index or the new one, never a
 * mix, and sees the new one as soon as it is committed.  The synonyms
 * (the curated file and the acronyms jfindex mined into the index) are
 * loaded again whenever either changes.
 */
#ifndef JF_SERVE_INDEX_H
#define JF_SERVE_INDEX_H

#include "error.h"
#include "jfx.h"
#include "serve.h"
#include "synonyms.h"
#include "text.h"

typedef struct jf_worker jf_worker_t;

/* This thread's worker with its index current.  Returns NULL with ERR set
 * when the index cannot be opened (the next request tries again). */
jf_worker_t *jf_worker_ready(const jf_serve_config_t *cfg, jf_error_t *err);

jfx_db_t *jf_worker_db(const jf_worker_t *w);
jf_analyzer_t *jf_worker_analyzer(const jf_worker_t *w);
/* The synonyms to expand queries with (NULL with --no-synonyms). */
const jf_synonyms_t *jf_worker_synonyms(const jf_worker_t *w);

/* Frees every worker.  Only once no thread serves any more. */
void jf_workers_free(void);

#endif
