/* fuzz_meta.c - libFuzzer harness for the .meta sidecar
 * (indexer/metadata.c), as jfindex reads one beside an article.
 *
 * Any bytes as a sidecar over a fixed article: it applies or is refused
 * with a reason naming its line ("line N: ..."), never crashes or leaks.
 * What it applies from a sidecar jfindex would read (UTF-8 without NUL
 * bytes, as corpus_read.c checks first) must keep the promises
 * metadata.h makes: a date is YYYY-MM-DD and a real one, a title stated
 * is not empty, and every value is UTF-8.  The whole article, sidecar
 * included, then goes through jf_article_parse as jfindex indexes it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "date.h"
#include "metadata.h"
#include "text.h"

static const char article[] =
    "Japan, France vow closer ties\n\nKishida and Macron met in Hiroshima.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    jf_metadata_t meta;
    jf_buf_t reason = JF_BUF_INIT;
    memset(&meta, 0, sizeof meta);

    if (!jf_metadata_apply_sidecar(&meta, text, size, &reason)) {
        if (strncmp(reason.data ? reason.data : "", "line ", 5) != 0)
            abort(); /* a reason that does not name the line */
    } else if (jf_utf8_valid(text, size) && !memchr(text, '\0', size)) {
        for (int f = 0; f < JF_META_FIELDS; f++) {
            const char *v = meta.value[f];
            if (!v)
                continue;
            if (!jf_utf8_valid(v, strlen(v)))
                abort();
            if (f == JF_META_TITLE && meta.origin[f] == JF_META_SIDECAR &&
                !*v)
                abort();
            char iso[11];
            if (f == JF_META_DATE &&
                (strlen(v) != 10 || jf_parse_date(v, 10, iso) != 10 ||
                 strcmp(iso, v) != 0))
                abort();
        }
    }
    jf_metadata_free(&meta);
    jf_buf_free(&reason);

    if (jf_utf8_valid(text, size) && !memchr(text, '\0', size)) {
        jf_article_t a;
        jf_buf_t why = JF_BUF_INIT;
        jf_article_parse(article, sizeof article - 1, text, size, NULL, &why,
                         &a);
        jf_article_free(&a);
        jf_buf_free(&why);
    }
    return 0;
}
