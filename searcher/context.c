/* context.c - the article part of a passage's score.
 *
 * A passage is read in its article: one paragraph that repeats the query's
 * words in an article about something else should not outrank a paragraph
 * of an article about the topic throughout.  So a passage's score is its
 * own BM25 plus a share of its article's BM25 (Callan, SIGIR 1994, on
 * passage-level evidence; Liu and Croft, SIGIR 2002), the article weighed
 * over the article documents (schema.h) as if they were the collection
 * (weigh.c).  The article query has every word of the reader's ORed, so
 * an article that discusses some of them throughout still counts, and
 * leaves exclusions to the passages.  The best JF_CONTEXT_ARTICLES
 * articles' parts then join the passage query, each a constant weight
 * filtered by its article's id term (Xapian's FixedWeightPostingSource,
 * which its remote backend knows, so shards weigh alike).  Nothing is
 * read for a passage but those terms' postings: a value-weighted source
 * on the article slot read the value of every passage it weighed, a
 * fifth of the block reads of a search at M (bench/ANALYSIS.md).
 */
#include "search_parts.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

static int fail_search(jfx_db_t *db, jfx_status_t st, jf_error_t *err)
{
    return jf_fail(err, st, "search failed: %s", jfx_db_last_error(db));
}

/* The article query of P: its words ORed at the article level, within
 * BOUNDS. */
static jfx_query_t *article_query(const jf_prepared_t *p,
                                  const jfx_query_t *bounds, jf_weigher_t *w)
{
    jfx_query_t *q = jf_compile_level(p->q, JF_DEFAULT_OR, w);
    if (!q || !bounds)
        return q;
    const jfx_query_t *pair[2] = { q, bounds };
    jfx_query_t *bounded = jfx_query_combine(JFX_OP_FILTER, pair, 2, 0);
    jfx_query_destroy(q);
    if (!bounded)
        jf_oom();
    return bounded;
}

typedef struct jf_context_part part_t;

static int by_id(const void *x, const void *y)
{
    return memcmp(((const part_t *)x)->id, ((const part_t *)y)->id,
                  JF_ARTICLE_ID_LEN);
}

int jf_context_run(jfx_db_t *db, const jf_prepared_t *p,
                   const jf_search_options_t *o, const jf_stats_t *s,
                   const jfx_query_t *bounds, jf_context_t *ctx,
                   jf_error_t *err)
{
    memset(ctx, 0, sizeof *ctx);
    if (jf_failed(err))
        return -1;
    if (o->article_weight <= 0 || p->q->only_filters)
        return 0;
    jf_weigher_t w = { db, s, JF_LEVEL_ARTICLE, o->k1, o->b, o->exact_weight,
                       err };
    jfx_query_t *q = article_query(p, bounds, &w);
    if (!q || jf_failed(err)) {
        jfx_query_destroy(q);
        return jf_failed(err) ? -1 : 0;
    }
    jfx_search_params_t params;
    jfx_search_params_init(&params);
    jf_level_params(&w, &params);
    /* Ten times as many articles as the page can show (--articles, a
     * coverage report's every article), so that articles just below the
     * page keep their parts too. */
    unsigned page = o->offset + o->limit;
    bool many = page > JF_CONTEXT_ARTICLES / 10;
    params.limit = many ? (page < UINT_MAX / 10 ? page * 10 : UINT_MAX)
                        : JF_CONTEXT_ARTICLES;
    /* The articles' ids: a few are cheaper read one by one after the
     * search; for many, "collapsing" on the id (each article document has
     * its own, so nothing is dropped) is, as the matcher reads each
     * candidate's anyway.  Coverage JSON at M: 8.2 s one by one, 5.0 s
     * collapsed; a search's 100: 1-2 ms faster one by one. */
    if (many)
        params.collapse_slot = JF_SLOT_ARTICLE;
    params.ids_only = 1;
    jfx_results_t *r = NULL;
    jfx_status_t st = jfx_search(db, q, &params, &r);
    jfx_query_destroy(q);
    if (st != JFX_OK)
        return fail_search(db, st, err);
    size_t n = jfx_results_count(r);
    ctx->parts = jf_calloc(n ? n : 1, sizeof *ctx->parts);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const char *id = jfx_results_value(r, i, JF_SLOT_ARTICLE, &len);
        if (!id || len != JF_ARTICLE_ID_LEN)
            continue;
        memcpy(ctx->parts[ctx->n].id, id, JF_ARTICLE_ID_LEN);
        ctx->parts[ctx->n++].weight =
            o->article_weight * jfx_results_weight(r, i);
    }
    jfx_results_destroy(r);
    /* By id, so that a tally of every article finds each one's part by
     * bisection (jf_context_weight). */
    qsort(ctx->parts, ctx->n, sizeof *ctx->parts, by_id);
    return 0;
}

jfx_query_t *jf_context_query(const jf_context_t *ctx)
{
    if (ctx->n == 0)
        return NULL;
    /* Each article's passages, found by its id term, weigh its part: a
     * constant filtered by the term, which reads nothing more for them. */
    jfx_query_t **parts = jf_malloc(ctx->n * sizeof *parts);
    for (size_t i = 0; i < ctx->n; i++) {
        char term[JF_ID_TERM_MAX];
        jf_article_term(term, ctx->parts[i].id);
        jfx_query_t *weight = jfx_query_constant(ctx->parts[i].weight);
        jfx_query_t *passages = jfx_query_term(term, 1, 0);
        if (!weight || !passages)
            jf_oom();
        const jfx_query_t *pair[2] = { weight, passages };
        if (!(parts[i] = jfx_query_combine(JFX_OP_FILTER, pair, 2, 0)))
            jf_oom();
        jfx_query_destroy(weight);
        jfx_query_destroy(passages);
    }
    jfx_query_t *q = jfx_query_combine(
        JFX_OP_OR, (const jfx_query_t *const *)parts, ctx->n, 0);
    for (size_t i = 0; i < ctx->n; i++)
        jfx_query_destroy(parts[i]);
    free(parts);
    if (!q)
        jf_oom();
    return q;
}

double jf_context_weight(const jf_context_t *ctx, const char *article_id)
{
    size_t lo = 0, hi = ctx->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = memcmp(ctx->parts[mid].id, article_id, JF_ARTICLE_ID_LEN);
        if (cmp == 0)
            return ctx->parts[mid].weight;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

void jf_context_free(jf_context_t *ctx)
{
    free(ctx->parts);
    memset(ctx, 0, sizeof *ctx);
}
