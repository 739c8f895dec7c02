/* acronyms.c - finds the acronyms an article defines.
 *
 * Two ways: "long form (ACRONYM)", where only the text just before each
 * parenthesis is analysed, so an article costs little more than a scan
 * for "(" followed by a capital; and an acronym written in capitals whose
 * letters are the initials of a name in capitals the same article writes
 * out ("the European Central Bank ... the ECB"), as news does without a
 * parenthesis.  A name is one of the article's runs of capitalised words
 * (small words such as "of" may stand inside), in text that is not all
 * capitals, where case says nothing.
 */
#include "acronyms.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "vec.h"

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

/* Appends PAIR to OUT unless OUT has it. */
static void add_pair(jf_buf_t *out, const jf_buf_t *pair)
{
    if (pair->len == 0 || has_pair(out, pair))
        return;
    if (out->len > 0)
        jf_buf_putc(out, ';');
    jf_buf_append(out, pair->data, pair->len);
}

/* ------------------------------------------------------------ initials */

/* A run of capitalised words, and its initials, small words skipped
 * (ECB) and counted (BOJ for Bank of Japan). */
typedef struct {
    char initials[ACRONYM_MAX + 1], all[ACRONYM_MAX + 1];
    char words[LOOKBACK];
} name_t;

typedef struct {
    const char *text;
    JF_VEC(name_t) names;        /* the article's names, in order */
    JF_VEC(char *) acronyms;     /* its acronyms in capitals, each once */
    name_t run;                  /* the name being read */
    size_t run_words;            /* its capitalised words */
    size_t small;                /* small words at its end, not yet its */
    size_t small_at;             /* where they start in run.words */
    size_t last_end;             /* where the previous word ended */
} initials_ctx_t;

/* Ends the name being read, keeping it when it has two words or more. */
static void end_run(initials_ctx_t *c)
{
    if (c->small > 0) {
        c->run.words[c->small_at] = '\0';   /* no trailing "of" */
        c->run.all[strlen(c->run.all) - c->small] = '\0';
    }
    if (c->run_words >= 2)
        JF_VEC_PUSH(&c->names, c->run);
    memset(&c->run, 0, sizeof c->run);
    c->run_words = c->small = 0;
}

/* The acronym in capitals at TOKEN (2 to ACRONYM_MAX capitals, perhaps a
 * plural s), kept once. */
static void keep_acronym(initials_ctx_t *c, const jf_token_t *t)
{
    size_t n = acronym_letters(c->text + t->start, t->end - t->start);
    if (n == 0)
        return;
    for (size_t i = 0; i < c->acronyms.n; i++)
        if (strlen(c->acronyms.items[i]) == n &&
            strncmp(c->acronyms.items[i], c->text + t->start, n) == 0)
            return;
    JF_VEC_PUSH(&c->acronyms, jf_strndup(c->text + t->start, n));
}

static int read_names(const jf_token_t *t, void *ctx)
{
    initials_ctx_t *c = ctx;
    if (t->flags & JF_TOKEN_JOINED)
        return 0;
    const char *w = c->text + t->start;
    bool upper = *w >= 'A' && *w <= 'Z';
    /* Punctuation ends a name: "on Thursday, the Bank of Japan". */
    for (size_t i = c->last_end; i < t->start && c->run_words > 0; i++)
        if (c->text[i] != ' ')
            end_run(c);
    c->last_end = t->end;
    bool all_caps = acronym_letters(w, t->end - t->start) > 0;
    if (all_caps)
        keep_acronym(c, t);
    size_t used = strlen(c->run.words);
    /* A sentence's first word ("The European...") starts no name. */
    bool starts = c->run_words > 0 || !is_small_word(t->word);
    if (upper && !all_caps && starts &&
        strlen(c->run.initials) < ACRONYM_MAX &&
        used + strlen(t->word) + 2 < sizeof c->run.words) {
        c->run.initials[strlen(c->run.initials)] = *w;
        if (strlen(c->run.all) < ACRONYM_MAX)
            c->run.all[strlen(c->run.all)] = *w;
        snprintf(c->run.words + used, sizeof c->run.words - used, "%s%s",
                 used ? " " : "", t->word);
        c->run_words++;
        c->small = 0;
    } else if (c->run_words > 0 && is_small_word(t->word) &&
               used + strlen(t->word) + 2 < sizeof c->run.words) {
        if (c->small++ == 0)
            c->small_at = used;
        if (strlen(c->run.all) < ACRONYM_MAX)
            c->run.all[strlen(c->run.all)] = (char)(t->word[0] - 'a' + 'A');
        snprintf(c->run.words + used, sizeof c->run.words - used, " %s",
                 t->word);
    } else {
        end_run(c);
    }
    return 0;
}

/* Whether TEXT[0..LEN) is mostly capitals, where case tells no name. */
static bool shouting(const char *text, size_t len)
{
    size_t upper = 0, lower = 0;
    for (size_t i = 0; i < len; i++) {
        upper += text[i] >= 'A' && text[i] <= 'Z';
        lower += text[i] >= 'a' && text[i] <= 'z';
    }
    return upper > lower;
}

/* Appends a pair for each acronym of PASSAGES in capitals whose letters
 * are the initials of one of their names. */
static void find_initials(jf_analyzer_t *a, const jf_passage_text_t *passages,
                          size_t count, jf_buf_t *out)
{
    initials_ctx_t c;
    jf_buf_t pair = JF_BUF_INIT;
    memset(&c, 0, sizeof c);
    for (size_t p = 0; p < count; p++) {
        if (shouting(passages[p].text, passages[p].len))
            continue;
        c.text = passages[p].text;
        c.last_end = 0;
        jf_analyze(a, c.text, passages[p].len, 1, read_names, &c);
        end_run(&c);
    }
    for (size_t i = 0; i < c.acronyms.n; i++) {
        const char *acr = c.acronyms.items[i];
        for (size_t k = 0; k < c.names.n; k++) {
            if (strcmp(c.names.items[k].initials, acr) != 0 &&
                strcmp(c.names.items[k].all, acr) != 0)
                continue;
            jf_buf_reset(&pair);
            for (const char *l = acr; *l; l++)
                jf_buf_putc(&pair, (char)(*l - 'A' + 'a'));
            jf_buf_printf(&pair, "=%s", c.names.items[k].words);
            add_pair(out, &pair);
            break;
        }
        free(c.acronyms.items[i]);
    }
    JF_VEC_FREE(&c.acronyms);
    JF_VEC_FREE(&c.names);
    jf_buf_free(&pair);
}

/* ------------------------------------------------------------------ */

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
            add_pair(out, &pair);
        }
    }
    jf_buf_free(&pair);
    find_initials(analyzer, passages, count, out);
}
