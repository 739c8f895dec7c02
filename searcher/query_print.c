/* query_print.c - a query's tree as one line of S-expression.
 *
 * For jfsearch --debug-query and the tests that pin the parser down
 * (tests/query-trees.txt, tests/golden/queries.json): each node is
 * "(KIND ...)", text from the query or the synonyms file is a quoted
 * string (\" and \\ escaped, other control bytes as \xHH), and a term is a
 * bare atom (terms hold no spaces, quotes or parentheses):
 *   (word "TEXT" TERM [:stop])      a word as typed, and its term
 *   (phrase WORD...)                words at consecutive positions
 *   (compound "TEXT" JOINED PARTS)  a hyphenated word: PARTS or JOINED
 *   (synonym "TEXT" (forms FORM...) (to "EXPR"...))
 *                                   a FORM is a term or (TERM...)
 *   (field NAME "TEXT" TERM... [:joined JOINED])
 *   (and CLAUSE...) (or ALT...) (not CLAUSE) (all) (filter AND FIELD...)
 */
#include "query.h"

#include <string.h>

static void put_text(jf_buf_t *out, const char *s, size_t len)
{
    jf_buf_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            jf_buf_printf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            jf_buf_printf(out, "\\x%02X", c);
        else
            jf_buf_putc(out, (char)c);
    }
    jf_buf_putc(out, '"');
}

static void put_node_text(jf_buf_t *out, const jf_query_t *q,
                          const jf_qnode_t *n)
{
    jf_buf_putc(out, ' ');
    put_text(out, q->text + n->start, n->end - n->start);
}

static void put_terms(jf_buf_t *out, const jf_pattern_t *p)
{
    for (size_t i = 0; i < p->n; i++)
        jf_buf_printf(out, "%s%s", i ? " " : "", p->terms[i]);
}

static void put_synonym(jf_buf_t *out, const jf_query_t *q,
                        const jf_qnode_t *n)
{
    put_node_text(out, q, n);
    jf_buf_puts(out, " (forms");
    for (size_t i = 0; i < n->forms.n; i++) {
        const jf_pattern_t *f = &n->forms.items[i];
        jf_buf_puts(out, f->n > 1 ? " (" : " ");
        put_terms(out, f);
        jf_buf_puts(out, f->n > 1 ? ")" : "");
    }
    jf_buf_puts(out, ") (to");
    for (size_t i = 0; i < n->exprs.n; i++) {
        if (i == n->matched)
            continue;
        jf_buf_putc(out, ' ');
        put_text(out, n->exprs.items[i], strlen(n->exprs.items[i]));
    }
    jf_buf_putc(out, ')');
}

static const char *kind_name(jf_qkind_t kind)
{
    switch (kind) {
    case JF_QN_WORD: return "word";
    case JF_QN_PHRASE: return "phrase";
    case JF_QN_COMPOUND: return "compound";
    case JF_QN_SYNONYM: return "synonym";
    case JF_QN_FIELD: return "field";
    case JF_QN_DATE: return "date";
    case JF_QN_ALL: return "all";
    case JF_QN_AND: return "and";
    case JF_QN_OR: return "or";
    case JF_QN_NOT: return "not";
    case JF_QN_FILTER: return "filter";
    }
    return "?";
}

static void put(jf_buf_t *out, const jf_query_t *q, const jf_qnode_t *n)
{
    jf_buf_printf(out, "(%s", kind_name(n->kind));
    switch (n->kind) {
    case JF_QN_WORD:
        put_node_text(out, q, n);
        jf_buf_printf(out, " %s%s", n->term,
                      n->flags & JF_TOKEN_STOP ? " :stop" : "");
        break;
    case JF_QN_COMPOUND:
        put_node_text(out, q, n);
        jf_buf_printf(out, " %s", n->term);
        break;
    case JF_QN_SYNONYM:
        put_synonym(out, q, n);
        break;
    case JF_QN_DATE:
        put_node_text(out, q, n);
        jf_buf_printf(out, " %s", n->term);
        break;
    case JF_QN_FIELD:
        jf_buf_printf(out, " %s", jf_field_name(n->field));
        put_node_text(out, q, n);
        jf_buf_putc(out, ' ');
        if (n->field == JF_FIELD_DATE)
            jf_buf_printf(out, "%s %s", n->first, n->last);
        put_terms(out, &n->terms);
        if (n->term[0])
            jf_buf_printf(out, " :joined %s", n->term);
        break;
    case JF_QN_PHRASE:
    case JF_QN_ALL:
    case JF_QN_AND:
    case JF_QN_OR:
    case JF_QN_NOT:
    case JF_QN_FILTER:
        break;   /* only their kids */
    }
    for (size_t i = 0; i < n->kids.n; i++) {
        jf_buf_putc(out, ' ');
        put(out, q, n->kids.items[i]);
    }
    jf_buf_putc(out, ')');
}

void jf_query_print(const jf_query_t *q, jf_buf_t *out)
{
    if (q->root)
        put(out, q, q->root);
}
