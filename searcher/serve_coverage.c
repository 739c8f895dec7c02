/* serve_coverage.c - the coverage view: which topics the articles cover,
 * when, and in which outlets, and which nobody covers.
 *
 * The counting is jfcoverage's (coverage.c, through the one search path),
 * pivoted by period and by source (coverage_pivot.c) and drawn by the
 * tables the static report draws (coverage_html.c); here every cell links
 * to the search that finds its articles: the topic's query within the
 * period's dates, or with the source's filter.  Parameters:
 *   topics        topics as a topics file writes them, one a line
 *                 (default: the --topics files jfserve was started with)
 *   since, until  only articles published in those dates
 *   min           passages an article needs to cover a topic (default 2)
 * /coverage.csv and /coverage.json give the same numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"
#include "coverage.h"
#include "coverage_html.h"
#include "coverage_pivot.h"
#include "csv.h"
#include "date.h"
#include "html.h"
#include "json.h"
#include "serve.h"
#include "serve_index.h"

typedef struct {
    const char *since, *until;  /* as given, "" when not */
    char since_day[11], until_day[11]; /* their first and last day,
                                          YYYY-MM-DD, "" when not given */
    const char *text;           /* the topics as typed */
    const jf_topics_t *topics;  /* the request's, or the server's */
    jf_topics_t own;
    unsigned min;
} cov_form_t;

/* A date parameter into DAY (YYYY-MM-DD) and BOUND (YYYYMMDD). */
static int read_date(const char *name, const char *value, bool last_day,
                     char day[11], char bound[9], jf_error_t *err)
{
    day[0] = bound[0] = '\0';
    if (!*value)
        return 0;
    if (strlen(value) > 10 || jf_date_bound(value, last_day, bound) != 0)
        return jf_fail(err, JFX_INVALID, "%s: '%s' is not a date "
                       "(YYYY-MM-DD, YYYY-MM or YYYY)", name, value);
    snprintf(day, 11, "%.4s-%.2s-%.2s", bound, bound + 4, bound + 6);
    return 0;
}

static int read_form(const jf_request_t *rq, cov_form_t *f,
                     jf_coverage_options_t *o, jf_error_t *err)
{
    memset(f, 0, sizeof *f);
    jf_coverage_options_init(o);
    /* The view and its downloads show counts only. */
    o->best_scores = false;
    o->search.k1 = rq->cfg->search.k1;
    o->search.b = rq->cfg->search.b;
    o->search.partial = rq->cfg->cli.open.partial;
    f->min = JF_DEFAULT_MIN_PASSAGES;
    f->since = jf_param(rq, "since");
    f->until = jf_param(rq, "until");
    const jf_form_field_t *topics = jf_target_get(rq->target, "topics");
    f->text = topics ? topics->value : rq->cfg->topics_text;
    f->topics = topics ? &f->own : &rq->cfg->topics;
    if (*jf_param(rq, "min"))
        jf_cli_count("min", jf_param(rq, "min"), 1, 1000, &f->min, err);
    read_date("since", f->since, false, f->since_day, o->search.since, err);
    read_date("until", f->until, true, f->until_day, o->search.until, err);
    if (!jf_failed(err) && o->search.since[0] && o->search.until[0] &&
        strcmp(o->search.since, o->search.until) > 0)
        jf_fail(err, JFX_INVALID, "since is after until: no date is both");
    o->min_passages = f->min;
    if (topics && topics->len > JF_SERVE_TOPICS_MAX)
        jf_fail(err, JFX_INVALID, "topics: longer than %d bytes",
                JF_SERVE_TOPICS_MAX);
    else if (topics)
        jf_topics_load_text(&f->own, topics->value, topics->len, "topics",
                            err);
    /* The server's own topics (--topics) are the operator's: only typed
     * ones are held to the limit. */
    if (!jf_failed(err) && topics && f->topics->n > JF_SERVE_TOPICS_COUNT)
        jf_fail(err, JFX_INVALID, "topics: more than %d topics (%zu given)",
                JF_SERVE_TOPICS_COUNT, f->topics->n);
    return jf_failed(err) ? -1 : 0;
}

/* ------------------------------------------------------------ the links */

