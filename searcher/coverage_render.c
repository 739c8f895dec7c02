/* coverage_render.c - the coverage report as a table, CSV and JSON.
 *
 * The table is for an editor at a terminal: one glance says which cells
 * are coverage (marked, and green on a terminal), which are only
 * mentions, and which topics nobody covers.  CSV is one row per topic and
 * article, the shape a spreadsheet pivots; JSON carries everything,
 * written with lib/json.c so it is valid whatever the text holds.
 */
#include "coverage_render.h"

#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "buf.h"
#include "csv.h"
#include "json.h"
#include "render.h"

#define SGR_RESET "\033[0m"
#define SGR_HEAD "\033[1m"
#define SGR_COVERED "\033[1;32m"
#define SGR_MENTION "\033[33m"
#define SGR_NONE "\033[2m"
#define SGR_MISSING "\033[1;31m"

/* A topic label is cut to this many columns in the table. */
enum { LABEL_MAX_WIDTH = 32 };
/* Sources named in a topic's line before "and N more". */
enum { SOURCES_SHOWN = 5 };

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* ---------------------------------------------------------------- table */

/* Terminal columns S takes when shown within MAX: *FITS is the bytes
 * shown, all of S when it fits, else the longest start of it within MAX - 1
 * columns (the last one is for "…"). */
static size_t label_width(const char *s, size_t max, size_t *fits)
{
    size_t len = strlen(s), width = 0, cut = 0, cut_width = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        width += n > 0 ? (size_t)utf8proc_charwidth(c) : 1;
        i += n > 0 ? (size_t)n : 1;
        if (width < max) {
            cut = i;
            cut_width = width;
        }
    }
    if (width <= max) {
        *fits = len;
        return width;
    }
    *fits = cut;
    return cut_width + 1;
}

static void paint(FILE *out, bool color, const char *sgr, const char *text)
{
    if (color)
        fputs(sgr, out);
    fputs(text, out);
    if (color)
        fputs(SGR_RESET, out);
}

static void pad(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

static void put_label(FILE *out, const char *label, size_t width)
{
    size_t fits;
    size_t w = label_width(label, LABEL_MAX_WIDTH, &fits);
    jf_render_clean(out, label, fits);
    if (fits < strlen(label))
        fputs("\u2026", out);
    pad(out, width - w);
}

static size_t label_column(const jf_coverage_t *c)
{
    size_t width = strlen("topic"), fits;
    for (size_t k = 0; k < c->ntopics; k++) {
        size_t w = label_width(c->topics[k].topic->label, LABEL_MAX_WIDTH,
                               &fits);
        if (w > width)
            width = w;
    }
    return width;
}

/* Wide enough for the largest article number ("A12") and for the largest
 * count with its mark. */
static size_t cell_column(const jf_coverage_t *c)
{
    char text[32];
    size_t width = (size_t)snprintf(text, sizeof text, "A%zu", c->narticles);
    for (size_t k = 0; k < c->ntopics; k++) {
        if (c->topics[k].ncells == 0)
            continue;
        size_t w = (size_t)snprintf(text, sizeof text, "%llu*",
                                    (unsigned long long)c->topics[k].most);
        if (w > width)
            width = w;
    }
    return width;
}

static void put_cell(FILE *out, const jf_cov_cell_t *cell, size_t width,
                     bool color)
{
    char text[32];
    if (!cell) {
        pad(out, width - 1);
        paint(out, color, SGR_NONE, "\u00b7");
        return;
    }
    int n = snprintf(text, sizeof text, "%llu%s",
                     (unsigned long long)cell->passages,
                     cell->covered ? "*" : "");
    pad(out, width - (size_t)n);
    paint(out, color, cell->covered ? SGR_COVERED : SGR_MENTION, text);
}

static void put_matrix(FILE *out, const jf_coverage_t *c,
                       const size_t *columns, size_t ncolumns, bool color)
{
    size_t lw = label_column(c), cw = cell_column(c);
    char text[32];
    if (color)
        fputs(SGR_HEAD, out);
    fputs("  topic", out);
    pad(out, lw - strlen("topic"));
    for (size_t i = 0; i < ncolumns; i++) {
        int n = snprintf(text, sizeof text, "A%zu", columns[i] + 1);
        pad(out, cw + 1 - (size_t)n);
        fputs(text, out);
    }
    fputs("  articles  passages", out);
    if (color)
        fputs(SGR_RESET, out);
    fputc('\n', out);
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        if (t->topic->required)
            paint(out, color, SGR_HEAD, "+ ");
        else
            fputs("  ", out);
        put_label(out, t->topic->label, lw);
        const jf_cov_cell_t *cells = jf_coverage_cells(c, k);
        for (size_t i = 0; i < ncolumns; i++) {
            fputc(' ', out);
            put_cell(out, cells ? jf_coverage_find(cells, t->ncells,
                                                   columns[i]) : NULL,
                     cw, color);
        }
        fprintf(out, "  %8zu  %8llu\n", t->covered,
                (unsigned long long)t->passages);
    }
}

