/* serve.h - what jfserve's modules share.
 *
 * jfserve is jfsearch for a browser: the same engine (search.h,
 * coverage.h) behind a small HTTP server.  Its parts, one concern each:
 *   jfserve.c        options, start, and a clean stop on SIGTERM/SIGINT
 *   serve_http.c     the HTTP plumbing over libmicrohttpd: listening,
 *                    connection limits and timeouts, headers
 *   serve_pool.c     the worker threads and the queue that feeds them
 *   serve_route.c    routing and the request limits: method, size,
 *                    parameters; every refusal a clear 4xx page
 *   serve_form.c     the request-target's path and parameters, decoded
 *   serve_index.c    one index handle per worker thread, reopened as
 *                    jfindex commits
 *   serve_page.c     the page around every page, the stylesheet, errors
 *   serve_search.c   the search page, and /api/search's JSON
 *   serve_article.c  an article with its passages, matches marked
 *   serve_coverage.c the coverage view and its CSV and JSON
 * Every value reaches HTML through html.h's one escaper.
 */
#ifndef JF_SERVE_H
#define JF_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "buf.h"
#include "cli.h"
#include "search.h"
#include "serve_form.h"
#include "serve_pool.h"
#include "topics.h"

/* The version of /api/search's JSON (README "In the browser: jfserve"):
 * raised when a field changes meaning or goes; new fields keep it. */
#define JF_SERVE_SCHEMA_VERSION 1

/* Request limits (jfserve(1), "LIMITS").  A request over one is refused
 * with a 4xx page saying which. */
enum {
    JF_SERVE_TARGET_MAX = 16384,    /* bytes of path and query string */
    JF_SERVE_QUERY_MAX = 1024,      /* bytes of a query (q) */
    JF_SERVE_SOURCE_MAX = 256,      /* bytes of a source filter */
    JF_SERVE_TOPICS_MAX = 8192,     /* bytes of topics text */
    JF_SERVE_TOPICS_COUNT = 30,     /* topics in one coverage view */
    JF_SERVE_PAGE_SIZE = 10,        /* results on a search page */
    JF_SERVE_PAGES = 100,           /* result pages one can page to */
    JF_SERVE_API_LIMIT = 100,       /* results in one /api/search answer */
    JF_SERVE_API_OFFSET = 1000,     /* results /api/search can skip */
    JF_SERVE_MEMORY = 32768,        /* bytes a connection may hold for the
                                       request line and headers */
    JF_SERVE_CONNECTIONS = 256,     /* connections at once */
    JF_SERVE_PER_ADDRESS = 64,      /* connections at once from one
                                       address */
    JF_SERVE_SOURCE_COLUMNS = 15    /* sources the coverage view shows */
};

/* What the options set; read-only once the server runs. */
typedef struct {
    jf_cli_shared_t cli;        /* --index, --timeout, --partial,
                                   --synonyms, --no-synonyms */
    jf_search_options_t search; /* --k1, --b */
    jf_topics_t topics;         /* --topics: the coverage view's default */
    char *topics_text;          /* their files' text, for its form */
    unsigned threads;           /* --threads: workers for pages (and half
                                   as many for reports) */
    unsigned idle_timeout;      /* --idle-timeout, seconds */
    struct sockaddr_storage addr; /* --listen */
    socklen_t addr_len;
} jf_serve_config_t;

/* A response being made. */
typedef struct {
    unsigned status;
    const char *type;           /* Content-Type */
    jf_buf_t body;
    char *disposition;          /* Content-Disposition (malloc'd), or NULL */
    bool allow;                 /* 405: say "Allow: GET, HEAD" */
    bool cacheable;             /* the stylesheet: may be kept an hour */
} jf_reply_t;

/* One request, as the handlers see it. */
typedef struct {
    const jf_serve_config_t *cfg;
    const jf_target_t *target;
    jf_reply_t *reply;
} jf_request_t;

/* The value of parameter NAME ("" when not given). */
const char *jf_param(const jf_request_t *rq, const char *name);

/* serve_route.c: answers the request METHOD TARGET[0..LEN) into REPLY
 * (TARGET NULL: longer than JF_SERVE_TARGET_MAX). */
void jf_route(const jf_serve_config_t *cfg, const char *method,
              const char *target, size_t len, jf_reply_t *reply);
/* The lane (serve_pool.h) of a request for TARGET[0..LEN): the coverage
 * views are reports, every other page is a page. */
jf_lane_t jf_route_lane(const char *target, size_t len);
void jf_reply_free(jf_reply_t *reply);

/* serve_page.c: the page around a page's content. */
void jf_page_begin(jf_buf_t *b, const char *title, const char *section);
void jf_page_end(jf_buf_t *b);
/* A whole page saying what went wrong, with STATUS: "Bad request" and
 * MESSAGE (escaped here). */
void jf_reply_error(jf_reply_t *r, unsigned status, const char *message);
/* An error as the status an engine failure deserves: a query or value the
 * engine refused (JFX_INVALID, JFX_BAD_QUERY) is 400, an index that
 * cannot be read 503. */
unsigned jf_status_of(const jf_error_t *err);
/* The stylesheet, /style.css. */
void jf_reply_stylesheet(jf_reply_t *r);

/* serve_search.c */
void jf_page_search(const jf_request_t *rq);
void jf_api_search(const jf_request_t *rq);
/* serve_article.c */
void jf_page_article(const jf_request_t *rq, const char *id);
/* serve_coverage.c: FORMAT "html", "csv" or "json". */
void jf_page_coverage(const jf_request_t *rq, const char *format);

#endif
