/* serve_http.h - jfserve's HTTP plumbing over libmicrohttpd.
 *
 * libmicrohttpd (GNU, LGPL; Debian's libmicrohttpd-dev) is a small C
 * library that does HTTP/1.1 properly: request parsing, keep-alive,
 * HEAD, a thread per connection, and the limits a server open to a
 * network needs (connections in all and per address, idle timeouts, the
 * memory a request's head may take).  This module opens the listening
 * socket itself, so that a failure to listen says why, starts the daemon
 * with jfserve's limits, hands each request to the workers (serve_pool.h),
 * which answer it with jf_route, and sends the reply with the security
 * headers every response carries.
 *
 * The connection's thread waits for the answer, rather than libmicrohttpd
 * suspending the connection meanwhile: with 0.9.75, a resumed connection
 * reads first, and a client that had closed its sending side after its
 * request (as scripts sending "Connection: close" do) had it closed
 * unanswered; tests/jfserve.test's flood of such requests found it.
 */
#ifndef JF_SERVE_HTTP_H
#define JF_SERVE_HTTP_H

#include "error.h"
#include "serve.h"

typedef struct jf_http jf_http_t;

/* Listens on CFG->addr and starts serving, with CFG->threads workers for
 * pages and half as many for reports.  Returns 0, or -1 with ERR set (the
 * address taken, say). */
int jf_http_start(const jf_serve_config_t *cfg, jf_http_t **out,
                  jf_error_t *err);

/* The address served, "http://127.0.0.1:8080/" (the port chosen when
 * --listen gave 0).  Owned by H. */
const char *jf_http_url(const jf_http_t *h);

/* libmicrohttpd's version, "0.9.75". */
const char *jf_http_library_version(void);

/* Stops accepting, answers and sends every request that has reached the
 * server (those that come meanwhile on open connections are told it is
 * stopping), and frees H. */
void jf_http_stop(jf_http_t *h);

/* The Content-Security-Policy of every response: nothing but the page's
 * own stylesheet, no script, no framing (with it go X-Content-Type-Options:
 * nosniff, X-Frame-Options: DENY and Referrer-Policy: no-referrer). */
#define JF_HTTP_CSP "default-src 'none'; style-src 'self'; " \
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

#endif