/* "Reuters, 2023-05-18 · " when the article's source or date is known. */
static void put_source_date(FILE *out, const char *source, const char *date)
{
    jf_render_clean(out, source, strlen(source));
    fputs(*source && *date ? ", " : "", out);
    jf_render_clean(out, date, strlen(date));
    fputs(*source || *date ? " \u00b7 " : "", out);
}

static void put_articles(FILE *out, const jf_coverage_t *c,
                         const size_t *columns, size_t ncolumns, bool color)
{
    for (size_t i = 0; i < ncolumns; i++) {
        const jf_cov_article_t *a = &c->articles[columns[i]];
        char name[32];
        snprintf(name, sizeof name, "A%zu", columns[i] + 1);
        paint(out, color, SGR_HEAD, name);
        pad(out, 4 - (strlen(name) < 4 ? strlen(name) : 3));
        jf_render_clean(out, a->title, strlen(a->title));
        fputs("\n    ", out);
        put_source_date(out, a->source, a->date);
        jf_render_clean(out, a->path, strlen(a->path));
        fputc('\n', out);
    }
    if (ncolumns < c->narticles)
        fprintf(out, "(%zu of %zu articles with matching passages shown: "
                     "those covering the most topics; --max-articles=0 or "
                     "--csv/--json for all)\n", ncolumns, c->narticles);
}

static void put_sources(FILE *out, const jf_cov_topic_t *t)
{
    if (t->sources.n == 0) {
        fputs("no source known", out);
        return;
    }
    fputs(plural(t->sources.n, "source ", "sources "), out);
    size_t shown = t->sources.n < SOURCES_SHOWN ? t->sources.n : SOURCES_SHOWN;
    for (size_t i = 0; i < shown; i++) {
        fputs(i ? ", " : "", out);
        jf_render_clean(out, t->sources.items[i], strlen(t->sources.items[i]));
    }
    if (shown < t->sources.n)
        fprintf(out, " and %zu more", t->sources.n - shown);
}

static void put_topics(FILE *out, const jf_coverage_t *c, bool color)
{
    size_t covered = 0;
    for (size_t k = 0; k < c->ntopics; k++)
        covered += c->topics[k].covered > 0;
    if (covered) {
        paint(out, color, SGR_HEAD, "Covered:");
        fputc('\n', out);
    }
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        if (!t->covered)
            continue;
        fputs("  ", out);
        jf_render_clean(out, t->topic->label, strlen(t->topic->label));
        fprintf(out, ": %zu %s, %llu %s; ", t->covered,
                plural(t->covered, "article", "articles"),
                (unsigned long long)t->passages,
                plural(t->passages, "passage", "passages"));
        put_sources(out, t);
        if (!t->first_date[0])
            fputs("; no date known\n", out);
        else if (strcmp(t->first_date, t->last_date) == 0)
            fprintf(out, "; %s\n", t->first_date);
        else
            fprintf(out, "; %s to %s\n", t->first_date, t->last_date);
    }
    if (covered < c->ntopics) {
        paint(out, color, SGR_HEAD, "Not covered:");
        fputc('\n', out);
    }
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        if (t->covered)
            continue;
        fputs("  ", out);
        if (color && t->topic->required)
            fputs(SGR_MISSING, out);
        jf_render_clean(out, t->topic->label, strlen(t->topic->label));
        fputs(t->topic->required ? " (required)" : "", out);
        if (color && t->topic->required)
            fputs(SGR_RESET, out);
        if (t->ncells)
            fprintf(out, ": mentioned in %zu %s, %llu %s\n", t->ncells,
                    plural(t->ncells, "article", "articles"),
                    (unsigned long long)t->passages,
                    plural(t->passages, "passage", "passages"));
        else
            fputs(": no passage matches\n", out);
    }
}

