/* search.c - the one code path from a query to ranked, snippeted passages.
 *
 * Xapian ranks passage documents by BM25; this module turns its results
 * into what a reader sees: the passage, its article's path, headline and
 * metadata (from the article record stored once per article), and the
 * snippet.  One search is retried when the index moves on under it or a
 * remote shard stops answering.  The partial fill of an AND query's page
 * (relax.c), did-you-mean (suggest.c) and --explain (explain.c) are parts
 * of their own around it.
 */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "search_parts.h"

/* How often a search is retried when an index update commits under it. */
enum { MODIFIED_RETRIES = 5 };

void jf_search_options_init(jf_search_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->k1 = JF_DEFAULT_K1;
    o->b = JF_DEFAULT_B;
    o->article_weight = JF_DEFAULT_ARTICLE_WEIGHT;
    o->exact_weight = JF_DEFAULT_EXACT_WEIGHT;
    o->proximity_weight = JF_DEFAULT_PROXIMITY_WEIGHT;
    o->limit = 10;
    o->snippet_bytes = JF_DEFAULT_SNIPPET_BYTES;
    o->op = JF_DEFAULT_AND;
    o->suggest = true;
}

/* The index's name for messages: its path when it is one database. */
static const char *index_name(const jfx_db_t *db)
{
    return jfx_db_shard_count(db) == 1 ? jfx_db_shard_name(db, 0)
                                       : "the index";
}

/* Records that what WHAT names is not what jfindex writes. */
static int fail_damaged(const jfx_db_t *db, const char *what,
                        jf_error_t *err)
{
    return jf_fail(err, JFX_CORRUPT, "%s: %s: the index is damaged (jfindex "
                   "--verify checks it; jfindex --rebuild rebuilds it)",
                   index_name(db), what);
}

static bool utf8_or_null(const char *s)
{
    return !s || jf_utf8_valid(s, strlen(s));
}

int jf_article_load(jfx_db_t *db, const char *id, jf_article_record_t *rec,
                    jf_error_t *err)
{
    memset(rec, 0, sizeof *rec);
    if (jf_failed(err))
        return -1;
    char key[JF_ID_TERM_MAX];
    snprintf(key, sizeof key, "%s%s", JF_METADATA_ARTICLE, id);
    char *data = NULL;
    size_t len = 0;
    jfx_status_t st = jfx_db_get_metadata(db, key, &data, &len);
    if (st != JFX_OK)
        return jf_fail(err, st, "search failed: %s", jfx_db_last_error(db));
    bool valid = len > 0 && jf_article_record_decode(data, len, rec) == 0 &&
                 utf8_or_null(rec->path) && utf8_or_null(rec->title) &&
                 utf8_or_null(rec->source) && utf8_or_null(rec->date);
    free(data);
    if (valid)
        return 0;
    jf_article_record_free(rec);
    char what[64 + JF_ARTICLE_ID_LEN];
    snprintf(what, sizeof what, "the record of article %.*s %s",
             JF_ARTICLE_ID_LEN, id, len ? "does not decode" : "is missing");
    return fail_damaged(db, what, err);
}

/* ---------------------------------------------------------------- hits */

static char *field_or_empty(char **field)
{
    char *v = *field ? *field : jf_strdup("");
    *field = NULL;
    return v;
}

/* What one attempt at a search knows besides the prepared query. */
typedef struct {
    jf_stats_t stats;
    jf_context_t context;      /* the articles' parts of the scores */
} attempt_t;

/* HIT from result I of R, whose data is PASSAGE. */
static int fill_hit(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                    size_t i, const jf_passage_t *passage,
                    const jf_prepared_t *p, const jf_search_options_t *o,
                    const attempt_t *at, jf_hit_t *hit, jf_error_t *err)
{
    hit->score = jfx_results_weight(r, i);
    hit->context = jf_context_weight(&at->context, passage->article_id);
    memcpy(hit->article_id, passage->article_id, sizeof hit->article_id);
    hit->passage = passage->passage;
    hit->text = jf_strndup(passage->text, passage->text_len);
    hit->text_len = passage->text_len;
    hit->doc_length = jfx_results_doc_length(r, i);
    hit->collapsed = jfx_results_collapsed(r, i);

    jf_article_record_t rec;
    if (jf_article_load(db, passage->article_id, &rec, err) != 0)
        return -1;
    hit->path = field_or_empty(&rec.path);
    hit->title = field_or_empty(&rec.title);
    hit->source = field_or_empty(&rec.source);
    hit->byline = field_or_empty(&rec.byline);
    hit->dateline = field_or_empty(&rec.dateline);
    hit->date = field_or_empty(&rec.date);
    jf_article_record_free(&rec);

    jf_snippet_make(a, hit->text, hit->text_len, &p->highlight,
                    o->snippet_bytes, &hit->snippet);
    if (o->explain)
        return jf_explain_hit(db, a, r, i, p, o, &at->stats, hit, err);
    return 0;
}

