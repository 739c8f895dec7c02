/* render.c - results for people and for programs.
 *
 * Text output follows grep's manners: colour only on a terminal (or when
 * asked), and nothing decorative when piped.  JSON output is built with
 * lib/json.c so that it is valid whatever bytes the query holds.  Both
 * forms say when a query was expanded with synonyms or corrected.
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

void jf_render_clean(FILE *out, const char *s, size_t len)
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
        jf_render_clean(out, s->text + at, span->start - at);
        if (color)
            fputs(SGR_MATCH, out);
        jf_render_clean(out, s->text + span->start, span->end - span->start);
        if (color)
            fputs(SGR_RESET, out);
        at = span->end;
    }
    jf_render_clean(out, s->text + at, s->len - at);
}

static void put_str(FILE *out, const char *s)
{
    jf_render_clean(out, s, strlen(s));
}

/* "Expanded: raa → reciprocal access agreement; ..." and the spelling
 * notices, each one line, before the results. */
static bool put_notices(FILE *out, const char *query, const jf_query_t *q,
                        const jf_results_t *r)
{
    jf_expansions_t ex = { 0 };
    jf_query_expansions(q, &ex);
    for (size_t i = 0; i < ex.n; i++) {
        const jf_expansion_t *e = &ex.items[i];
        fputs(i ? "; " : "Expanded: ", out);
        put_str(out, e->from);
        fputs(" \u2192 ", out);
        for (size_t k = 0; k < e->nto; k++) {
            fputs(k ? ", " : "", out);
            put_str(out, e->to[k]);
        }
    }
    bool expanded = ex.n > 0;
    jf_expansions_free(&ex);
    if (expanded)
        fputc('\n', out);
    if (r->corrected) {
        fputs("Showing results for ", out);
        put_str(out, r->corrected);
        fputs("; no passage matches ", out);
        put_str(out, query);
        fputs(".\n", out);
    }
    if (r->suggestion) {
        fputs("Did you mean: ", out);
        put_str(out, r->suggestion);
        fputs("?\n", out);
    }
    return expanded || r->corrected || r->suggestion;
}

/* "Reuters, 2023-05-18 · " when the article's source or date is known. */
static void put_source_date(FILE *out, const jf_hit_t *h)
{
    put_str(out, h->source);
    fputs(*h->source && *h->date ? ", " : "", out);
    put_str(out, h->date);
    fputs(*h->source || *h->date ? " \u00b7 " : "", out);
}

static void put_explain(FILE *out, const jf_hit_t *h, const jf_results_t *r)
{
    double sum = 0;
    for (size_t k = 0; k < h->nexplain; k++)
        sum += h->explain[k].weight;
    fprintf(out, "   why: %.3f = BM25 over %llu passages of %.1f terms on "
                 "average; this one has %llu\n", sum,
            (unsigned long long)r->doc_count, r->avg_length,
            (unsigned long long)h->doc_length);
    if (h->proximity > 0)
        fprintf(out, "        + %.3f  query words standing near each other "
                     "in it\n", h->proximity);
    if (h->context > 0)
        fprintf(out, "        + %.3f  its article's share: the article's "
                     "BM25 over the articles, weighted\n", h->context);
    for (size_t k = 0; k < h->nexplain; k++) {
        const jf_explain_t *e = &h->explain[k];
        fprintf(out, "     %7.3f  ", e->weight);
        put_str(out, e->term);
        fprintf(out, "  (wdf %llu, df %llu", (unsigned long long)e->wdf,
                (unsigned long long)e->df);
        if (e->count > 1)
            fprintf(out, ", %u times in the query", e->count);
        fputs(")\n", out);
    }
}

/* "N passages match "QUERY"" (or "About N"), without the full stop. */
static void put_total(FILE *out, const char *query, const jf_results_t *r)
{
    fprintf(out, "%s%llu %s \"", r->estimated ? "About " : "",
            (unsigned long long)r->total,
            r->total == 1 ? "passage matches" : "passages match");
    jf_render_clean(out, query, strlen(query));
    fputc('"', out);
}

/* When no result is shown, why: the page is past the last match, the
 * dates left out every match, or nothing matches. */
static void put_none(FILE *out, const char *query, const jf_results_t *r)
{
    if (r->total > 0) {
        put_total(out, query, r);
        fprintf(out, "; --offset %u is past the last of them.\n", r->offset);
        return;
    }
    fputs("No passage matches \"", out);
    jf_render_clean(out, query, strlen(query));
    if (r->outside_dates == 0)
        fputs("\".\n", out);
    else if (r->undated == r->outside_dates)
        fprintf(out, "\" in those dates: the %llu that match are all in "
                "articles whose date is not known, which --since and "
                "--until leave out.\n", (unsigned long long)r->undated);
    else
        fprintf(out, "\" in those dates: %llu match at other dates or none "
                "(%llu in articles whose date is not known, which --since "
                "and --until leave out).\n",
                (unsigned long long)r->outside_dates,
                (unsigned long long)r->undated);
}

