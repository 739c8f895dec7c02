/* serve_search.c - the search page and /api/search.
 *
 * Both read the same parameters into the same search jfsearch runs
 * (jf_search_run, with the server's BM25 parameters and synonyms):
 *   q             the query, in jfsearch's syntax
 *   since, until  dates, as --since and --until take them
 *   source        only articles from that source: the query gets the
 *                 filter source:"VALUE" (quotes taken out of VALUE)
 * The page shows JF_SERVE_PAGE_SIZE results a page (page=N); the API
 * takes limit, offset, articles and any as jfsearch's options do, and
 * answers with jfsearch --json's object plus "schema_version".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"
#include "date.h"
#include "html.h"
#include "json.h"
#include "render.h"
#include "serve.h"
#include "serve_index.h"

/* A search as the parameters ask for it. */
typedef struct {
    const char *q, *since, *until, *source;  /* as given, "" when not */
    char *suffix;           /* the source filter added to q, or "" */
    char *query;            /* what runs: q and the filter */
    unsigned page;          /* the page's number, from 1 */
    jf_search_options_t search;
} search_form_t;

static void form_free(search_form_t *f)
{
    free(f->suffix);
    free(f->query);
}

/* "yes"-like values of a flag parameter; -1 when VALUE is none. */
static int flag(const char *value)
{
    static const char *const yes[] = { "1", "yes", "true", "on" };
    static const char *const no[] = { "", "0", "no", "false", "off" };
    for (size_t i = 0; i < 4; i++)
        if (strcmp(value, yes[i]) == 0)
            return 1;
    for (size_t i = 0; i < 5; i++)
        if (strcmp(value, no[i]) == 0)
            return 0;
    return -1;
}

/* A date parameter into OUT ("YYYYMMDD" or ""). */
static int read_date(const char *name, const char *value, bool last_day,
                     char out[9], jf_error_t *err)
{
    out[0] = '\0';
    if (!*value)
        return 0;
    if (strlen(value) > 10 || jf_date_bound(value, last_day, out) != 0)
        return jf_fail(err, JFX_INVALID, "%s: '%s' is not a date "
                       "(YYYY-MM-DD, YYYY-MM or YYYY)", name, value);
    return 0;
}

/* The filter source:"VALUE", without the quotes VALUE holds (straight
 * or curly, which would end the phrase). */
static char *source_filter(const char *value)
{
    jf_buf_t b = JF_BUF_INIT;
    jf_buf_puts(&b, " source:\"");
    size_t start = b.len;
    for (const char *s = value; *s; s++) {
        if (*s == '"')
            continue;
        if (strncmp(s, "\u201c", 3) == 0 || strncmp(s, "\u201d", 3) == 0) {
            s += 2;
            continue;
        }
        jf_buf_putc(&b, *s);
    }
    if (b.len == start) {
        jf_buf_free(&b);
        return jf_strdup("");
    }
    jf_buf_putc(&b, '"');
    return jf_buf_release(&b);
}

/* Reads the parameters both the page and the API take into F.  Returns
 * 0, or -1 with ERR saying which parameter is wrong. */
static int read_form(const jf_request_t *rq, search_form_t *f,
                     jf_error_t *err)
{
    memset(f, 0, sizeof *f);
    f->search = rq->cfg->search;
    f->search.partial = rq->cfg->cli.open.partial;
    f->search.limit = JF_SERVE_PAGE_SIZE;
    f->page = 1;
    f->q = jf_param(rq, "q");
    f->since = jf_param(rq, "since");
    f->until = jf_param(rq, "until");
    f->source = jf_param(rq, "source");
    if (strlen(f->q) > JF_SERVE_QUERY_MAX)
        return jf_fail(err, JFX_INVALID, "q: the query is longer than %d "
                       "bytes", JF_SERVE_QUERY_MAX);
    if (strlen(f->source) > JF_SERVE_SOURCE_MAX)
        return jf_fail(err, JFX_INVALID, "source: longer than %d bytes",
                       JF_SERVE_SOURCE_MAX);
    if (read_date("since", f->since, false, f->search.since, err) != 0 ||
        read_date("until", f->until, true, f->search.until, err) != 0)
        return -1;
    if (f->search.since[0] && f->search.until[0] &&
        strcmp(f->search.since, f->search.until) > 0)
        return jf_fail(err, JFX_INVALID, "since is after until: no date is "
                       "both");
    f->suffix = source_filter(f->source);
    jf_buf_t query = JF_BUF_INIT;
    jf_buf_puts(&query, f->q);
    jf_buf_puts(&query, f->suffix);
    f->query = jf_buf_release(&query);
    return 0;
}

