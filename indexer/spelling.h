/* spelling.h - the changes a run makes to the spelling dictionary.
 *
 * An article's words are added when it is written, and the words of its
 * old passages taken out when it changes or goes, so the dictionary stays
 * what a rebuild would make.  The changes are summed over the whole run
 * and handed to Xapian once per distinct word, not once per article.
 */
#ifndef JF_SPELLING_H
#define JF_SPELLING_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "jfx.h"
#include "text.h"

typedef struct jf_spelling_slot jf_spelling_slot_t;

typedef struct {
    jf_spelling_slot_t *slots; /* open addressing; capacity a power of two */
    size_t cap, count;
    jf_buf_t words;            /* NUL-separated */
} jf_spelling_t;

#define JF_SPELLING_INIT { NULL, 0, 0, JF_BUF_INIT }

/* Counts one more occurrence of WORD (SP is the jf_spelling_t): a
 * jf_spelling_fn for jf_document_write. */
void jf_spelling_add(const char *word, void *sp);

/* Counts out the words of the passages of article ARTICLE_ID (which has
 * PASSAGES of them; 0 when its record is damaged) as DB holds them. */
int jf_spelling_forget(jf_spelling_t *sp, jfx_db_t *db, jf_analyzer_t *a,
                       const char *article_id, unsigned passages,
                       jf_error_t *err);

/* Hands the summed changes to W.  In a SCRATCH index (jfx.h), commits
 * every so many words so that Xapian's memory stays bounded. */
int jf_spelling_write(const jf_spelling_t *sp, jfx_writer_t *w, bool scratch,
                      jf_error_t *err);

void jf_spelling_free(jf_spelling_t *sp);

#endif
