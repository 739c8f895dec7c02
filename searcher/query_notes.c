/* query_notes.c - what the output says a query was expanded to.
 *
 * Every synonym group a wanted run of words matched, as "the words as
 * typed -> the group's other expressions as written", once per text: the
 * reader learns why a passage without their words matched.  A group of
 * one form changes nothing and is not reported.
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "vec.h"

/* FROM[0..LEN) -> the expressions of N but the one it matched. */
static void note(jf_expansions_t *out, const jf_qnode_t *n, const char *from,
                 size_t len)
{
    for (size_t i = 0; i < out->n; i++)
        if (strlen(out->items[i].from) == len &&
            memcmp(out->items[i].from, from, len) == 0)
            return;   /* said once is enough */
    JF_VEC_RESERVE(out, 1);
    jf_expansion_t *e = &out->items[out->n++];
    e->from = jf_strndup(from, len);
    e->to = jf_malloc(n->exprs.n * sizeof *e->to);
    e->nto = 0;
    for (size_t i = 0; i < n->exprs.n; i++)
        if (i != n->matched)
            e->to[e->nto++] = jf_strdup(n->exprs.items[i]);
}

static void add(const jf_query_t *q, const jf_qnode_t *n, void *ctx)
{
    switch (n->kind) {
    case JF_QN_SYNONYM:
        if (n->forms.n > 1)
            note(ctx, n, q->text + n->start, n->end - n->start);
        break;
    case JF_QN_WORD:
    case JF_QN_PHRASE:
    case JF_QN_COMPOUND:
    case JF_QN_FIELD:
    case JF_QN_DATE:
    case JF_QN_ALL:
        break;
    case JF_QN_AND:
    case JF_QN_OR:
    case JF_QN_NOT:
    case JF_QN_FILTER:
        break;   /* jf_query_each_wanted walks these */
    }
}

void jf_query_expansions(const jf_query_t *q, jf_expansions_t *out)
{
    jf_query_each_wanted(q, add, out);
}

void jf_expansions_free(jf_expansions_t *e)
{
    for (size_t i = 0; i < e->n; i++) {
        for (size_t k = 0; k < e->items[i].nto; k++)
            free(e->items[i].to[k]);
        free(e->items[i].to);
        free(e->items[i].from);
    }
    JF_VEC_FREE(e);
}