/* TEXT without the source filter F added, as the reader typed it. */
static char *as_typed(const search_form_t *f, const char *text)
{
    size_t n = strlen(text), k = strlen(f->suffix);
    if (k && n >= k && strcmp(text + n - k, f->suffix) == 0)
        n -= k;
    return jf_strndup(text, n);
}

/* The URL of the search F with Q instead of its query and page PAGE. */
static void search_url(jf_buf_t *url, const search_form_t *f, const char *q,
                       unsigned page)
{
    jf_buf_puts(url, "/search");
    jf_url_param(url, "q", q);
    jf_url_param(url, "since", f->since);
    jf_url_param(url, "until", f->until);
    jf_url_param(url, "source", f->source);
    if (page > 1) {
        char n[16];
        snprintf(n, sizeof n, "%u", page);
        jf_url_param(url, "page", n);
    }
}

/* An attribute value: href="URL" escaped. */
static void put_href(jf_buf_t *b, const jf_buf_t *url)
{
    jf_buf_puts(b, "href=\"");
    jf_html_escape(b, url->data ? url->data : "", url->len);
    jf_buf_putc(b, '"');
}

/* ------------------------------------------------------------ the page */

static void put_form(jf_buf_t *b, const search_form_t *f)
{
    jf_buf_puts(b, "<form class=\"query\" action=\"/search\" method=\"get\" "
                   "role=\"search\">\n<label class=\"wide\">Query "
                   "<input type=\"search\" name=\"q\" value=\"");
    jf_html_puts(b, f->q);
    jf_buf_printf(b, "\" maxlength=\"%d\" placeholder=\"reciprocal access "
                     "-taiwan\"></label>\n", JF_SERVE_QUERY_MAX);
    static const char *const fields[][3] = {
        { "since", "From", "date" }, { "until", "To", "date" },
        { "source", "Source", "source" } };
    const char *values[] = { f->since, f->until, f->source };
    for (size_t i = 0; i < 3; i++) {
        jf_buf_printf(b, "<label>%s <input class=\"%s\" name=\"%s\" "
                         "value=\"", fields[i][1], fields[i][2],
                      fields[i][0]);
        jf_html_puts(b, values[i]);
        jf_buf_printf(b, "\" placeholder=\"%s\"></label>\n",
                      i < 2 ? "YYYY-MM-DD" : "Reuters");
    }
    jf_buf_puts(b, "<button type=\"submit\">Search</button>\n</form>\n");
}

static void put_help(jf_buf_t *b)
{
    jf_buf_puts(b, "<p class=\"notice\">Search the newsroom's articles: the "
        "best-matching passages (headlines and paragraphs) come first. "
        "Words match in any case and inflection; <code>\"a phrase\"</code> "
        "matches the words in order; <code>-word</code> leaves passages "
        "with the word out; <code>a OR b</code> either; "
        "<code>title:word</code> and <code>source:reuters</code> filter by "
        "headline and source. Dates are <code>YYYY-MM-DD</code>, "
        "<code>YYYY-MM</code> or <code>YYYY</code>; undated articles are "
        "left out when a date is given.</p>\n");
}