static void free_hits(jf_results_t *res)
{
    for (size_t i = 0; i < res->n; i++) {
        jf_hit_t *h = &res->hits[i];
        free(h->path);
        free(h->title);
        free(h->source);
        free(h->byline);
        free(h->dateline);
        free(h->date);
        free(h->text);
        jf_snippet_free(&h->snippet);
        for (size_t k = 0; k < h->nexplain; k++)
            free(h->explain[k].term);
        free(h->explain);
    }
    free(res->hits);
    res->hits = NULL;
    res->n = 0;
}

/* With article_counts, all a search that fetched no document knows of
 * article I of R's tally: its id, its best score (with its article's
 * part, which the tallied query left out: passage_query) and its other
 * matches. */
static void count_hit(const jfx_results_t *r, size_t i, unsigned rank,
                      const attempt_t *at, jf_hit_t *hit)
{
    size_t len = 0;
    const char *id = jfx_results_tally_value(r, i, &len);
    memcpy(hit->article_id, id,
           len < JF_ARTICLE_ID_LEN ? len : JF_ARTICLE_ID_LEN);
    hit->rank = rank;
    hit->context = jf_context_weight(&at->context, hit->article_id);
    hit->score = jfx_results_tally_best(r, i) + hit->context;
    hit->collapsed = jfx_results_tally_matches(r, i) - 1;
}

/* Result I of R as a passage, into *PASSAGE.  Every document jfindex
 * writes is one, so one that is not means damage, which is said rather
 * than shown as a blank or garbled result. */
static int passage_of(const jfx_db_t *db, const jfx_results_t *r, size_t i,
                      jf_passage_t *passage, jf_error_t *err)
{
    size_t len = 0;
    const char *data = jfx_results_data(r, i, &len);
    if (data && jf_passage_decode(data, len, passage) == 0 &&
        jf_utf8_valid(passage->text, passage->text_len))
        return 0;
    char what[64];
    snprintf(what, sizeof what, "document %u does not decode as a passage",
             jfx_results_docid(r, i));
    return fail_damaged(db, what, err);
}

/* For a query of only filters: the headline passage of the article of
 * PASSAGE, found by its unique term, into *H; NULL (and the passage
 * stands) when the article has no passage 0. */
static int headline_of(jfx_db_t *db, const jf_passage_t *passage,
                       jfx_results_t **h, jf_error_t *err)
{
    *h = NULL;
    if (passage->passage == 0)
        return 0;
    char term[JF_ID_TERM_MAX];
    jf_unique_term(term, passage->article_id, 0);
    jfx_query_t *q = jfx_query_term(term, 1, 0);
    if (!q)
        jf_oom();
    jfx_search_params_t params;
    jfx_search_params_init(&params);
    params.limit = 1;
    jfx_status_t st = jfx_search(db, q, &params, h);
    jfx_query_destroy(q);
    if (st != JFX_OK)
        return jf_fail(err, st, "search failed: %s", jfx_db_last_error(db));
    if (jfx_results_count(*h) != 1) {
        jfx_results_destroy(*h);
        *h = NULL;
    }
    return 0;
}

/* Appends result I of R to RES: a count, or a passage with its record,
 * snippet and explanation (for a query of only filters, the headline of
 * the passage's article). */
