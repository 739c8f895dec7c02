/* article.h - an article file made into what is indexed: passages and
 * metadata.
 *
 * The text is split into lines and paragraphs (a paragraph is lines up to
 * a blank line); clean.c then picks the headline (passage 0), leaves out
 * boilerplate, re-joins broken paragraphs and collapses repeats; each
 * paragraph left is one passage, its lines joined with single spaces.
 * Passages are what a search returns, so this is where the unit of a
 * result is decided.  The article's .meta sidecar, if any, overrides the
 * metadata found in the text.
 */
#ifndef JF_ARTICLE_H
#define JF_ARTICLE_H

#include <stddef.h>

#include "clean.h"
#include "corpus.h"
#include "metadata.h"

typedef struct {
    const char *title;            /* passages[0].text */
    jf_passage_text_t *passages;  /* [0] is the headline */
    size_t count;
    jf_metadata_t meta;           /* title: the headline or the sidecar's */
} jf_article_t;

/* Makes ARTICLE from TEXT[0..LEN) (valid UTF-8, LF line ends) and the
 * sidecar SIDECAR[0..SIDECAR_LEN) (NULL when there is none).  Notes on
 * what cleaning did go to LOG unless it is NULL.  Returns JF_SKIP_NONE,
 * or why the article cannot be indexed, which is a result and not an
 * error: JF_SKIP_EMPTY when no line is article text (no headline),
 * leaving ARTICLE empty, or JF_SKIP_BAD_META when the sidecar is not
 * valid, with why in REASON ("line 3: unknown key 'titel' ...").  Free
 * with jf_article_free in every case. */
jf_skip_t jf_article_parse(const char *text, size_t len, const char *sidecar,
                           size_t sidecar_len, jf_clean_log_t *log,
                           jf_buf_t *reason, jf_article_t *article);
void jf_article_free(jf_article_t *article);

#endif
