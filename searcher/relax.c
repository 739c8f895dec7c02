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
 */
#include "search_parts.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

bool jf_relax_counts(const jf_query_t *q, const jf_search_options_t *o,
                     const jf_results_t *res)
{
    /* With one passage per article, partial passages would repeat
     * articles already shown: they only stand in when none is complete. */
    return !o->complete_only && (!o->per_article || res->complete == 0) &&
           q->clauses > 1 && o->op == JF_DEFAULT_AND && !q->only_filters;
}

int jf_relax_fill(jfx_db_t *db, jf_analyzer_t *a, const jf_prepared_t *p,
                  const jf_search_options_t *options, jf_results_t *res,
                  jf_error_t *err)
{
    /* The ranks the passages with every word leave open (none: only
     * counted). */
    unsigned end = options->offset + options->limit;
    jf_search_options_t o = *options;
    bool room = res->complete < end;
    o.offset = options->offset > res->complete
                   ? options->offset - (unsigned)res->complete : 0;
    o.limit = !room ? 0
            : end - (options->offset > res->complete
                         ? options->offset : (unsigned)res->complete);

    /* Only some words: any of them, but not all of them. */
    jfx_query_t *any = jf_query_compile(p->q, JF_DEFAULT_OR);
    const jfx_query_t *pair[2] = { any, p->xq };
    jf_prepared_t some = *p;
    some.xq = jfx_query_combine(JFX_OP_AND_NOT, pair, 2, 0);
    jfx_query_destroy(any);
    if (!some.xq)
        jf_oom();

    jf_results_t more;
    memset(&more, 0, sizeof more);
    int rc = jf_search_once(db, a, &some, &o, &more, err);
    jfx_query_destroy(some.xq);
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
