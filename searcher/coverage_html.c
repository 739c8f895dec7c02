/* coverage_html.c - the coverage report for a browser (coverage_html.h).
 *
 * One file an editor can open, mail or archive: the styles are inline and
 * nothing is loaded from elsewhere.  Every piece of text (labels, queries,
 * headlines, paths, passages) goes through the one escaper (html.h),
 * which also turns bytes that are not UTF-8 into U+FFFD, so no article or
 * topic can break the page.  Anchors are numbered (t2, t2-a5), never made
 * from text.  The pivot tables (topics x time, topics x sources) are
 * written here for the report and for jfserve's coverage view alike; only
 * where their cells link differs.
 */
#include "coverage_html.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "html.h"

static const char style[] =
"body{font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
"color:#1f2328;background:#fff;max-width:84rem;margin:2rem auto;"
"padding:0 1rem}\n"
"h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.25rem;margin-top:2rem}\n"
"h3{font-size:1.1rem;margin:1.5rem 0 .3rem}h4{font-size:1rem;"
"margin:.8rem 0 .2rem;font-weight:600}\n"
".summary,.meta{color:#57606a}.req{color:#cf222e;font-weight:700;"
"font-size:.85em}\n"
"table.heat{border-collapse:collapse;margin:1rem 0}\n"
"table.heat th,table.heat td{border:1px solid #d0d7de;padding:0;"
"text-align:center;min-width:2.2rem}\n"
"table.heat th{background:#f6f8fa;padding:.3rem .25rem;font-size:.9rem}\n"
"table.heat th.topic{text-align:left;padding:.3rem .5rem;min-width:8rem}\n"
"table.heat td.num{padding:.3rem .5rem;text-align:right}\n"
"table.heat td a{display:block;padding:.3rem .2rem;color:inherit;"
"text-decoration:none;font-weight:600;white-space:nowrap}\n"
"table.heat td a:hover{outline:2px solid #0969da}\n"
"td.covered a::after{content:\"\\2713\";margin-left:.15em}\n"
".missing{border-left:4px solid #cf222e;padding:.2rem 1rem;"
"background:#fff5f5}\n"
"mark{background:#ffe36e;padding:0 .1em;border-radius:2px}\n"
"section.cell{border-left:3px solid #d0d7de;padding:.1rem 0 .1rem 1rem;"
"margin:.6rem 0}\n"
"section.cell:target,section.topic:target>h3{background:#fff8c5}\n"
"ol.passages{padding-left:1.2rem}ol.passages li{margin:.4rem 0}\n"
"ul.articles{list-style:none;padding-left:0}ul.articles li{margin:.4rem 0}\n"
"code{background:#f6f8fa;padding:0 .3em;border-radius:3px}\n";

const char jf_coverage_pivot_css[] =
".scroll{overflow-x:auto;max-width:100%}\n"
"table.pivot{border-collapse:collapse;margin:.5rem 0 .3rem}\n"
"table.pivot th,table.pivot td{border:1px solid #d0d7de;padding:0;"
"text-align:center;min-width:1.7rem;font-size:.9rem}\n"
"table.pivot th{background:#f6f8fa;font-weight:600;font-size:.85rem;"
"padding:.25rem .2rem}\n"
"table.pivot th.topic{text-align:left;min-width:8rem;max-width:16rem;"
"padding:.25rem .5rem;font-size:.95rem}\n"
"table.pivot th.col{vertical-align:bottom}\n"
"table.pivot th.col span{writing-mode:vertical-rl;transform:rotate(180deg);"
"white-space:nowrap;display:inline-block;max-height:12rem;overflow:hidden;"
"text-overflow:ellipsis}\n"
"table.pivot td a{display:block;padding:.25rem .2rem;color:inherit;"
"text-decoration:none;font-weight:600}\n"
"table.pivot td a:hover,table.pivot td a:focus{outline:2px solid #0969da}\n"
"table.pivot td.num{padding:.25rem .5rem;text-align:right}\n"
"table.pivot td.m{background:hsl(45,90%,86%)}\n"
"table.pivot td.m a,table.pivot td.m span{font-weight:400;font-size:.8rem}\n"
"table.pivot td.l1{background:hsl(140,50%,82%)}\n"
"table.pivot td.l2{background:hsl(140,50%,72%)}\n"
"table.pivot td.l3{background:hsl(140,50%,62%)}\n"
"table.pivot td.l4{background:hsl(140,50%,48%);color:#fff}\n"
"table.pivot td.l5{background:hsl(140,50%,36%);color:#fff}\n";

