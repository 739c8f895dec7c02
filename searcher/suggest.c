/* suggest.c - did-you-mean: a word the index does not know, mended from
 * the index.
 *
 * When a query finds nothing it asked for, or very little, each of its
 * words the index does not have (query_words.c says which words are open
 * to correction) is replaced, and the mended query is tried: when the
 * original found nothing, it runs instead; otherwise it is only
 * suggested.  Either way the output says so.  A word is mended, in this
 * order, as two words the index knows written together ("healthcare" ->
 * "health care", as a phrase), as the closest word of Xapian's spelling
 * dictionary (a typing slip), or as the commonest word the dictionary has
 * that it begins ("Hokkai" -> "hokkaido").
 */
#include "search_parts.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
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

/* The passages having WORD (as analysed: its stem), 0 when the index
 * cannot say. */
static uint64_t word_df(jfx_db_t *db, jf_analyzer_t *a, const char *word)
{
    char term[JF_TERM_MAX + 1];
    uint64_t df = 0;
    jf_stem_word(a, word, term);
    if (jfx_db_term_freq(db, term, &df) != JFX_OK)
        return 0;
    return df;
}

/* Parts of a compound shorter than this are no words of their own. */
enum { PART_MIN = 3, PREFIX_MIN = 4 };

/* WORD as two words the index knows, written together ("healthcare"):
 * the split whose rarer part is commonest, as a phrase, or NULL. */
static char *split_word(jfx_db_t *db, jf_analyzer_t *a, const char *word)
{
    size_t len = strlen(word), best = 0;
    uint64_t best_df = 0;
    char part[JF_TERM_MAX + 1];
    for (size_t i = PART_MIN; i + PART_MIN <= len && len < sizeof part; i++) {
        if ((word[i] & 0xC0) == 0x80)
            continue;   /* not between characters */
        memcpy(part, word, i);
        part[i] = '\0';
        uint64_t left = word_df(db, a, part);
        uint64_t right = left ? word_df(db, a, word + i) : 0;
        uint64_t least = left < right ? left : right;
        if (least > best_df) {
            best_df = least;
            best = i;
        }
    }
    return best ? jf_strprintf("\"%.*s %s\"", (int)best, word, word + best)
                : NULL;
}

typedef struct {
    const char *prefix;
    size_t len;
    char *best;
    uint64_t best_freq;
} completion_t;

static int complete(const char *word, uint64_t freq, void *ctx)
{
    completion_t *c = ctx;
    if (strncmp(word, c->prefix, c->len) != 0)
        return 1;   /* past the words it begins */
    if (freq > c->best_freq) {
        free(c->best);
        c->best = jf_strdup(word);
        c->best_freq = freq;
    }
    return 0;
}

/* The commonest word of the spelling dictionary that WORD begins, or
 * NULL. */
static char *completed_word(jfx_db_t *db, const char *word)
{
    completion_t c = { word, strlen(word), NULL, 0 };
    if (c.len < PREFIX_MIN ||
        jfx_db_each_spelling(db, word, complete, &c) != JFX_OK) {
        free(c.best);
        return NULL;
    }
    return c.best;
}

/* What the query word W is mended to (malloc'd), or NULL when W needs
 * nothing.  A word the index has is never "corrected": on a small corpus
 * Xapian would turn a rare word into a common one.  A word the index
 * cannot answer for is left as typed: the mending is only an offer. */
static char *better_word(jfx_db_t *db, jf_analyzer_t *a, const jf_qnode_t *w)
{
    uint64_t df = 0;
    char *better = NULL;
    if (max_edits(w->word) == 0 ||
        jfx_db_term_freq(db, w->term, &df) != JFX_OK || df > 0)
        return NULL;
    if ((better = split_word(db, a, w->word)))
        return better;
    if (jfx_db_spelling_suggestion(db, w->word, max_edits(w->word),
                                   &better) == JFX_OK &&
        *better && strcmp(better, w->word) != 0)
        return better;
    free(better);
    return completed_word(db, w->word);
}

/* Q's text with each word the index does not have replaced by its
 * correction, or NULL when none is replaced. */
static char *spelling_corrected(jfx_db_t *db, jf_analyzer_t *a,
                                const jf_query_t *q)
{
    jf_qnode_list_t words = { 0 };
    jf_query_words(q, &words);
    jf_buf_t b = JF_BUF_INIT;
    size_t at = 0;
    bool changed = false;
    for (size_t i = 0; i < words.n; i++) {
        const jf_qnode_t *w = words.items[i];
        char *better = w->start < at ? NULL : better_word(db, a, w);
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
    char *corrected = spelling_corrected(db, a, q);
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
