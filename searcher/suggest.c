/* suggest.c - did-you-mean: a misspelt word corrected from the index.
 *
 * When a query finds nothing it asked for, or very little, each of its
 * words the index does not have (query_words.c says which words are open
 * to correction) is replaced by the closest word of Xapian's spelling
 * dictionary, and the corrected query is tried.  When the original found
 * nothing, the correction runs instead; otherwise it is only suggested.
 */
#include "search_parts.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "vec.h"

/* Fewer passages than this with every word: a correction is worth a look. */
enum { FEW_HITS = 3 };

/* How far a correction may be from WORD: the longer the word, the more
 * typing slips it can hold and still be recognised (1 edit up to 5
 * letters, 2 beyond; none for 1 or 2), so "coast" does not become
 * "last" while "Senkako" still finds "senkaku". */
static unsigned max_edits(const char *word)
{
    size_t letters = 0;
    for (const unsigned char *p = (const unsigned char *)word; *p; p++)
        letters += (*p & 0xC0) != 0x80;
    return letters <= 2 ? 0 : letters <= 5 ? 1 : 2;
}

/* The dictionary's closest word to the query word W (malloc'd), or NULL
 * when W needs none.  A word the index has is never "corrected": on a
 * small corpus Xapian would turn a rare word into a common one.  A word
 * the index cannot answer for is left as typed: the correction is only
 * an offer. */
static char *better_word(jfx_db_t *db, const jf_qnode_t *w)
{
    uint64_t df = 0;
    char *better = NULL;
    if (max_edits(w->word) == 0 ||
        jfx_db_term_freq(db, w->term, &df) != JFX_OK || df > 0 ||
        jfx_db_spelling_suggestion(db, w->word, max_edits(w->word),
                                   &better) != JFX_OK ||
        !*better || strcmp(better, w->word) == 0) {
        free(better);
        return NULL;
    }
    return better;
}

/* Q's text with each word the index does not have replaced by its
 * correction, or NULL when none is replaced. */
static char *spelling_corrected(jfx_db_t *db, const jf_query_t *q)
{
    jf_qnode_list_t words = { 0 };
    jf_query_words(q, &words);
    jf_buf_t b = JF_BUF_INIT;
    size_t at = 0;
    bool changed = false;
    for (size_t i = 0; i < words.n; i++) {
        const jf_qnode_t *w = words.items[i];
        char *better = w->start < at ? NULL : better_word(db, w);
        if (!better)
            continue;
        jf_buf_append(&b, q->text + at, w->start - at);
        jf_buf_puts(&b, better);
        at = w->end;
        changed = true;
        free(better);
    }
    JF_VEC_FREE(&words);
    if (!changed) {
        jf_buf_free(&b);
        return NULL;
    }
    jf_buf_puts(&b, q->text + at);
    return jf_buf_release(&b);
}

void jf_suggest(jfx_db_t *db, jf_analyzer_t *a, const jf_search_options_t *o,
                jf_query_t *q, jf_results_t *results)
{
    /* A query whose every word matched nowhere together (it ran relaxed)
     * found nothing it asked for. */
    bool found_none = results->complete == 0;
    if (!o->suggest || (!found_none && results->complete >= FEW_HITS))
        return;
    char *corrected = spelling_corrected(db, q);
    if (!corrected)
        return;
    jf_query_t q2;
    jf_results_t r2;
    /* When the correction cannot run, the original's results stand: it
     * is only an offer, so its failure is not the search's. */
    jf_error_t failed = JF_ERROR_INIT;
    if (jf_search_query(db, a, corrected, o, &q2, &r2, &failed) == 0 &&
        r2.total > 0) {
        if (results->total == 0 || (found_none && !r2.relaxed)) {
            jf_query_free(q);
            jf_results_free(results);
            *q = q2;
            *results = r2;
            results->corrected = corrected;
            return;
        }
        results->suggestion = corrected;
        corrected = NULL;
    }
    jf_error_clear(&failed);
    jf_query_free(&q2);
    jf_results_free(&r2);
    free(corrected);
}
