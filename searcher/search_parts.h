/* search_parts.h - what the parts of jf_search_run share: search.c (one
 * search, hits), relax.c (the partial fill), suggest.c (did-you-mean) and
 * explain.c (--explain).  Callers use search.h.
 */
#ifndef JF_SEARCH_PARTS_H
#define JF_SEARCH_PARTS_H

#include <stdbool.h>

#include "error.h"
#include "jfx.h"
#include "query.h"
#include "search.h"

/* A query ready to run: what Xapian matches, and what each hit needs from
 * the tree.  The relaxed form of an AND query has the same tree, so the
 * same highlights and units. */
typedef struct {
    const jf_query_t *q;
    jfx_query_t *xq;           /* owned; without the date bounds */
    jf_patterns_t highlight;
    jf_units_t units;          /* only when the options ask to explain */
} jf_prepared_t;

/* One Xapian search of P under O into RES (its hits and totals replaced),
 * retried after reopening DB when the index moves on, and with O->partial
 * after leaving out a shard that stopped answering.  Returns 0, or -1 with
 * ERR set ("search failed: ..."). */
int jf_search_once(jfx_db_t *db, jf_analyzer_t *a, const jf_prepared_t *p,
                   const jf_search_options_t *o, jf_results_t *res,
                   jf_error_t *err);

/* Parses TEXT into Q and runs it: an AND query's passages with every
 * word, then, to fill the page, those with only some.  Returns 0, or -1
 * with ERR set and RESULTS empty. */
int jf_search_query(jfx_db_t *db, jf_analyzer_t *a, const char *text,
                    const jf_search_options_t *o, jf_query_t *q,
                    jf_results_t *results, jf_error_t *err);

/* relax.c: whether the passages with only some of Q's words count in the
 * total of RES, the passages of its AND query with every word (they do
 * whatever the page, so the total does not depend on it). */
bool jf_relax_counts(const jf_query_t *q, const jf_search_options_t *o,
                     const jf_results_t *res);
/* Adds those passages to RES's total and, where the page has room left,
 * to its hits, marked partial.  Returns 0, or -1 with ERR set. */
int jf_relax_fill(jfx_db_t *db, jf_analyzer_t *a, const jf_prepared_t *p,
                  const jf_search_options_t *o, jf_results_t *res,
                  jf_error_t *err);

/* suggest.c: when the query Q (run into RESULTS) found little and a word
 * of it is misspelt, runs or suggests the correction (see jf_search_run);
 * Q and RESULTS become the corrected run's when it runs instead.  It
 * cannot fail: a correction is only an offer, and when the index cannot
 * make it, the query's own results stand. */
void jf_suggest(jfx_db_t *db, jf_analyzer_t *a, const jf_search_options_t *o,
                jf_query_t *q, jf_results_t *results);

/* explain.c: fills HIT's explanation from result I of R, whose passage
 * HIT holds, for the units P weighs, in an index of N passages of AVG
 * terms on average.  Returns 0, or -1 with ERR set when DB cannot be
 * read. */
int jf_explain_hit(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                   size_t i, const jf_prepared_t *p,
                   const jf_search_options_t *o, double n, double avg,
                   jf_hit_t *hit, jf_error_t *err);

#endif
