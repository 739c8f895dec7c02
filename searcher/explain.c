/* explain.c - why a passage scored what it did (--explain).
 *
 * Xapian gives a passage's total BM25 weight, not its parts.  This module
 * recomputes the parts, unit by unit (query_units.c: a word, or a synonym
 * group weighed as one term), with the formula of Xapian's BM25Weight and
 * its own estimates, so that they add up to the score the reader sees.
 */
#include "search_parts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "vec.h"

/* BM25 as Xapian's BM25Weight (1.4, weight.h and bm25weight.cc) has it
 * for a term of document frequency DF in a passage where it occurs WDF
 * times, with k2 0 and k3 1 (a query term weighs once), over N passages
 * of AVG terms on average (weigh.c makes Xapian weigh passages so): the
 * parts add up to the score. */
static double bm25(const jf_search_options_t *o, double wdf, double len,
                   double df, double n, double avg)
{
    if (wdf == 0)
        return 0;
    double termweight = jf_bm25_idf(n, df) * (o->k1 + 1);
    double len_factor = (o->b == 0 || o->k1 == 0 || avg == 0) ? 0 : 1 / avg;
    double normlen = len * len_factor;
    if (normlen < JF_MIN_NORMLEN)
        normlen = JF_MIN_NORMLEN;
    double denom = o->k1 * (normlen * o->b + (1 - o->b)) + wdf;
    return termweight * wdf / denom;
}

typedef struct {
    jf_token_t *items;
    size_t n, cap;
} token_list_t;

static int collect_plain(const jf_token_t *t, void *ctx)
{
    if (!(t->flags & JF_TOKEN_JOINED))
        JF_VEC_PUSH((token_list_t *)ctx, *t);
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
               toks.items[i + k].pos == toks.items[i].pos + k &&
               strcmp(toks.items[i + k].term, phrase->terms[k]) == 0)
            k++;
        found = k == phrase->n;
    }
    JF_VEC_FREE(&toks);
    return found;
}

/* Xapian's estimate of the documents having the phrase FORM (over all
 * N of them), and its wdf in result I of R: the count of its rarest word,
 * where it stands as a phrase. */
static int phrase_stats(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                        size_t i, const jf_hit_t *hit,
                        const jf_pattern_t *form, double n, uint64_t *wdf,
                        double *est, jf_error_t *err)
{
    if (jf_form_estimate(db, "", form, true, n, est, err) != 0)
        return -1;
    uint64_t least = jfx_results_term_wdf(r, i, form->terms[0]);
    for (size_t k = 1; k < form->n; k++) {
        uint64_t wk = jfx_results_term_wdf(r, i, form->terms[k]);
        if (wk < least)
            least = wk;
    }
    *wdf = least > 0 && phrase_in_text(a, hit, form) ? least : 0;
    return 0;
}

/* A unit's wdf in the passage (its forms' wdfs added up; a phrase counts
 * as its rarest word, where it stands as a phrase) and Xapian's estimate
 * of its document frequency. */
static int unit_stats(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                      size_t i, const jf_hit_t *hit, const jf_unit_t *u,
                      double n, uint64_t *wdf, double *df, jf_error_t *err)
{
    const jf_patterns_t *forms = &u->forms;
    if (forms->n == 1 && forms->items[0].n == 1) {
        *wdf = jfx_results_term_wdf(r, i, forms->items[0].terms[0]);
        return jf_term_df(db, forms->items[0].terms[0], df, err);
    }
    double *est = jf_malloc(forms->n * sizeof *est);
    *wdf = 0;
    for (size_t f = 0; f < forms->n && !jf_failed(err); f++) {
        const jf_pattern_t *form = &forms->items[f];
        uint64_t w = 0;
        if (form->n == 1) {
            w = jfx_results_term_wdf(r, i, form->terms[0]);
            jf_term_df(db, form->terms[0], &est[f], err);
        } else {
            phrase_stats(db, a, r, i, hit, form, n, &w, &est[f], err);
        }
        *wdf += w;
    }
    if (!jf_failed(err))
        *df = jf_or_estimate(est, forms->n, n);
    free(est);
    if (*wdf > hit->doc_length)
        *wdf = hit->doc_length;
    return jf_failed(err) ? -1 : 0;
}