void jf_render_text(FILE *out, const char *query, const jf_query_t *q,
                    const jf_results_t *r, bool color, bool explain)
{
    if (put_notices(out, query, q, r))
        fputc('\n', out);
    if (r->relaxed && r->n > 0)
        fprintf(out, "No passage has every word; showing passages that "
                     "have some of them.\n\n");
    for (size_t i = 0; i < r->n; i++) {
        const jf_hit_t *h = &r->hits[i];
        if (h->partial && !r->relaxed && (i == 0 || !r->hits[i - 1].partial))
            fprintf(out, "Passages with only some of the words:\n\n");
        fprintf(out, "%u. ", h->rank);
        fputs(color ? SGR_TITLE : "", out);
        put_str(out, h->title);
        fputs(color ? SGR_RESET : "", out);
        fputs("\n   ", out);
        put_source_date(out, h);
        fputs(color ? SGR_PATH : "", out);
        put_str(out, h->path);
        fprintf(out, "%s, passage %u  %sscore %.3f%s\n   ",
                color ? SGR_RESET : "", h->passage, color ? SGR_SCORE : "",
                h->score, color ? SGR_RESET : "");
        put_snippet(out, &h->snippet, color);
        fputc('\n', out);
        if (explain)
            put_explain(out, h, r);
        fputc('\n', out);
    }
    if (r->corrected)
        query = r->corrected;
    if (r->n == 0) {
        put_none(out, query, r);
        return;
    }
    unsigned first = r->hits[0].rank, last = r->hits[r->n - 1].rank;
    put_total(out, query, r);
    if (r->complete != r->total && r->complete > 0)
        fprintf(out, " (%llu with every word)",
                (unsigned long long)r->complete);
    fprintf(out, "; showing %u-%u.\n", first, last);
}

static void json_field(jf_buf_t *b, const char *name)
{
    jf_json_string(b, name, strlen(name));
    jf_buf_putc(b, ':');
}

static void json_str(jf_buf_t *b, const char *s)
{
    jf_json_string(b, s, strlen(s));
}

/* A string field, null when empty (unknown). */
static void json_optional(jf_buf_t *b, const char *name, const char *value)
{
    jf_buf_putc(b, ',');
    json_field(b, name);
    if (value && *value)
        json_str(b, value);
    else
        jf_buf_puts(b, "null");
}

static void json_notices(jf_buf_t *b, const char *query, const jf_query_t *q,
                         const jf_results_t *r)
{
    jf_expansions_t ex = { 0 };
    jf_query_expansions(q, &ex);
    json_field(b, "expanded");
    jf_buf_putc(b, '[');
    for (size_t i = 0; i < ex.n; i++) {
        const jf_expansion_t *e = &ex.items[i];
        jf_buf_puts(b, i ? ",{" : "{");
        json_field(b, "from");
        json_str(b, e->from);
        jf_buf_putc(b, ',');
        json_field(b, "to");
        jf_buf_putc(b, '[');
        for (size_t k = 0; k < e->nto; k++) {
            jf_buf_puts(b, k ? "," : "");
            json_str(b, e->to[k]);
        }
        jf_buf_puts(b, "]}");
    }
    jf_expansions_free(&ex);
    jf_buf_puts(b, "],");
    json_field(b, "corrected");
    if (r->corrected) {
        jf_buf_putc(b, '{');
        json_field(b, "from");
        json_str(b, query);
        jf_buf_putc(b, ',');
        json_field(b, "to");
        json_str(b, r->corrected);
        jf_buf_putc(b, '}');
    } else {
        jf_buf_puts(b, "null");
    }
    json_optional(b, "suggestion", r->suggestion);
    jf_buf_putc(b, ',');
}

static void json_explain(jf_buf_t *b, const jf_hit_t *h)
{
    jf_buf_putc(b, ',');
    json_field(b, "length");
    jf_json_number(b, (double)h->doc_length);
    jf_buf_putc(b, ',');
    json_field(b, "article_score");
    jf_json_number(b, h->context);
    jf_buf_putc(b, ',');
    json_field(b, "proximity_score");
    jf_json_number(b, h->proximity);
    jf_buf_putc(b, ',');
    json_field(b, "explain");
    jf_buf_putc(b, '[');
    for (size_t k = 0; k < h->nexplain; k++) {
        const jf_explain_t *e = &h->explain[k];
        jf_buf_puts(b, k ? ",{" : "{");
        json_field(b, "term");
        json_str(b, e->term);
        jf_buf_putc(b, ',');
        json_field(b, "wdf");
        jf_json_number(b, (double)e->wdf);
        jf_buf_putc(b, ',');
        json_field(b, "df");
        jf_json_number(b, (double)e->df);
        jf_buf_putc(b, ',');
        json_field(b, "weight");
        jf_json_number(b, e->weight);
        jf_buf_putc(b, ',');
        json_field(b, "count");
        jf_json_number(b, e->count);
        jf_buf_putc(b, '}');
    }
    jf_buf_putc(b, ']');
}

