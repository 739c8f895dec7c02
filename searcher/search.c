/* search.c - the one code path from a query to ranked, snippeted passages.
 *
 * Xapian ranks passage documents by BM25; this module turns its results
 * into what a reader sees: the passage, its article's path, headline and
 * metadata (from the article record stored once per article), and the
 * snippet.  It also tries a spelling correction when a query finds little,
 * and explains scores by recomputing Xapian's BM25 term by term.
 */
#include "search.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"

/* How often a search is retried when an index update commits under it. */
enum { MODIFIED_RETRIES = 5 };

void jf_search_options_init(jf_search_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->k1 = JF_DEFAULT_K1;
    o->b = JF_DEFAULT_B;
    o->limit = 10;
    o->snippet_bytes = JF_DEFAULT_SNIPPET_BYTES;
    o->op = JF_DEFAULT_AND;
    o->suggest = true;
}

int jf_article_load(jfx_db_t *db, const char *id, jf_article_record_t *rec)
{
    char key[JF_ID_TERM_MAX];
    snprintf(key, sizeof key, "%s%s", JF_METADATA_ARTICLE, id);
    char *data = NULL;
    size_t len = 0;
    if (jfx_db_get_metadata(db, key, &data, &len) != JFX_OK)
        return -1;
    int rc = len ? jf_article_record_decode(data, len, rec) : -1;
    free(data);
    return rc;
}

/* ---------------------------------------------------------- --explain */

/* Xapian's BM25Weight (1.4, weight.h and bm25weight.cc) for a term of
 * document frequency DF in a passage where it occurs WDF times, with k2 0
 * and k3 1 (a query term weighs once): so the parts add up to the score. */
static double bm25(const jf_search_options_t *o, double wdf, double len,
                   double df, double n, double avg)
{
    if (wdf == 0)
        return 0;
    /* IDF, kept positive the way Xapian does it: a term in more than half
     * the passages still weighs a little. */
    double idf = (n - df + 0.5) / (df + 0.5);
    if (idf < 2)
        idf = idf * 0.5 + 1;
    double termweight = log(idf) * (o->k1 + 1);
    double len_factor = (o->b == 0 || o->k1 == 0 || avg == 0) ? 0 : 1 / avg;
    double normlen = len * len_factor;
    if (normlen < JF_MIN_NORMLEN)
        normlen = JF_MIN_NORMLEN;
    double denom = o->k1 * (normlen * o->b + (1 - o->b)) + wdf;
    return termweight * wdf / denom;
}

typedef struct {
    jf_token_t *tokens;
    size_t n, cap;
} token_list_t;

static int collect_plain(const jf_token_t *t, void *ctx)
{
    token_list_t *l = ctx;
    if (t->flags & JF_TOKEN_JOINED)
        return 0;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->tokens = jf_realloc(l->tokens, l->cap * sizeof *l->tokens);
    }
    l->tokens[l->n++] = *t;
    return 0;
}

/* Whether the terms of PHRASE stand at consecutive positions in the
 * passage, as Xapian's phrase match (on the same analysis) would find. */
static bool phrase_in_text(jf_analyzer_t *a, const jf_hit_t *hit,
                           const jf_pattern_t *phrase)
{
    token_list_t toks = { 0 };
    jf_analyze(a, hit->text, hit->text_len, 1, collect_plain, &toks);
    bool found = false;
    for (size_t i = 0; i + phrase->n <= toks.n && !found; i++) {
        size_t k = 0;
        while (k < phrase->n &&
               toks.tokens[i + k].pos == toks.tokens[i].pos + k &&
               strcmp(toks.tokens[i + k].term, phrase->terms[k]) == 0)
            k++;
        found = k == phrase->n;
    }
    free(toks.tokens);
    return found;
}

static uint64_t term_df(jfx_db_t *db, const char *term)
{
    uint64_t df = 0;
    if (jfx_db_term_freq(db, term, &df) != JFX_OK)
        df = 0;
    return df;
}

/* Xapian rounds every estimate to a whole number of documents. */
static double whole(double x)
{
    return floor(x + 0.5);
}

/* A synonym group's wdf in the passage (its forms' wdfs added up; a phrase
 * counts as its rarest word, where it stands as a phrase) and Xapian's
 * estimate of its document frequency: an AND estimate (independence)
 * halved for a phrase, then the OR estimate over the forms, rarest first. */