void jf_coverage_table(FILE *out, const jf_coverage_t *c, size_t max_articles,
                       bool color)
{
    size_t *columns = jf_malloc((c->narticles ? c->narticles : 1) *
                                sizeof *columns);
    size_t ncolumns = jf_coverage_columns(c, max_articles, columns);
    put_matrix(out, c, columns, ncolumns, color);
    fprintf(out, "\nN* = N matching passages in the article, enough to "
                 "cover the topic (%u or more);\n+ = a required topic; "
                 "articles = how many articles cover it.\n\n",
            c->min_passages);
    put_articles(out, c, columns, ncolumns, color);
    fputc('\n', out);
    put_topics(out, c, color);
    free(columns);
}

/* ------------------------------------------------------------------ CSV */

static void csv_field(FILE *out, const char *s, bool last)
{
    jf_buf_t b = JF_BUF_INIT;
    jf_csv_field(&b, s, last);
    fwrite(b.data, 1, b.len, out);
    jf_buf_free(&b);
}

static const char *yes_no(bool b)
{
    return b ? "yes" : "no";
}

/* One row: topic T in article A (CELL), or T alone when both are NULL. */
static void csv_row(FILE *out, const jf_cov_topic_t *t,
                    const jf_cov_cell_t *cell, const jf_cov_article_t *a)
{
    char passages[32] = "0", score[32] = "", name[32] = "";
    if (cell) {
        snprintf(name, sizeof name, "A%zu", cell->article + 1);
        snprintf(passages, sizeof passages, "%llu",
                 (unsigned long long)cell->passages);
        snprintf(score, sizeof score, "%.3f", cell->best);
    }
    csv_field(out, t->topic->label, false);
    csv_field(out, t->topic->query, false);
    csv_field(out, yes_no(t->topic->required), false);
    csv_field(out, yes_no(t->covered > 0), false);
    csv_field(out, a ? a->path : "", false);
    csv_field(out, a ? a->title : "", false);
    csv_field(out, a ? a->source : "", false);
    csv_field(out, a ? a->date : "", false);
    csv_field(out, passages, false);
    csv_field(out, score, false);
    csv_field(out, yes_no(cell && cell->covered), false);
    csv_field(out, name, true);
}

void jf_coverage_csv(FILE *out, const jf_coverage_t *c)
{
    fputs("label,query,required,topic_covered,path,title,source,date,"
          "passages,best_score,covered,article\r\n", out);
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        const jf_cov_cell_t *cells = jf_coverage_cells(c, k);
        for (size_t i = 0; cells && i < t->ncells; i++)
            csv_row(out, t, &cells[i], &c->articles[cells[i].article]);
        if (t->ncells == 0)
            csv_row(out, t, NULL, NULL);
    }
}

/* ----------------------------------------------------------------- JSON */

static void json_key(jf_buf_t *b, const char *name, bool first)
{
    if (!first)
        jf_buf_putc(b, ',');
    jf_json_string(b, name, strlen(name));
    jf_buf_putc(b, ':');
}

static void json_text(jf_buf_t *b, const char *name, const char *value,
                      bool null_when_empty)
{
    json_key(b, name, false);
    if (null_when_empty && !*value)
        jf_buf_puts(b, "null");
    else
        jf_json_string(b, value, strlen(value));
}

static void json_number(jf_buf_t *b, const char *name, double v)
{
    json_key(b, name, false);
    jf_json_number(b, v);
}

static void json_bool(jf_buf_t *b, const char *name, bool v)
{
    json_key(b, name, false);
    jf_buf_puts(b, v ? "true" : "false");
}