/* One result: the passage, its article's fields, its snippet and
 * highlights, and with EXPLAIN its score's parts. */
static void json_hit(jf_buf_t *b, const jf_hit_t *h, bool explain)
{
    jf_buf_putc(b, '{');
    json_field(b, "rank");
    jf_json_number(b, h->rank);
    jf_buf_putc(b, ',');
    json_field(b, "score");
    jf_json_number(b, h->score);
    jf_buf_putc(b, ',');
    json_field(b, "article_id");
    jf_json_string(b, h->article_id, strlen(h->article_id));
    jf_buf_putc(b, ',');
    json_field(b, "path");
    jf_json_string(b, h->path, strlen(h->path));
    jf_buf_putc(b, ',');
    json_field(b, "title");
    jf_json_string(b, h->title, strlen(h->title));
    json_optional(b, "source", h->source);
    json_optional(b, "date", h->date);
    json_optional(b, "byline", h->byline);
    json_optional(b, "dateline", h->dateline);
    jf_buf_putc(b, ',');
    json_field(b, "passage");
    jf_json_number(b, h->passage);
    jf_buf_putc(b, ',');
    json_field(b, "partial");
    jf_buf_puts(b, h->partial ? "true," : "false,");
    json_field(b, "text");
    jf_json_string(b, h->text, h->text_len);
    jf_buf_putc(b, ',');
    json_field(b, "snippet");
    jf_json_string(b, h->snippet.text, h->snippet.len);
    jf_buf_putc(b, ',');
    json_field(b, "highlights");
    jf_buf_putc(b, '[');
    for (size_t k = 0; k < h->snippet.nspans; k++)
        jf_buf_printf(b, "%s[%zu,%zu]", k ? "," : "",
                      h->snippet.spans[k].start, h->snippet.spans[k].end);
    jf_buf_putc(b, ']');
    if (explain)
        json_explain(b, h);
    jf_buf_putc(b, '}');
}

void jf_render_json(FILE *out, const char *query, const jf_query_t *q,
                    const jf_results_t *r, bool explain)
{
    jf_buf_t b = JF_BUF_INIT;
    jf_render_json_buf(&b, query, q, r, explain);
    fwrite(b.data, 1, b.len, out);
    jf_buf_free(&b);
}

void jf_render_json_buf(jf_buf_t *out, const char *query, const jf_query_t *q,
                        const jf_results_t *r, bool explain)
{
    jf_buf_t b = *out;
    jf_buf_putc(&b, '{');
    json_field(&b, "query");
    jf_json_string(&b, query, strlen(query));
    jf_buf_putc(&b, ',');
    json_notices(&b, query, q, r);
    json_field(&b, "total");
    jf_json_number(&b, (double)r->total);
    jf_buf_putc(&b, ',');
    json_field(&b, "estimated");
    jf_buf_puts(&b, r->estimated ? "true" : "false");
    jf_buf_putc(&b, ',');
    json_field(&b, "complete");
    jf_json_number(&b, (double)r->complete);
    jf_buf_putc(&b, ',');
    json_field(&b, "relaxed");
    jf_buf_puts(&b, r->relaxed ? "true" : "false");
    jf_buf_putc(&b, ',');
    if (r->outside_dates > 0) {
        json_field(&b, "outside_dates");
        jf_buf_putc(&b, '{');
        json_field(&b, "total");
        jf_json_number(&b, (double)r->outside_dates);
        jf_buf_putc(&b, ',');
        json_field(&b, "undated");
        jf_json_number(&b, (double)r->undated);
        jf_buf_puts(&b, "},");
    }
    if (r->nmissing > 0) {
        json_field(&b, "missing_shards");
        jf_buf_putc(&b, '[');
        for (size_t i = 0; i < r->nmissing; i++) {
            if (i)
                jf_buf_putc(&b, ',');
            jf_json_string(&b, r->missing[i], strlen(r->missing[i]));
        }
        jf_buf_puts(&b, "],");
    }
    if (explain) {
        json_field(&b, "passages");
        jf_json_number(&b, (double)r->doc_count);
        jf_buf_putc(&b, ',');
        json_field(&b, "average_length");
        jf_json_number(&b, r->avg_length);
        jf_buf_putc(&b, ',');
    }
    json_field(&b, "results");
    jf_buf_putc(&b, '[');
    for (size_t i = 0; i < r->n; i++) {
        if (i)
            jf_buf_putc(&b, ',');
        json_hit(&b, &r->hits[i], explain);
    }
    jf_buf_puts(&b, "]}\n");
    *out = b;
}
