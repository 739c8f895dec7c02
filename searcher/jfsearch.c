/* jfsearch.c - the command line: options in, ranked passages out.
 *
 * Everything about matching lives in the engine (query.c, search.c); this file
 * only reads options, picks the output form and chooses the exit status,
 * which follows grep: 0 something matched, 1 nothing did, 2 an error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "cli.h"
#include "render.h"
#include "search.h"
#include "synonyms.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

enum { EXIT_MATCH = 0, EXIT_NO_MATCH = 1, EXIT_ERROR = JF_EXIT_ERROR };

typedef struct {
    jf_cli_shared_t cli;
    const char *query_file; /* --query-file FILE ("-": standard input) */
    bool json;
    bool explain;
    bool debug_query;       /* print the query's tree instead of searching */
    bool help, version;     /* print it and exit: nothing else is read */
    jf_search_options_t search;
} options_t;

static void usage(FILE *out)
{
    fprintf(out,
"Usage: jfsearch [OPTION]... QUERY...\n"
"       jfsearch [OPTION]... --query-file FILE\n"
"Search the indexed articles and print the passages that best match QUERY,\n"
"ranked by their BM25 plus their article's, with the matching words\n"
"highlighted.\n"
"\n"
"Query syntax:\n"
"  word            any case, any inflection (access, Accessed, ACCESSES)\n"
"  \"a phrase\"      the words in this order; inflected forms match too\n"
"  -word, NOT word passages without the word; after -- or in quotes, as\n"
"                  the shell passes -word as an option: jfsearch -- a -b\n"
"  a OR b          either word; OR binds tighter than the implied AND\n"
"  a AND b         both words (the default between words)\n"
"  ( ... )         grouping\n"
"  title:word, title:\"a phrase\", source:word, byline:word\n"
"                  only articles whose headline (source, byline) has the\n"
"                  words\n"
"  date:2023-05-18, date:2023-05, date:2023, date:\"May 18, 2023\"\n"
"                  only articles published that day (month, year)\n"
"  May 18, 2023    a date in any common form: articles of that date and\n"
"                  passages that write it\n"
"When no passage has every word, passages with some of them are shown.\n"
"A query has at most 1000 words.  Options may come before or after it.\n"
"Words and phrases of the synonyms file (and acronyms jfindex found) match\n"
"each other (RAA = reciprocal access agreement); a misspelled word that\n"
"finds nothing is corrected (Senkako -> senkaku).\n"
"\n"
"Options:\n"
"  -n, --limit=N       show at most N passages (default 10)\n"
"  -f, --query-file=FILE  read the query from FILE (- for standard input)\n"
"                      instead of the command line, for long queries\n"
"      --offset=N      skip the first N passages (for paging)\n"
"  -a, --articles      only the best passage of each article\n"
"      --any           match passages with any of the words (OR) by default\n"
"      --since=DATE    only articles dated DATE or later (YYYY-MM-DD,\n"
"                      YYYY-MM or YYYY); undated articles are left out\n"
"      --until=DATE    only articles dated DATE or earlier (likewise)\n"
"      --synonyms=FILE the synonyms file (default: $JFSEARCH_SYNONYMS, else\n"
"                      the source tree's when run from its build tree,\n"
"                      else the one installed with jfsearch)\n"
"      --no-synonyms   no synonym or acronym expansion\n"
"      --explain       show each term's share of each passage's score\n"
"      --debug-query   print the tree QUERY parses into, with the synonyms\n"
"                      the search would use, and exit (see jfsearch(1))\n"
"  -j, --json          print one JSON object (see jfsearch(1))\n"
"      --color[=WHEN]  colour matches: auto (default), always or never;\n"
"                      NO_COLOR in the environment means never for auto\n"
"  -i, --index=INDEX   the index to search (default: $JFSEARCH_INDEX, else\n"
"                      the index jfindex builds by default): a directory,\n"
"                      a stub file listing shards, or HOST:PORT of a shard\n"
"                      served by xapian-tcpsrv; repeat it to search several\n"
"                      as one index\n"
"      --timeout=SECONDS  give up on a remote shard that does not answer\n"
"                      within this time (default %g)\n"
"      --partial       leave out remote shards that do not answer, say\n"
"                      which, and show the results of the others\n"
"      --k1=X          BM25 term-frequency saturation (default %.2g)\n"
"      --b=X           BM25 length normalisation, 0..1 (default %.2g)\n"
"      --article-weight=X  how much of its article's BM25 a passage's score\n"
"                      adds, 0..100 (default %.2g; 0: none)\n"
"      --exact-weight=X  how much more a word, or the form of a synonym\n"
"                      group typed, weighs where it stands as typed,\n"
"                      0..100 (default %.2g; 0: stems only)\n"
"      --proximity-weight=X  how much more query words weigh within %d\n"
"                      positions of each other, 0..100 (default %.2g)\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and exit\n"
"\n"
"Exit status: 0 if a passage matched, 1 if none did, 2 on error.\n",
            JF_DEFAULT_TIMEOUT_MS / 1000.0, JF_DEFAULT_K1, JF_DEFAULT_B,
            JF_DEFAULT_ARTICLE_WEIGHT, JF_DEFAULT_EXACT_WEIGHT, JF_NEAR_WINDOW,
            JF_DEFAULT_PROXIMITY_WEIGHT);
}

