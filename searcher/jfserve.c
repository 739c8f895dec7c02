/* jfserve.c - jfsearch in a browser: a small read-only web server over
 * the same engine.
 *
 * A program of its own rather than "jfsearch --serve": one concern per
 * program.  jfsearch stays a one-shot command whose output and exit
 * status scripts rely on; jfserve is a long-running process with threads,
 * sockets, limits and signals, and the only one linked with an HTTP
 * library.  Matching, ranking, snippets and coverage counts are the
 * engine's (search.h, coverage.h), so a page shows what jfsearch prints.
 *
 * This file reads the options, checks that the index opens and the topics
 * parse, starts the server (serve_http.c) and waits for SIGTERM or SIGINT,
 * on which it answers every request that has reached it and exits 0.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "cli.h"
#include "index_open.h"
#include "serve.h"
#include "serve_http.h"
#include "serve_index.h"
#include "topics.h"
#include "vec.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

enum { EXIT_OK = 0, EXIT_ERROR = JF_EXIT_ERROR };
enum { DEFAULT_PORT = 8080, DEFAULT_IDLE_TIMEOUT = 10, MAX_THREADS = 64 };

typedef struct {
    jf_serve_config_t cfg;
    bool help, version;
    JF_VEC(const char *) topic_files;
} options_t;

static void usage(FILE *out)
{
    fprintf(out,
"Usage: jfserve [OPTION]...\n"
"Serve the indexed articles to a browser: a search page, each article with\n"
"its passages and the query's matches marked, a coverage view of topics by\n"
"time and source, and /api/search (jfsearch --json's object over HTTP).\n"
"Read-only; it listens on 127.0.0.1 unless told otherwise.\n"
"\n"
"Options:\n"
"      --listen=[ADDR:]PORT  the address and port to serve (default\n"
"                        127.0.0.1:%d); ADDR is an IPv4 address, [IPv6]\n"
"                        or localhost; PORT 0 takes a free port\n"
"      --threads=N       threads that search, each with its own index handle\n"
"                        (default: one per processor, 4 per processor when an\n"
"                        --index is a remote shard; at most %d); coverage\n"
"                        views have half as many of their own\n"
"  -t, --topics=FILE     the coverage view's topics when none are typed\n"
"                        (jfcoverage's format; '-' is standard input); may\n"
"                        be given again\n"
"      --idle-timeout=SECONDS  close a connection silent this long\n"
"                        (default %d)\n"
"  -i, --index=INDEX     the index (default: $JFSEARCH_INDEX, else the index\n"
"                        jfindex builds by default): a directory, a stub\n"
"                        file listing shards, or HOST:PORT of a shard served\n"
"                        by xapian-tcpsrv; repeat it to use several as one\n"
"      --timeout=SECONDS give up on a remote shard that does not answer in\n"
"                        time (default %g)\n"
"      --partial         leave out remote shards that do not answer (each\n"
"                        page says which) instead of failing\n"
"      --synonyms=FILE   the synonyms file (default: $JFSEARCH_SYNONYMS,\n"
"                        else the one installed with jfsearch)\n"
"      --no-synonyms     no synonym or acronym expansion\n"
"      --k1=X, --b=X     BM25 parameters, as in jfsearch\n"
"  -h, --help            show this help and exit\n"
"  -V, --version         show the version and exit\n"
"\n"
"It prints the address it serves, then runs until SIGTERM or SIGINT, when\n"
"it answers every request that has reached it and exits 0.  Exit status 2:\n"
"it could not start (a bad option, no index, a bad topic, the address\n"
"taken).\n",
            DEFAULT_PORT, MAX_THREADS, DEFAULT_IDLE_TIMEOUT,
            JF_DEFAULT_TIMEOUT_MS / 1000.0);
}

/* --listen's [ADDR:]PORT into O's address. */
static int parse_listen(const char *arg, options_t *o, jf_error_t *err)
{
    static const char bad[] = "--listen: '%s' is not [ADDR:]PORT (ADDR an "
        "IPv4 address, [IPv6] or localhost; PORT from 0 to 65535)";
    char host[64] = "127.0.0.1";
    const char *port_text = arg;
    const char *colon = strrchr(arg, ':');
    if (arg[0] == '[') {
        const char *close = strchr(arg, ']');
        if (!close || close[1] != ':' || (size_t)(close - arg) > sizeof host)
            return jf_cli_usage(&o->cfg.cli, err, bad, arg);
        memcpy(host, arg + 1, (size_t)(close - arg - 1));
        host[close - arg - 1] = '\0';
        port_text = close + 2;
    } else if (colon) {
        if (strchr(arg, ':') != colon || (size_t)(colon - arg) >= sizeof host)
            return jf_cli_usage(&o->cfg.cli, err, bad, arg);
        memcpy(host, arg, (size_t)(colon - arg));
        host[colon - arg] = '\0';
        port_text = colon + 1;
    }
    if (strcmp(host, "localhost") == 0)
        strcpy(host, "127.0.0.1");
    char *end;
    errno = 0;
    long port = strtol(port_text, &end, 10);
    if (errno || end == port_text || *end || port < 0 || port > 65535)
        return jf_cli_usage(&o->cfg.cli, err, bad, arg);
    struct sockaddr_storage *ss = &o->cfg.addr;
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        o->cfg.addr_len = sizeof *v4;
    } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        o->cfg.addr_len = sizeof *v6;
    } else {
        return jf_cli_usage(&o->cfg.cli, err, bad, arg);
    }
    return 0;
}