static void esc(jf_buf_t *b, const char *s)
{
    jf_html_puts(b, s);
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* The cell's shade: covered cells green, darker with more passages
 * (relative to the report's largest cell); mentions a pale amber. */
static void put_shade(jf_buf_t *b, const jf_cov_cell_t *cell,
                      uint64_t most)
{
    if (!cell->covered) {
        jf_buf_puts(b, "background:hsl(45,90%,86%)");
        return;
    }
    int lightness = 80 - (int)(45.0 * (double)cell->passages / (double)most);
    jf_buf_printf(b, "background:hsl(140,50%%,%d%%)%s", lightness,
                  lightness < 55 ? ";color:#fff" : "");
}

static void put_heat_map(jf_buf_t *b, const jf_coverage_t *c,
                         const size_t *columns, size_t ncolumns)
{
    uint64_t most = 1;
    for (size_t k = 0; k < c->ntopics; k++)
        if (c->topics[k].most > most)
            most = c->topics[k].most;

    jf_buf_puts(b, "<div class=\"scroll\"><table class=\"heat\">\n"
                   "<thead><tr><th class=\"topic\" scope=\"col\">Topic</th>");
    for (size_t i = 0; i < ncolumns; i++) {
        jf_buf_printf(b, "<th scope=\"col\" title=\"");
        esc(b, c->articles[columns[i]].title);
        jf_buf_printf(b, "\"><a href=\"#a%zu\">A%zu</a></th>",
                      columns[i] + 1, columns[i] + 1);
    }
    jf_buf_puts(b, "<th scope=\"col\">Articles covering</th>"
                   "<th scope=\"col\">Passages</th></tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        jf_buf_printf(b, "<tr><th class=\"topic\" scope=\"row\">"
                         "<a href=\"#t%zu\">", k + 1);
        esc(b, t->topic->label);
        jf_buf_puts(b, "</a>");
        if (t->topic->required)
            jf_buf_puts(b, " <span class=\"req\">required</span>");
        jf_buf_puts(b, "</th>");
        const jf_cov_cell_t *cells = jf_coverage_cells(c, k);
        for (size_t i = 0; i < ncolumns; i++) {
            const jf_cov_cell_t *cell =
                cells ? jf_coverage_find(cells, t->ncells, columns[i]) : NULL;
            if (!cell) {
                jf_buf_puts(b, "<td class=\"none\"></td>");
                continue;
            }
            jf_buf_printf(b, "<td class=\"%s\" style=\"",
                          cell->covered ? "covered" : "mention");
            put_shade(b, cell, most);
            jf_buf_printf(b, "\"><a href=\"#t%zu-a%zu\" title=\"%llu %s, "
                             "best score %.3f\">%llu</a></td>", k + 1,
                          cell->article + 1,
                          (unsigned long long)cell->passages,
                          plural(cell->passages, "passage", "passages"),
                          cell->best, (unsigned long long)cell->passages);
        }
        jf_buf_printf(b, "<td class=\"num\">%zu</td><td class=\"num\">%llu"
                         "</td></tr>\n", t->covered,
                      (unsigned long long)t->passages);
    }
    jf_buf_printf(b, "</tbody></table></div>\n<p class=\"meta\">A number "
                     "is how many passages of the article match the topic; "
                     "\u2713 and green: enough to cover it (%u or more), "
                     "darker with more; amber: a mention only.",
                  c->min_passages);
    if (ncolumns < c->narticles)
        jf_buf_printf(b, " The %zu articles covering the most topics are "
                         "shown, of %zu with matching passages; each topic "
                         "below lists all of its articles.", ncolumns,
                      c->narticles);
    jf_buf_puts(b, "</p>\n");
}

static void put_missing(jf_buf_t *b, const jf_coverage_t *c)
{
    size_t missing = 0;
    for (size_t k = 0; k < c->ntopics; k++)
        missing += c->topics[k].covered == 0;
    if (!missing)
        return;
    jf_buf_printf(b, "<section class=\"missing\" id=\"not-covered\">"
                     "<h2>Not covered (%zu)</h2>\n<ul>\n", missing);
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        if (t->covered)
            continue;
        jf_buf_printf(b, "<li><a href=\"#t%zu\">", k + 1);
        esc(b, t->topic->label);
        jf_buf_puts(b, "</a>");
        if (t->topic->required)
            jf_buf_puts(b, " <span class=\"req\">required</span>");
        if (t->ncells)
            jf_buf_printf(b, ": only mentioned, in %zu %s (%llu %s)</li>\n",
                          t->ncells, plural(t->ncells, "article", "articles"),
                          (unsigned long long)t->passages,
                          plural(t->passages, "passage", "passages"));
        else
            jf_buf_puts(b, ": no passage matches</li>\n");
    }
    jf_buf_puts(b, "</ul></section>\n");
}