/* The argument of ARGV that holds the short option C getopt just
 * refused: the one it is in the middle of, or the one before. */
static const char *argument_of(int argc, char **argv, int c)
{
    if (optind < argc && argv[optind][0] == '-' && strchr(argv[optind], c))
        return argv[optind];
    return argv[optind - 1];
}

/* An option getopt_long did not know, or that lacks its argument. */
static int unknown_option(int argc, char **argv, options_t *o,
                          jf_error_t *err)
{
    char opt[3] = { '-', (char)optopt, '\0' };
    bool is_short = optopt && optopt < 256;
    const char *arg = is_short ? argument_of(argc, argv, optopt)
                               : argv[optind - 1];
    /* "-taiwan": not options but a word to exclude. */
    if (is_short && arg[0] == '-' && arg[1] != '-' && strlen(arg) > 2)
        return jf_cli_usage(&o->cli, err, "'%s' is not an option; to "
                            "exclude a word, put the query after -- "
                            "(jfsearch -- china -taiwan) or in quotes", arg);
    return jf_cli_usage(&o->cli, err, "unknown or incomplete option '%s' "
                        "(to search for a word starting with '-', put it "
                        "after --)", is_short ? opt : arg);
}

/* The options before the query into O.  Returns 0, or -1 with ERR set
 * (O->cli.usage_error says whether it is one of usage). */
