/* serve_http.c - HTTP over libmicrohttpd (see serve_http.h). */
#include "serve_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "serve_pool.h"

struct jf_http {
    struct MHD_Daemon *daemon;
    jf_pool_t *pool;
    const jf_serve_config_t *cfg;
    int fd;
    char url[96];
    pthread_mutex_t lock;
    pthread_cond_t idle;        /* UNDER_WAY fell to 0 */
    unsigned under_way;         /* requests taken and not yet done */
    bool stopping;              /* new requests are told so */
    struct timespec last_change; /* the stop began, or a request was taken
                                    or done since (monotonic) */
    struct open_connection *open; /* every connection, for the stop */
};

/* A connection, known by its socket: a stop looks for bytes a client
 * sent that the server has not read yet (a request on its way). */
struct open_connection {
    int fd;
    struct open_connection *prev, *next;
};

/* One request: its target as the client sent it, read before
 * libmicrohttpd splits off and decodes the query string, so that
 * serve_form.c decodes it once, its own way; and the answer a worker
 * makes for it. */
typedef struct {
    jf_job_t job;           /* first: the pool hands it back */
    jf_http_t *http;
    char *target;           /* NULL when longer than JF_SERVE_TARGET_MAX */
    size_t len;
    const char *method;     /* the connection's, valid while it waits */
    bool head_read;         /* the handler has been called once, and R
                               counted in HTTP->under_way */
    bool refused;           /* came once the server was stopping */
    bool answered;
    sem_t replied;          /* posted when REPLY is made */
    jf_reply_t reply;
} request_t;

static void *keep_target(void *cls, const char *uri,
                         struct MHD_Connection *connection)
{
    (void)connection;
    request_t *r = jf_calloc(1, sizeof *r);
    r->http = cls;
    size_t len = strlen(uri);
    if (len <= JF_SERVE_TARGET_MAX) {
        r->target = jf_strndup(uri, len);
        r->len = len;
    }
    sem_init(&r->replied, 0, 0);
    return r;
}

static void request_done(void *cls, struct MHD_Connection *connection,
                         void **req_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)connection;
    (void)toe;
    request_t *r = *req_cls;
    if (r) {
        if (r->head_read) {
            pthread_mutex_lock(&r->http->lock);
            clock_gettime(CLOCK_MONOTONIC, &r->http->last_change);
            if (--r->http->under_way == 0)
                pthread_cond_broadcast(&r->http->idle);
            pthread_mutex_unlock(&r->http->lock);
        }
        jf_reply_free(&r->reply);
        sem_destroy(&r->replied);
        free(r->target);
        free(r);
    }
    *req_cls = NULL;
}

/* A worker's part: the answer, for the connection's thread to send. */
static void run_request(jf_job_t *job)
{
    request_t *r = (request_t *)job;
    jf_route(r->http->cfg, r->method, r->target, r->len, &r->reply);
    sem_post(&r->replied);
}

/* Counts R as under way from its head on: a stop waits for every request
 * it counts.  Returns whether the server is stopping, when R is only told
 * so. */
static bool take(request_t *r)
{
    jf_http_t *h = r->http;
    pthread_mutex_lock(&h->lock);
    h->under_way++;
    clock_gettime(CLOCK_MONOTONIC, &h->last_change);
    bool stopping = h->stopping;
    pthread_mutex_unlock(&h->lock);
    return stopping;
}

static void track(void *cls, struct MHD_Connection *connection,
                  void **socket_context,
                  enum MHD_ConnectionNotificationCode code)
{
    jf_http_t *h = cls;
    struct open_connection *c = *socket_context;
    pthread_mutex_lock(&h->lock);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(
            connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        c = jf_calloc(1, sizeof *c);
        c->fd = info ? info->connect_fd : -1;
        c->next = h->open;
        if (h->open)
            h->open->prev = c;
        h->open = c;
        *socket_context = c;
    } else if (c) {
        if (c->prev)
            c->prev->next = c->next;
        else
            h->open = c->next;
        if (c->next)
            c->next->prev = c->prev;
        free(c);
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&h->lock);
}

