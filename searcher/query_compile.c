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
 *
 * The same tree compiles for either level of the index (passages, or
 * article documents) and with each term's weight scaled, which is how
 * BM25 over one index weighs each level as if it were alone (weigh.c).
 */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "schema.h"
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

/* Q scaled by FACTOR (Q itself when it is 1). */
static jfx_query_t *scaled(jfx_query_t *q, double factor)
{
    if (!q || factor == 1)
        return q;
    jfx_query_t *s = checked(jfx_query_scale(q, factor));
    jfx_query_destroy(q);
    return s;
}

static const char *text_prefix(const jf_compile_t *how)
{
    return how->level == JF_LEVEL_ARTICLE ? JF_PREFIX_ARTICLE_TEXT : "";
}

/* PREFIX and T as one term, at POS. */
static jfx_query_t *raw_term(const char *prefix, const char *t, unsigned pos)
{
    char buf[8 + JF_TERM_MAX + 1];
    snprintf(buf, sizeof buf, "%s%s", prefix, t);
    return checked(jfx_query_term(buf, 1, pos));
}

/* A text term at the level HOW compiles for, scaled. */
static jfx_query_t *term(const jf_compile_t *how, const char *t, unsigned pos)
{
    char buf[8 + JF_TERM_MAX + 1];
    snprintf(buf, sizeof buf, "%s%s", text_prefix(how), t);
    jfx_query_t *q = checked(jfx_query_term(buf, 1, pos));
    return how->term_scale ? scaled(q, how->term_scale(buf, how->ctx)) : q;
}

/* Terms T[0..N) in order.  As a phrase they weigh as the words they are
 * (each scaled) and match where they stand together; without positions
 * (the article level) they match where all of them are. */
static jfx_query_t *phrase(const jf_compile_t *how, const char *const *t,
                           const unsigned *pos, size_t n)
{
    qlist_t words = { 0 }, raw = { 0 };
    for (size_t k = 0; k < n; k++)
        qlist_push(&words, term(how, t[k], pos[k]));
    if (n < 2 || how->level == JF_LEVEL_ARTICLE)
        return qlist_combine(&words, JFX_OP_AND);
    if (!how->term_scale) {
        for (size_t i = 0; i < words.n; i++)
            jfx_query_destroy(words.items[i]);
        JF_VEC_FREE(&words);
        for (size_t k = 0; k < n; k++)
            qlist_push(&raw, raw_term("", t[k], pos[k]));
        return qlist_combine(&raw, JFX_OP_PHRASE);
    }
    for (size_t k = 0; k < n; k++)
        qlist_push(&raw, raw_term("", t[k], pos[k]));
    return pair(JFX_OP_FILTER, qlist_combine(&words, JFX_OP_AND),
                qlist_combine(&raw, JFX_OP_PHRASE));
}

/* A form of a synonym group: its term, or the phrase of its terms. */
static jfx_query_t *form(const jf_compile_t *how, const jf_pattern_t *f)
{
    unsigned pos[JF_PHRASE_FOLLOWED];
    size_t n = f->n < JF_PHRASE_FOLLOWED ? f->n : JF_PHRASE_FOLLOWED;
    for (size_t k = 0; k < n; k++)
        pos[k] = (unsigned)k + 1;
    /* Inside a group the forms are weighed together, not one by one. */
    jf_compile_t plain = *how;
    plain.term_scale = NULL;
    return phrase(&plain, (const char *const *)f->terms, pos, n);
}

/* A field value: the AND of its prefixed terms, or its joined form; a
 * date: value, its days. */