static int parse_options(int argc, char **argv, options_t *o, jf_error_t *err)
{
    enum { OPT_OFFSET = 256, OPT_ANY, OPT_EXPLAIN, OPT_DEBUG_QUERY };
    static const struct option longopts[] = {
        JF_CLI_SHARED_OPTIONS,
        { "limit", required_argument, NULL, 'n' },
        { "query-file", required_argument, NULL, 'f' },
        { "offset", required_argument, NULL, OPT_OFFSET },
        { "articles", no_argument, NULL, 'a' },
        { "any", no_argument, NULL, OPT_ANY },
        { "json", no_argument, NULL, 'j' },
        { "explain", no_argument, NULL, OPT_EXPLAIN },
        { "debug-query", no_argument, NULL, OPT_DEBUG_QUERY },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    opterr = 0;
    /* Options anywhere, as grep and rg take them ("jfsearch taiwan -n 1");
     * "--" ends them, so "jfsearch -- china -taiwan" excludes. */
    while (!jf_failed(err) &&
           (c = getopt_long(argc, argv, "n:f:aji:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            jf_cli_count("--limit", optarg, 1, 100000, &o->search.limit, err);
            break;
        case OPT_OFFSET:
            jf_cli_count("--offset", optarg, 0, 100000, &o->search.offset,
                         err);
            break;
        case 'f': o->query_file = optarg; break;
        case 'a': o->search.per_article = true; break;
        case OPT_ANY: o->search.op = JF_DEFAULT_OR; break;
        case 'j': o->json = true; break;
        case OPT_EXPLAIN: o->explain = o->search.explain = true; break;
        case OPT_DEBUG_QUERY: o->debug_query = true; break;
        case 'h': o->help = true; return 0;
        case 'V': o->version = true; return 0;
        default:
            if (jf_cli_is_shared(c))
                jf_cli_shared_option(c, optarg, &o->cli, &o->search, err);
            else
                unknown_option(argc, argv, o, err);
        }
    }
    return jf_cli_check_dates(&o->search, err);
}

/* The query words, as typed, joined by spaces. */
static char *join_words(int argc, char **argv)
{
    jf_buf_t b = JF_BUF_INIT;
    for (int i = 0; i < argc; i++) {
        if (i)
            jf_buf_putc(&b, ' ');
        jf_buf_puts(&b, argv[i]);
    }
    return jf_buf_release(&b);
}

/* The most a --query-file may hold: far more than JF_QUERY_MAX_WORDS
 * words need, far less than memory. */
#define QUERY_FILE_MAX (1 << 20)

/* The query in FILE ("-": standard input), its lines joined by spaces. */
static char *read_query_file(const char *file, jf_error_t *err)
{
    bool stdin_ = strcmp(file, "-") == 0;
    FILE *f = stdin_ ? stdin : fopen(file, "rb");
    const char *name = stdin_ ? "standard input" : file;
    jf_buf_t b = JF_BUF_INIT;
    char chunk[4096];
    size_t n;

    if (!f) {
        jf_fail(err, JFX_IO, "--query-file: %s: %s", file, strerror(errno));
        return NULL;
    }
    while (b.len <= QUERY_FILE_MAX && (n = fread(chunk, 1, sizeof chunk, f)))
        jf_buf_append(&b, chunk, n);
    if (ferror(f))
        jf_fail(err, JFX_IO, "--query-file: %s: %s", name, strerror(errno));
    else if (b.len > QUERY_FILE_MAX)
        jf_fail(err, JFX_BAD_QUERY, "--query-file: %s: longer than 1 MB "
                "(a query has at most %d words)", name, JF_QUERY_MAX_WORDS);
    else if (b.len > 0 && memchr(b.data, '\0', b.len))
        jf_fail(err, JFX_BAD_QUERY, "--query-file: %s: holds a NUL byte, "
                "not text", name);
    if (!stdin_)
        fclose(f);
    for (size_t i = 0; i < b.len; i++)
        if (b.data[i] == '\n' || b.data[i] == '\r' || b.data[i] == '\t')
            b.data[i] = ' ';
    while (b.len > 0 && b.data[b.len - 1] == ' ')
        b.data[--b.len] = '\0'; /* the file's last line break */
    if (jf_failed(err)) {
        jf_buf_free(&b);
        return NULL;
    }
    return b.len ? jf_buf_release(&b) : jf_strdup("");
}

/* Installed as alloc.h's handler: the library code never exits. */
static void exit_out_of_memory(void)
{
    fprintf(stderr, "%s: out of memory\n", jf_program_name);
    exit(2);
}

/* --debug-query: the tree QUERY parses into, on one line. */
static int print_tree(jf_analyzer_t *a, const char *query, const options_t *o,
                      jf_error_t *err)
{
    jf_query_t q;
    if (jf_query_parse(a, query, o->search.synonyms, &q, err) != 0)
        return -1;
    jf_buf_t b = JF_BUF_INIT;
    jf_query_print(&q, &b);
    jf_buf_putc(&b, '\n');
    fwrite(b.data, 1, b.len, stdout);
    jf_buf_free(&b);
    jf_query_free(&q);
    return 0;
}

/* Prints the results of the search for QUERY as O says; the exit status. */
static int print_results(const char *query, const options_t *o,
                         const jf_query_t *parsed, const jf_results_t *results)
{
    for (size_t i = 0; i < results->nmissing; i++)
        fprintf(stderr, "%s: warning: shard left out, results are from "
                "the others: %s\n", jf_program_name, results->missing[i]);
    if (o->json)
        jf_render_json(stdout, query, parsed, results, o->explain);
    else
        jf_render_text(stdout, query, parsed, results,
                       jf_cli_use_color(o->cli.color), o->explain);
    return results->n > 0 ? EXIT_MATCH : EXIT_NO_MATCH;
}

/* Searches for QUERY as O says (or with --debug-query parses it) and
 * prints what it found; the exit status. */
static int search(const char *query, options_t *o)
{
    int status = EXIT_ERROR;
    jf_error_t err = JF_ERROR_INIT;
    jfx_db_t *db = NULL;
    jf_analyzer_t *analyzer = jf_analyzer_new();
    jf_synonyms_t *synonyms = NULL;
    jf_query_t parsed;
    jf_results_t results;
    memset(&parsed, 0, sizeof parsed);
    memset(&results, 0, sizeof results);

    if (!analyzer)
        jf_fail(&err, JFX_INTERNAL, "libstemmer has no English stemmer");
    jf_cli_open_index(&o->cli, &db, &err);
    jf_cli_load_synonyms(&o->cli, db, analyzer, &synonyms, &o->search, &err);
    if (o->debug_query)
        status = print_tree(analyzer, query, o, &err) == 0 ? EXIT_MATCH
                                                           : EXIT_ERROR;
    else if (jf_search_run(db, analyzer, query, &o->search, &parsed,
                           &results, &err) == 0)
        status = print_results(query, o, &parsed, &results);
    if (jf_failed(&err)) {
        jf_cli_report(&o->cli, &err);
        status = EXIT_ERROR;
    } else if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: cannot write results: %s\n", jf_program_name,
                strerror(errno));
        status = EXIT_ERROR;
    }

    jf_results_free(&results);
    jf_query_free(&parsed);
    jf_synonyms_free(synonyms);
    jf_analyzer_free(analyzer);
    jfx_db_close(db);
    jf_error_clear(&err);
    return status;
}