static void put_notices(jf_buf_t *b, const search_form_t *f,
                        const jf_query_t *q, const jf_results_t *r)
{
    jf_expansions_t ex = { 0 };
    jf_query_expansions(q, &ex);
    for (size_t i = 0; i < ex.n; i++) {
        const jf_expansion_t *e = &ex.items[i];
        jf_buf_puts(b, i ? "; " : "<p class=\"notice expanded\">Expanded: ");
        jf_html_puts(b, e->from);
        jf_buf_puts(b, " \u2192 ");
        for (size_t k = 0; k < e->nto; k++) {
            jf_buf_puts(b, k ? ", " : "");
            jf_html_puts(b, e->to[k]);
        }
    }
    if (ex.n)
        jf_buf_puts(b, "</p>\n");
    jf_expansions_free(&ex);
    if (r->corrected) {
        char *shown = as_typed(f, r->corrected);
        jf_buf_puts(b, "<p class=\"notice corrected\">Showing results for "
                       "<b>");
        jf_html_puts(b, shown);
        jf_buf_puts(b, "</b>; no passage matches <b>");
        jf_html_puts(b, f->q);
        jf_buf_puts(b, "</b>.</p>\n");
        free(shown);
    }
    if (r->suggestion) {
        char *shown = as_typed(f, r->suggestion);
        jf_buf_t url = JF_BUF_INIT;
        search_url(&url, f, shown, 1);
        jf_buf_puts(b, "<p class=\"notice suggestion\">Did you mean: <a ");
        put_href(b, &url);
        jf_buf_puts(b, ">");
        jf_html_puts(b, shown);
        jf_buf_puts(b, "</a>?</p>\n");
        jf_buf_free(&url);
        free(shown);
    }
    for (size_t i = 0; i < r->nmissing; i++) {
        jf_buf_puts(b, "<p class=\"error\">A shard is left out; the results "
                       "are from the others: ");
        jf_html_puts(b, r->missing[i]);
        jf_buf_puts(b, "</p>\n");
    }
    if (r->relaxed && r->n > 0)
        jf_buf_puts(b, "<p class=\"notice relaxed\">No passage has every "
                       "word; showing passages that have some of them.</p>\n");
}

/* "Reuters, 2023-05-18 · corpus/004_….txt · passage 1 · score 4.926" */
static void put_hit_meta(jf_buf_t *b, const jf_hit_t *h)
{
    jf_buf_puts(b, "<p class=\"meta\">");
    jf_html_puts(b, h->source);
    jf_buf_puts(b, *h->source && *h->date ? ", " : "");
    jf_buf_puts(b, *h->date ? "<time>" : "");
    jf_html_puts(b, h->date);
    jf_buf_puts(b, *h->date ? "</time>" : "");
    jf_buf_puts(b, *h->source || *h->date ? " \u00b7 " : "");
    jf_html_puts(b, h->path);
    if (h->passage)
        jf_buf_printf(b, " \u00b7 paragraph %u", h->passage);
    else
        jf_buf_puts(b, " \u00b7 headline");
    jf_buf_printf(b, " \u00b7 score %.3f</p>\n", h->score);
}

static void put_hits(jf_buf_t *b, const char *ran, const jf_results_t *r)
{
    jf_buf_printf(b, "<ol class=\"hits\" start=\"%u\">\n",
                  r->n ? r->hits[0].rank : 1);
    for (size_t i = 0; i < r->n; i++) {
        const jf_hit_t *h = &r->hits[i];
        if (h->partial && !r->relaxed && (i == 0 || !r->hits[i - 1].partial))
            jf_buf_printf(b, "</ol>\n<h2 class=\"partial\">Passages with only "
                             "some of the words</h2>\n<ol class=\"hits "
                             "partial\" start=\"%u\">\n", h->rank);
        jf_buf_t url = JF_BUF_INIT;
        jf_buf_printf(&url, "/article/%s", h->article_id);
        jf_url_param(&url, "q", ran);
        jf_buf_printf(&url, "#p%u", h->passage);
        jf_buf_printf(b, "<li class=\"hit\"><h3><span class=\"rank\">%u."
                         "</span><a ", h->rank);
        put_href(b, &url);
        jf_buf_puts(b, ">");
        jf_html_puts(b, *h->title ? h->title : "(no headline)");
        jf_buf_puts(b, "</a></h3>\n");
        put_hit_meta(b, h);
        jf_buf_puts(b, "<p class=\"snippet\">");
        jf_html_snippet(b, &h->snippet);
        jf_buf_puts(b, "</p></li>\n");
        jf_buf_free(&url);
    }
    jf_buf_puts(b, "</ol>\n");
}

