/* spelling.c - summed changes to the spelling dictionary (see spelling.h).
 *
 * A hash table from word to the change of its count.  The words live in
 * one buffer, so the table holds offsets and grows without copying them.
 * Which words count at all is lib/document.c's rule, the same for adding
 * and for taking out.
 */
#include "spelling.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "document.h"
#include "hash.h"

struct jf_spelling_slot {
    size_t word;     /* offset in words; meaningful when used */
    long long delta;
    bool used;
};

enum { SPELLING_BATCH = 50000 };

static jf_spelling_slot_t *find_slot(const jf_spelling_t *sp,
                                     jf_spelling_slot_t *slots, size_t cap,
                                     const char *word)
{
    size_t i = (size_t)jf_hash_string(word) & (cap - 1);
    while (slots[i].used && strcmp(sp->words.data + slots[i].word, word) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void grow(jf_spelling_t *sp)
{
    size_t cap = sp->cap ? 2 * sp->cap : 4096;
    jf_spelling_slot_t *slots = jf_calloc(cap, sizeof *slots);
    for (size_t i = 0; i < sp->cap; i++)
        if (sp->slots[i].used)
            *find_slot(sp, slots, cap, sp->words.data + sp->slots[i].word) =
                sp->slots[i];
    free(sp->slots);
    sp->slots = slots;
    sp->cap = cap;
}

/* Adds SIGN (+1 or -1) to the count of WORD. */
static void count(jf_spelling_t *sp, const char *word, int sign)
{
    if (2 * (sp->count + 1) > sp->cap)
        grow(sp);
    jf_spelling_slot_t *slot = find_slot(sp, sp->slots, sp->cap, word);
    if (!slot->used) {
        slot->used = true;
        slot->word = sp->words.len;
        jf_buf_append(&sp->words, word, strlen(word) + 1);
        sp->count++;
    }
    slot->delta += sign;
}

void jf_spelling_add(const char *word, void *sp)
{
    count(sp, word, +1);
}

static void remove_word(const char *word, void *sp)
{
    count(sp, word, -1);
}

typedef struct {
    jf_spelling_t *sp;
    jf_analyzer_t *analyzer;
} forget_ctx_t;

static void forget_passage(const jf_passage_t *p, void *ctx)
{
    forget_ctx_t *f = ctx;
    jf_spelling_words(f->analyzer, p->text, p->text_len, remove_word, f->sp);
}

int jf_spelling_forget(jf_spelling_t *sp, jfx_db_t *db, jf_analyzer_t *a,
                       const char *article_id, unsigned passages,
                       jf_error_t *err)
{
    forget_ctx_t f = { sp, a };
    /* A damaged record does not say how many there are: read them all. */
    return jf_document_read(db, article_id, passages > 0 ? passages : 100000,
                            forget_passage, &f, err);
}

int jf_spelling_write(const jf_spelling_t *sp, jfx_writer_t *w, bool scratch,
                      jf_error_t *err)
{
    jfx_status_t status = JFX_OK;
    size_t written = 0;

    if (jf_failed(err))
        return -1;
    for (size_t i = 0; i < sp->cap && status == JFX_OK; i++) {
        long long delta = sp->slots[i].delta;
        /* Xapian holds spelling changes in memory until a commit: a
         * scratch index commits every SPELLING_BATCH words, so that memory
         * stays bounded on a large corpus. */
        if (delta != 0 && scratch && ++written % SPELLING_BATCH == 0)
            status = jfx_writer_commit(w);
        while (delta != 0 && status == JFX_OK) {
            int step = delta > INT_MAX ? INT_MAX
                     : delta < -INT_MAX ? -INT_MAX : (int)delta;
            status = jfx_writer_add_spelling(
                w, sp->words.data + sp->slots[i].word, step);
            delta -= step;
        }
    }
    if (status != JFX_OK)
        return jf_fail(err, status, "%s", jfx_writer_last_error(w));
    return 0;
}

void jf_spelling_free(jf_spelling_t *sp)
{
    free(sp->slots);
    jf_buf_free(&sp->words);
    sp->slots = NULL;
    sp->cap = sp->count = 0;
}