static int add_hit(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                   size_t i, const jf_prepared_t *p,
                   const jf_search_options_t *o, const attempt_t *at,
                   jf_results_t *res, jf_error_t *err)
{
    unsigned rank = o->offset + (unsigned)res->n + 1;
    if (o->article_counts) {
        count_hit(r, i, rank, at, &res->hits[res->n++]);
        return 0;
    }
    jf_passage_t passage;
    if (passage_of(db, r, i, &passage, err) != 0)
        return -1;
    jfx_results_t *h = NULL;
    if (p->q->only_filters && headline_of(db, &passage, &h, err) != 0)
        return -1;
    if (h && passage_of(db, h, 0, &passage, err) != 0) {
        jfx_results_destroy(h);
        return -1;
    }
    jf_hit_t *hit = &res->hits[res->n++];
    hit->rank = rank;
    int rc = fill_hit(db, a, h ? h : r, h ? 0 : i, &passage, p, o, at, hit,
                      err);
    jfx_results_destroy(h);
    return rc;
}

/* ------------------------------------------------------------ a search */

/* The date bounds of O as a filter; NULL without them. */
static jfx_query_t *date_bounds(const jf_search_options_t *o)
{
    if (!o->since[0] && !o->until[0])
        return NULL;
    /* A missing date sorts before "00000000": no date, no match. */
    jfx_query_t *range = jfx_query_value_range(
        JF_SLOT_DATE, o->since[0] ? o->since : "00000000",
        o->until[0] ? o->until : "99999999");
    if (!range)
        jf_oom();
    return range;
}

/* OP of A and B, both freed; B may be NULL (A stands). */
static jfx_query_t *combine(jfx_op_t op, jfx_query_t *a, jfx_query_t *b)
{
    if (!a || !b) {
        jfx_query_destroy(b);
        return a;
    }
    const jfx_query_t *pair[2] = { a, b };
    jfx_query_t *q = jfx_query_combine(op, pair, 2, 0);
    jfx_query_destroy(a);
    jfx_query_destroy(b);
    if (!q)
        jf_oom();
    return q;
}

/* The passage query of P, weighed at the passage level, with its
 * passages' article parts and within the date bounds. */
static jfx_query_t *passage_query(jfx_db_t *db, const jf_prepared_t *p,
                                  const jf_search_options_t *o,
                                  attempt_t *at, jf_error_t *err)
{
    jf_weigher_t w = { db, &at->stats, JF_LEVEL_PASSAGE, o->k1, o->b,
                       o->exact_weight, err };
    jfx_query_t *q = jf_compile_level(p->q, p->op, &w);
    if (p->some)
        q = combine(JFX_OP_AND_NOT, jf_compile_level(p->q, JF_DEFAULT_OR, &w),
                    q);
    jfx_query_t *bounds = date_bounds(o);
    /* The proximity and article parts only weigh: counts alone skip them,
     * and so does a search that fetches no passage (the relaxed count
     * beside a full page, the count outside the dates), where the NEAR
     * pairs would cost a position check on every match. */
    bool weighed = !(o->article_counts && o->no_scores) &&
                   (o->limit > 0 || o->article_counts);
    if (weighed)
        q = combine(JFX_OP_AND_MAYBE, q,
                    jf_near_level(p->q, o->proximity_weight, &w));
    /* An article's part is the same for each of its passages, so a tally
     * adds it to the article's best score afterwards (count_hit) rather
     * than have the matcher look it up for every passage: the best of
     * passage + part is the best passage + part, rounding included. */
    if (weighed &&
        jf_context_run(db, p, o, &at->stats, bounds, &at->context, err) == 0
        && !o->article_counts)
        q = combine(JFX_OP_AND_MAYBE, q, jf_context_query(&at->context));
    q = combine(JFX_OP_FILTER, q, bounds);
    if (jf_failed(err)) {
        jfx_query_destroy(q);
        return NULL;
    }
    return q;
}

static void search_params(const jf_prepared_t *p, const jf_search_options_t *o,
                          const jf_stats_t *s, jfx_db_t *db,
                          jfx_search_params_t *params)
{
    jf_weigher_t w = { db, s, JF_LEVEL_PASSAGE, o->k1, o->b, 0, NULL };
    jfx_search_params_init(params);
    jf_level_params(&w, params);
    /* Equal scores in article order, not in the order documents happened
     * to be added: an index updated article by article then ranks exactly
     * as a clean rebuild does. */
    params->tiebreak_slot = JF_SLOT_ARTICLE;
    params->offset = o->offset;
    params->limit = o->limit;
    /* An exact total for any page a reader is likely to see. */
    params->check_at_least = o->offset + o->limit + 100;
    if (o->article_counts) {
        /* The articles come from the tally, which sees every match: the
         * page is not read, so it is one unordered passage. */
        params->tally_slot = JF_SLOT_ARTICLE;
        params->tiebreak_slot = -1;
        params->offset = 0;
        params->limit = 1;
        params->ids_only = 1;
        params->unweighted = o->no_scores;
        return;
    }
    if (o->limit == 0) {
        /* Only counted (the relaxed count beside a full page): weighed,
         * Xapian had no page to prune against and weighed every match;
         * unweighted, it stops at check_at_least and estimates the rest
         * (the totals of bench/'s queries stayed the same). */
        params->tiebreak_slot = -1;
        params->unweighted = 1;
        params->ids_only = 1;
    }
    if (o->per_article || p->q->only_filters) {
        params->collapse_slot = JF_SLOT_ARTICLE;
        params->collapse_max = 1;
    }
}

