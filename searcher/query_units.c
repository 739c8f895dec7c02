/* query_units.c - what BM25 weighs in a query, for --explain.
 *
 * Xapian weighs each term of the query once per occurrence, and an
 * OP_SYNONYM group as one term: so a word is a unit, a phrase one unit
 * per word (weighing only where the whole phrase stands), a compound the
 * units of its parts plus its joined form, and a synonym group of several
 * forms one unit.  A word's exact form, when it is not its stem, is a unit
 * of its own, and so are the words of the form a synonym group was typed
 * as.  Excluded words and filters weigh nothing.
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "vec.h"

static jf_unit_t *unit_new(jf_units_t *out)
{
    JF_VEC_RESERVE(out, 1);
    jf_unit_t *u = &out->items[out->n++];
    memset(u, 0, sizeof *u);
    return u;
}

/* A unit of the forms FORMS, labelled by them: "a | \"b c\"". */
static void add_forms(jf_units_t *out, const jf_patterns_t *forms)
{
    jf_unit_t *u = unit_new(out);
    jf_buf_t label = JF_BUF_INIT;
    for (size_t i = 0; i < forms->n; i++) {
        const jf_pattern_t *f = &forms->items[i];
        jf_patterns_add(&u->forms, (const char *const *)f->terms, f->n);
        jf_buf_puts(&label, i ? " | " : "");
        jf_buf_puts(&label, f->n > 1 ? "\"" : "");
        for (size_t k = 0; k < f->n; k++)
            jf_buf_printf(&label, "%s%s", k ? " " : "", f->terms[k]);
        jf_buf_puts(&label, f->n > 1 ? "\"" : "");
    }
    u->label = jf_buf_release(&label);
}

/* One unit per term of TERMS[0..N), each weighing only where the whole
 * phrase stands when there are several. */
static void add_phrase(jf_units_t *out, const char *const *terms, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        jf_unit_t *u = unit_new(out);
        u->label = jf_strdup(terms[i]);
        jf_patterns_add(&u->forms, &terms[i], 1);
        if (n > 1)
            jf_pattern_set(&u->phrase, terms, n);
    }
}

static void add_term(jf_units_t *out, const char *term)
{
    add_phrase(out, &term, 1);
}

/* The units of a synonym group's form as typed (query_compile.c):
 * exact units, each labelled by its term, as the group's own label is. */
static void add_typed(jf_units_t *out, const jf_qnode_t *n)
{
    size_t k = n->typed.n < JF_PHRASE_FOLLOWED ? n->typed.n
                                               : JF_PHRASE_FOLLOWED;
    size_t first = out->n;
    add_phrase(out, (const char *const *)n->typed.terms, k);
    for (size_t i = first; i < out->n; i++) {
        jf_unit_t *u = &out->items[i];
        u->exact = true;
        free(u->label);
        u->label = jf_strprintf("%s (as typed)", u->forms.items[0].terms[0]);
    }
}

static void add(const jf_query_t *q, const jf_qnode_t *n, void *ctx)
{
    jf_units_t *out = ctx;
    const char *terms[JF_PHRASE_FOLLOWED];
    char exact[JF_EXACT_TERM_MAX];
    size_t k = 0;
    switch (n->kind) {
    case JF_QN_WORD:
        add_term(out, n->term);
        if (jf_qnode_exact(n, exact)) {
            add_term(out, exact);
            jf_unit_t *u = &out->items[out->n - 1];
            u->exact = true;
            free(u->label);
            u->label = jf_strprintf("%s (as typed)", n->word);
        }
        break;
    case JF_QN_DATE:
        add_term(out, n->term);
        break;
    case JF_QN_COMPOUND:
        add(q, n->kids.items[0], out);
        add_term(out, n->term);
        break;
    case JF_QN_PHRASE:
        for (size_t i = 0; i < n->kids.n && k < JF_PHRASE_FOLLOWED; i++)
            terms[k++] = n->kids.items[i]->term;
        add_phrase(out, terms, k);
        break;
    case JF_QN_SYNONYM:
        /* A group of one form is weighed as that word or phrase. */
        if (n->forms.n == 1)
            add_phrase(out, (const char *const *)n->forms.items[0].terms,
                       n->forms.items[0].n);
        else
            add_forms(out, &n->forms);
        if (n->forms.n > 1)
            add_typed(out, n);
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

void jf_query_units(const jf_query_t *q, jf_units_t *out)
{
    jf_query_each_wanted(q, add, out);
}

void jf_units_free(jf_units_t *u)
{
    for (size_t i = 0; i < u->n; i++) {
        free(u->items[i].label);
        jf_patterns_free(&u->items[i].forms);
        jf_pattern_free(&u->items[i].phrase);
    }
    JF_VEC_FREE(u);
}