/* Whether terms A and B stand within JF_NEAR_WINDOW positions of each
 * other in the passage, as Xapian's OP_NEAR on the same analysis finds. */
static bool near_in_text(jf_analyzer_t *a, const jf_hit_t *hit,
                         const char *ta, const char *tb)
{
    token_list_t toks = { 0 };
    jf_analyze(a, hit->text, hit->text_len, 1, collect_plain, &toks);
    bool found = false;
    for (size_t i = 0; i < toks.n && !found; i++) {
        if (strcmp(toks.items[i].term, ta) != 0)
            continue;
        for (size_t k = 0; k < toks.n && !found; k++) {
            unsigned pa = toks.items[i].pos, pb = toks.items[k].pos;
            found = strcmp(toks.items[k].term, tb) == 0 && pa != pb &&
                    (pa > pb ? pa - pb : pb - pa) < JF_NEAR_WINDOW;
        }
    }
    JF_VEC_FREE(&toks);
    return found;
}

/* The proximity part of HIT's score: each pair of the query's words that
 * stands near each other in it weighs its words again, times the
 * proximity weight. */
static int explain_proximity(jfx_db_t *db, jf_analyzer_t *a,
                             const jfx_results_t *r, size_t i,
                             const jf_prepared_t *p,
                             const jf_search_options_t *o, double n,
                             double avg, jf_hit_t *hit, jf_error_t *err)
{
    jf_qnode_list_t pairs = { 0 };
    if (o->proximity_weight <= 0)
        return 0;
    jf_query_pairs(p->q, &pairs);
    for (size_t k = 0; k + 1 < pairs.n && !jf_failed(err); k += 2) {
        const char *t[2] = { pairs.items[k]->term, pairs.items[k + 1]->term };
        if (!near_in_text(a, hit, t[0], t[1]))
            continue;
        for (int m = 0; m < 2; m++) {
            double df = 0;
            if (jf_term_df(db, t[m], &df, err) != 0)
                break;
            hit->proximity += o->proximity_weight *
                bm25(o, (double)jfx_results_term_wdf(r, i, t[m]),
                     (double)hit->doc_length, df, n, avg);
        }
    }
    JF_VEC_FREE(&pairs);
    return jf_failed(err) ? -1 : 0;
}

int jf_explain_hit(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                   size_t i, const jf_prepared_t *p,
                   const jf_search_options_t *o, const jf_stats_t *s,
                   jf_hit_t *hit, jf_error_t *err)
{
    /* The passages weigh as if they were the whole index (weigh.c). */
    double n = s->level_docs[JF_LEVEL_PASSAGE];
    double avg = s->level_avg[JF_LEVEL_PASSAGE];
    const jf_units_t *units = &p->units;
    hit->explain = jf_calloc(units->n ? units->n : 1, sizeof *hit->explain);
    for (size_t k = 0; k < units->n; k++) {
        const jf_unit_t *u = &units->items[k];
        if (u->exact && o->exact_weight <= 0)
            continue;
        jf_explain_t e = { 0 };
        double df = 0;
        if (unit_stats(db, a, r, i, hit, u, n, &e.wdf, &df, err) != 0)
            return -1;
        e.df = (uint64_t)df;
        e.count = 1;
        /* A word of a phrase weighs only where the phrase stands. */
        if (u->phrase.n == 0 || phrase_in_text(a, hit, &u->phrase))
            e.weight = bm25(o, (double)e.wdf, (double)hit->doc_length, df, n,
                            avg);
        if (u->exact)
            e.weight *= o->exact_weight;
        /* A term the query has twice weighs twice: one line says so. */
        size_t m = 0;
        while (m < hit->nexplain && strcmp(hit->explain[m].term, u->label))
            m++;
        if (m < hit->nexplain) {
            hit->explain[m].weight += e.weight;
            hit->explain[m].count++;
            continue;
        }
        e.term = jf_strdup(u->label);
        hit->explain[hit->nexplain++] = e;
    }
    return explain_proximity(db, a, r, i, p, o, n, avg, hit, err);
}