/* "name": "A3": article I's number, as every format names it. */
static void json_name(jf_buf_t *b, size_t i)
{
    json_key(b, "name", false);
    jf_buf_printf(b, "\"A%zu\"", i + 1);
}

static void json_topic(jf_buf_t *b, const jf_coverage_t *c, size_t k)
{
    const jf_cov_topic_t *t = &c->topics[k];
    json_key(b, "label", true);
    jf_json_string(b, t->topic->label, strlen(t->topic->label));
    json_text(b, "query", t->topic->query, false);
    json_bool(b, "required", t->topic->required);
    json_bool(b, "covered", t->covered > 0);
    json_number(b, "articles_covered", (double)t->covered);
    json_number(b, "articles_matching", (double)t->ncells);
    json_number(b, "passages", (double)t->passages);
    json_key(b, "sources", false);
    jf_buf_putc(b, '[');
    for (size_t i = 0; i < t->sources.n; i++) {
        jf_buf_puts(b, i ? "," : "");
        jf_json_string(b, t->sources.items[i], strlen(t->sources.items[i]));
    }
    jf_buf_putc(b, ']');
    json_text(b, "first_date", t->first_date, true);
    json_text(b, "last_date", t->last_date, true);
    json_key(b, "cells", false);
    jf_buf_putc(b, '[');
    const jf_cov_cell_t *cells = jf_coverage_cells(c, k);
    for (size_t i = 0; cells && i < t->ncells; i++) {
        const jf_cov_cell_t *cell = &cells[i];
        jf_buf_puts(b, i ? ",{" : "{");
        json_key(b, "article", true);
        jf_json_number(b, (double)cell->article);
        json_name(b, cell->article);
        json_text(b, "path", c->articles[cell->article].path, false);
        json_number(b, "passages", (double)cell->passages);
        json_number(b, "best_score", cell->best);
        json_bool(b, "covered", cell->covered);
        jf_buf_putc(b, '}');
    }
    jf_buf_putc(b, ']');
}

static void json_labels(jf_buf_t *b, const jf_coverage_t *c, const char *name,
                        bool required_only)
{
    json_key(b, name, false);
    jf_buf_putc(b, '[');
    bool first = true;
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        if (t->covered || (required_only && !t->topic->required))
            continue;
        jf_buf_puts(b, first ? "" : ",");
        jf_json_string(b, t->topic->label, strlen(t->topic->label));
        first = false;
    }
    jf_buf_putc(b, ']');
}

void jf_coverage_json(FILE *out, const jf_coverage_t *c)
{
    jf_buf_t b = JF_BUF_INIT;
    jf_buf_putc(&b, '{');
    json_key(&b, "min_passages", true);
    jf_json_number(&b, c->min_passages);
    json_key(&b, "topics", false);
    jf_buf_putc(&b, '[');
    for (size_t k = 0; k < c->ntopics; k++) {
        jf_buf_puts(&b, k ? ",{" : "{");
        json_topic(&b, c, k);
        jf_buf_putc(&b, '}');
        /* A report over a large corpus is written as it is built. */
        fwrite(b.data, 1, b.len, out);
        jf_buf_reset(&b);
    }
    jf_buf_putc(&b, ']');
    json_key(&b, "articles", false);
    jf_buf_putc(&b, '[');
    for (size_t i = 0; i < c->narticles; i++) {
        const jf_cov_article_t *a = &c->articles[i];
        jf_buf_puts(&b, i ? ",{" : "{");
        json_key(&b, "name", true);
        jf_buf_printf(&b, "\"A%zu\"", i + 1);
        json_text(&b, "path", a->path, false);
        json_text(&b, "title", a->title, false);
        json_text(&b, "source", a->source, true);
        json_text(&b, "date", a->date, true);
        json_number(&b, "topics_covered", (double)a->topics_covered);
        json_number(&b, "passages", (double)a->passages);
        jf_buf_putc(&b, '}');
    }
    jf_buf_putc(&b, ']');
    json_labels(&b, c, "not_covered", false);
    json_labels(&b, c, "required_not_covered", true);
    jf_buf_puts(&b, "}\n");
    fwrite(b.data, 1, b.len, out);
    jf_buf_free(&b);
}