/* "Reuters, 2023-05-18 · corpus/004_….txt" */
static void put_article_line(jf_buf_t *b, const jf_cov_article_t *a)
{
    esc(b, a->source);
    jf_buf_puts(b, *a->source && *a->date ? ", " : "");
    esc(b, a->date);
    jf_buf_puts(b, *a->source || *a->date ? " \u00b7 " : "");
    esc(b, a->path);
}

static void put_articles(jf_buf_t *b, const jf_coverage_t *c)
{
    jf_buf_puts(b, "<h2>Articles</h2>\n<ul class=\"articles\">\n");
    for (size_t i = 0; i < c->narticles; i++) {
        const jf_cov_article_t *a = &c->articles[i];
        jf_buf_printf(b, "<li id=\"a%zu\"><b>A%zu</b> <b>", i + 1, i + 1);
        esc(b, a->title);
        jf_buf_printf(b, "</b><br><span class=\"meta\">");
        put_article_line(b, a);
        jf_buf_printf(b, " \u00b7 covers %zu %s</span></li>\n",
                      a->topics_covered,
                      plural(a->topics_covered, "topic", "topics"));
    }
    jf_buf_puts(b, "</ul>\n");
}

static void put_topic_summary(jf_buf_t *b, const jf_cov_topic_t *t)
{
    jf_buf_printf(b, "<p>%s: %zu %s cover it; %llu matching %s in %zu %s."
                     " Sources: ", t->covered ? "Covered" : "Not covered",
                  t->covered, plural(t->covered, "article", "articles"),
                  (unsigned long long)t->passages,
                  plural(t->passages, "passage", "passages"), t->ncells,
                  plural(t->ncells, "article", "articles"));
    for (size_t i = 0; i < t->sources.n; i++) {
        jf_buf_puts(b, i ? ", " : "");
        esc(b, t->sources.items[i]);
    }
    jf_buf_puts(b, t->sources.n ? ". Dates: " : "none known. Dates: ");
    if (!t->first_date[0])
        jf_buf_puts(b, "none known.</p>\n");
    else if (strcmp(t->first_date, t->last_date) == 0)
        jf_buf_printf(b, "%s.</p>\n", t->first_date);
    else
        jf_buf_printf(b, "%s to %s.</p>\n", t->first_date, t->last_date);
}

