/* article.h - an article's text split into the passages that are indexed.
 *
 * The first non-blank line is the headline (passage 0); after it, each
 * paragraph (lines up to a blank line) is one passage, its lines joined
 * with single spaces.  Passages are what a search returns, so this is
 * where the unit of a result is decided.
 */
#ifndef JF_ARTICLE_H
#define JF_ARTICLE_H

#include <stddef.h>

typedef struct {
    char *text; /* NUL-terminated, trimmed, one line */
    size_t len;
} jf_passage_text_t;

typedef struct {
    const char *title;            /* passages[0].text */
    jf_passage_text_t *passages;  /* [0] is the headline */
    size_t count;
} jf_article_t;

/* Splits TEXT[0..LEN) (valid UTF-8, LF line ends) into ARTICLE.  Returns 0,
 * or -1 when the text is blank (no headline), leaving ARTICLE empty.
 * Free with jf_article_free either way. */
int jf_article_parse(const char *text, size_t len, jf_article_t *article);
void jf_article_free(jf_article_t *article);

#endif