static void group_stats(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                        size_t i, const jf_hit_t *hit, const jf_weighted_t *w,
                        double n, uint64_t *wdf, double *df)
{
    double *est = jf_malloc(w->nforms * sizeof *est);
    *wdf = 0;
    for (size_t f = 0; f < w->nforms; f++) {
        const jf_pattern_t *form = &w->forms[f];
        if (form->n == 1) {
            *wdf += jfx_results_term_wdf(r, i, form->terms[0]);
            est[f] = (double)term_df(db, form->terms[0]);
            continue;
        }
        double e = (double)term_df(db, form->terms[0]);
        uint64_t least = jfx_results_term_wdf(r, i, form->terms[0]);
        for (size_t k = 1; k < form->n; k++) {
            e = e * (double)term_df(db, form->terms[k]) / n;
            uint64_t wk = jfx_results_term_wdf(r, i, form->terms[k]);
            if (wk < least)
                least = wk;
        }
        est[f] = floor(whole(e) / 2);
        if (least > 0 && phrase_in_text(a, hit, form))
            *wdf += least;
    }
    /* Combine the two smallest estimates until one is left. */
    size_t left = w->nforms;
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
    *df = est[0];
    free(est);
    if (*wdf > hit->doc_length)
        *wdf = hit->doc_length;
}

static void explain_hit(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                        size_t i, const jf_query_t *q,
                        const jf_search_options_t *o, double n, double avg,
                        jf_hit_t *hit)
{
    hit->explain = jf_calloc(q->nweighted ? q->nweighted : 1,
                             sizeof *hit->explain);
    for (size_t k = 0; k < q->nweighted; k++) {
        const jf_weighted_t *w = &q->weighted[k];
        jf_explain_t e = { 0 };
        double df;
        if (w->nforms == 1 && w->forms[0].n == 1) {
            e.wdf = jfx_results_term_wdf(r, i, w->forms[0].terms[0]);
            df = (double)term_df(db, w->forms[0].terms[0]);
        } else {
            group_stats(db, a, r, i, hit, w, n, &e.wdf, &df);
        }
        e.df = (uint64_t)df;
        e.count = 1;
        /* A word of a phrase weighs only where the phrase stands. */
        if (w->phrase.n == 0 || phrase_in_text(a, hit, &w->phrase))
            e.weight = bm25(o, (double)e.wdf, (double)hit->doc_length, df, n,
                            avg);
        /* A term the query has twice weighs twice: one line says so. */
        size_t m = 0;
        while (m < hit->nexplain && strcmp(hit->explain[m].term, w->label))
            m++;
        if (m < hit->nexplain) {
            hit->explain[m].weight += e.weight;
            hit->explain[m].count++;
            continue;
        }
        e.term = jf_strdup(w->label);
        hit->explain[hit->nexplain++] = e;
    }
}

/* ------------------------------------------------------------- results */

static char *field_or_empty(char **field)
{
    char *v = *field ? *field : jf_strdup("");
    *field = NULL;
    return v;
}