static void put_topic(jf_buf_t *b, const jf_coverage_t *c, size_t k)
{
    const jf_cov_topic_t *t = &c->topics[k];
    jf_buf_printf(b, "<section class=\"topic\" id=\"t%zu\"><h3>", k + 1);
    esc(b, t->topic->label);
    if (t->topic->required)
        jf_buf_puts(b, " <span class=\"req\">required</span>");
    jf_buf_puts(b, "</h3>\n<p class=\"meta\">Query <code>");
    esc(b, t->topic->query);
    jf_buf_puts(b, "</code> (");
    esc(b, t->topic->where);
    jf_buf_puts(b, ")</p>\n");
    put_topic_summary(b, t);
    const jf_cov_cell_t *cells = jf_coverage_cells(c, k);
    for (size_t i = 0; cells && i < t->ncells; i++) {
        const jf_cov_cell_t *cell = &cells[i];
        const jf_cov_article_t *a = &c->articles[cell->article];
        jf_buf_printf(b, "<section class=\"cell\" id=\"t%zu-a%zu\"><h4>"
                         "A%zu \u00b7 ", k + 1, cell->article + 1,
                      cell->article + 1);
        esc(b, a->title);
        jf_buf_printf(b, "</h4>\n<p class=\"meta\">");
        put_article_line(b, a);
        jf_buf_printf(b, " \u00b7 %llu matching %s, best score %.3f \u00b7 %s"
                         "</p>\n<ol class=\"passages\">\n",
                      (unsigned long long)cell->passages,
                      plural(cell->passages, "passage", "passages"),
                      cell->best, cell->covered ? "covers the topic"
                                                : "a mention only");
        for (size_t p = 0; cell->kept && p < cell->kept->n; p++) {
            const jf_cov_passage_t *kept = &cell->kept->items[p];
            jf_buf_printf(b, "<li><span class=\"meta\">%s %u \u00b7 score "
                             "%.3f</span><br>",
                          kept->passage ? "paragraph" : "headline",
                          kept->passage, kept->score);
            jf_html_snippet(b, &kept->snippet);
            jf_buf_puts(b, "</li>\n");
        }
        jf_buf_puts(b, "</ol></section>\n");
    }
    jf_buf_puts(b, "</section>\n");
}

/* ------------------------------------------------------------ pivots */

/* The shade of a cell of COUNT in a table whose largest count of
 * covering articles is MOST. */
static const char *pivot_class(const jf_pivot_count_t *count, size_t most)
{
    static const char *const levels[] = { "l1", "l2", "l3", "l4", "l5" };
    if (count->covering == 0)
        return count->mentioning ? "m" : "z";
    size_t level = (5 * count->covering + most - 1) / (most ? most : 1);
    return levels[level < 1 ? 0 : level > 5 ? 4 : level - 1];
}

/* One cell: the number of covering articles, "(N)" for mentions only,
 * nothing for none; linked where HREF gives a link. */
static void put_pivot_cell(jf_buf_t *b, const jf_pivot_count_t *count,
                           size_t most, const jf_cov_link_t *link,
                           jf_cov_href_fn href, void *ctx,
                           const char *topic_label, const char *column)
{
    if (count->covering == 0 && count->mentioning == 0) {
        jf_buf_puts(b, "<td class=\"z\"></td>");
        return;
    }
    jf_buf_printf(b, "<td class=\"%s\">", pivot_class(count, most));
    jf_buf_t url = JF_BUF_INIT;
    bool linked = href(&url, link, ctx);
    jf_buf_puts(b, linked ? "<a href=\"" : "<span");
    if (linked) {
        jf_html_escape(b, url.data, url.len);
        jf_buf_putc(b, '"');
    }
    jf_buf_printf(b, " title=\"%zu %s, %zu only %s: ", count->covering,
                  count->covering == 1 ? "article covers" : "articles cover",
                  count->mentioning,
                  count->mentioning == 1 ? "mentions" : "mention");
    esc(b, topic_label);
    jf_buf_puts(b, ", ");
    esc(b, column);
    jf_buf_puts(b, "\">");
    if (count->covering)
        jf_buf_printf(b, "%zu", count->covering);
    else
        jf_buf_printf(b, "(%zu)", count->mentioning);
    jf_buf_puts(b, linked ? "</a></td>" : "</span></td>");
    jf_buf_free(&url);
}

/* The row header: topic K's label, linked to the topic as a whole. */
static void put_pivot_topic(jf_buf_t *b, const jf_coverage_t *c, size_t k,
                            jf_cov_href_fn href, void *ctx)
{
    const jf_cov_topic_t *t = &c->topics[k];
    jf_cov_link_t link = { .topic = k };
    jf_buf_t url = JF_BUF_INIT;
    jf_buf_puts(b, "<tr><th class=\"topic\" scope=\"row\">");
    bool linked = href(&url, &link, ctx);
    if (linked) {
        jf_buf_puts(b, "<a href=\"");
        jf_html_escape(b, url.data, url.len);
        jf_buf_puts(b, "\">");
    }
    esc(b, t->topic->label);
    jf_buf_puts(b, linked ? "</a>" : "");
    if (t->topic->required)
        jf_buf_puts(b, " <span class=\"req\">required</span>");
    jf_buf_puts(b, "</th>");
    jf_buf_free(&url);
}

