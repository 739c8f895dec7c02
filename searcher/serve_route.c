/* serve_route.c - which page a request is for, and the limits every
 * request is held to (see serve.h, "Request limits").
 *
 * Only GET and HEAD are served: jfserve never changes anything.  The
 * request-target is matched as sent against a fixed set of paths (never
 * used as a file name), and every page names the parameters it takes: an
 * unknown one, a malformed one or one over its limit gets a 400 page that
 * says which, so a typo in a hand-made link is not silently ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "serve.h"

typedef enum {
    PAGE_SEARCH, PAGE_API, PAGE_ARTICLE, PAGE_COVERAGE, PAGE_COVERAGE_CSV,
    PAGE_COVERAGE_JSON, PAGE_STYLE, PAGE_NONE
} page_t;

/* The parameters each page takes, NULL-terminated. */
static const char *const search_params[] = { "q", "since", "until", "source",
                                             "page", NULL };
static const char *const api_params[] = { "q", "since", "until", "source",
                                          "limit", "offset", "articles",
                                          "any", NULL };
static const char *const article_params[] = { "q", NULL };
static const char *const coverage_params[] = { "topics", "since", "until",
                                               "min", NULL };
static const char *const no_params[] = { NULL };

static const struct {
    const char *path;
    page_t page;
    const char *const *params;
} routes[] = {
    { "/", PAGE_SEARCH, search_params },
    { "/search", PAGE_SEARCH, search_params },
    { "/api/search", PAGE_API, api_params },
    { "/coverage", PAGE_COVERAGE, coverage_params },
    { "/coverage.csv", PAGE_COVERAGE_CSV, coverage_params },
    { "/coverage.json", PAGE_COVERAGE_JSON, coverage_params },
    { "/style.css", PAGE_STYLE, no_params },
};

#define ARTICLE_PREFIX "/article/"

const char *jf_param(const jf_request_t *rq, const char *name)
{
    const jf_form_field_t *f = jf_target_get(rq->target, name);
    return f ? f->value : "";
}

void jf_reply_free(jf_reply_t *reply)
{
    jf_buf_free(&reply->body);
    free(reply->disposition);
    memset(reply, 0, sizeof *reply);
}

/* The article id of an /article/ID path: 16 lower-case hex digits. */
static bool article_id(const char *path, char id[JF_ARTICLE_ID_LEN + 1])
{
    size_t n = strlen(ARTICLE_PREFIX);
    if (strncmp(path, ARTICLE_PREFIX, n) != 0 ||
        strlen(path + n) != JF_ARTICLE_ID_LEN)
        return false;
    for (size_t i = 0; i < JF_ARTICLE_ID_LEN; i++) {
        char c = path[n + i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
        id[i] = c;
    }
    id[JF_ARTICLE_ID_LEN] = '\0';
    return true;
}

/* Refuses a parameter PARAMS does not name. */
static bool params_known(const jf_target_t *t, const char *const *params,
                         jf_reply_t *reply)
{
    for (size_t i = 0; i < t->n; i++) {
        size_t k = 0;
        while (params[k] && strcmp(params[k], t->fields[i].name) != 0)
            k++;
        if (params[k])
            continue;
        jf_buf_t msg = JF_BUF_INIT;
        jf_buf_printf(&msg, "Unknown parameter '%s'. ", t->fields[i].name);
        if (!params[0])
            jf_buf_puts(&msg, "This address takes none.");
        for (k = 0; params[k]; k++)
            jf_buf_printf(&msg, "%s%s", k ? ", " : "This page takes: ",
                          params[k]);
        jf_reply_error(reply, 400, msg.data);
        jf_buf_free(&msg);
        return false;
    }
    return true;
}

jf_lane_t jf_route_lane(const char *target, size_t len)
{
    static const char prefix[] = "/coverage";
    size_t n = sizeof prefix - 1;
    return target && len >= n && memcmp(target, prefix, n) == 0
               ? JF_LANE_REPORTS : JF_LANE_PAGES;
}

void jf_route(const jf_serve_config_t *cfg, const char *method,
              const char *target, size_t len, jf_reply_t *reply)
{
    memset(reply, 0, sizeof *reply);
    reply->status = 200;
    reply->type = "text/html; charset=utf-8";
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        reply->allow = true;
        jf_reply_error(reply, 405, "jfserve only reads: it answers GET and "
                       "HEAD requests.");
        return;
    }
    if (!target) {
        char msg[128];
        snprintf(msg, sizeof msg, "The address is longer than %d bytes.",
                 JF_SERVE_TARGET_MAX);
        jf_reply_error(reply, 414, msg);
        return;
    }
    jf_target_t t;
    jf_error_t err = JF_ERROR_INIT;
    if (jf_target_parse(target, len, &t, &err) != 0) {
        jf_reply_error(reply, 400, jf_error_message(&err));
        jf_error_clear(&err);
        jf_target_free(&t);
        return;
    }
    page_t page = PAGE_NONE;
    const char *const *params = no_params;
    char id[JF_ARTICLE_ID_LEN + 1];
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (strcmp(t.path, routes[i].path) == 0) {
            page = routes[i].page;
            params = routes[i].params;
        }
    if (page == PAGE_NONE && article_id(t.path, id)) {
        page = PAGE_ARTICLE;
        params = article_params;
    }
    jf_request_t rq = { cfg, &t, reply };
    if (page == PAGE_NONE)
        jf_reply_error(reply, 404, strncmp(t.path, ARTICLE_PREFIX,
                                           strlen(ARTICLE_PREFIX)) == 0
            ? "An article's address is /article/ and its id: 16 hex digits."
            : "There is no page at this address.");
    else if (params_known(&t, params, reply)) {
        switch (page) {
        case PAGE_SEARCH: jf_page_search(&rq); break;
        case PAGE_API: jf_api_search(&rq); break;
        case PAGE_ARTICLE: jf_page_article(&rq, id); break;
        case PAGE_COVERAGE: jf_page_coverage(&rq, "html"); break;
        case PAGE_COVERAGE_CSV: jf_page_coverage(&rq, "csv"); break;
        case PAGE_COVERAGE_JSON: jf_page_coverage(&rq, "json"); break;
        case PAGE_STYLE: jf_reply_stylesheet(reply); break;
        case PAGE_NONE: break;
        }
    }
    jf_target_free(&t);
}
