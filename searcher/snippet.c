/* snippet.c - the part of a passage shown to the reader (see snippet.h).
 *
 * Four linear steps over one passage:
 *   1. Analyse it with text.h and keep only the tokens whose term is in
 *      some pattern ("hits"); every other token is irrelevant, because a
 *      phrase matches only where each of its terms is a hit.
 *   2. Match the patterns against the hits: a one-term pattern marks every
 *      token with that term, joined compounds included (their bytes are the
 *      whole compound); a longer pattern marks, as one span, a run of
 *      ordinary tokens at consecutive positions.  Spans are sorted and
 *      overlapping or touching ones merged.
 *   3. Copy the passage with each white space run (ASCII and Unicode
 *      spaces, line breaks) shown as one space and the ends trimmed,
 *      translating span offsets in the same pass.
 *   4. If that is longer than max_bytes, keep the window holding the most
 *      spans (the earliest on ties, the spans centred in it), moved to
 *      spaces so no word is cut, and mark each cut with "…" (no space
 *      between the ellipsis and the text).  A window edge only moves
 *      inwards as far as the highlighted group, and outwards at most
 *      WORD_REACH bytes; a word longer than that (a URL, an unspaced
 *      script) is cut at a character boundary instead.  Spans crossing an
 *      edge are clipped to it.
 *
 * The snippet text is the buffer of step 3, edited in place, and the spans
 * are edited in place too, so a snippet costs three allocations plus the
 * growth of the hit and span arrays.
 */
#include "snippet.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "document.h"
#include "vec.h"

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */
#define ELLIPSIS_LEN 3
/* How far a window edge may move outwards to reach a space. */
#define WORD_REACH 24

/* ------------------------------------------------------------- matching */

typedef struct {
    size_t start, end;
    unsigned pos;
    bool joined;
    const char *term; /* the pattern's copy of the token's term */
} hit_t;

typedef struct {
    const jf_patterns_t *h;
    JF_VEC(hit_t) hits;
    const char *text;     /* the passage, for the dates in it */
    size_t len;
    bool dates;           /* some pattern is a date term */
} collect_t;

/* A date written where token T starts, when a pattern is its date term:
 * the whole date is the hit.  True when it is. */
static bool collect_date(collect_t *c, const jf_token_t *t)
{
    char term[JF_DATE_TERM_MAX];
    size_t used;
    if (!c->dates || (t->flags & JF_TOKEN_JOINED) ||
        !(used = jf_date_term(c->text + t->start, c->len - t->start, term)))
        return false;
    for (size_t i = 0; i < c->h->n; i++) {
        const jf_pattern_t *p = &c->h->items[i];
        if (p->n == 1 && strcmp(p->terms[0], term) == 0) {
            JF_VEC_PUSH(&c->hits, ((hit_t){ t->start, t->start + used, t->pos,
                                            false, p->terms[0] }));
            return true;
        }
    }
    return false;
}

static int collect_hit(const jf_token_t *t, void *ctx)
{
    collect_t *c = ctx;
    if (collect_date(c, t))
        return 0;
    for (size_t i = 0; i < c->h->n; i++) {
        const jf_pattern_t *p = &c->h->items[i];
        for (size_t k = 0; k < p->n; k++) {
            if (strcmp(p->terms[k], t->term) != 0)
                continue;
            JF_VEC_PUSH(&c->hits, ((hit_t){ t->start, t->end, t->pos,
                                            (t->flags & JF_TOKEN_JOINED) != 0,
                                            p->terms[k] }));
            return 0;
        }
    }
    return 0;
}

typedef JF_VEC(jf_span_t) span_list_t;

static void span_push(span_list_t *l, size_t start, size_t end)
{
    JF_VEC_PUSH(l, ((jf_span_t){ start, end }));
}

/* The next ordinary (not joined) hit after index I, or N. */
static size_t next_plain(const hit_t *hits, size_t n, size_t i)
{
    do
        i++;
    while (i < n && hits[i].joined);
    return i;
}