static void put_count(jf_buf_t *b, const search_form_t *f,
                      const jf_results_t *r)
{
    jf_buf_t api = JF_BUF_INIT;
    jf_buf_puts(&api, "/api/search");
    jf_url_param(&api, "q", f->q);
    jf_url_param(&api, "since", f->since);
    jf_url_param(&api, "until", f->until);
    jf_url_param(&api, "source", f->source);
    if (f->page > 1) {
        char n[16];
        snprintf(n, sizeof n, "%u", (f->page - 1) * JF_SERVE_PAGE_SIZE);
        jf_url_param(&api, "offset", n);
    }
    jf_buf_puts(b, "<p class=\"count\">");
    if (r->n == 0) {
        jf_buf_puts(b, "No passage matches <b>");
        jf_html_puts(b, *f->q ? f->q : f->source);
        jf_buf_puts(b, "</b>");
        if (f->search.since[0] || f->search.until[0])
            jf_buf_puts(b, " in those dates");
        jf_buf_puts(b, ".");
    } else {
        jf_buf_printf(b, "%s%llu %s <b>", r->estimated ? "About " : "",
                      (unsigned long long)r->total,
                      r->total == 1 ? "passage matches" : "passages match");
        jf_html_puts(b, *f->q ? f->q : f->source);
        jf_buf_puts(b, "</b>");
        if (r->complete != r->total && r->complete > 0)
            jf_buf_printf(b, " (%llu with every word)",
                          (unsigned long long)r->complete);
        jf_buf_printf(b, "; showing %u\u2013%u.", r->hits[0].rank,
                      r->hits[r->n - 1].rank);
    }
    jf_buf_puts(b, " <a class=\"json\" ");
    put_href(b, &api);
    jf_buf_puts(b, ">JSON</a></p>\n");
    jf_buf_free(&api);
}

static void put_pager(jf_buf_t *b, const search_form_t *f,
                      const jf_results_t *r)
{
    bool prev = f->page > 1;
    bool next = r->n > 0 && r->hits[r->n - 1].rank < r->total &&
                f->page < JF_SERVE_PAGES;
    if (!prev && !next)
        return;
    jf_buf_puts(b, "<nav class=\"pager\">");
    jf_buf_t url = JF_BUF_INIT;
    if (prev) {
        search_url(&url, f, f->q, f->page - 1);
        jf_buf_puts(b, "<a rel=\"prev\" ");
        put_href(b, &url);
        jf_buf_puts(b, ">\u2190 Previous</a>");
    }
    if (next) {
        jf_buf_reset(&url);
        search_url(&url, f, f->q, f->page + 1);
        jf_buf_puts(b, "<a rel=\"next\" ");
        put_href(b, &url);
        jf_buf_puts(b, ">Next \u2192</a>");
    }
    jf_buf_free(&url);
    jf_buf_puts(b, "</nav>\n");
}

/* Runs F's search with this thread's index.  Returns 0, or -1 with ERR
 * set (RESULTS and Q are freed either way by the caller). */
static int run(const jf_request_t *rq, search_form_t *f, jf_query_t *q,
               jf_results_t *results, jf_error_t *err)
{
    jf_worker_t *w = jf_worker_ready(rq->cfg, err);
    if (!w)
        return -1;
    f->search.synonyms = jf_worker_synonyms(w);
    return jf_search_run(jf_worker_db(w), jf_worker_analyzer(w), f->query,
                         &f->search, q, results, err);
}

