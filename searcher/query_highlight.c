/* query_highlight.c - what a passage matching a query highlights.
 *
 * The patterns are exactly what the Xapian query matches (query_compile.c),
 * so what is marked is what matched: a word's term, a phrase's terms in
 * order, a compound's parts and its joined form, every form of a synonym
 * group.  Excluded words are never marked (no result has them), and
 * field filters mark nothing: they are about the article, not the passage.
 */
#include "query.h"

static void add_phrase(const jf_qnode_t *n, jf_patterns_t *out)
{
    const char *terms[JF_PHRASE_FOLLOWED];
    size_t k = 0;
    for (size_t i = 0; i < n->kids.n && k < JF_PHRASE_FOLLOWED; i++)
        terms[k++] = n->kids.items[i]->term;
    jf_patterns_add(out, terms, k);
}

static void add(const jf_query_t *q, const jf_qnode_t *n, void *ctx)
{
    jf_patterns_t *out = ctx;
    const char *term = n->term;
    switch (n->kind) {
    case JF_QN_WORD:
    case JF_QN_DATE:
        jf_patterns_add(out, &term, 1);
        break;
    case JF_QN_PHRASE:
        add_phrase(n, out);
        break;
    case JF_QN_COMPOUND:
        add(q, n->kids.items[0], out);
        jf_patterns_add(out, &term, 1);
        break;
    case JF_QN_SYNONYM:
        for (size_t i = 0; i < n->forms.n; i++)
            jf_patterns_add(out,
                            (const char *const *)n->forms.items[i].terms,
                            n->forms.items[i].n);
        break;
    case JF_QN_FIELD:
    case JF_QN_ALL:
        break;
    case JF_QN_AND:
    case JF_QN_OR:
    case JF_QN_NOT:
    case JF_QN_FILTER:
        break;   /* jf_query_each_wanted walks these */
    }
}

void jf_query_highlight(const jf_query_t *q, jf_patterns_t *out)
{
    jf_query_each_wanted(q, add, out);
}
