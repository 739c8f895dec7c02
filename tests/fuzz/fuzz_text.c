/* fuzz_text.c - libFuzzer harness for the word definition (lib/text.c).
 *
 * Any bytes: jf_utf8_valid must decide without reading past the end, and
 * jf_utf8_char_len must step through them.  Valid UTF-8 is then analysed,
 * and every token must keep the promises text.h makes, since the
 * indexer, the query parser and the highlighter all rely on them: its
 * bytes lie inside the input in text order, terms are non-empty and
 * NUL-terminated within JF_TERM_MAX, positions never go backwards, and a
 * joined compound has the position of its first part.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

typedef struct {
    size_t len, last_start;
    unsigned last_pos;
    unsigned long tokens;
} check_t;

static int check_token(const jf_token_t *t, void *ctx)
{
    check_t *c = ctx;
    if (t->start >= t->end || t->end > c->len)
        abort();
    if (t->term[0] == '\0' || t->word[0] == '\0')
        abort();
    if (strlen(t->term) > JF_TERM_MAX || strlen(t->word) > JF_TERM_MAX)
        abort();
    /* A joined compound comes after its parts, with the first part's
     * bytes and position. */
    if (!(t->flags & JF_TOKEN_JOINED)) {
        if (t->start < c->last_start || t->pos < c->last_pos)
            abort();
        c->last_start = t->start;
        c->last_pos = t->pos;
    }
    c->tokens++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static jf_analyzer_t *analyzer;
    const char *s = (const char *)data;

    for (size_t i = 0; i < size;) {
        size_t n = jf_utf8_char_len(s + i, size - i);
        if (n == 0 || n > size - i)
            abort();
        i += n;
    }
    if (!jf_utf8_valid(s, size))
        return 0;
    if (!analyzer && !(analyzer = jf_analyzer_new()))
        abort();
    check_t c = { size, 0, 1, 0 };
    unsigned next = jf_analyze(analyzer, s, size, 1, check_token, &c);
    if (next < c.last_pos)
        abort();
    return 0;
}