static int fill_hit(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                    size_t i, unsigned rank, const jf_query_t *q,
                    const jf_search_options_t *o, const jf_results_t *res,
                    jf_hit_t *hit)
{
    size_t len = 0;
    const char *data = jfx_results_data(r, i, &len);
    jf_passage_t passage;
    if (!data || jf_passage_decode(data, len, &passage) != 0)
        return -1;

    hit->rank = rank;
    hit->score = jfx_results_weight(r, i);
    memcpy(hit->article_id, passage.article_id, sizeof hit->article_id);
    hit->passage = passage.passage;
    hit->text = jf_strndup(passage.text, passage.text_len);
    hit->text_len = passage.text_len;
    hit->doc_length = jfx_results_doc_length(r, i);

    jf_article_record_t rec = { 0 };
    jf_article_load(db, passage.article_id, &rec);
    hit->path = field_or_empty(&rec.path);
    hit->title = field_or_empty(&rec.title);
    hit->source = field_or_empty(&rec.source);
    hit->byline = field_or_empty(&rec.byline);
    hit->dateline = field_or_empty(&rec.dateline);
    hit->date = field_or_empty(&rec.date);
    jf_article_record_free(&rec);

    hit->collapsed = jfx_results_collapsed(r, i);
    jf_snippet_make(a, hit->text, hit->text_len, &q->highlight,
                    o->snippet_bytes, &hit->snippet);
    if (o->explain)
        explain_hit(db, a, r, i, q, o, (double)res->doc_count,
                    res->avg_length, hit);
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
 * result I: its article, score and the article's other matches. */
static void count_hit(const jfx_results_t *r, size_t i, unsigned rank,
                      jf_hit_t *hit)
{
    size_t len = 0;
    const char *id = jfx_results_value(r, i, JF_SLOT_ARTICLE, &len);
    memcpy(hit->article_id, id,
           len < JF_ARTICLE_ID_LEN ? len : JF_ARTICLE_ID_LEN);
    hit->rank = rank;
    hit->score = jfx_results_weight(r, i);
    hit->collapsed = jfx_results_collapsed(r, i);
}

/* The query that runs: the parsed one, within the date bounds. */
static jfx_query_t *bounded_query(const jf_query_t *q,
                                  const jf_search_options_t *o)
{
    if (!o->since[0] && !o->until[0])
        return NULL;
    /* A missing date sorts before "00000000": no date, no match. */
    jfx_query_t *range = jfx_query_value_range(
        JF_SLOT_DATE, o->since[0] ? o->since : "00000000",
        o->until[0] ? o->until : "99999999");
    if (!range)
        jf_oom();
    const jfx_query_t *pair[2] = { q->query, range };
    jfx_query_t *bounded = jfx_query_combine(JFX_OP_FILTER, pair, 2, 0);
    jfx_query_destroy(range);
    if (!bounded)
        jf_oom();
    return bounded;
}

/* For a query of only filters: the headline passage of the article of
 * result I, found by its unique term; NULL (and result I stands) when the
 * article has no passage 0. */
static jfx_results_t *headline_of(jfx_db_t *db, const jfx_results_t *r,
                                  size_t i, jfx_status_t *st)
{
    size_t len = 0;
    const char *data = jfx_results_data(r, i, &len);
    jf_passage_t passage;
    if (!data || jf_passage_decode(data, len, &passage) != 0 ||
        passage.passage == 0)
        return NULL;
    char term[JF_ID_TERM_MAX];
    jf_unique_term(term, passage.article_id, 0);
    jfx_query_t *q = jfx_query_term(term, 1, 0);
    if (!q)
        jf_oom();
    jfx_search_params_t params;
    jfx_search_params_init(&params);
    params.limit = 1;
    jfx_results_t *h = NULL;
    *st = jfx_search(db, q, &params, &h);
    jfx_query_destroy(q);
    if (*st == JFX_OK && jfx_results_count(h) == 1)
        return h;
    jfx_results_destroy(h);
    return NULL;
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

/* One Xapian search, retried after reopening when the index moves on,
 * and with options->partial after leaving out a shard that stopped
 * answering. */
static jfx_status_t search_once(jfx_db_t *db, jf_analyzer_t *a,
                                const jf_query_t *q,
                                const jf_search_options_t *o,
                                jf_results_t *res)
{
    jfx_search_params_t params;
    jfx_search_params_init(&params);
    params.k1 = o->k1;
    params.b = o->b;
    params.min_normlen = JF_MIN_NORMLEN;
    /* Equal scores in article order, not in the order documents happened
     * to be added: an index updated article by article then ranks exactly
     * as a clean rebuild does. */
    params.tiebreak_slot = JF_SLOT_ARTICLE;
    params.offset = o->offset;
    params.limit = o->limit;
    /* An exact total for any page a reader is likely to see. */
    params.check_at_least = o->offset + o->limit + 100;
    params.ids_only = o->article_counts;
    if (o->per_article || o->article_counts || q->only_filters) {
        params.collapse_slot = JF_SLOT_ARTICLE;
        params.collapse_max = 1;
    }
    jfx_query_t *bounded = bounded_query(q, o);
    const jfx_query_t *query = bounded ? bounded : q->query;

    jfx_status_t st = JFX_MODIFIED;
    for (int attempt = 0; (st == JFX_MODIFIED || st == JFX_NETWORK) &&
                          attempt < MODIFIED_RETRIES; attempt++) {
        if (st == JFX_NETWORK && !drop_silent_shards(db, o->partial))
            break;
        if (st == JFX_MODIFIED && attempt > 0 &&
            (st = jfx_db_reopen(db)) != JFX_OK)
            break;
        free_hits(res);
        if ((st = jfx_db_doc_count(db, &res->doc_count)) != JFX_OK ||
            (st = jfx_db_average_length(db, &res->avg_length)) != JFX_OK)
            continue;
        jfx_results_t *r = NULL;
        st = jfx_search(db, query, &params, &r);
        if (st != JFX_OK)
            continue;
        size_t n = jfx_results_count(r);
        res->hits = jf_calloc(n ? n : 1, sizeof *res->hits);
        res->total = jfx_results_total(r);
        res->estimated = jfx_results_total_lower(r) != jfx_results_total_upper(r);
        for (size_t i = 0; i < n && st == JFX_OK; i++) {
            unsigned rank = o->offset + (unsigned)res->n + 1;
            if (o->article_counts) {
                count_hit(r, i, rank, &res->hits[res->n++]);
                continue;
            }
            jfx_results_t *h = q->only_filters ? headline_of(db, r, i, &st)
                                               : NULL;
            if (h ? fill_hit(db, a, h, 0, rank, q, o, res,
                             &res->hits[res->n]) == 0
                  : fill_hit(db, a, r, i, rank, q, o, res,
                             &res->hits[res->n]) == 0)
                res->n++;
            jfx_results_destroy(h);
        }
        jfx_results_destroy(r);
    }
    jfx_query_destroy(bounded);
    return st;
}

/* Appends to RES the passages that have some but not all of the words
 * of the AND query ALL, ranked among themselves, to fill the page that
 * RES->complete passages with every word leave open.  ANY is QUERY_TEXT
 * parsed with OR; on success it becomes the query that ran. */
static jfx_status_t fill_with_partial(jfx_db_t *db, jf_analyzer_t *a,
                                      const jf_query_t *all, jf_query_t *any,
                                      const jf_search_options_t *options,
                                      jf_results_t *res)
{
    unsigned end = options->offset + options->limit;
    jf_search_options_t o = *options;
    o.op = JF_DEFAULT_OR;
    o.offset = options->offset > res->complete
                   ? options->offset - (unsigned)res->complete : 0;
    o.limit = end - (options->offset > res->complete
                         ? options->offset : (unsigned)res->complete);

    /* Only some words: any of them, but not all of them. */
    const jfx_query_t *pair[2] = { any->query, all->query };
    jfx_query_t *some = jfx_query_combine(JFX_OP_AND_NOT, pair, 2, 0);
    if (!some)
        jf_oom();
    jf_query_t partial = *any;
    partial.query = some;

    jf_results_t more;
    memset(&more, 0, sizeof more);
    jfx_status_t st = search_once(db, a, &partial, &o, &more);
    jfx_query_destroy(some);
    if (st != JFX_OK) {
        jf_results_free(&more);
        return st;
    }
    res->hits = jf_realloc(res->hits, (res->n + more.n + 1) * sizeof *res->hits);
    for (size_t i = 0; i < more.n; i++) {
        more.hits[i].partial = true;
        more.hits[i].rank = options->offset + (unsigned)res->n + 1;
        res->hits[res->n++] = more.hits[i];
    }
    res->total = res->complete + more.total;
    res->estimated = res->estimated || more.estimated;
    free(more.hits);
    return JFX_OK;
}

/* Parses and runs QUERY_TEXT: an AND query's passages with every word,
 * then, to fill the page, those with only some. */
static int run_query(jfx_db_t *db, jf_analyzer_t *a, const char *query_text,
                     const jf_search_options_t *options, jf_query_t *q,
                     jf_results_t *results, char **error)
{
    memset(results, 0, sizeof *results);
    if (jf_query_parse_expanded(a, query_text, options->op,
                                options->synonyms, q) != 0) {
        *error = jf_strdup(q->error);
        return -1;
    }
    jfx_status_t st = search_once(db, a, q, options, results);
    results->complete = results->total;
    /* With one passage per article, partial passages would repeat
     * articles already shown: they only stand in when none is complete. */
    bool room = !options->complete_only &&
                results->complete < options->offset + options->limit &&
                (!options->per_article || results->complete == 0);
    if (st == JFX_OK && room && q->clauses > 1 &&
        options->op == JF_DEFAULT_AND && !q->only_filters) {
        jf_query_t any;
        if (jf_query_parse_expanded(a, query_text, JF_DEFAULT_OR,
                                    options->synonyms, &any) != 0) {
            *error = jf_strdup(any.error);
            jf_query_free(&any);
            jf_results_free(results);
            return -1;
        }
        st = fill_with_partial(db, a, q, &any, options, results);
        results->relaxed = results->complete == 0;
        /* The OR form is what highlights and explains the partial hits;
         * it has the same words as the AND form. */
        jf_query_free(q);
        *q = any;
    }
    if (st != JFX_OK) {
        *error = jf_strprintf("search failed: %s", jfx_db_last_error(db));
        jf_results_free(results);
        return -1;
    }
    return 0;
}

/* How far a correction may be from WORD: the longer the word, the more
 * typing slips it can hold and still be recognised (1 edit up to 5
 * letters, 2 beyond; none for 1 or 2), so "coast" does not become
 * "last" while "Senkako" still finds "senkaku". */
static unsigned max_edits(const char *word)
{
    size_t letters = 0;
    for (const unsigned char *p = (const unsigned char *)word; *p; p++)
        letters += (*p & 0xC0) != 0x80;
    return letters <= 2 ? 0 : letters <= 5 ? 1 : 2;
}

/* QUERY_TEXT with each word the index does not have replaced by the
 * spelling dictionary's closest word, or NULL when none is replaced.  A
 * word the index has is never "corrected": on a small corpus Xapian would
 * turn a rare word into a common one. */
static char *spelling_corrected(jfx_db_t *db, const char *query_text,
                                const jf_query_t *q)
{
    jf_buf_t b = JF_BUF_INIT;
    size_t at = 0;
    bool changed = false;
    for (size_t i = 0; i < q->nwords; i++) {
        const jf_query_word_t *w = &q->words[i];
        char *better = NULL;
        if (w->start < at || term_df(db, w->term) > 0 ||
            max_edits(w->word) == 0 ||
            jfx_db_spelling_suggestion(db, w->word, max_edits(w->word),
                                       &better) != JFX_OK ||
            !*better || strcmp(better, w->word) == 0) {
            free(better);
            continue;
        }
        jf_buf_append(&b, query_text + at, w->start - at);
        jf_buf_puts(&b, better);
        at = w->end;
        changed = true;
        free(better);
    }
    if (!changed) {
        jf_buf_free(&b);
        return NULL;
    }
    jf_buf_puts(&b, query_text + at);
    return jf_buf_release(&b);
}

static int search_and_correct(jfx_db_t *db, jf_analyzer_t *a,
                              const char *query_text,
                              const jf_search_options_t *options,
                              jf_query_t *q, jf_results_t *results,
                              char **error)
{
    if (run_query(db, a, query_text, options, q, results, error) != 0)
        return -1;
    /* A query whose every word matched nowhere together (it ran relaxed)
     * found nothing it asked for. */
    bool found_none = results->complete == 0;
    if (!options->suggest || (!found_none && results->complete >= 3))
        return 0;
    char *corrected = spelling_corrected(db, query_text, q);
    if (!corrected)
        return 0;
    jf_query_t q2;
    jf_results_t r2;
    char *error2 = NULL;
    if (run_query(db, a, corrected, options, &q2, &r2, &error2) == 0 &&
        r2.total > 0) {
        if (results->total == 0 || (found_none && !r2.relaxed)) {
            jf_query_free(q);
            jf_results_free(results);
            *q = q2;
            *results = r2;
            results->corrected = corrected;
            return 0;
        }
        results->suggestion = corrected;
        corrected = NULL;
    }
    jf_query_free(&q2);
    jf_results_free(&r2);
    free(error2);
    free(corrected);
    return 0;
}

int jf_search_run(jfx_db_t *db, jf_analyzer_t *a, const char *query_text,
                  const jf_search_options_t *options, jf_query_t *q,
                  jf_results_t *results, char **error)
{
    if (search_and_correct(db, a, query_text, options, q, results, error) != 0)
        return -1;
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
