/* weigh.c - BM25 for two kinds of document in one index.
 *
 * The index holds passages and, for each article, an article document
 * (schema.h).  Xapian's BM25 takes its statistics from the whole index:
 * the number of documents for each term's idf, and their average length
 * for length normalisation.  Left alone, it would weigh a passage against
 * a collection padded with articles, and an article against one padded
 * with passages.  Both are put right exactly, with only what Xapian does
 * itself (so remote shards weigh the same):
 *
 *   - a term's idf over the level's own documents is Xapian's idf over
 *     all of them times idf_level / idf_all, which the compiled query
 *     applies to the term as a weight scale;
 *   - BM25's length normalisation k1 * ((1 - b) + b * len / avg_level)
 *     is k1' * ((1 - b') + b' * len / avg_all) for k1' = k1 (1 - b) +
 *     k1 b / c and b' = k1 b / (c k1'), where c = avg_level / avg_all
 *     (and Xapian's floor on len / avg scales by c too), so the level is
 *     searched with k1', b' and each term scaled by (k1 + 1) / (k1' + 1)
 *     as well.
 *
 * The article documents' total length equals the passages' by
 * construction (schema.h), so both averages come from Xapian's document
 * count, average length and the number of article documents.
 */
#include "search_parts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "schema.h"

static int fail_read(jfx_db_t *db, jfx_status_t st, jf_error_t *err)
{
    return jf_fail(err, st, "search failed: %s", jfx_db_last_error(db));
}

int jf_stats_read(jfx_db_t *db, jf_stats_t *s, jf_error_t *err)
{
    uint64_t docs = 0, articles = 0;
    double avg = 0;
    jfx_status_t st;

    if (jf_failed(err))
        return -1;
    if ((st = jfx_db_doc_count(db, &docs)) != JFX_OK ||
        (st = jfx_db_average_length(db, &avg)) != JFX_OK ||
        (st = jfx_db_term_freq(db, JF_TERM_ARTICLE_DOC, &articles)) != JFX_OK)
        return fail_read(db, st, err);
    s->docs = (double)docs;
    s->avg = avg;
    s->level_docs[JF_LEVEL_ARTICLE] = (double)articles;
    s->level_docs[JF_LEVEL_PASSAGE] = (double)(docs - articles);
    /* Half the text is the passages', half the article documents'. */
    double half = articles > 0 ? avg * (double)docs / 2 : avg * (double)docs;
    for (int l = 0; l < 2; l++)
        s->level_avg[l] = s->level_docs[l] > 0 ? half / s->level_docs[l] : 0;
    return 0;
}

double jf_bm25_idf(double n, double df)
{
    /* Kept positive the way Xapian does it: a term in more than half the
     * documents still weighs a little. */
    double idf = (n - df + 0.5) / (df + 0.5);
    if (idf < 2)
        idf = idf * 0.5 + 1;
    return log(idf);
}

/* The ratio of the level's average length to the whole index's. */
static double length_ratio(const jf_stats_t *s, jf_level_t level)
{
    return s->avg > 0 && s->level_avg[level] > 0 ? s->level_avg[level] / s->avg
                                                 : 1;
}

void jf_level_bm25(const jf_stats_t *s, jf_level_t level, double k1, double b,
                   double *xk1, double *xb, double *xmin_normlen)
{
    double c = length_ratio(s, level);
    *xk1 = k1 * (1 - b) + k1 * b / c;
    *xb = *xk1 > 0 ? k1 * b / c / *xk1 : 0;
    *xmin_normlen = JF_MIN_NORMLEN * c;
}

double jf_level_scale(const jf_stats_t *s, jf_level_t level, double k1,
                      double b, double df)
{
    /* An estimate of 0 still weighs (Xapian's phrase estimates round
     * down), so only an empty level is left as it is. */
    if (s->level_docs[level] <= 0)
        return 1;
    double xk1, xb, xmin;
    jf_level_bm25(s, level, k1, b, &xk1, &xb, &xmin);
    return jf_bm25_idf(s->level_docs[level], df) / jf_bm25_idf(s->docs, df) *
           (k1 + 1) / (xk1 + 1);
}

/* ----------------------------------------------------- Xapian's estimates */

/* Xapian rounds every estimate to a whole number of documents. */
static double whole(double x)
{
    return floor(x + 0.5);
}

int jf_term_df(jfx_db_t *db, const char *term, double *df, jf_error_t *err)
{
    uint64_t freq = 0;
    if (jf_failed(err))
        return -1;
    jfx_status_t st = jfx_db_term_freq(db, term, &freq);
    if (st != JFX_OK)
        return fail_read(db, st, err);
    *df = (double)freq;
    return 0;
}

