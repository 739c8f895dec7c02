/* query_words.c - the words of a query did-you-mean may correct.
 *
 * Those the user typed and wants: every word of a word, phrase or
 * compound, in query order, but not stopwords (too short and common to be
 * misspelt), not excluded words (correcting one would not find more), and
 * not the words of a synonym run (they are an expression the table knows,
 * so they are spelt right).
 */
#include "query.h"

#include "vec.h"

static void add(const jf_query_t *q, const jf_qnode_t *n, void *ctx)
{
    jf_qnode_list_t *out = ctx;
    switch (n->kind) {
    case JF_QN_WORD:
        if (!(n->flags & (JF_TOKEN_JOINED | JF_TOKEN_STOP)))
            JF_VEC_PUSH(out, (jf_qnode_t *)n);
        break;
    case JF_QN_PHRASE:
    case JF_QN_COMPOUND:
        for (size_t i = 0; i < n->kids.n; i++)
            add(q, n->kids.items[i], out);
        break;
    case JF_QN_SYNONYM:
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

void jf_query_words(const jf_query_t *q, jf_qnode_list_t *out)
{
    jf_query_each_wanted(q, add, out);
}
