/* fuzz_clean.c - libFuzzer harness for the article cleaner
 * (indexer/article.c and clean*.c) and the .meta sidecar reader.
 *
 * Article files are whatever a newsroom's scrapers wrote.  The input is
 * one article file and, after the first 0xFF byte (never in UTF-8), its
 * sidecar.  Each is first checked as jfindex's reader checks files
 * (valid UTF-8, no NUL, LF line ends), then cleaned with a log, as
 * jfindex --explain does, and with the acronym miner run over the
 * passages.  Cleaning must end in passages or a skip, and every passage
 * must be what the index promises: non-empty, one line, trimmed, valid
 * UTF-8, with the headline first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acronyms.h"
#include "article.h"
#include "buf.h"
#include "text.h"

/* What jf_corpus_read guarantees of a file's text. */
static int readable(const char *s, size_t len)
{
    return jf_utf8_valid(s, len) && !memchr(s, '\0', len) &&
           !memchr(s, '\r', len);
}

static void check_passage(const jf_passage_text_t *p)
{
    if (p->len == 0 || p->len != strlen(p->text) || strchr(p->text, '\n') ||
        p->text[0] == ' ' || p->text[p->len - 1] == ' ' ||
        !jf_utf8_valid(p->text, p->len))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static jf_analyzer_t *analyzer;
    const char *text = (const char *)data;
    const char *split = memchr(data, 0xFF, size);
    size_t len = split ? (size_t)(split - text) : size;
    const char *sidecar = split ? split + 1 : NULL;
    size_t sidecar_len = split ? size - len - 1 : 0;

    if (!readable(text, len) || (sidecar && !readable(sidecar, sidecar_len)))
        return 0;
    if (!analyzer && !(analyzer = jf_analyzer_new()))
        abort();

    jf_clean_log_t log = JF_CLEAN_LOG_INIT;
    jf_buf_t reason = JF_BUF_INIT, acronyms = JF_BUF_INIT;
    jf_article_t article;
    jf_skip_t skip = jf_article_parse(text, len, sidecar, sidecar_len, &log,
                                      &reason, &article);
    if (skip == JF_SKIP_NONE) {
        if (article.count == 0 || article.title != article.passages[0].text)
            abort();
        for (size_t i = 0; i < article.count; i++)
            check_passage(&article.passages[i]);
        jf_acronyms_find(analyzer, article.passages, article.count,
                         &acronyms);
    } else if (skip != JF_SKIP_EMPTY && skip != JF_SKIP_BAD_META) {
        abort();
    }
    jf_article_free(&article);
    jf_clean_log_free(&log);
    jf_buf_free(&reason);
    jf_buf_free(&acronyms);
    return 0;
}
