/* clean_dedup.c - leaves out paragraphs that repeat earlier ones.
 *
 * Scraped pages repeat a paragraph as a pull quote, a caption or a teaser,
 * often with other punctuation or a word changed.  A paragraph is a
 * repeat when it has the same normalised words as an earlier one, or
 * when their word-triple (shingle) sets have a Jaccard similarity of at
 * least 0.9.  Words are compared by hash, so each paragraph is read once,
 * and two sets are compared only when their sizes allow 0.9.
 */
#include "clean_int.h"

#include <stdlib.h>

#include "hash.h"

static const char duplicate_rule[] = "duplicate";
static const char duplicate_reason[] = "repeats an earlier passage (same "
                                       "words, or 90% of its word triples)";

static uint64_t fnv(uint64_t h, unsigned char c)
{
    return jf_fnv1a(h, &c, 1);
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A word: ASCII letters and digits, case-folded, or any non-ASCII byte
 * (so accented words count, if unfolded). */
static bool is_word_byte(unsigned char c)
{
    return c >= 0x80 || jf_is_digit((char)c) || jf_is_ascii_alpha((char)c);
}

/* Sorts the shingles and drops repeats. */
static void sort_unique(jf_fingerprint_t *fp)
{
    uint64_t *sh = fp->shingles.items;
    if (fp->shingles.n < 2)
        return;
    qsort(sh, fp->shingles.n, sizeof *sh, compare_u64);
    size_t u = 1;
    for (size_t i = 1; i < fp->shingles.n; i++)
        if (sh[i] != sh[u - 1])
            sh[u++] = sh[i];
    fp->shingles.n = u;
}

static void fingerprint(jf_fingerprint_t *fp, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    uint64_t prev[2] = { 0, 0 }, all = JF_FNV_BASIS;

    for (size_t i = 0; i < len;) {
        while (i < len && !is_word_byte(s[i]))
            i++;
        if (i == len)
            break;
        uint64_t h = JF_FNV_BASIS;
        while (i < len && is_word_byte(s[i]))
            h = fnv(h, (unsigned char)jf_lower((char)s[i++]));
        all = fnv(all, ' ');
        for (int k = 0; k < 8; k++)
            all = fnv(all, (unsigned char)(h >> (8 * k)));
        if (++fp->nwords >= 3)
            JF_VEC_PUSH(&fp->shingles, (prev[0] * UINT64_C(31) + prev[1]) *
                                       UINT64_C(1000003) ^ h);
        prev[0] = prev[1];
        prev[1] = h;
    }
    fp->words_hash = all;
    sort_unique(fp);
}

static bool near_duplicate(const jf_fingerprint_t *a,
                           const jf_fingerprint_t *b)
{
    size_t na = a->shingles.n, nb = b->shingles.n;
    const uint64_t *sa = a->shingles.items, *sb = b->shingles.items;

    if (a->words_hash == b->words_hash && a->nwords == b->nwords)
        return true;
    size_t small = na < nb ? na : nb;
    size_t large = na + nb - small;
    if (small == 0 || 10 * small < 9 * large)
        return false; /* |A∩B|/|A∪B| <= small/large < 0.9 */
    size_t i = 0, j = 0, common = 0;
    while (i < na && j < nb) {
        if (sa[i] == sb[j])
            common++, i++, j++;
        else if (sa[i] < sb[j])
            i++;
        else
            j++;
    }
    return 10 * common >= 9 * (na + nb - common);
}

size_t jf_clean_dedup(jf_paras_t *ps, jf_clean_log_t *log)
{
    size_t kept = 0;
    for (size_t i = 0; i < ps->n; i++) {
        jf_para_t *p = &ps->items[i];
        if (p->gone)
            continue;
        fingerprint(&p->fp, p->text.data, p->text.len);
        for (size_t j = 0; j < i; j++) {
            const jf_para_t *q = &ps->items[j];
            if (q->gone || !near_duplicate(&q->fp, &p->fp))
                continue;
            if (jf_clean_note(log, JF_NOTE_DUPLICATE, duplicate_rule,
                              duplicate_reason, p->first_line, p->text.data,
                              p->text.len))
                p->dup_note = log->n;
            p->gone = true;
            p->repeats = j;
            break;
        }
        if (!p->gone)
            kept++;
    }
    return kept;
}

void jf_fingerprint_free(jf_fingerprint_t *fp)
{
    JF_VEC_FREE(&fp->shingles);
}
