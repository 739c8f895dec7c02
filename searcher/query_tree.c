/* query_tree.c - what every pass over a query's tree shares: the fields,
 * which nodes match nothing, which the query wants, and freeing.
 *
 * Which words are wanted (looked for, highlighted, weighed, open to
 * correction) rather than excluded is decided here once, so no pass can
 * disagree with another about it.
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "vec.h"

const char *jf_field_name(jf_field_t f)
{
    static const char *const names[JF_NFIELDS] = {
        [JF_FIELD_TITLE] = "title", [JF_FIELD_SOURCE] = "source",
        [JF_FIELD_BYLINE] = "byline", [JF_FIELD_DATE] = "date"
    };
    return names[f];
}

const char *jf_field_prefix(jf_field_t f)
{
    static const char *const prefixes[JF_NFIELDS] = {
        [JF_FIELD_TITLE] = JF_PREFIX_TITLE,
        [JF_FIELD_SOURCE] = JF_PREFIX_SOURCE,
        [JF_FIELD_BYLINE] = JF_PREFIX_BYLINE, [JF_FIELD_DATE] = NULL
    };
    return prefixes[f];
}

bool jf_qnode_empty(const jf_qnode_t *n)
{
    switch (n->kind) {
    case JF_QN_AND:
    case JF_QN_OR:
        /* An AND needs a clause that is not excluded; an OR any kid. */
        for (size_t i = 0; i < n->kids.n; i++)
            if (n->kids.items[i]->kind != JF_QN_NOT &&
                !jf_qnode_empty(n->kids.items[i]))
                return false;
        return true;
    case JF_QN_NOT:
        return true;   /* it takes passages away, never adds any */
    case JF_QN_FILTER:
    case JF_QN_WORD:
    case JF_QN_PHRASE:
    case JF_QN_COMPOUND:
    case JF_QN_SYNONYM:
    case JF_QN_FIELD:
    case JF_QN_DATE:
    case JF_QN_ALL:
        return false;
    }
    return false;
}

static void each_wanted(const jf_query_t *q, const jf_qnode_t *n,
                        bool wanted, jf_qnode_fn fn, void *ctx)
{
    switch (n->kind) {
    case JF_QN_AND:
        /* A group starts afresh: the parser has always read the clauses
         * of -(a b) as wanted words, even though the group is excluded. */
        for (size_t i = 0; i < n->kids.n; i++)
            each_wanted(q, n->kids.items[i], true, fn, ctx);
        break;
    case JF_QN_OR:
    case JF_QN_FILTER:
        for (size_t i = 0; i < n->kids.n; i++)
            each_wanted(q, n->kids.items[i], wanted, fn, ctx);
        break;
    case JF_QN_NOT:
        each_wanted(q, n->kids.items[0], false, fn, ctx);
        break;
    case JF_QN_WORD:
    case JF_QN_PHRASE:
    case JF_QN_COMPOUND:
    case JF_QN_SYNONYM:
    case JF_QN_FIELD:
    case JF_QN_DATE:
    case JF_QN_ALL:
        if (wanted)
            fn(q, n, ctx);
        break;
    }
}

void jf_query_each_wanted(const jf_query_t *q, jf_qnode_fn fn, void *ctx)
{
    if (q->root)
        each_wanted(q, q->root, true, fn, ctx);
}

static void node_free(jf_qnode_t *n)
{
    JF_VEC_FREE(&n->kids);
    jf_patterns_free(&n->forms);
    for (size_t i = 0; i < n->exprs.n; i++)
        free(n->exprs.items[i]);
    JF_VEC_FREE(&n->exprs);
    jf_pattern_free(&n->terms);
    jf_pattern_free(&n->typed);
    free(n);
}

bool jf_qnode_exact(const jf_qnode_t *n, char out[JF_EXACT_TERM_MAX])
{
    jf_token_t t;
    memset(&t, 0, sizeof t);
    memcpy(t.word, n->word, sizeof t.word);
    memcpy(t.term, n->term, sizeof t.term);
    t.flags = n->flags;
    return n->kind == JF_QN_WORD && jf_exact_term(&t, out);
}

void jf_query_free(jf_query_t *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->nodes.n; i++)
        node_free(q->nodes.items[i]);
    JF_VEC_FREE(&q->nodes);
    free(q->text);
    memset(q, 0, sizeof *q);
}