/* Adds the spans of pattern P found in HITS; returns how many. */
static size_t match_pattern(const jf_pattern_t *p, const hit_t *hits,
                            size_t n, span_list_t *out)
{
    size_t found = 0;
    if (p->n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(hits[i].term, p->terms[0]) != 0)
            continue;
        if (p->n == 1) {
            span_push(out, hits[i].start, hits[i].end);
            found++;
            continue;
        }
        if (hits[i].joined)
            continue;
        /* Only hits are kept, so the word at the next position, if it is
         * the next term, is the next ordinary hit. */
        size_t j = i, k = 1;
        for (; k < p->n; k++) {
            j = next_plain(hits, n, j);
            if (j >= n || hits[j].pos != hits[i].pos + k ||
                strcmp(hits[j].term, p->terms[k]) != 0)
                break;
        }
        if (k == p->n) {
            span_push(out, hits[i].start, hits[j].end);
            found++;
        }
    }
    return found;
}

static int compare_spans(const void *a, const void *b)
{
    const jf_span_t *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

/* Sorts L and merges overlapping or touching spans. */
static void merge_spans(span_list_t *l)
{
    if (l->n == 0)
        return;
    qsort(l->items, l->n, sizeof *l->items, compare_spans);
    size_t w = 0;
    for (size_t i = 1; i < l->n; i++) {
        if (l->items[i].start <= l->items[w].end) {
            if (l->items[i].end > l->items[w].end)
                l->items[w].end = l->items[i].end;
        } else {
            l->items[++w] = l->items[i];
        }
    }
    l->n = w + 1;
}

/* ----------------------------------------------------------- white space */

/* Length of the white space character at S[I], or 0: ASCII white space,
 * NEL, no-break space and the other Unicode spaces and separators. */
static size_t space_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned char c = s[i];
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r');
    if (c == 0xC2)
        return i + 1 < len && (s[i + 1] == 0x85 || s[i + 1] == 0xA0) ? 2 : 0;
    if (c < 0xE1 || c > 0xE3 || i + 2 >= len)
        return 0;
    unsigned char c1 = s[i + 1], c2 = s[i + 2];
    if ((c == 0xE1 && c1 == 0x9A && c2 == 0x80) || /* U+1680 */
        (c == 0xE2 && c1 == 0x80 &&
         (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF)) ||
        (c == 0xE2 && c1 == 0x81 && c2 == 0x9F) ||   /* U+205F */
        (c == 0xE3 && c1 == 0x80 && c2 == 0x80))     /* U+3000 */
        return 3;
    return 0;
}

/* Copies S[0..LEN) into OUT with white space collapsed and trimmed;
 * rewrites the (sorted, disjoint) SPANS to offsets in OUT.  Returns the
 * length written. */
static size_t collapse(const char *text, size_t len, char *out,
                       jf_span_t *spans, size_t nspans)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0, i = 0, k = 0, nbounds = 2 * nspans;
    bool space_pending = false;

    while (i < len) {
        size_t w = space_len(s, len, i);
        if (!w && space_pending) {
            out[o++] = ' ';
            space_pending = false;
        }
        /* A span boundary at a space (an end) maps before it. */
        for (; k < nbounds; k++) {
            size_t *b = k % 2 ? &spans[k / 2].end : &spans[k / 2].start;
            if (*b > i)
                break;
            *b = o;
        }
        if (w) {
            space_pending = o > 0;
            i += w;
        } else {
            out[o++] = (char)s[i++];
        }
    }
    for (; k < nbounds; k++)
        *(k % 2 ? &spans[k / 2].end : &spans[k / 2].start) = o;
    out[o] = '\0';
    return o;
}

/* --------------------------------------------------------------- window */

static bool is_continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* Moves the window start WS of T to a word start.  Moving inwards stops
 * at LIMIT (the first highlight). */
static size_t cut_start(const char *t, size_t ws, size_t limit)
{
    if (ws == 0 || t[ws - 1] == ' ' || t[ws] == ' ')
        return ws;
    const char *space = limit > ws ? memchr(t + ws, ' ', limit - ws) : NULL;
    if (space)
        return (size_t)(space - t) + 1;
    for (size_t p = ws; p > 0 && ws - p < WORD_REACH; p--)
        if (p == 1 || t[p - 1] == ' ')
            return t[p - 1] == ' ' ? p : 0;
    while (ws > 0 && is_continuation(t[ws]))
        ws--;
    return ws;
}

/* Moves the window end WE of T[0..L) to a word end.  Moving inwards stops
 * at LIMIT (the end of the last highlight). */
