/* query_compile.c - a query's tree as the Xapian query that runs.
 *
 * Node by node: a word is its term, a phrase Xapian's OP_PHRASE of its
 * words, a compound its parts' phrase OR its joined term, a synonym group
 * OP_SYNONYM of its forms (weighed as one term), and a field value a
 * boolean filter on the prefixed terms of its words.  The clauses of an
 * AND are joined by the default operator the caller names, so the AND
 * query and its OR relaxation (jf_search_run) come from one tree.  A node
 * that matches nothing (jf_qnode_empty) compiles to NULL and takes no part
 * in its parent.
 */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "vec.h"

/* Child queries, owned until combined. */
typedef struct {
    jfx_query_t **items;
    size_t n, cap;
} qlist_t;

static jfx_query_t *checked(jfx_query_t *q)
{
    if (!q)
        jf_oom();
    return q;
}

static void qlist_push(qlist_t *l, jfx_query_t *q)
{
    if (q)
        JF_VEC_PUSH(l, q);
}

/* Combines and frees the list.  One child is returned as it is; none
 * gives NULL. */
static jfx_query_t *qlist_combine(qlist_t *l, jfx_op_t op)
{
    jfx_query_t *q = NULL;
    if (l->n == 1) {
        q = l->items[0];
        l->n = 0;
    } else if (l->n > 1) {
        q = checked(jfx_query_combine(op, (const jfx_query_t *const *)l->items,
                                      l->n, 0));
    }
    for (size_t i = 0; i < l->n; i++)
        jfx_query_destroy(l->items[i]);
    JF_VEC_FREE(l);
    return q;
}

static jfx_query_t *pair(jfx_op_t op, jfx_query_t *a, jfx_query_t *b)
{
    qlist_t l = { 0 };
    qlist_push(&l, a);
    qlist_push(&l, b);
    return qlist_combine(&l, op);
}

static jfx_query_t *term(const char *prefix, const char *t, unsigned pos)
{
    char buf[8 + JF_TERM_MAX + 1];
    snprintf(buf, sizeof buf, "%s%s", prefix, t);
    return checked(jfx_query_term(buf, 1, pos));
}

/* A form of a synonym group: its term, or the phrase of its terms. */
static jfx_query_t *form(const jf_pattern_t *f)
{
    qlist_t words = { 0 };
    for (size_t k = 0; k < f->n; k++)
        qlist_push(&words, term("", f->terms[k], (unsigned)k + 1));
    return qlist_combine(&words, JFX_OP_PHRASE);
}

/* A field value: the AND of its prefixed terms, or its joined form. */
static jfx_query_t *field_value(const jf_qnode_t *v)
{
    const char *prefix = jf_field_prefix(v->field);
    qlist_t words = { 0 };
    for (size_t k = 0; k < v->terms.n; k++)
        qlist_push(&words, term(prefix, v->terms.terms[k], 0));
    jfx_query_t *q = qlist_combine(&words, JFX_OP_AND);
    return v->term[0] ? pair(JFX_OP_OR, q, term(prefix, v->term, 0)) : q;
}

/* The filter of the root's FIELD kids: the values of one field ORed, the
 * fields ANDed. */
static jfx_query_t *filters(const jf_qnode_t *root)
{
    qlist_t all = { 0 };
    for (jf_field_t f = 0; f < JF_NFIELDS; f++) {
        qlist_t values = { 0 };
        for (size_t i = 1; i < root->kids.n; i++)
            if (root->kids.items[i]->field == f)
                qlist_push(&values, field_value(root->kids.items[i]));
        qlist_push(&all, qlist_combine(&values, JFX_OP_OR));
    }
    return qlist_combine(&all, JFX_OP_AND);
}

static jfx_query_t *compile(const jf_qnode_t *n, jf_default_op_t op);

/* Each kid of N compiled; exclusions (NOT kids) to EXCLUDED when it is
 * not NULL. */
static void compile_kids(const jf_qnode_t *n, jf_default_op_t op,
                         qlist_t *kept, qlist_t *excluded)
{
    for (size_t i = 0; i < n->kids.n; i++) {
        const jf_qnode_t *kid = n->kids.items[i];
        if (kid->kind == JF_QN_NOT && excluded)
            qlist_push(excluded, compile(kid->kids.items[0], op));
        else if (kid->kind != JF_QN_NOT)
            qlist_push(kept, compile(kid, op));
    }
}

/* The clauses of an AND joined by OP, minus its exclusions. */
static jfx_query_t *clauses(const jf_qnode_t *n, jf_default_op_t op)
{
    qlist_t kept = { 0 }, excluded = { 0 };
    compile_kids(n, op, &kept, &excluded);
    jfx_query_t *q = qlist_combine(&kept, op == JF_DEFAULT_AND ? JFX_OP_AND
                                                              : JFX_OP_OR);
    jfx_query_t *x = qlist_combine(&excluded, JFX_OP_OR);
    if (q && x)
        return pair(JFX_OP_AND_NOT, q, x);
    jfx_query_destroy(x);
    return q;
}

static jfx_query_t *compile(const jf_qnode_t *n, jf_default_op_t op)
{
    qlist_t l = { 0 };
    switch (n->kind) {
    case JF_QN_WORD:
        return term("", n->term, n->pos);
    case JF_QN_PHRASE:
        compile_kids(n, op, &l, NULL);
        return qlist_combine(&l, JFX_OP_PHRASE);
    case JF_QN_COMPOUND:
        return pair(JFX_OP_OR, compile(n->kids.items[0], op),
                    term("", n->term, 0));
    case JF_QN_SYNONYM:
        for (size_t i = 0; i < n->forms.n; i++)
            qlist_push(&l, form(&n->forms.items[i]));
        return qlist_combine(&l, JFX_OP_SYNONYM);
    case JF_QN_ALL:
        return checked(jfx_query_match_all());
    case JF_QN_AND:
        return clauses(n, op);
    case JF_QN_OR:
        compile_kids(n, op, &l, NULL);
        return qlist_combine(&l, JFX_OP_OR);
    case JF_QN_FILTER:
        return pair(JFX_OP_FILTER, compile(n->kids.items[0], op),
                    filters(n));
    case JF_QN_FIELD:
        /* Only an excluded value is a clause; the others are filters(). */
        return field_value(n);
    case JF_QN_NOT:
        /* Compiled by the AND it is in: clauses(). */
        break;
    }
    return NULL;
}

jfx_query_t *jf_query_compile(const jf_query_t *q, jf_default_op_t op)
{
    return q->root ? compile(q->root, op) : NULL;
}