static int fail_search(jfx_db_t *db, jfx_status_t st, jf_error_t *err)
{
    return jf_fail(err, st, "search failed: %s", jfx_db_last_error(db));
}

/* One attempt at the search: the index's statistics, the query weighed
 * by them, then the matches and their hits, into RES. */
static int attempt(jfx_db_t *db, jf_analyzer_t *a, const jf_prepared_t *p,
                   const jf_search_options_t *o, jf_results_t *res,
                   jf_error_t *err)
{
    attempt_t at;
    memset(&at, 0, sizeof at);
    free_hits(res);
    if (jf_stats_read(db, &at.stats, err) != 0)
        return -1;
    res->doc_count = (uint64_t)at.stats.level_docs[JF_LEVEL_PASSAGE];
    res->avg_length = at.stats.level_avg[JF_LEVEL_PASSAGE];
    jfx_query_t *query = passage_query(db, p, o, &at, err);
    jfx_results_t *r = NULL;
    jfx_status_t st = JFX_OK;
    if (query) {
        jfx_search_params_t params;
        search_params(p, o, &at.stats, db, &params);
        if ((st = jfx_search(db, query, &params, &r)) != JFX_OK)
            fail_search(db, st, err);
    }
    jfx_query_destroy(query);
    size_t n = o->article_counts ? jfx_results_tally_count(r)
                                 : jfx_results_count(r);
    res->hits = jf_calloc(n ? n : 1, sizeof *res->hits);
    res->total = jfx_results_total(r);
    res->estimated = jfx_results_total_lower(r) != jfx_results_total_upper(r);
    for (size_t i = 0; i < n && !jf_failed(err); i++)
        add_hit(db, a, r, i, p, o, &at, res, err);
    jfx_results_destroy(r);
    jf_context_free(&at.context);
    return jf_failed(err) ? -1 : 0;
}

/* After a network failure: finds the shards that no longer answer.  With
 * PARTIAL they are dropped (the search can be retried on the others) and
 * true returned; without, false, with the database's last error naming
 * the first of them. */
static bool drop_silent_shards(jfx_db_t *db, bool partial)
{
    bool dropped = false;
    for (size_t i = jfx_db_shard_count(db); i-- > 0;) {
        if (jfx_db_probe_shard(db, i) == JFX_OK)
            continue;
        if (!partial)
            return false;
        if (jfx_db_drop_shard(db, i) != JFX_OK)
            return false;
        dropped = true;
    }
    return dropped;
}

/* After the failed attempt WHY: readies DB for another (reopened after an
 * index update, without the shards that stopped answering) and clears
 * WHY.  False, with WHY the failure that ends the search, when there is
 * no trying again. */
static bool ready_to_retry(jfx_db_t *db, bool partial, jf_error_t *why)
{
    jfx_status_t st = why->status;
    if (st != JFX_MODIFIED && st != JFX_NETWORK)
        return false;
    jf_error_clear(why);
    if ((st == JFX_NETWORK && !drop_silent_shards(db, partial)) ||
        (st == JFX_MODIFIED && (st = jfx_db_reopen(db)) != JFX_OK)) {
        fail_search(db, st, why);
        return false;
    }
    return true;
}

int jf_search_once(jfx_db_t *db, jf_analyzer_t *a, const jf_prepared_t *p,
                   const jf_search_options_t *o, jf_results_t *res,
                   jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    jf_error_t why = JF_ERROR_INIT;
    int rc = attempt(db, a, p, o, res, &why);
    for (int n = 1; rc != 0 && n < MODIFIED_RETRIES &&
                    ready_to_retry(db, o->partial, &why); n++)
        rc = attempt(db, a, p, o, res, &why);
    if (rc != 0)
        jf_fail_take(err, why.status, jf_strdup(jf_error_message(&why)));
    jf_error_clear(&why);
    return rc;
}