static size_t cut_end(const char *t, size_t l, size_t ws, size_t we,
                      size_t limit)
{
    if (we == l || t[we] == ' ' || (we > 0 && t[we - 1] == ' '))
        return we;
    for (size_t p = we; p > limit; p--)
        if (t[p - 1] == ' ')
            return p - 1;
    for (size_t p = we; p < l && p - we < WORD_REACH; p++)
        if (t[p] == ' ')
            return p;
    if (l - we < WORD_REACH)
        return l;
    while (we > ws && is_continuation(t[we]))
        we--;
    return we;
}

/* Cuts T[0..*L) (room for two ellipses more) to about MAX_BYTES around
 * the most SPANS; updates *L, SPANS and *NSPANS. */
static void window(char *t, size_t *l, size_t max_bytes, jf_span_t *spans,
                   size_t *nspans)
{
    size_t len = *l, n = *nspans;
    /* The ellipses come out of MAX_BYTES, unless it is too small to share. */
    size_t budget = max_bytes > 4 * ELLIPSIS_LEN ? max_bytes - 2 * ELLIPSIS_LEN
                                                 : max_bytes;
    size_t best = 0, first = 0, last = 0;

    /* Spans [first, last) fit in the budget and are the most that do. */
    for (size_t i = 0, j = 0; i < n; i++) {
        if (j < i)
            j = i;
        while (j < n && spans[j].end - spans[i].start <= budget)
            j++;
        if (j - i > best) {
            best = j - i;
            first = i;
            last = j;
        }
    }

    size_t s = 0, e = 0, ws = 0, we;
    if (best) {
        s = spans[first].start;
        e = spans[last - 1].end;
        size_t slack = budget - (e - s);
        ws = s > slack / 2 ? s - slack / 2 : 0;
    } else if (n) {
        /* Every highlight is longer than the budget: show the first. */
        s = e = ws = spans[0].start;
    }
    we = ws + budget;
    if (we > len) {
        we = len;
        ws = len > budget ? len - budget : 0;
    }

    /* Cutting inwards may cost at most half the window. */
    size_t half = ws + (we - ws) / 2;
    ws = cut_start(t, ws, s < half ? s : half);
    we = cut_end(t, len, ws, we, e > half ? e : half);
    if (ws < we && t[ws] == ' ')
        ws++;
    if (we > ws && t[we - 1] == ' ')
        we--;

    size_t head = ws > 0 ? ELLIPSIS_LEN : 0;
    memmove(t + head, t + ws, we - ws);
    memcpy(t, ELLIPSIS, head);
    size_t out = head + (we - ws);
    if (we < len) {
        memcpy(t + out, ELLIPSIS, ELLIPSIS_LEN);
        out += ELLIPSIS_LEN;
    }
    t[out] = '\0';
    *l = out;

    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        size_t a = spans[i].start > ws ? spans[i].start : ws;
        size_t b = spans[i].end < we ? spans[i].end : we;
        if (a < b)
            spans[kept++] = (jf_span_t){ a - ws + head, b - ws + head };
    }
    *nspans = kept;
}

/* --------------------------------------------------------------- public */

void jf_snippet_make(jf_analyzer_t *a, const char *text, size_t len,
                     const jf_patterns_t *h, size_t max_bytes,
                     jf_snippet_t *out)
{
    span_list_t spans = { NULL, 0, 0 };
    size_t matches = 0;

    if (h->n) {
        collect_t c = { h, { NULL, 0, 0 }, text, len, false };
        for (size_t i = 0; i < h->n && !c.dates; i++)
            c.dates = jf_is_date_term(h->items[i].terms[0]);
        jf_analyze(a, text, len, 1, collect_hit, &c);
        for (size_t i = 0; i < h->n; i++)
            matches += match_pattern(&h->items[i], c.hits.items, c.hits.n,
                                     &spans);
        JF_VEC_FREE(&c.hits);
        merge_spans(&spans);
    }

    char *t = jf_malloc(len + 2 * ELLIPSIS_LEN + 1);
    size_t l = collapse(text, len, t, spans.items, spans.n);
    if (l > max_bytes)
        window(t, &l, max_bytes, spans.items, &spans.n);

    out->text = t;
    out->len = l;
    out->spans = spans.items;
    out->nspans = spans.n;
    out->matches = matches;
}

void jf_snippet_free(jf_snippet_t *s)
{
    free(s->text);
    free(s->spans);
    s->text = NULL;
    s->spans = NULL;
    s->len = s->nspans = s->matches = 0;
}