typedef struct {
    const cov_form_t *form;
    const jf_coverage_t *c;
} link_ctx_t;

/* The later of two days (either may be ""), and the earlier. */
static const char *later(const char *a, const char *b)
{
    return !*a ? b : !*b ? a : strcmp(a, b) > 0 ? a : b;
}

static const char *earlier(const char *a, const char *b)
{
    return !*a ? b : !*b ? a : strcmp(a, b) < 0 ? a : b;
}

/* A cell leads to the search for its topic's query, within its period's
 * days (and the view's own), or with its source's filter.  The columns of
 * undated articles and of articles without a source have no search that
 * finds them alone, so their cells are not links. */
static bool cell_href(jf_buf_t *url, const jf_cov_link_t *link, void *ctx)
{
    const link_ctx_t *l = ctx;
    if (link->undated || link->unknown_source)
        return false;
    const char *since = later(l->form->since_day, link->since ? link->since
                                                              : "");
    const char *until = earlier(l->form->until_day, link->until ? link->until
                                                                : "");
    jf_buf_puts(url, "/search");
    jf_url_param(url, "q", l->c->topics[link->topic].topic->query);
    jf_url_param(url, "since", since);
    jf_url_param(url, "until", until);
    jf_url_param(url, "source", link->source);
    return true;
}

/* --------------------------------------------------------------- HTML */

static void put_form(jf_buf_t *b, const cov_form_t *f)
{
    jf_buf_printf(b, "<form class=\"query\" action=\"/coverage\" "
                     "method=\"get\">\n<label class=\"wide\"><span>Topics, "
                     "one a line: <code>[+]LABEL: QUERY</code> or the query "
                     "alone (<code>+</code>: required; <code>#</code>: a "
                     "comment)</span><textarea name=\"topics\" rows=\"8\" "
                     "maxlength=\"%d\" spellcheck=\"false\">\n",
                  JF_SERVE_TOPICS_MAX);
    jf_html_puts(b, f->text ? f->text : "");
    jf_buf_puts(b, "</textarea></label>\n<label>From <input class=\"date\" "
                   "name=\"since\" placeholder=\"YYYY-MM-DD\" value=\"");
    jf_html_puts(b, f->since);
    jf_buf_puts(b, "\"></label>\n<label>To <input class=\"date\" "
                   "name=\"until\" placeholder=\"YYYY-MM-DD\" value=\"");
    jf_html_puts(b, f->until);
    jf_buf_printf(b, "\"></label>\n<label>Passages to cover <input "
                     "class=\"number\" name=\"min\" value=\"%u\"></label>\n"
                     "<button type=\"submit\">Show coverage</button>\n"
                     "</form>\n", f->min);
}

/* The same view's URL with another PATH (the downloads). */
static void view_url(jf_buf_t *url, const char *path, const jf_request_t *rq,
                     const cov_form_t *f)
{
    jf_buf_puts(url, path);
    if (jf_target_get(rq->target, "topics"))
        jf_url_param(url, "topics", f->text);
    jf_url_param(url, "since", f->since);
    jf_url_param(url, "until", f->until);
    if (f->min != JF_DEFAULT_MIN_PASSAGES) {
        char n[16];
        snprintf(n, sizeof n, "%u", f->min);
        jf_url_param(url, "min", n);
    }
}

static void put_uncovered(jf_buf_t *b, const jf_coverage_t *c,
                          link_ctx_t *ctx)
{
    size_t missing = 0;
    for (size_t k = 0; k < c->ntopics; k++)
        missing += c->topics[k].covered == 0;
    jf_buf_printf(b, "<h2 id=\"uncovered\">Not covered (%zu)</h2>\n", missing);
    if (!missing) {
        jf_buf_puts(b, "<p class=\"notice\">Every topic is covered.</p>\n");
        return;
    }
    jf_buf_puts(b, "<ul class=\"uncovered\">\n");
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        if (t->covered)
            continue;
        jf_cov_link_t link = { .topic = k };
        jf_buf_t url = JF_BUF_INIT;
        cell_href(&url, &link, ctx);
        jf_buf_puts(b, "<li><a href=\"");
        jf_html_escape(b, url.data, url.len);
        jf_buf_puts(b, "\">");
        jf_html_puts(b, t->topic->label);
        jf_buf_puts(b, "</a>");
        if (t->topic->required)
            jf_buf_puts(b, " <span class=\"req\">required</span>");
        if (t->ncells)
            jf_buf_printf(b, ": only mentioned, in %zu article%s (%llu "
                             "passage%s)</li>\n", t->ncells,
                          t->ncells == 1 ? "" : "s",
                          (unsigned long long)t->passages,
                          t->passages == 1 ? "" : "s");
        else
            jf_buf_puts(b, ": no passage matches</li>\n");
        jf_buf_free(&url);
    }
    jf_buf_puts(b, "</ul>\n");
}