/* ------------------------------------------------------------- the run */

/* Matches of P under O with the date bounds SINCE..UNTIL ("" for none):
 * a count, exact as far as the page's is. */
static int count_matches(jfx_db_t *db, jf_analyzer_t *a,
                         const jf_prepared_t *p, const jf_search_options_t *o,
                         const char *since, const char *until,
                         uint64_t *count, jf_error_t *err)
{
    jf_search_options_t counting = *o;
    counting.offset = counting.limit = 0;
    counting.explain = false;
    snprintf(counting.since, sizeof counting.since, "%s", since);
    snprintf(counting.until, sizeof counting.until, "%s", until);
    jf_results_t r;
    memset(&r, 0, sizeof r);
    int rc = jf_search_once(db, a, p, &counting, &r, err);
    *count = r.total;
    jf_results_free(&r);
    return rc;
}

/* When the date bounds left nothing: how many passages match outside
 * them, and how many of those have no date, so the reader learns that
 * the query did match (an undated article is never within bounds). */
static int count_outside_dates(jfx_db_t *db, jf_analyzer_t *a,
                               const jf_prepared_t *p,
                               const jf_search_options_t *o,
                               jf_results_t *res, jf_error_t *err)
{
    if (res->total > 0 || (!o->since[0] && !o->until[0]))
        return 0;
    uint64_t all = 0, with_date = 0;
    if (count_matches(db, a, p, o, "", "", &all, err) == 0 &&
        count_matches(db, a, p, o, "00000000", "99999999", &with_date,
                      err) == 0) {
        res->outside_dates = all;
        res->undated = all > with_date ? all - with_date : 0;
    }
    return jf_failed(err) ? -1 : 0;
}

static void prepare(jf_prepared_t *p, const jf_query_t *q,
                    const jf_search_options_t *o)
{
    memset(p, 0, sizeof *p);
    p->q = q;
    p->op = o->op;
    jf_query_highlight(q, &p->highlight);
    if (o->explain)
        jf_query_units(q, &p->units);
}

static void prepared_free(jf_prepared_t *p)
{
    jf_patterns_free(&p->highlight);
    jf_units_free(&p->units);
}

int jf_search_query(jfx_db_t *db, jf_analyzer_t *a, const char *text,
                    const jf_search_options_t *o, jf_query_t *q,
                    jf_results_t *results, jf_error_t *err)
{
    memset(results, 0, sizeof *results);
    if (jf_query_parse(a, text, o->synonyms, q, err) != 0)
        return -1;
    jf_prepared_t p;
    prepare(&p, q, o);
    int rc = jf_search_once(db, a, &p, o, results, err);
    results->complete = results->total;
    if (rc == 0 && jf_relax_counts(q, o))
        rc = jf_relax_fill(db, a, &p, o, results, err);
    if (rc == 0)
        rc = count_outside_dates(db, a, &p, o, results, err);
    results->offset = o->offset;
    prepared_free(&p);
    if (rc != 0)
        jf_results_free(results);
    return rc;
}

int jf_search_run(jfx_db_t *db, jf_analyzer_t *a, const char *query_text,
                  const jf_search_options_t *options, jf_query_t *q,
                  jf_results_t *results, jf_error_t *err)
{
    if (jf_search_query(db, a, query_text, options, q, results, err) != 0)
        return -1;
    jf_suggest(db, a, options, q, results);
    results->nmissing = jfx_db_missing_count(db);
    if (results->nmissing > 0) {
        results->missing = jf_calloc(results->nmissing, sizeof *results->missing);
        for (size_t i = 0; i < results->nmissing; i++)
            results->missing[i] = jf_strdup(jfx_db_missing(db, i));
    }
    return 0;
}

void jf_results_free(jf_results_t *r)
{
    if (!r)
        return;
    free_hits(r);
    for (size_t i = 0; i < r->nmissing; i++)
        free(r->missing[i]);
    free(r->missing);
    free(r->corrected);
    free(r->suggestion);
    memset(r, 0, sizeof *r);
}
