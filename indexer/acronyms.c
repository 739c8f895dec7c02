/* acronyms.c - finds "long form (ACRONYM)" pairs in passages.
 *
 * Only the text just before each parenthesis is analysed, so an article
 * costs little more than a scan for "(" followed by a capital.
 */
#include "acronyms.h"

#include <stdbool.h>
#include <string.h>

#define ACRONYM_MAX 10
/* Bytes before the parenthesis analysed for the long form: enough for
 * ACRONYM_MAX words and the small words between them. */
#define LOOKBACK 240

typedef struct {
    char word[JF_TERM_MAX + 1];
    size_t end;
} word_t;

typedef struct {
    word_t words[3 * ACRONYM_MAX]; /* the last words before the parenthesis */
    size_t count;                  /* how many words were seen in all */
} window_t;

static int keep_word(const jf_token_t *token, void *ctx)
{
    window_t *w = ctx;
    if (token->flags & JF_TOKEN_JOINED)
        return 0;
    word_t *slot = &w->words[w->count++ % (3 * ACRONYM_MAX)];
    memcpy(slot->word, token->word, sizeof slot->word);
    slot->end = token->end;
    return 0;
}

static bool is_small_word(const char *w)
{
    static const char *const small[] = {
        "of", "and", "the", "for", "in", "on", "to", "a", "an", "at", "de",
        "du", "des", "la", "le", "et", "&", NULL
    };
    for (const char *const *s = small; *s; s++)
        if (strcmp(w, *s) == 0)
            return true;
    return false;
}

/* Length of the capitals of an acronym in S[0..LEN) (the parenthesis'
 * contents), or 0 when it is not one. */
static size_t acronym_letters(const char *s, size_t len)
{
    size_t caps = 0;
    while (caps < len && s[caps] >= 'A' && s[caps] <= 'Z')
        caps++;
    if (caps < 2 || caps > ACRONYM_MAX)
        return 0;
    if (caps == len || (caps + 1 == len && s[caps] == 's'))
        return caps;
    return 0;
}

/* Appends "acronym=long form" for the acronym LETTERS[0..N) written at
 * OPEN in TEXT, if the words before it spell it. */
static void match_before(jf_analyzer_t *a, const char *text, size_t open,
                         const char *letters, size_t n, jf_buf_t *pair)
{
    size_t start = open > LOOKBACK ? open - LOOKBACK : 0;
    window_t w;

    while (start > 0 && start < open && text[start - 1] != ' ')
        start++; /* begin at a word, not inside one */
    w.count = 0;
    jf_analyze(a, text + start, open - start, 1, keep_word, &w);
    size_t have = w.count < 3 * ACRONYM_MAX ? w.count : 3 * ACRONYM_MAX;
    if (have == 0)
        return;
    const word_t *last = &w.words[(w.count - 1) % (3 * ACRONYM_MAX)];
    for (size_t i = start + last->end; i < open; i++)
        if (text[i] != ' ')
            return; /* "Japan, (RAA)": not right after a word */

    size_t k = n, used = 0, first = 0;
    while (k > 0 && used < have) {
        const word_t *word = &w.words[(w.count - 1 - used) % (3 * ACRONYM_MAX)];
        used++;
        if (word->word[0] == letters[k - 1] - 'A' + 'a') {
            k--;
            first = used;
        } else if (k == n || !is_small_word(word->word)) {
            return;
        }
    }
    if (k > 0)
        return;
    jf_buf_reset(pair);
    for (size_t i = 0; i < n; i++)
        jf_buf_putc(pair, (char)(letters[i] - 'A' + 'a'));
    jf_buf_putc(pair, '=');
    for (size_t u = first; u > 0; u--) {
        jf_buf_puts(pair, w.words[(w.count - u) % (3 * ACRONYM_MAX)].word);
        if (u > 1)
            jf_buf_putc(pair, ' ');
    }
}

/* True when OUT (pairs separated by ';') already holds PAIR. */
static bool has_pair(const jf_buf_t *out, const jf_buf_t *pair)
{
    const char *p = out->data;
    while (p && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == pair->len && memcmp(p, pair->data, len) == 0)
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

void jf_acronyms_find(jf_analyzer_t *analyzer,
                      const jf_passage_text_t *passages, size_t count,
                      jf_buf_t *out)
{
    jf_buf_t pair = JF_BUF_INIT;

    for (size_t p = 0; p < count; p++) {
        const char *text = passages[p].text;
        size_t len = passages[p].len;
        for (const char *open = memchr(text, '(', len); open;
             open = memchr(open + 1, '(', len - (size_t)(open + 1 - text))) {
            size_t at = (size_t)(open - text);
            const char *close = memchr(open, ')',
                                       len - at < ACRONYM_MAX + 3
                                           ? len - at : ACRONYM_MAX + 3);
            size_t n;
            if (!close || at == 0 ||
                (n = acronym_letters(open + 1,
                                     (size_t)(close - open - 1))) == 0)
                continue;
            pair.len = 0;
            match_before(analyzer, text, at, open + 1, n, &pair);
            if (pair.len == 0 || has_pair(out, &pair))
                continue;
            if (out->len > 0)
                jf_buf_putc(out, ';');
            jf_buf_append(out, pair.data, pair.len);
        }
    }
    jf_buf_free(&pair);
}
