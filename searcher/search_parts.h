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
#include "schema.h"
#include "search.h"

/* A query ready to run: what Xapian matches, and what each hit needs from
 * the tree.  The relaxed form of an AND query has the same tree, so the
 * same highlights and units.  The Xapian queries are compiled for each
 * attempt, as their weights follow the index's statistics. */
typedef struct {
    const jf_query_t *q;
    jf_default_op_t op;        /* between the tree's clauses */
    bool some;                 /* the relaxed form: passages with some of
                                  the words, but not all of them */
    jf_patterns_t highlight;
    jf_units_t units;          /* only when the options ask to explain */
} jf_prepared_t;

/* ------------------------------------------------------------ weigh.c */

/* The index's statistics, whole and per level (query.h's jf_level_t). */
typedef struct {
    double docs;               /* every document */
    double avg;                /* their average length */
    double level_docs[2];      /* passages, article documents */
    double level_avg[2];       /* and their average lengths */
} jf_stats_t;

int jf_stats_read(jfx_db_t *db, jf_stats_t *s, jf_error_t *err);

/* BM25's idf of a term in DF of N documents, as Xapian clamps it. */
double jf_bm25_idf(double n, double df);

/* The BM25 parameters that make Xapian, given the whole index, weigh the
 * documents of LEVEL as BM25 with K1 and B over that level alone. */
void jf_level_bm25(const jf_stats_t *s, jf_level_t level, double k1, double b,
                   double *xk1, double *xb, double *xmin_normlen);

/* The factor that turns Xapian's weight of a term in DF documents (with
 * jf_level_bm25's parameters) into its weight at LEVEL. */
double jf_level_scale(const jf_stats_t *s, jf_level_t level, double k1,
                      double b, double df);

/* The documents having TERM, into *DF. */
int jf_term_df(jfx_db_t *db, const char *term, double *df, jf_error_t *err);

/* Xapian's estimates of the documents of N that have a synonym form F
 * (its terms prefixed with PREFIX; a phrase when POSITIONS, else all its
 * words) or any form of FORMS; jf_or_estimate combines estimates. */
int jf_form_estimate(jfx_db_t *db, const char *prefix, const jf_pattern_t *f,
                     bool positions, double n, double *est, jf_error_t *err);
double jf_or_estimate(double *est, size_t n_est, double n);
int jf_group_estimate(jfx_db_t *db, const char *prefix,
                      const jf_patterns_t *forms, bool positions, double n,
                      double *df, jf_error_t *err);

/* Weighs a query at one level of the index. */
typedef struct {
    jfx_db_t *db;
    const jf_stats_t *stats;
    jf_level_t level;
    double k1, b;              /* BM25 as the reader asked for it */
    double exact_weight;       /* of a word's exact form (jf_compile_t) */
    jf_error_t *err;           /* where a failed lookup goes */
} jf_weigher_t;

/* Q compiled for W's level, clauses joined by OP, each term weighed as at
 * that level alone (check W->err afterwards). */
jfx_query_t *jf_compile_level(const jf_query_t *q, jf_default_op_t op,
                              jf_weigher_t *w);
/* The proximity part of Q's passage scores (query.h, jf_query_near). */
jfx_query_t *jf_near_level(const jf_query_t *q, double weight,
                           jf_weigher_t *w);
/* Xapian's BM25 parameters for W's level. */
void jf_level_params(const jf_weigher_t *w, jfx_search_params_t *params);

/* ---------------------------------------------------------- context.c */

/* How many of the best-scoring articles lend their score to passages
 * (ten times the page when that is more): a passage of any other article
 * gets no article part.  Each costs the lookup of its term and
 * the reading of its passages' values; 1000 made a common word's query
 * five times slower, and no judged query ranked otherwise with 50.  On a
 * larger corpus the cut-off does move passages: at M, 300 articles
 * rather than 100 change the top 10 of most queries (bench/ANALYSIS.md,
 * "The article part's cut-off"). */
#define JF_CONTEXT_ARTICLES 100

/* The article part of the passages' scores: each article's BM25 over the
 * article documents (the query's words ORed, exclusions left out), times
 * O->article_weight, for the best JF_CONTEXT_ARTICLES articles. */
typedef struct {
    struct jf_context_part {
        char id[JF_ARTICLE_ID_LEN + 1];
        double weight;         /* what it adds to its passages' scores */
    } *parts;                  /* sorted by id */
    size_t n;
} jf_context_t;

/* Runs the article query of P (within BOUNDS, a filter or NULL) into
 * CTX.  Returns 0, or -1 with ERR set. */
int jf_context_run(jfx_db_t *db, const jf_prepared_t *p,
                   const jf_search_options_t *o, const jf_stats_t *s,
                   const jfx_query_t *bounds, jf_context_t *ctx,
                   jf_error_t *err);
/* A query that adds each passage's article part to its weight (for
 * OP_AND_MAYBE); NULL when CTX is empty. */
jfx_query_t *jf_context_query(const jf_context_t *ctx);
/* The article part of the passages of ARTICLE_ID (0 when none). */
double jf_context_weight(const jf_context_t *ctx, const char *article_id);
void jf_context_free(jf_context_t *ctx);

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
 * total beside those of its AND query with every word (they do whatever
 * the page, so the total does not depend on it). */
bool jf_relax_counts(const jf_query_t *q, const jf_search_options_t *o);
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
 * HIT holds, for the units P weighs, with the index's statistics S.
 * Returns 0, or -1 with ERR set when DB cannot be read. */
int jf_explain_hit(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                   size_t i, const jf_prepared_t *p,
                   const jf_search_options_t *o, const jf_stats_t *s,
                   jf_hit_t *hit, jf_error_t *err);

#endif