static void put_column_head(jf_buf_t *b, const char *text, const char *title)
{
    jf_buf_puts(b, "<th scope=\"col\" class=\"col\"><span title=\"");
    esc(b, title);
    jf_buf_puts(b, "\">");
    esc(b, text);
    jf_buf_puts(b, "</span></th>");
}

void jf_coverage_html_time(jf_buf_t *b, const jf_coverage_t *c,
                           const jf_cov_time_t *t, jf_cov_href_fn href,
                           void *ctx)
{
    size_t most = 0;
    for (size_t k = 0; k < c->ntopics; k++)
        for (size_t p = 0; p <= t->nperiods; p++)
            if (jf_cov_time_at(t, k, p)->covering > most)
                most = jf_cov_time_at(t, k, p)->covering;
    bool undated = t->undated > 0;
    jf_buf_puts(b, "<div class=\"scroll\"><table class=\"pivot time\">\n"
                   "<thead><tr><th class=\"topic\" scope=\"col\">Topic</th>");
    jf_buf_t title = JF_BUF_INIT;
    for (size_t p = 0; p < t->nperiods; p++) {
        jf_buf_reset(&title);
        jf_buf_printf(&title, "%s to %s", t->periods[p].since,
                      t->periods[p].until);
        put_column_head(b, t->periods[p].label, title.data);
    }
    if (undated)
        put_column_head(b, "undated", "articles with no known date");
    jf_buf_puts(b, "<th scope=\"col\">Articles covering</th></tr></thead>\n"
                   "<tbody>\n");
    for (size_t k = 0; k < c->ntopics; k++) {
        put_pivot_topic(b, c, k, href, ctx);
        for (size_t p = 0; p < t->nperiods; p++) {
            jf_cov_link_t link = { .topic = k, .since = t->periods[p].since,
                                   .until = t->periods[p].until };
            jf_buf_reset(&title);
            jf_buf_printf(&title, "%s %s", jf_period_unit_name(t->unit),
                          t->periods[p].label);
            put_pivot_cell(b, jf_cov_time_at(t, k, p), most, &link, href,
                           ctx, c->topics[k].topic->label, title.data);
        }
        if (undated) {
            jf_cov_link_t link = { .topic = k, .undated = true };
            put_pivot_cell(b, jf_cov_time_at(t, k, t->nperiods), most, &link,
                           href, ctx, c->topics[k].topic->label,
                           "no known date");
        }
        jf_buf_printf(b, "<td class=\"num\">%zu</td></tr>\n",
                      c->topics[k].covered);
    }
    jf_buf_free(&title);
    jf_buf_printf(b, "</tbody></table></div>\n<p class=\"meta\">Per %s of "
                     "publication: a number is how many articles published "
                     "then cover the topic (green, darker with more); "
                     "(N): only N articles mentioning it (amber).",
                  jf_period_unit_name(t->unit));
    if (t->nperiods == 0)
        jf_buf_puts(b, " No article with a matching passage has a known "
                       "date.");
    jf_buf_puts(b, "</p>\n");
}