static void put_view(jf_buf_t *b, const jf_request_t *rq, const cov_form_t *f,
                     const jf_coverage_t *c)
{
    link_ctx_t ctx = { f, c };
    size_t covered = 0;
    for (size_t k = 0; k < c->ntopics; k++)
        covered += c->topics[k].covered > 0;
    jf_buf_printf(b, "<p class=\"summary notice\">%zu topic%s: %zu covered, "
                     "%zu not; %zu article%s with a matching passage. An "
                     "article covers a topic when at least %u of its "
                     "passages (headline and paragraphs) have every word "
                     "of the topic's query.</p>\n", c->ntopics,
                  c->ntopics == 1 ? "" : "s", covered, c->ntopics - covered,
                  c->narticles, c->narticles == 1 ? "" : "s",
                  c->min_passages);
    jf_buf_t url = JF_BUF_INIT;
    view_url(&url, "/coverage.csv", rq, f);
    jf_buf_puts(b, "<p class=\"downloads\">Download the numbers: <a "
                   "href=\"");
    jf_html_escape(b, url.data, url.len);
    jf_buf_puts(b, "\">CSV</a> \u00b7 <a href=\"");
    jf_buf_reset(&url);
    view_url(&url, "/coverage.json", rq, f);
    jf_html_escape(b, url.data, url.len);
    jf_buf_puts(b, "\">JSON</a></p>\n");
    jf_buf_free(&url);
    put_uncovered(b, c, &ctx);

    jf_cov_time_t time;
    jf_coverage_by_time(c, &time);
    jf_buf_puts(b, "<h2 id=\"time\">Topics \u00d7 time</h2>\n");
    jf_coverage_html_time(b, c, &time, cell_href, &ctx);
    jf_cov_time_free(&time);

    jf_cov_sources_t sources;
    jf_coverage_by_source(c, &sources);
    jf_buf_puts(b, "<h2 id=\"sources\">Topics \u00d7 sources</h2>\n");
    jf_coverage_html_sources(b, c, &sources, JF_SERVE_SOURCE_COLUMNS,
                             cell_href, &ctx);
    jf_cov_sources_free(&sources);
}

/* ---------------------------------------------------------------- CSV */

static void csv_row(jf_buf_t *b, const jf_cov_topic_t *t, const char *view,
                    const char *column, const char *since, const char *until,
                    const jf_pivot_count_t *n)
{
    char num[32];
    jf_csv_field(b, t->topic->label, false);
    jf_csv_field(b, t->topic->query, false);
    jf_csv_field(b, t->topic->required ? "yes" : "no", false);
    jf_csv_field(b, t->covered ? "yes" : "no", false);
    jf_csv_field(b, view, false);
    jf_csv_field(b, column, false);
    jf_csv_field(b, since, false);
    jf_csv_field(b, until, false);
    snprintf(num, sizeof num, "%zu", n->covering);
    jf_csv_field(b, num, false);
    snprintf(num, sizeof num, "%zu", n->mentioning);
    jf_csv_field(b, num, true);
}

