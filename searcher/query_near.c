/* query_near.c - the proximity part of a passage's score.
 *
 * Query words that stand close together in a passage are better evidence
 * that it is about what was asked than the same words scattered over it
 * (Metzler and Croft's sequential dependence model, SIGIR 2005, weighs
 * query words next to each other in the query by their proximity in the
 * text).  So each pair of words next to each other in the query - plain
 * words, stopwords aside, in query order, never alternatives of an OR -
 * adds its words' weight again, times the proximity weight, to a passage
 * where the two stand within JF_NEAR_WINDOW positions of each other, in
 * either order.  Phrases,
 * compounds and synonym groups need no such help: they match close
 * together or not at all.
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "vec.h"

/* Adds the pairs of N's wanted words to OUT; *LAST is the plain word
 * before N in the query (NULL when none may pair with what follows). */
static void pairs_of(const jf_qnode_t *n, jf_qnode_list_t *out,
                     const jf_qnode_t **last)
{
    switch (n->kind) {
    case JF_QN_AND:
    case JF_QN_FILTER:
        for (size_t i = 0; i < n->kids.n; i++)
            pairs_of(n->kids.items[i], out, last);
        break;
    case JF_QN_OR:
        /* Alternatives: "defence OR defense" asks for either, so neither
         * pairs with the other, nor with the words around them. */
        for (size_t i = 0; i < n->kids.n; i++) {
            *last = NULL;
            pairs_of(n->kids.items[i], out, last);
        }
        *last = NULL;
        break;
    case JF_QN_WORD:
        if (n->flags & JF_TOKEN_STOP)
            break;
        if (*last && strcmp((*last)->term, n->term) != 0) {
            JF_VEC_PUSH(out, (jf_qnode_t *)*last);
            JF_VEC_PUSH(out, (jf_qnode_t *)n);
        }
        *last = n;
        break;
    case JF_QN_PHRASE:
    case JF_QN_COMPOUND:
    case JF_QN_SYNONYM:
    case JF_QN_DATE:
        /* Only words next to each other in the query make a pair. */
        *last = NULL;
        break;
    case JF_QN_NOT:           /* excluded: the words around it still pair */
    case JF_QN_FIELD:
    case JF_QN_ALL:
        break;
    }
}

void jf_query_pairs(const jf_query_t *q, jf_qnode_list_t *out)
{
    const jf_qnode_t *last = NULL;
    if (q->root)
        pairs_of(q->root, out, &last);
}

/* T as a term at the passage level, scaled as HOW weighs it. */
static jfx_query_t *weighed(const jf_compile_t *how, const char *t,
                            bool scale)
{
    jfx_query_t *q = jfx_query_term(t, 1, 0);
    if (!q)
        jf_oom();
    if (!scale || !how->term_scale)
        return q;
    jfx_query_t *s = jfx_query_scale(q, how->term_scale(t, how->ctx));
    jfx_query_destroy(q);
    if (!s)
        jf_oom();
    return s;
}

/* The pair A, B: their weights where they stand near each other. */
static jfx_query_t *near_pair(const jf_compile_t *how, const jf_qnode_t *a,
                              const jf_qnode_t *b)
{
    const jfx_query_t *both[2] = { weighed(how, a->term, true),
                                   weighed(how, b->term, true) };
    const jfx_query_t *raw[2] = { weighed(how, a->term, false),
                                  weighed(how, b->term, false) };
    jfx_query_t *weight = jfx_query_combine(JFX_OP_AND, both, 2, 0);
    jfx_query_t *near = jfx_query_combine(JFX_OP_NEAR, raw, 2,
                                          JF_NEAR_WINDOW);
    const jfx_query_t *pair[2] = { weight, near };
    jfx_query_t *q = weight && near
                         ? jfx_query_combine(JFX_OP_FILTER, pair, 2, 0)
                         : NULL;
    for (int i = 0; i < 2; i++) {
        jfx_query_destroy((jfx_query_t *)both[i]);
        jfx_query_destroy((jfx_query_t *)raw[i]);
    }
    jfx_query_destroy(weight);
    jfx_query_destroy(near);
    if (!q)
        jf_oom();
    return q;
}

jfx_query_t *jf_query_near(const jf_query_t *q, const jf_compile_t *how,
                           double weight)
{
    jf_qnode_list_t pairs = { 0 };
    if (weight <= 0 || how->level != JF_LEVEL_PASSAGE)
        return NULL;
    jf_query_pairs(q, &pairs);
    size_t n = pairs.n / 2;
    jfx_query_t **each = jf_malloc((n ? n : 1) * sizeof *each);
    for (size_t i = 0; i < n; i++)
        each[i] = near_pair(how, pairs.items[2 * i], pairs.items[2 * i + 1]);
    jfx_query_t *any = n ? jfx_query_combine(JFX_OP_OR,
                                             (const jfx_query_t *const *)each,
                                             n, 0)
                         : NULL;
    for (size_t i = 0; i < n; i++)
        jfx_query_destroy(each[i]);
    free(each);
    JF_VEC_FREE(&pairs);
    if (n && !any)
        jf_oom();
    jfx_query_t *scaled = any ? jfx_query_scale(any, weight) : NULL;
    jfx_query_destroy(any);
    if (n && !scaled)
        jf_oom();
    return scaled;
}