void jf_page_search(const jf_request_t *rq)
{
    jf_reply_t *reply = rq->reply;
    jf_buf_t *b = &reply->body;
    jf_error_t err = JF_ERROR_INIT;
    search_form_t f;
    jf_query_t q;
    jf_results_t r;
    memset(&q, 0, sizeof q);
    memset(&r, 0, sizeof r);

    if (read_form(rq, &f, &err) == 0 && *jf_param(rq, "page") &&
        jf_cli_count("page", jf_param(rq, "page"), 1, JF_SERVE_PAGES,
                     &f.page, &err) == 0)
        f.search.offset = (f.page - 1) * JF_SERVE_PAGE_SIZE;
    bool asked = !jf_failed(&err) && *f.query;
    if (asked)
        run(rq, &f, &q, &r, &err);

    jf_page_begin(b, *f.q ? f.q : "Search", "Search");
    jf_buf_puts(b, "<h1>Search</h1>\n");
    put_form(b, &f);
    if (jf_failed(&err)) {
        reply->status = jf_status_of(&err);
        jf_buf_puts(b, "<p class=\"error\">");
        jf_html_puts(b, jf_error_message(&err));
        jf_buf_puts(b, "</p>\n");
    } else if (!asked) {
        put_help(b);
    } else {
        put_notices(b, &f, &q, &r);
        put_count(b, &f, &r);
        /* The article pages mark the query that ran, as typed (the
         * source filter marks nothing). */
        char *ran = as_typed(&f, r.corrected ? r.corrected : f.query);
        put_hits(b, ran, &r);
        free(ran);
        put_pager(b, &f, &r);
    }
    jf_page_end(b);
    if (reply->status == 503)
        fprintf(stderr, "%s: %s\n", jf_program_name, jf_error_message(&err));
    jf_results_free(&r);
    jf_query_free(&q);
    form_free(&f);
    jf_error_clear(&err);
}

/* ------------------------------------------------------------- the API */

static void api_error(jf_reply_t *reply, unsigned status, const char *message)
{
    jf_buf_reset(&reply->body);
    reply->status = status;
    jf_buf_printf(&reply->body, "{\"schema_version\":%d,\"status\":%u,"
                                "\"error\":", JF_SERVE_SCHEMA_VERSION, status);
    jf_json_string(&reply->body, message, strlen(message));
    jf_buf_puts(&reply->body, "}\n");
}

/* The API's own parameters: limit, offset, articles, any. */
static int read_api(const jf_request_t *rq, search_form_t *f, jf_error_t *err)
{
    const char *limit = jf_param(rq, "limit");
    const char *offset = jf_param(rq, "offset");
    if (*limit)
        jf_cli_count("limit", limit, 1, JF_SERVE_API_LIMIT, &f->search.limit,
                     err);
    if (*offset)
        jf_cli_count("offset", offset, 0, JF_SERVE_API_OFFSET,
                     &f->search.offset, err);
    int articles = flag(jf_param(rq, "articles"));
    int any = flag(jf_param(rq, "any"));
    if (articles < 0 || any < 0)
        jf_fail(err, JFX_INVALID, "%s: give 1 or 0", articles < 0 ? "articles"
                                                                : "any");
    f->search.per_article = articles > 0;
    f->search.op = any > 0 ? JF_DEFAULT_OR : JF_DEFAULT_AND;
    if (!jf_failed(err) && !*f->query)
        jf_fail(err, JFX_INVALID, "no query: give q (or source)");
    return jf_failed(err) ? -1 : 0;
}

void jf_api_search(const jf_request_t *rq)
{
    jf_reply_t *reply = rq->reply;
    reply->type = "application/json; charset=utf-8";
    jf_error_t err = JF_ERROR_INIT;
    search_form_t f;
    jf_query_t q;
    jf_results_t r;
    memset(&q, 0, sizeof q);
    memset(&r, 0, sizeof r);
    if (read_form(rq, &f, &err) == 0 && read_api(rq, &f, &err) == 0 &&
        run(rq, &f, &q, &r, &err) == 0) {
        /* jfsearch --json's object, with the schema's version first. */
        jf_buf_t json = JF_BUF_INIT;
        jf_render_json_buf(&json, f.query, &q, &r, false);
        jf_buf_printf(&reply->body, "{\"schema_version\":%d,",
                      JF_SERVE_SCHEMA_VERSION);
        jf_buf_append(&reply->body, json.data + 1, json.len - 1);
        jf_buf_free(&json);
    } else {
        api_error(reply, jf_status_of(&err), jf_error_message(&err));
        if (reply->status == 503)
            fprintf(stderr, "%s: %s\n", jf_program_name,
                    jf_error_message(&err));
    }
    jf_results_free(&r);
    jf_query_free(&q);
    form_free(&f);
    jf_error_clear(&err);
}
