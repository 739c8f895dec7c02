/* render.c - results for people and for programs.
 *
 * Text output follows grep's manners: colour only on a terminal (or when
 * asked), and nothing decorative when piped.  JSON output is built with
 * lib/json.c so that it is valid whatever bytes the query holds.
 */
#include "render.h"

#include <string.h>

#include "buf.h"
#include "json.h"

/* SGR sequences: bold for the headline, like grep's colours otherwise. */
#define SGR_RESET "\033[0m"
#define SGR_TITLE "\033[1m"
#define SGR_PATH "\033[35m"
#define SGR_SCORE "\033[2m"
#define SGR_MATCH "\033[1;31m"

/* Writes S[0..LEN) with control characters shown as '?', so stored text or
 * a query can never move the cursor or change the terminal's colours. */
static void put_clean(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
    }
}

static void put_snippet(FILE *out, const jf_snippet_t *s, bool color)
{
    size_t at = 0;
    for (size_t i = 0; i < s->nspans; i++) {
        const jf_span_t *span = &s->spans[i];
        put_clean(out, s->text + at, span->start - at);
        if (color)
            fputs(SGR_MATCH, out);
        put_clean(out, s->text + span->start, span->end - span->start);
        if (color)
            fputs(SGR_RESET, out);
        at = span->end;
    }
    put_clean(out, s->text + at, s->len - at);
}

void jf_render_text(FILE *out, const char *query, const jf_results_t *r,
                    bool color)
{
    if (r->relaxed && r->n > 0)
        fprintf(out, "No passage has every word; showing passages that "
                     "have some of them.\n\n");
    for (size_t i = 0; i < r->n; i++) {
        const jf_hit_t *h = &r->hits[i];
        fprintf(out, "%u. ", h->rank);
        fputs(color ? SGR_TITLE : "", out);
        put_clean(out, h->title, strlen(h->title));
        fputs(color ? SGR_RESET : "", out);
        fprintf(out, "\n   %s", color ? SGR_PATH : "");
        put_clean(out, h->path, strlen(h->path));
        fprintf(out, "%s, passage %u  %sscore %.3f%s\n   ",
                color ? SGR_RESET : "", h->passage, color ? SGR_SCORE : "",
                h->score, color ? SGR_RESET : "");
        put_snippet(out, &h->snippet, color);
        fputs("\n\n", out);
    }
    if (r->n == 0) {
        fputs("No passage matches \"", out);
        put_clean(out, query, strlen(query));
        fputs("\".\n", out);
        return;
    }
    unsigned first = r->hits[0].rank, last = r->hits[r->n - 1].rank;
    fprintf(out, "%llu %s \"", (unsigned long long)r->total,
            r->total == 1 ? "passage matches" : "passages match");
    put_clean(out, query, strlen(query));
    fprintf(out, "\"; showing %u-%u.\n", first, last);
}

static void json_field(jf_buf_t *b, const char *name)
{
    jf_json_string(b, name, strlen(name));
    jf_buf_putc(b, ':');
}

void jf_render_json(FILE *out, const char *query, const jf_results_t *r)
{
    jf_buf_t b = JF_BUF_INIT;
    jf_buf_putc(&b, '{');
    json_field(&b, "query");
    jf_json_string(&b, query, strlen(query));
    jf_buf_putc(&b, ',');
    json_field(&b, "total");
    jf_json_number(&b, (double)r->total);
    jf_buf_putc(&b, ',');
    json_field(&b, "relaxed");
    jf_buf_puts(&b, r->relaxed ? "true" : "false");
    jf_buf_putc(&b, ',');
    json_field(&b, "results");
    jf_buf_putc(&b, '[');
    for (size_t i = 0; i < r->n; i++) {
        const jf_hit_t *h = &r->hits[i];
        if (i)
            jf_buf_putc(&b, ',');
        jf_buf_putc(&b, '{');
        json_field(&b, "rank");
        jf_json_number(&b, h->rank);
        jf_buf_putc(&b, ',');
        json_field(&b, "score");
        jf_json_number(&b, h->score);
        jf_buf_putc(&b, ',');
        json_field(&b, "path");
        jf_json_string(&b, h->path, strlen(h->path));
        jf_buf_putc(&b, ',');
        json_field(&b, "title");
        jf_json_string(&b, h->title, strlen(h->title));
        jf_buf_putc(&b, ',');
        json_field(&b, "passage");
        jf_json_number(&b, h->passage);
        jf_buf_putc(&b, ',');
        json_field(&b, "text");
        jf_json_string(&b, h->text, h->text_len);
        jf_buf_putc(&b, ',');
        json_field(&b, "snippet");
        jf_json_string(&b, h->snippet.text, h->snippet.len);
        jf_buf_putc(&b, ',');
        json_field(&b, "highlights");
        jf_buf_putc(&b, '[');
        for (size_t k = 0; k < h->snippet.nspans; k++)
            jf_buf_printf(&b, "%s[%zu,%zu]", k ? "," : "",
                          h->snippet.spans[k].start, h->snippet.spans[k].end);
        jf_buf_puts(&b, "]}");
    }
    jf_buf_puts(&b, "]}\n");
    fwrite(b.data, 1, b.len, out);
    jf_buf_free(&b);
}