/* Whether a connection holds bytes its client sent that the server has
 * not read.  Called with H->lock held. */
static bool unread_bytes(const jf_http_t *h)
{
    for (const struct open_connection *c = h->open; c; c = c->next) {
        int pending = 0;
        if (c->fd >= 0 && ioctl(c->fd, FIONREAD, &pending) == 0 &&
            pending > 0)
            return true;
    }
    return false;
}

static bool add_headers(struct MHD_Response *resp, const jf_reply_t *reply)
{
    bool ok = true;
    ok = ok && MHD_add_response_header(resp, "Content-Type", reply->type);
    ok = ok && MHD_add_response_header(resp, "Content-Security-Policy",
                                       JF_HTTP_CSP);
    ok = ok && MHD_add_response_header(resp, "X-Content-Type-Options",
                                       "nosniff");
    ok = ok && MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    ok = ok && MHD_add_response_header(resp, "Referrer-Policy",
                                       "no-referrer");
    ok = ok && MHD_add_response_header(resp, "Cross-Origin-Resource-Policy",
                                       "same-origin");
    ok = ok && MHD_add_response_header(resp, "Cache-Control",
                                       reply->cacheable ? "max-age=3600"
                                                        : "no-store");
    if (reply->allow)
        ok = ok && MHD_add_response_header(resp, "Allow", "GET, HEAD");
    if (reply->disposition)
        ok = ok && MHD_add_response_header(resp, "Content-Disposition",
                                           reply->disposition);
    return ok;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *connection,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls)
{
    (void)cls;
    (void)url;
    (void)version;
    (void)upload_data;
    request_t *r = *req_cls;
    if (!r)
        return MHD_NO;
    /* The first call comes when the head is read.  Answering then makes
     * libmicrohttpd close the connection after the answer (and a response
     * cannot be queued while a body is being read), so a request without
     * a body is answered on the next call, at its end, by a worker, and
     * the connection kept; one with a body, which no page takes, is
     * refused at once, here: the refusal costs nothing. */
    bool body = false;
    if (!r->head_read) {
        r->head_read = true;
        r->refused = take(r);
        const char *length = MHD_lookup_connection_value(
            connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        body = MHD_lookup_connection_value(
                   connection, MHD_HEADER_KIND,
                   MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL ||
               (length && strspn(length, "0") != strlen(length));
        if (!body)
            return MHD_YES;
    }
    *upload_data_size = 0;
    if (r->answered)
        return MHD_YES;
    r->answered = true;
    if (r->refused)
        jf_reply_error(&r->reply, 503, "jfserve is stopping.");
    else if (body && (strcmp(method, "GET") == 0 ||
                      strcmp(method, "HEAD") == 0))
        jf_reply_error(&r->reply, 413, "jfserve takes no request body.");
    else if (body)
        jf_route(r->http->cfg, method, r->target, r->len, &r->reply);
    else {
        r->method = method;
        r->job.run = run_request;
        jf_pool_submit(r->http->pool, jf_route_lane(r->target, r->len),
                       &r->job);
        while (sem_wait(&r->replied) != 0)
            ;
    }
    jf_reply_t *reply = &r->reply;
    size_t len = reply->body.len;
    char *body_text = jf_buf_release(&reply->body);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, body_text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(body_text);
        return MHD_NO;
    }
    enum MHD_Result rc = MHD_NO;
    if (add_headers(resp, reply))
        rc = MHD_queue_response(connection, reply->status, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* The listening socket on CFG->addr, and the URL it serves. */
static int listen_on(const jf_serve_config_t *cfg, jf_http_t *h,
                     jf_error_t *err)
{
    int family = cfg->addr.ss_family;
    char host[INET6_ADDRSTRLEN] = "";
    struct sockaddr_storage bound;
    socklen_t bound_len = sizeof bound;
    const void *ip = family == AF_INET6
        ? (const void *)&((const struct sockaddr_in6 *)&cfg->addr)->sin6_addr
        : (const void *)&((const struct sockaddr_in *)&cfg->addr)->sin_addr;
    inet_ntop(family, ip, host, sizeof host);
    h->fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    if (h->fd < 0 ||
        setsockopt(h->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        (family == AF_INET6 &&
         setsockopt(h->fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) != 0) ||
        bind(h->fd, (const struct sockaddr *)&cfg->addr, cfg->addr_len) != 0 ||
        listen(h->fd, 128) != 0 ||
        getsockname(h->fd, (struct sockaddr *)&bound, &bound_len) != 0) {
        int e = errno;
        if (h->fd >= 0)
            close(h->fd);
        h->fd = -1;
        return jf_fail(err, JFX_IO, "cannot listen on %s%s%s: %s",
                       family == AF_INET6 ? "[" : "", host,
                       family == AF_INET6 ? "]" : "", strerror(e));
    }
    unsigned port = ntohs(family == AF_INET6
                              ? ((struct sockaddr_in6 *)&bound)->sin6_port
                              : ((struct sockaddr_in *)&bound)->sin_port);
    snprintf(h->url, sizeof h->url, "http://%s%s%s:%u/",
             family == AF_INET6 ? "[" : "", host,
             family == AF_INET6 ? "]" : "", port);
    return 0;
}

int jf_http_start(const jf_serve_config_t *cfg, jf_http_t **out,
                  jf_error_t *err)
{
    *out = NULL;
    if (jf_failed(err))
        return -1;
    jf_http_t *h = jf_calloc(1, sizeof *h);
    if (listen_on(cfg, h, err) != 0) {
        free(h);
        return -1;
    }
    h->cfg = cfg;
    unsigned threads[JF_LANES];
    threads[JF_LANE_PAGES] = cfg->threads;
    threads[JF_LANE_REPORTS] = (cfg->threads + 1) / 2;
    h->pool = jf_pool_start(threads, err);
    if (!h->pool) {
        close(h->fd);
        free(h);
        return -1;
    }
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->idle, NULL);
    /* A thread per connection: it waits for the worker's answer, and a
     * connection's requests are read and answered in order. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
                     MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC;
    if (cfg->addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    h->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, answer, h,
        MHD_OPTION_LISTEN_SOCKET, h->fd,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)JF_SERVE_CONNECTIONS,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)JF_SERVE_PER_ADDRESS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->idle_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)JF_SERVE_MEMORY,
        MHD_OPTION_STRICT_FOR_CLIENT, 1,
        MHD_OPTION_URI_LOG_CALLBACK, keep_target, h,
        MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, track, h,
        MHD_OPTION_END);
    if (!h->daemon) {
        jf_pool_free(h->pool);
        pthread_cond_destroy(&h->idle);
        pthread_mutex_destroy(&h->lock);
        close(h->fd);
        free(h);
        return jf_fail(err, JFX_INTERNAL, "libmicrohttpd could not start");
    }
    *out = h;
    return 0;
}

const char *jf_http_library_version(void)
{
    return MHD_get_version();
}

const char *jf_http_url(const jf_http_t *h)
{
    return h->url;
}

void jf_http_stop(jf_http_t *h)
{
    if (!h)
        return;
    /* No new connection.  libmicrohttpd's stop cuts every connection, so
     * it waits until the requests under way are answered and sent, and no
     * connection holds a request not yet read: those are told that the
     * server is stopping.  Bytes that sit unread for the idle timeout, with
     * no request taken or done meanwhile, are not waited for. */
    MHD_quiesce_daemon(h->daemon);
    pthread_mutex_lock(&h->lock);
    h->stopping = true;
    clock_gettime(CLOCK_MONOTONIC, &h->last_change);
    for (;;) {
        if (h->under_way > 0) {
            pthread_cond_wait(&h->idle, &h->lock);
            continue;
        }
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (!unread_bytes(h) ||
            now.tv_sec - h->last_change.tv_sec >= (time_t)h->cfg->idle_timeout)
            break;
        pthread_mutex_unlock(&h->lock);
        nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
        pthread_mutex_lock(&h->lock);
    }
    pthread_mutex_unlock(&h->lock);
    MHD_stop_daemon(h->daemon);
    jf_pool_free(h->pool);
    pthread_cond_destroy(&h->idle);
    pthread_mutex_destroy(&h->lock);
    close(h->fd);
    free(h);
}