static void put_csv(jf_buf_t *b, const jf_coverage_t *c)
{
    jf_cov_time_t time;
    jf_cov_sources_t sources;
    jf_coverage_by_time(c, &time);
    jf_coverage_by_source(c, &sources);
    jf_buf_puts(b, "label,query,required,topic_covered,view,column,since,"
                   "until,covering,mentioning\r\n");
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        for (size_t p = 0; p < time.nperiods; p++)
            csv_row(b, t, jf_period_unit_name(time.unit),
                    time.periods[p].label, time.periods[p].since,
                    time.periods[p].until, jf_cov_time_at(&time, k, p));
        if (time.undated)
            csv_row(b, t, jf_period_unit_name(time.unit), "undated", "", "",
                    jf_cov_time_at(&time, k, time.nperiods));
        for (size_t i = 0; i < sources.nsources; i++)
            csv_row(b, t, "source", sources.sources[i], "", "",
                    jf_cov_source_at(&sources, k, i));
        if (sources.unknown)
            csv_row(b, t, "source", "", "", "",
                    jf_cov_source_at(&sources, k, sources.nsources));
    }
    jf_cov_time_free(&time);
    jf_cov_sources_free(&sources);
}

/* --------------------------------------------------------------- JSON */

static void json_key(jf_buf_t *b, const char *name)
{
    jf_json_string(b, name, strlen(name));
    jf_buf_putc(b, ':');
}

static void json_str(jf_buf_t *b, const char *s)
{
    if (*s)
        jf_json_string(b, s, strlen(s));
    else
        jf_buf_puts(b, "null");
}

static void json_count(jf_buf_t *b, const jf_pivot_count_t *n)
{
    jf_buf_printf(b, "{\"covering\":%zu,\"mentioning\":%zu}", n->covering,
                  n->mentioning);
}

static void put_json(jf_buf_t *b, const cov_form_t *f, const jf_coverage_t *c)
{
    jf_cov_time_t time;
    jf_cov_sources_t sources;
    jf_coverage_by_time(c, &time);
    jf_coverage_by_source(c, &sources);
    jf_buf_printf(b, "{\"schema_version\":%d,\"min_passages\":%u,",
                  JF_SERVE_SCHEMA_VERSION, c->min_passages);
    json_key(b, "since");
    json_str(b, f->since_day);
    jf_buf_putc(b, ',');
    json_key(b, "until");
    json_str(b, f->until_day);
    jf_buf_printf(b, ",\"unit\":\"%s\",\"periods\":[",
                  jf_period_unit_name(time.unit));
    for (size_t p = 0; p < time.nperiods; p++)
        jf_buf_printf(b, "%s{\"label\":\"%s\",\"since\":\"%s\",\"until\":"
                         "\"%s\"}", p ? "," : "", time.periods[p].label,
                      time.periods[p].since, time.periods[p].until);
    jf_buf_puts(b, "],\"sources\":[");
    for (size_t i = 0; i < sources.nsources; i++) {
        jf_buf_puts(b, i ? "," : "");
        json_str(b, sources.sources[i]);
    }
    jf_buf_printf(b, "],\"articles\":%zu,\"undated\":%zu,"
                     "\"unknown_source\":%zu,\"topics\":[", c->narticles,
                  time.undated, sources.unknown);
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        jf_buf_puts(b, k ? ",{" : "{");
        json_key(b, "label");
        json_str(b, t->topic->label);
        jf_buf_putc(b, ',');
        json_key(b, "query");
        json_str(b, t->topic->query);
        jf_buf_printf(b, ",\"required\":%s,\"covered\":%s,"
                         "\"articles_covered\":%zu,\"articles_matching\":%zu,"
                         "\"passages\":%llu,\"by_period\":[",
                      t->topic->required ? "true" : "false",
                      t->covered ? "true" : "false", t->covered, t->ncells,
                      (unsigned long long)t->passages);
        for (size_t p = 0; p < time.nperiods; p++) {
            jf_buf_puts(b, p ? "," : "");
            json_count(b, jf_cov_time_at(&time, k, p));
        }
        jf_buf_puts(b, "],\"undated\":");
        json_count(b, jf_cov_time_at(&time, k, time.nperiods));
        jf_buf_puts(b, ",\"by_source\":[");
        for (size_t i = 0; i < sources.nsources; i++) {
            jf_buf_puts(b, i ? "," : "");
            json_count(b, jf_cov_source_at(&sources, k, i));
        }
        jf_buf_puts(b, "],\"unknown_source\":");
        json_count(b, jf_cov_source_at(&sources, k, sources.nsources));
        jf_buf_putc(b, '}');
    }
    jf_buf_puts(b, "],\"not_covered\":[");
    bool first = true;
    for (size_t k = 0; k < c->ntopics; k++) {
        if (c->topics[k].covered)
            continue;
        jf_buf_puts(b, first ? "" : ",");
        json_str(b, c->topics[k].topic->label);
        first = false;
    }
    jf_buf_puts(b, "]}\n");
    jf_cov_time_free(&time);
    jf_cov_sources_free(&sources);
}