int jf_form_estimate(jfx_db_t *db, const char *prefix, const jf_pattern_t *f,
                     bool positions, double n, double *est, jf_error_t *err)
{
    char term[8 + JF_TERM_MAX + 1];
    double e = 0, df = 0;
    for (size_t k = 0; k < f->n && !jf_failed(err); k++) {
        snprintf(term, sizeof term, "%s%s", prefix, f->terms[k]);
        jf_term_df(db, term, &df, err);
        e = k == 0 ? df : e * df / n;
    }
    /* An AND estimate (independence), halved for a phrase. */
    *est = f->n == 1 ? e : positions ? floor(whole(e) / 2) : whole(e);
    return jf_failed(err) ? -1 : 0;
}

double jf_or_estimate(double *est, size_t left, double n)
{
    /* The two smallest combined until one is left. */
    while (left > 1) {
        for (size_t k = 0; k < 2; k++)
            for (size_t m = k + 1; m < left; m++)
                if (est[m] < est[k]) {
                    double t = est[k];
                    est[k] = est[m];
                    est[m] = t;
                }
        est[0] = whole(est[0] + est[1] - est[0] * est[1] / n);
        est[1] = est[--left];
    }
    return left ? est[0] : 0;
}

int jf_group_estimate(jfx_db_t *db, const char *prefix,
                      const jf_patterns_t *forms, bool positions, double n,
                      double *df, jf_error_t *err)
{
    double *est = jf_malloc((forms->n ? forms->n : 1) * sizeof *est);
    for (size_t f = 0; f < forms->n && !jf_failed(err); f++)
        jf_form_estimate(db, prefix, &forms->items[f], positions, n, &est[f],
                         err);
    if (!jf_failed(err))
        *df = jf_or_estimate(est, forms->n, n);
    free(est);
    return jf_failed(err) ? -1 : 0;
}

/* ------------------------------------------------------- the weighers */

static double term_scale(const char *term, void *ctx)
{
    jf_weigher_t *w = ctx;
    double df = 0;
    if (jf_term_df(w->db, term, &df, w->err) != 0)
        return 1;
    return jf_level_scale(w->stats, w->level, w->k1, w->b, df);
}

/* A group is weighed as one term whose frequency Xapian estimates from
 * its forms' over all documents; over the level alone the estimate is
 * made with the level's count of documents. */
static double group_scale(const jf_patterns_t *forms, void *ctx)
{
    jf_weigher_t *w = ctx;
    const jf_stats_t *s = w->stats;
    double all = 0, level = 0, xk1, xb, xmin;
    const char *prefix = w->level == JF_LEVEL_ARTICLE ? JF_PREFIX_ARTICLE_TEXT
                                                      : "";
    bool positions = w->level == JF_LEVEL_PASSAGE;
    if (jf_group_estimate(w->db, prefix, forms, positions, s->docs, &all,
                          w->err) != 0 ||
        jf_group_estimate(w->db, prefix, forms, positions,
                          s->level_docs[w->level], &level, w->err) != 0 ||
        s->level_docs[w->level] <= 0)
        return 1;
    jf_level_bm25(s, w->level, w->k1, w->b, &xk1, &xb, &xmin);
    return jf_bm25_idf(s->level_docs[w->level], level) /
           jf_bm25_idf(s->docs, all) * (w->k1 + 1) / (xk1 + 1);
}

static double term_df(const char *term, void *ctx)
{
    jf_weigher_t *w = ctx;
    double df = 0;
    jf_term_df(w->db, term, &df, w->err);
    return df;
}

jfx_query_t *jf_compile_level(const jf_query_t *q, jf_default_op_t op,
                              jf_weigher_t *w)
{
    jf_compile_t how = { op, w->level, term_scale, group_scale, term_df, w,
                         w->exact_weight };
    return jf_query_compile_as(q, &how);
}

jfx_query_t *jf_near_level(const jf_query_t *q, double weight,
                           jf_weigher_t *w)
{
    jf_compile_t how = { JF_DEFAULT_OR, w->level, term_scale, group_scale,
                         term_df, w, w->exact_weight };
    return jf_query_near(q, &how, weight);
}

void jf_level_params(const jf_weigher_t *w, jfx_search_params_t *params)
{
    jf_level_bm25(w->stats, w->level, w->k1, w->b, &params->k1, &params->b,
                  &params->min_normlen);
}