static jfx_query_t *field_value(const jf_qnode_t *v)
{
    if (v->field == JF_FIELD_DATE)
        return checked(jfx_query_value_range(JF_SLOT_DATE, v->first,
                                             v->last));
    const char *prefix = jf_field_prefix(v->field);
    qlist_t words = { 0 };
    for (size_t k = 0; k < v->terms.n; k++)
        qlist_push(&words, raw_term(prefix, v->terms.terms[k], 0));
    jfx_query_t *q = qlist_combine(&words, JFX_OP_AND);
    return v->term[0] ? pair(JFX_OP_OR, q, raw_term(prefix, v->term, 0)) : q;
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

/* Every document of the level: the article documents, or every other. */
static jfx_query_t *every(const jf_compile_t *how)
{
    jfx_query_t *kind = raw_term("", JF_TERM_ARTICLE_DOC, 0);
    if (how->level == JF_LEVEL_ARTICLE)
        return kind;
    return pair(JFX_OP_AND_NOT, checked(jfx_query_match_all()), kind);
}

static jfx_query_t *compile(const jf_qnode_t *n, const jf_compile_t *how);

/* Each kid of N compiled; exclusions (NOT kids) to EXCLUDED when it is
 * not NULL. */
static void compile_kids(const jf_qnode_t *n, const jf_compile_t *how,
                         qlist_t *kept, qlist_t *excluded)
{
    for (size_t i = 0; i < n->kids.n; i++) {
        const jf_qnode_t *kid = n->kids.items[i];
        if (kid->kind == JF_QN_NOT && excluded)
            qlist_push(excluded, compile(kid->kids.items[0], how));
        else if (kid->kind != JF_QN_NOT)
            qlist_push(kept, compile(kid, how));
    }
}

/* The clauses of an AND joined by the operator, minus its exclusions. */
static jfx_query_t *clauses(const jf_qnode_t *n, const jf_compile_t *how)
{
    qlist_t kept = { 0 }, excluded = { 0 };
    compile_kids(n, how, &kept, how->level == JF_LEVEL_ARTICLE ? NULL
                                                               : &excluded);
    jfx_query_t *q = qlist_combine(&kept, how->op == JF_DEFAULT_AND
                                              ? JFX_OP_AND : JFX_OP_OR);
    jfx_query_t *x = qlist_combine(&excluded, JFX_OP_OR);
    if (q && x)
        return pair(JFX_OP_AND_NOT, q, x);
    jfx_query_destroy(x);
    return q;
}

/* The words of a PHRASE node. */
static jfx_query_t *phrase_node(const jf_qnode_t *n, const jf_compile_t *how)
{
    const char *t[JF_PHRASE_FOLLOWED];
    unsigned pos[JF_PHRASE_FOLLOWED];
    size_t k = 0;
    for (size_t i = 0; i < n->kids.n && k < JF_PHRASE_FOLLOWED; i++) {
        t[k] = n->kids.items[i]->term;
        pos[k++] = n->kids.items[i]->pos;
    }
    if (n->kids.n <= JF_PHRASE_FOLLOWED)
        return phrase(how, t, pos, k);
    /* Longer than followed: matched whole, unscaled. */
    qlist_t l = { 0 };
    compile_kids(n, how, &l, NULL);
    return qlist_combine(&l, how->level == JF_LEVEL_ARTICLE ? JFX_OP_AND
                                                            : JFX_OP_PHRASE);
}

/* The rarest word of F, as an article document holds it. */
static const char *rarest(const jf_compile_t *how, const jf_pattern_t *f)
{
    const char *best = f->terms[0];
    double best_df = -1;
    char buf[8 + JF_TERM_MAX + 1];
    for (size_t k = 0; k < f->n && how->term_df; k++) {
        snprintf(buf, sizeof buf, "%s%s", JF_PREFIX_ARTICLE_TEXT,
                 f->terms[k]);
        double df = how->term_df(buf, how->ctx);
        if (best_df < 0 || df < best_df) {
            best = f->terms[k];
            best_df = df;
        }
    }
    return best;
}

/* A synonym group's forms at the article level: one word each, once,
 * weighed as a group of those words. */
static jfx_query_t *article_synonym(const jf_qnode_t *n,
                                    const jf_compile_t *how)
{
    qlist_t l = { 0 };
    jf_patterns_t words = { 0 };
    for (size_t i = 0; i < n->forms.n; i++) {
        const char *w = rarest(how, &n->forms.items[i]);
        size_t k = 0;
        while (k < words.n && strcmp(words.items[k].terms[0], w) != 0)
            k++;
        if (k < words.n)
            continue;
        jf_patterns_add(&words, &w, 1);
        qlist_push(&l, raw_term(JF_PREFIX_ARTICLE_TEXT, w, 0));
    }
    jfx_query_t *q = qlist_combine(&l, JFX_OP_SYNONYM);
    if (how->group_scale)
        q = scaled(q, how->group_scale(&words, how->ctx));
    jf_patterns_free(&words);
    return q;
}

/* The form a group's passage node was typed as, weighing the exact
 * weight more where it stands than the group's other forms, as a word's
 * exact form does: an expansion never weighs as much as what the reader
 * wrote.  Not at the article level, where a form is only its rarest word
 * (article_synonym): the bonus would go to that word, not to the wording.
 * NULL when the group is that one form. */
static jfx_query_t *typed_form(const jf_qnode_t *n, const jf_compile_t *how)
{
    const jf_pattern_t *t = &n->typed;
    unsigned pos[JF_PHRASE_FOLLOWED];
    size_t k = t->n < JF_PHRASE_FOLLOWED ? t->n : JF_PHRASE_FOLLOWED;
    if (how->exact_weight <= 0 || n->forms.n < 2 || k == 0 ||
        how->level == JF_LEVEL_ARTICLE)
        return NULL;
    for (size_t i = 0; i < k; i++)
        pos[i] = (unsigned)i + 1;
    return scaled(phrase(how, (const char *const *)t->terms, pos, k),
                  how->exact_weight);
}

static jfx_query_t *synonym(const jf_qnode_t *n, const jf_compile_t *how)
{
    qlist_t l = { 0 };
    jfx_query_t *q;
    if (how->level == JF_LEVEL_ARTICLE)
        return article_synonym(n, how);
    for (size_t i = 0; i < n->forms.n; i++)
        qlist_push(&l, form(how, &n->forms.items[i]));
    q = qlist_combine(&l, JFX_OP_SYNONYM);
    if (how->group_scale)
        q = scaled(q, how->group_scale(&n->forms, how->ctx));
    return pair(JFX_OP_OR, q, typed_form(n, how));
}

/* A word: its stem, and its exact form weighing more where it stands. */
static jfx_query_t *word(const jf_qnode_t *n, const jf_compile_t *how)
{
    char exact[JF_EXACT_TERM_MAX];
    jfx_query_t *q = term(how, n->term, n->pos);
    if (how->exact_weight <= 0 || !jf_qnode_exact(n, exact))
        return q;
    return pair(JFX_OP_OR, q, scaled(term(how, exact, 0), how->exact_weight));
}

static jfx_query_t *compile(const jf_qnode_t *n, const jf_compile_t *how)
{
    qlist_t l = { 0 };
    switch (n->kind) {
    case JF_QN_WORD:
        return word(n, how);
    case JF_QN_PHRASE:
        return phrase_node(n, how);
    case JF_QN_COMPOUND:
        return pair(JFX_OP_OR, compile(n->kids.items[0], how),
                    term(how, n->term, 0));
    case JF_QN_SYNONYM:
        return synonym(n, how);
    case JF_QN_DATE:
        return term(how, n->term, n->pos);
    case JF_QN_ALL:
        return every(how);
    case JF_QN_AND:
        return clauses(n, how);
    case JF_QN_OR:
        compile_kids(n, how, &l, NULL);
        return qlist_combine(&l, JFX_OP_OR);
    case JF_QN_FILTER:
        return pair(JFX_OP_FILTER, compile(n->kids.items[0], how),
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

jfx_query_t *jf_query_compile_as(const jf_query_t *q, const jf_compile_t *how)
{
    return q->root ? compile(q->root, how) : NULL;
}

jfx_query_t *jf_query_compile(const jf_query_t *q, jf_default_op_t op)
{
    jf_compile_t how = { op, JF_LEVEL_PASSAGE, NULL, NULL, NULL, NULL, 0 };
    return jf_query_compile_as(q, &how);
}
