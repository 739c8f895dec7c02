/* article.c - splits article text into lines and paragraphs for clean.c,
 * and applies the .meta sidecar.
 *
 * "Blank" means Unicode White_Space only, not just ASCII: articles copied
 * from web pages often hold no-break spaces on otherwise empty lines, and
 * such a line must still end a paragraph.
 */
#include "article.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "vec.h"

/* Length of the White_Space character at S (before END), or 0. */
static size_t space_len(const unsigned char *s, const unsigned char *end)
{
    size_t left = (size_t)(end - s);
    if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        return 1;
    if (left >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0))
        return 2; /* NEL, NO-BREAK SPACE */
    if (left < 3)
        return 0;
    if (s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80)
        return 3; /* OGHAM SPACE MARK */
    if (s[0] == 0xE2 && s[1] == 0x80 &&
        (s[2] <= 0x8A || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
        return 3; /* EN QUAD..HAIR SPACE, LINE/PARAGRAPH SEP, NARROW NBSP */
    if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
        return 3; /* MEDIUM MATHEMATICAL SPACE */
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3; /* IDEOGRAPHIC SPACE */
    return 0;
}

/* Narrows [*start, *end) to the line without its leading and trailing
 * white space; they meet when the line is blank. */
static void trim(const unsigned char **start, const unsigned char **end)
{
    const unsigned char *p = *start, *content_end = NULL;
    size_t n;

    while (p < *end && (n = space_len(p, *end)) > 0)
        p += n;
    *start = p;
    /* Continuation bytes never start a White_Space character, so stepping
     * a byte at a time through other characters is safe. */
    while (p < *end) {
        if ((n = space_len(p, *end)) > 0) {
            p += n;
        } else {
            p++;
            content_end = p;
        }
    }
    *end = content_end ? content_end : *start;
}

jf_skip_t jf_article_parse(const char *text, size_t len, const char *sidecar,
                           size_t sidecar_len, jf_clean_log_t *log,
                           jf_buf_t *reason, jf_article_t *article)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    JF_VEC(jf_line_t) lines = { NULL, 0, 0 };
    unsigned lineno = 0, paragraph = 0;
    bool blank = true;

    memset(article, 0, sizeof *article);
    while (p < end) {
        const unsigned char *newline = memchr(p, '\n', (size_t)(end - p));
        const unsigned char *line = p, *line_end = newline ? newline : end;
        p = newline ? newline + 1 : end;
        lineno++;
        trim(&line, &line_end);
        if (line == line_end) {
            blank = true;
            continue;
        }
        if (blank)
            paragraph++;
        blank = false;
        JF_VEC_PUSH(&lines, ((jf_line_t){ (const char *)line,
                                          (size_t)(line_end - line), lineno,
                                          paragraph }));
    }
    article->count = jf_clean(lines.items, lines.n, &article->meta,
                              &article->passages, log);
    JF_VEC_FREE(&lines);
    if (article->count == 0)
        return JF_SKIP_EMPTY;
    if (sidecar && !jf_metadata_apply_sidecar(&article->meta, sidecar,
                                              sidecar_len, reason))
        return JF_SKIP_BAD_META;
    if (article->meta.origin[JF_META_TITLE] == JF_META_SIDECAR) {
        /* The editor's headline is the one searched and shown. */
        free(article->passages[0].text);
        article->passages[0].text =
            jf_strdup(article->meta.value[JF_META_TITLE]);
        article->passages[0].len = strlen(article->passages[0].text);
    }
    article->title = article->passages[0].text;
    return JF_SKIP_NONE;
}

void jf_article_free(jf_article_t *article)
{
    for (size_t i = 0; i < article->count; i++)
        free(article->passages[i].text);
    free(article->passages);
    jf_metadata_free(&article->meta);
    memset(article, 0, sizeof *article);
}
