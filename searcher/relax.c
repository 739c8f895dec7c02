/* relax.c - filling an AND query's page with passages that have only some
 * of its words.
 *
 * A question or a long description rarely has every word in one passage,
 * yet the passages with most of them are what the reader wants next.  So
 * when the passages with every word do not fill the page, those with some
 * (the query's OR form, compiled from the same tree, minus the AND form)
 * follow them, ranked among themselves and marked partial.
 */
#include "search_parts.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

bool jf_relax_wanted(const jf_query_t *q, const jf_search_options_t *o,
                     const jf_results_t *res)
{
    /* With one passage per article, partial passages would repeat
     * articles already shown: they only stand in when none is complete. */
    bool room = !o->complete_only &&
                res->complete < o->offset + o->limit &&
                (!o->per_article || res->complete == 0);
    return room && q->clauses > 1 && o->op == JF_DEFAULT_AND &&
           !q->only_filters;
}

int jf_relax_fill(jfx_db_t *db, jf_analyzer_t *a, const jf_prepared_t *p,
                  const jf_search_options_t *options, jf_results_t *res,
                  jf_error_t *err)
{
    /* The ranks the passages with every word leave open. */
    unsigned end = options->offset + options->limit;
    jf_search_options_t o = *options;
    o.offset = options->offset > res->complete
                   ? options->offset - (unsigned)res->complete : 0;
    o.limit = end - (options->offset > res->complete
                         ? options->offset : (unsigned)res->complete);

    /* Only some words: any of them, but not all of them. */
    jf_prepared_t some = *p;
    some.some = true;

    jf_results_t more;
    memset(&more, 0, sizeof more);
    int rc = jf_search_once(db, a, &some, &o, &more, err);
    if (rc == 0) {
        res->hits = jf_realloc(res->hits,
                               (res->n + more.n + 1) * sizeof *res->hits);
        for (size_t i = 0; i < more.n; i++) {
            more.hits[i].partial = true;
            more.hits[i].rank = options->offset + (unsigned)res->n + 1;
            res->hits[res->n++] = more.hits[i];
        }
        res->total = res->complete + more.total;
        res->estimated = res->estimated || more.estimated;
        res->relaxed = res->complete == 0;
        free(more.hits);
        more.hits = NULL;
        more.n = 0;
    }
    jf_results_free(&more);
    return rc;
}