/* An option getopt_long did not know, or that lacks its argument. */
static int unknown_option(char **argv, options_t *o, jf_error_t *err)
{
    char opt[3] = { '-', (char)optopt, '\0' };
    return jf_cli_usage(&o->cfg.cli, err, "unknown or incomplete option '%s'",
                        optopt && optopt < 256 ? opt : argv[optind - 1]);
}

/* --threads' default.  A search keeps a processor busy, so one thread per
 * processor answers as many as the machine can, and the requests beyond
 * wait their turn in order (serve_pool.h) rather than slowing each other
 * down; a search of remote shards mostly waits on the network, and more
 * threads fill that wait. */
static unsigned default_threads(const jf_serve_config_t *cfg)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned n = cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS
                                                   : (unsigned)cpus;
    for (size_t i = 0; i < cfg->cli.nindexes; i++) {
        char host[256];
        unsigned port;
        if (jf_index_spec_remote(cfg->cli.indexes[i], host, sizeof host,
                                 &port))
            return n * 4 > MAX_THREADS ? MAX_THREADS : n * 4;
    }
    return n;
}

static int parse_options(int argc, char **argv, options_t *o, jf_error_t *err)
{
    enum { OPT_LISTEN = 256, OPT_THREADS, OPT_IDLE_TIMEOUT };
    static const struct option longopts[] = {
        { "index", required_argument, NULL, 'i' },
        { "k1", required_argument, NULL, JF_OPT_K1 },
        { "b", required_argument, NULL, JF_OPT_B },
        { "synonyms", required_argument, NULL, JF_OPT_SYNONYMS },
        { "no-synonyms", no_argument, NULL, JF_OPT_NO_SYNONYMS },
        { "timeout", required_argument, NULL, JF_OPT_TIMEOUT },
        { "partial", no_argument, NULL, JF_OPT_PARTIAL },
        { "listen", required_argument, NULL, OPT_LISTEN },
        { "threads", required_argument, NULL, OPT_THREADS },
        { "topics", required_argument, NULL, 't' },
        { "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    opterr = 0;
    while (!jf_failed(err) &&
           (c = getopt_long(argc, argv, "i:t:hV", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_LISTEN: parse_listen(optarg, o, err); break;
        case OPT_THREADS:
            jf_cli_count("--threads", optarg, 1, MAX_THREADS, &o->cfg.threads,
                         err);
            break;
        case OPT_IDLE_TIMEOUT:
            jf_cli_count("--idle-timeout", optarg, 1, 3600,
                         &o->cfg.idle_timeout, err);
            break;
        case 't': JF_VEC_PUSH(&o->topic_files, optarg); break;
        case 'h': o->help = true; return 0;
        case 'V': o->version = true; return 0;
        case 'i': case JF_OPT_K1: case JF_OPT_B: case JF_OPT_SYNONYMS:
        case JF_OPT_NO_SYNONYMS: case JF_OPT_TIMEOUT: case JF_OPT_PARTIAL:
            jf_cli_shared_option(c, optarg, &o->cfg.cli, &o->cfg.search, err);
            break;
        default:
            unknown_option(argv, o, err);
        }
    }
    if (!jf_failed(err) && optind < argc)
        jf_cli_usage(&o->cfg.cli, err, "'%s': jfserve takes no arguments "
                     "(queries come from the browser)", argv[optind]);
    if (!o->cfg.threads)
        o->cfg.threads = default_threads(&o->cfg);
    return jf_failed(err) ? -1 : 0;
}

/* The whole of the file PATH ('-': standard input) appended to B. */
static int slurp(const char *path, jf_buf_t *b, jf_error_t *err)
{
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "r");
    if (!f)
        return jf_fail(err, JFX_IO, "%s: cannot read the topics file: %s",
                       path, strerror(errno));
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        jf_buf_append(b, chunk, n);
    bool failed = ferror(f);
    if (!from_stdin)
        fclose(f);
    if (failed)
        return jf_fail(err, JFX_IO, "%s: cannot read the topics file: %s",
                       path, strerror(errno));
    return 0;
}

/* The --topics files into CFG's topics and their text. */
static int read_topics(options_t *o, jf_error_t *err)
{
    jf_buf_t all = JF_BUF_INIT, one = JF_BUF_INIT;
    for (size_t i = 0; i < o->topic_files.n && !jf_failed(err); i++) {
        const char *path = o->topic_files.items[i];
        jf_buf_reset(&one);
        if (slurp(path, &one, err) != 0)
            break;
        jf_topics_load_text(&o->cfg.topics, one.data ? one.data : "", one.len,
                            strcmp(path, "-") ? path : "(standard input)",
                            err);
        jf_buf_append(&all, one.data ? one.data : "", one.len);
        if (one.len && one.data[one.len - 1] != '\n')
            jf_buf_putc(&all, '\n');
    }
    jf_buf_free(&one);
    o->cfg.topics_text = jf_buf_release(&all);
    return jf_failed(err) ? -1 : 0;
}

/* Fails now, rather than on the first request, when the index does not
 * open, the synonyms do not load or a topic's query does not parse. */
static int check_ready(const jf_serve_config_t *cfg, jf_error_t *err)
{
    jfx_db_t *db = NULL;
    jf_analyzer_t *a = jf_analyzer_new();
    jf_synonyms_t *synonyms = NULL;
    jf_search_options_t scratch = cfg->search;
    if (!a)
        jf_fail(err, JFX_INTERNAL, "libstemmer has no English stemmer");
    jf_cli_open_index(&cfg->cli, &db, err);
    jf_cli_load_synonyms(&cfg->cli, db, a, &synonyms, &scratch, err);
    for (size_t i = 0; i < cfg->topics.n && !jf_failed(err); i++) {
        const jf_topic_t *t = &cfg->topics.items[i];
        jf_query_t q;
        jf_error_t why = JF_ERROR_INIT;
        if (jf_query_parse(a, t->query, synonyms, &q, &why) != 0)
            jf_fail(err, JFX_INVALID, "%s: '%s': %s", t->where, t->query,
                    jf_error_message(&why));
        jf_query_free(&q);
        jf_error_clear(&why);
    }
    jf_synonyms_free(synonyms);
    jf_analyzer_free(a);
    jfx_db_close(db);
    return jf_failed(err) ? -1 : 0;
}

static void exit_out_of_memory(void)
{
    fprintf(stderr, "%s: out of memory\n", jf_program_name);
    exit(EXIT_ERROR);
}

/* By default glibc hands a thread's free heap top back to the kernel as
 * soon as it passes 128 KiB, and a search frees about that much: each
 * request then faulted ~29 pages back in, and each return flushed the
 * TLBs of both processors (at M: 29 faults a request, none with this,
 * and 10-20% more requests a second; bench/ANALYSIS.md).  Up to 16 MiB
 * stays with each arena instead, about 1 MB more RSS at M.  Setting the
 * trim threshold stops glibc adjusting the mmap threshold, so that is
 * set too: a response or report buffer of up to 4 MiB comes from the
 * heap rather than a fresh mapping each time. */
static void keep_freed_memory(void)
{
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

/* Serves until SIGTERM or SIGINT.  Returns the exit status. */
static int serve(const jf_serve_config_t *cfg)
{
    /* The signals are blocked before libmicrohttpd's threads start, so
     * they inherit the mask and only sigwait below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    keep_freed_memory();

    jf_error_t err = JF_ERROR_INIT;
    jf_http_t *http = NULL;
    if (jf_http_start(cfg, &http, &err) != 0) {
        fprintf(stderr, "%s: %s\n", jf_program_name, jf_error_message(&err));
        jf_error_clear(&err);
        return EXIT_ERROR;
    }
    printf("%s: listening on %s\n", jf_program_name, jf_http_url(http));
    fflush(stdout);
    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    printf("%s: %s: stopping\n", jf_program_name,
           sig == SIGINT ? "SIGINT" : "SIGTERM");
    fflush(stdout);
    jf_http_stop(http);
    jf_workers_free();
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    jf_program_name = "jfserve";
    jf_set_oom_handler(exit_out_of_memory);
    options_t o;
    memset(&o, 0, sizeof o);
    jf_search_options_init(&o.cfg.search);
    o.cfg.cli.color = JF_COLOR_NEVER;
    o.cfg.idle_timeout = DEFAULT_IDLE_TIMEOUT;
    jf_error_t err = JF_ERROR_INIT;
    parse_listen("8080", &o, &err);

    int status = EXIT_OK;
    if (parse_options(argc, argv, &o, &err) != 0) {
        jf_cli_report(&o.cfg.cli, &err);
        status = EXIT_ERROR;
    } else if (o.help) {
        usage(stdout);
    } else if (o.version) {
        printf("jfserve %s (Xapian %s, libmicrohttpd %s)\n", PACKAGE_VERSION,
               jfx_library_version(), jf_http_library_version());
    } else if (read_topics(&o, &err) != 0 || check_ready(&o.cfg, &err) != 0) {
        jf_cli_report(&o.cfg.cli, &err);
        status = EXIT_ERROR;
    } else {
        status = serve(&o.cfg);
    }
    jf_topics_free(&o.cfg.topics);
    free(o.cfg.topics_text);
    JF_VEC_FREE(&o.topic_files);
    jf_error_clear(&err);
    return status;
}