void jf_coverage_html_sources(jf_buf_t *b, const jf_coverage_t *c,
                              const jf_cov_sources_t *s, size_t max_columns,
                              jf_cov_href_fn href, void *ctx)
{
    size_t shown = max_columns && s->nsources > max_columns ? max_columns
                                                            : s->nsources;
    size_t most = 0;
    for (size_t k = 0; k < c->ntopics; k++)
        for (size_t i = 0; i <= s->nsources; i++)
            if (jf_cov_source_at(s, k, i)->covering > most)
                most = jf_cov_source_at(s, k, i)->covering;
    bool unknown = s->unknown > 0;
    jf_buf_puts(b, "<div class=\"scroll\"><table class=\"pivot sources\">\n"
                   "<thead><tr><th class=\"topic\" scope=\"col\">Topic</th>");
    for (size_t i = 0; i < shown; i++)
        put_column_head(b, s->sources[i], s->sources[i]);
    if (unknown)
        put_column_head(b, "unknown", "articles with no known source");
    jf_buf_puts(b, "<th scope=\"col\">Articles covering</th></tr></thead>\n"
                   "<tbody>\n");
    for (size_t k = 0; k < c->ntopics; k++) {
        put_pivot_topic(b, c, k, href, ctx);
        for (size_t i = 0; i < shown; i++) {
            jf_cov_link_t link = { .topic = k, .source = s->sources[i] };
            put_pivot_cell(b, jf_cov_source_at(s, k, i), most, &link, href,
                           ctx, c->topics[k].topic->label, s->sources[i]);
        }
        if (unknown) {
            jf_cov_link_t link = { .topic = k, .unknown_source = true };
            put_pivot_cell(b, jf_cov_source_at(s, k, s->nsources), most,
                           &link, href, ctx, c->topics[k].topic->label,
                           "no known source");
        }
        jf_buf_printf(b, "<td class=\"num\">%zu</td></tr>\n",
                      c->topics[k].covered);
    }
    jf_buf_puts(b, "</tbody></table></div>\n<p class=\"meta\">Per source: "
                   "a number is how many of its articles cover the topic; "
                   "(N): only N mentioning it.");
    if (shown < s->nsources)
        jf_buf_printf(b, " The %zu sources with the most coverage are shown, "
                         "of %zu; the CSV and JSON have them all.", shown,
                      s->nsources);
    jf_buf_puts(b, "</p>\n");
}

/* In the report, every cell of the time view leads to its topic's
 * section, which lists each article with its date. */
static bool topic_anchor(jf_buf_t *url, const jf_cov_link_t *link, void *ctx)
{
    (void)ctx;
    jf_buf_printf(url, "#t%zu", link->topic + 1);
    return true;
}

void jf_coverage_html(FILE *out, const jf_coverage_t *c, size_t max_articles)
{
    size_t covered = 0;
    for (size_t k = 0; k < c->ntopics; k++)
        covered += c->topics[k].covered > 0;
    jf_buf_t b = JF_BUF_INIT;
    jf_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                      "content=\"width=device-width, initial-scale=1\">\n"
                      "<title>Coverage report: %zu topics</title>\n"
                      "<style>\n%s%s</style>\n</head>\n<body>\n"
                      "<h1>Coverage report</h1>\n<p class=\"summary\">"
                      "%zu %s, %zu covered, %zu not; %zu %s with matching "
                      "passages. An article covers a topic when at least "
                      "%u of its passages (headline and paragraphs) have "
                      "every word of the topic's query.</p>\n",
                  c->ntopics, style, jf_coverage_pivot_css, c->ntopics,
                  plural(c->ntopics, "topic", "topics"), covered,
                  c->ntopics - covered, c->narticles,
                  plural(c->narticles, "article", "articles"),
                  c->min_passages);
    put_missing(&b, c);
    size_t *columns = jf_malloc((c->narticles ? c->narticles : 1) *
                                sizeof *columns);
    size_t ncolumns = jf_coverage_columns(c, max_articles, columns);
    jf_buf_puts(&b, "<h2>Topics \u00d7 articles</h2>\n");
    put_heat_map(&b, c, columns, ncolumns);
    free(columns);
    jf_cov_time_t time;
    jf_coverage_by_time(c, &time);
    jf_buf_puts(&b, "<h2 id=\"time\">Topics \u00d7 time</h2>\n");
    jf_coverage_html_time(&b, c, &time, topic_anchor, NULL);
    jf_cov_time_free(&time);
    put_articles(&b, c);
    jf_buf_puts(&b, "<h2>Topics</h2>\n");
    for (size_t k = 0; k < c->ntopics; k++) {
        put_topic(&b, c, k);
        fwrite(b.data, 1, b.len, out);
        jf_buf_reset(&b);
    }
    jf_buf_puts(&b, "</body>\n</html>\n");
    fwrite(b.data, 1, b.len, out);
    jf_buf_free(&b);
}