/* ------------------------------------------------------------ the page */

static void error_reply(jf_reply_t *reply, const char *format,
                        const jf_error_t *err)
{
    unsigned status = jf_status_of(err);
    if (strcmp(format, "json") == 0) {
        reply->status = status;
        reply->type = "application/json; charset=utf-8";
        jf_buf_reset(&reply->body);
        jf_buf_printf(&reply->body, "{\"schema_version\":%d,\"status\":%u,"
                                    "\"error\":", JF_SERVE_SCHEMA_VERSION,
                      status);
        jf_json_string(&reply->body, jf_error_message(err),
                       strlen(jf_error_message(err)));
        jf_buf_puts(&reply->body, "}\n");
    } else if (strcmp(format, "csv") == 0) {
        jf_reply_error(reply, status, jf_error_message(err));
    }
}

void jf_page_coverage(const jf_request_t *rq, const char *format)
{
    jf_reply_t *reply = rq->reply;
    jf_error_t err = JF_ERROR_INIT;
    cov_form_t f;
    jf_coverage_options_t o;
    jf_coverage_t c;
    memset(&c, 0, sizeof c);
    bool html = strcmp(format, "html") == 0;
    bool ran = false;

    if (read_form(rq, &f, &o, &err) == 0 && !html && f.topics->n == 0)
        jf_fail(&err, JFX_INVALID, "topics: no topics given");
    if (!jf_failed(&err) && f.topics->n > 0) {
        jf_worker_t *w = jf_worker_ready(rq->cfg, &err);
        if (w) {
            o.search.synonyms = jf_worker_synonyms(w);
            ran = jf_coverage_run(jf_worker_db(w), jf_worker_analyzer(w),
                                  f.topics, &o, &c, &err) == 0;
        }
    }
    if (jf_failed(&err) && jf_status_of(&err) == 503)
        fprintf(stderr, "%s: %s\n", jf_program_name, jf_error_message(&err));

    jf_buf_t *b = &reply->body;
    if (!html && jf_failed(&err)) {
        error_reply(reply, format, &err);
    } else if (strcmp(format, "csv") == 0) {
        reply->type = "text/csv; charset=utf-8";
        reply->disposition =
            jf_strdup("attachment; filename=\"coverage.csv\"");
        put_csv(b, &c);
    } else if (strcmp(format, "json") == 0) {
        reply->type = "application/json; charset=utf-8";
        reply->disposition =
            jf_strdup("attachment; filename=\"coverage.json\"");
        put_json(b, &f, &c);
    } else {
        jf_page_begin(b, "Coverage", "Coverage");
        jf_buf_puts(b, "<h1>Coverage</h1>\n");
        put_form(b, &f);
        if (jf_failed(&err)) {
            reply->status = jf_status_of(&err);
            jf_buf_puts(b, "<p class=\"error\">");
            jf_html_puts(b, jf_error_message(&err));
            jf_buf_puts(b, "</p>\n");
        } else if (!ran) {
            jf_buf_puts(b, "<p class=\"notice\">Type the topics an editor "
                           "wants covered, one a line, each a search query "
                           "with a label: <code>Taiwan: taiwan</code>, "
                           "<code>+RAA: \"reciprocal access agreement\""
                           "</code>.</p>\n");
        } else {
            put_view(b, rq, &f, &c);
        }
        jf_page_end(b);
    }
    /* The cells were read back from a temporary file as the reply was
     * drawn: a reply drawn without some of them is no reply. */
    if (ran && jf_coverage_check(&c, &err) != 0) {
        free(reply->disposition);
        reply->disposition = NULL;
        if (html)
            jf_reply_error(reply, jf_status_of(&err), jf_error_message(&err));
        else
            error_reply(reply, format, &err);
    }
    jf_coverage_free(&c);
    jf_topics_free(&f.own);
    jf_error_clear(&err);
}
