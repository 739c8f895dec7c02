/* relax.c - filling an AND query's page with passages that have only some
 * of its words.
 *
 * A question or a long description rarely has every word in one passage,
 * yet the passages with most of them are what the reader wants next.  So
 * when the passages with every word do not fill the page, those with some
 * (the query's OR form, compiled from the same tree, minus the AND form)
 * follow them, ranked among themselves and marked partial.  They are
 * counted whether or not the page has room for them: a total that grew
 * with the page size would tell the reader "-n 4: 4 match, -n 5: 5".
 *
 * With one passage per article, the articles with a passage that has
 * every word come first; the page is then filled with the other articles
 * by their best passage under the OR form, leaving out those already
 * shown, so an article never appears twice.
 */
#include "search_parts.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

bool jf_relax_counts(const jf_query_t *q, const jf_search_options_t *o)
{
    return !o->complete_only && q->clauses > 1 &&
           o->op == JF_DEFAULT_AND && !q->only_filters;
}

/* Moves MORE's hits to the end of RES, marked partial and ranked after
 * RES's, passing over those whose article is one of SHOWN's and then the
 * first SKIP of the others, up to LIMIT hits.  What is not moved stays
 * MORE's, to be freed with it. */
static void append(jf_results_t *res, jf_results_t *more,
                   const jf_results_t *shown, size_t skip, size_t limit,
                   unsigned offset)
{
    res->hits = jf_realloc(res->hits, (res->n + more->n + 1) * sizeof *res->hits);
    size_t kept = 0;
    for (size_t i = 0; i < more->n && kept < limit; i++) {
        jf_hit_t *h = &more->hits[i];
        bool listed = false;
        for (size_t k = 0; k < shown->n && !listed; k++)
            listed = strcmp(shown->hits[k].article_id, h->article_id) == 0;
        if (listed)
            continue;
        if (skip > 0) {
            skip--;
            continue;
        }
        h->partial = true;
        h->rank = offset + (unsigned)res->n + 1;
        res->hits[res->n++] = *h;
        memset(h, 0, sizeof *h);
        kept++;
    }
}

/* The articles with a passage that has every word (all of them: there
 * are fewer than a page), into ALL. */
static int complete_articles(jfx_db_t *db, jf_analyzer_t *a,
                             const jf_prepared_t *p,
                             const jf_search_options_t *options,
                             unsigned count, jf_results_t *all,
                             jf_error_t *err)
{
    jf_search_options_t o = *options;
    o.offset = 0;
    o.limit = count;
    o.explain = false;
    memset(all, 0, sizeof *all);
    return jf_search_once(db, a, p, &o, all, err);
}

int jf_relax_fill(jfx_db_t *db, jf_analyzer_t *a, const jf_prepared_t *p,
                  const jf_search_options_t *options, jf_results_t *res,
                  jf_error_t *err)
{
    /* The ranks the passages with every word leave open (none: the others
     * are only counted). */
    unsigned end = options->offset + options->limit;
    unsigned complete = (unsigned)res->complete;
    jf_search_options_t o = *options;
    bool room = complete < end;
    size_t limit = room ? end - (options->offset > complete ? options->offset
                                                            : complete)
                        : 0;
    o.offset = options->offset > complete ? options->offset - complete : 0;
    o.limit = (unsigned)limit;

    jf_prepared_t some = *p;
    jf_results_t shown, more;
    memset(&shown, 0, sizeof shown);
    memset(&more, 0, sizeof more);
    size_t skip = 0;
    if (options->per_article && complete > 0) {
        /* The best passage of every article under the OR form, less the
         * articles already listed. */
        some.op = JF_DEFAULT_OR;
        if (room) {
            if (complete_articles(db, a, p, options, complete, &shown,
                                  err) != 0)
                return -1;
            skip = o.offset;
            o.limit += o.offset + complete;
            o.offset = 0;
        }
    } else {
        /* Only some words: any of them, but not all of them. */
        some.some = true;
    }
    int rc = jf_search_once(db, a, &some, &o, &more, err);
    if (rc == 0) {
        append(res, &more, &shown, skip, limit, options->offset);
        res->total = options->per_article && complete > 0
                         ? more.total : res->complete + more.total;
        res->estimated = res->estimated || more.estimated;
        res->relaxed = res->complete == 0;
    }
    jf_results_free(&shown);
    jf_results_free(&more);
    return rc;
}