int main(int argc, char **argv)
{
    jf_program_name = "jfsearch";
    jf_set_oom_handler(exit_out_of_memory);
    options_t o = { .cli.color = JF_COLOR_AUTO };
    jf_search_options_init(&o.search);
    jf_error_t err = JF_ERROR_INIT;
    if (parse_options(argc, argv, &o, &err) == 0 && !o.help && !o.version) {
        if (o.query_file && optind < argc)
            jf_cli_usage(&o.cli, &err, "%s", "give the query as words or "
                         "with --query-file, not both");
        else if (!o.query_file && optind >= argc)
            jf_cli_usage(&o.cli, &err, "%s", "no query given");
    }
    if (jf_failed(&err)) {
        jf_cli_report(&o.cli, &err);
        jf_error_clear(&err);
        return EXIT_ERROR;
    }
    if (o.help) {
        usage(stdout);
        return EXIT_MATCH;
    }
    if (o.version) {
        printf("jfsearch %s (Xapian %s)\n", PACKAGE_VERSION,
               jfx_library_version());
        return EXIT_MATCH;
    }
    char *query = o.query_file ? read_query_file(o.query_file, &err)
                               : join_words(argc - optind, argv + optind);
    if (!query) {
        jf_cli_report(&o.cli, &err);
        jf_error_clear(&err);
        return EXIT_ERROR;
    }
    int status = search(query, &o);
    free(query);
    return status;
}
