/* jfcoverage.c - the editors' coverage report: which articles cover which
 * topics, and which topics nobody has covered.
 *
 * A program of its own rather than "jfsearch coverage", so that a search
 * for the word "coverage" stays a search.  Matching and counting live in
 * coverage.c (through search.c, the one matching path); this file
 * reads the options and topics, picks the output form and chooses the
 * exit status: 0 every required topic is covered, 1 one is not (each named
 * on standard error), 2 an error.
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
#include "coverage.h"
#include "coverage_html.h"
#include "coverage_render.h"
#include "topics.h"
#include "vec.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

enum { EXIT_COVERED = 0, EXIT_NOT_COVERED = 1, EXIT_ERROR = JF_EXIT_ERROR };

/* Article columns the table and the HTML heat map show by default. */
enum { DEFAULT_MAX_ARTICLES = 20 };

typedef enum { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON, FORMAT_HTML } format_t;

typedef struct {
    jf_cli_shared_t cli;
    bool help, version;     /* print it and exit: nothing else is read */
    struct {
        const char **items;
        size_t n, cap;
    } topic_files;          /* each --topics, in order (vec.h) */
    const char *output;
    format_t format;
    size_t max_articles;
    jf_coverage_options_t coverage;
} options_t;

static void usage(FILE *out)
{
    fprintf(out,
"Usage: jfcoverage [OPTION]... [TOPIC]...\n"
"Report which indexed articles cover which topics, and which topics no\n"
"article covers.  A topic is a query in jfsearch's syntax, with a label:\n"
"  [+]LABEL: QUERY   or   [+]QUERY      (+ marks a required topic)\n"
"An article covers a topic when at least --min-passages of its passages\n"
"(the headline and paragraphs) have every word of the query; passages with\n"
"only some of the words do not count.\n"
"\n"
"Options:\n"
"  -t, --topics=FILE     read topics from FILE, one a line ('#' comments;\n"
"                        '-' is standard input); may be given again\n"
"      --min-passages=K  passages an article needs to cover a topic\n"
"                        (default %d)\n"
"      --format=FORMAT   table (default), csv, json or html\n"
"      --csv, -j, --json, --html\n"
"                        the same as --format=csv, json or html\n"
"  -o, --output=FILE     write the report to FILE instead of standard output\n"
"      --max-articles=N  article columns in the table and the HTML heat map:\n"
"                        those covering the most topics (default %d; 0: all)\n"
"      --since=DATE      only articles dated DATE or later (YYYY-MM-DD,\n"
"                        YYYY-MM or YYYY); undated articles are left out\n"
"      --until=DATE      only articles dated DATE or earlier (likewise)\n"
"      --synonyms=FILE   the synonyms file (default: $JFSEARCH_SYNONYMS, else\n"
"                        the one installed with jfsearch)\n"
"      --no-synonyms     no synonym or acronym expansion\n"
"      --color[=WHEN]    colour the table: auto (default), always or never\n"
"  -i, --index=INDEX     the index (default: $JFSEARCH_INDEX, else the index\n"
"                        jfindex builds by default): a directory, a stub\n"
"                        file listing shards, or HOST:PORT of a shard served\n"
"                        by xapian-tcpsrv; repeat it to use several as one\n"
"      --timeout=SECONDS give up on a remote shard that does not answer in\n"
"                        time (default 10)\n"
"      --partial         leave out remote shards that do not answer (named\n"
"                        on standard error) instead of failing\n"
"      --k1=X, --b=X     BM25 parameters, as in jfsearch (the best scores)\n"
"      --article-weight=X, --exact-weight=X, --proximity-weight=X\n"
"                        the parts of a score, as in jfsearch (the best\n"
"                        scores)\n"
"  -h, --help            show this help and exit\n"
"  -V, --version         show the version and exit\n"
"\n"
"Exit status: 0 if every required topic is covered, 1 if one is not (each\n"
"is named on standard error), 2 on error.\n",
            JF_DEFAULT_MIN_PASSAGES, DEFAULT_MAX_ARTICLES);
}

static int parse_format(const char *arg, options_t *o, jf_error_t *err)
{
    static const char *const names[] = { "table", "csv", "json", "html" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(arg, names[i]) == 0) {
            o->format = (format_t)i;
            return 0;
        }
    return jf_cli_usage(&o->cli, err,
                        "--format: '%s' is not table, csv, json or html", arg);
}

/* An option getopt_long did not know, or that lacks its argument. */
static int unknown_option(char **argv, options_t *o, jf_error_t *err)
{
    char opt[3] = { '-', (char)optopt, '\0' };
    return jf_cli_usage(&o->cli, err, "unknown or incomplete option '%s'",
                        optopt && optopt < 256 ? opt : argv[optind - 1]);
}

/* The options into O.  Returns 0, or -1 with ERR set (O->cli.usage_error
 * says whether it is one of usage). */
static int parse_options(int argc, char **argv, options_t *o, jf_error_t *err)
{
    enum { OPT_MIN_PASSAGES = 256, OPT_FORMAT, OPT_CSV, OPT_HTML,
           OPT_MAX_ARTICLES };
    static const struct option longopts[] = {
        JF_CLI_SHARED_OPTIONS,
        { "topics", required_argument, NULL, 't' },
        { "min-passages", required_argument, NULL, OPT_MIN_PASSAGES },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "csv", no_argument, NULL, OPT_CSV },
        { "json", no_argument, NULL, 'j' },
        { "html", no_argument, NULL, OPT_HTML },
        { "output", required_argument, NULL, 'o' },
        { "max-articles", required_argument, NULL, OPT_MAX_ARTICLES },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    unsigned max_articles;
    opterr = 0;
    while (!jf_failed(err) &&
           (c = getopt_long(argc, argv, "t:jo:i:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 't': JF_VEC_PUSH(&o->topic_files, optarg); break;
        case OPT_MIN_PASSAGES:
            jf_cli_count("--min-passages", optarg, 1, 100000,
                         &o->coverage.min_passages, err);
            break;
        case OPT_FORMAT: parse_format(optarg, o, err); break;
        case OPT_CSV: o->format = FORMAT_CSV; break;
        case 'j': o->format = FORMAT_JSON; break;
        case OPT_HTML: o->format = FORMAT_HTML; break;
        case 'o': o->output = optarg; break;
        case OPT_MAX_ARTICLES:
            if (jf_cli_count("--max-articles", optarg, 0, 100000,
                             &max_articles, err) == 0)
                o->max_articles = max_articles;
            break;
        case 'h': o->help = true; return 0;
        case 'V': o->version = true; return 0;
        default:
            if (jf_cli_is_shared(c))
                jf_cli_shared_option(c, optarg, &o->cli, &o->coverage.search,
                                     err);
            else
                unknown_option(argv, o, err);
        }
    }
    return jf_cli_check_dates(&o->coverage.search, err);
}

/* The topics of every --topics file, then of the arguments. */
static int read_topics(const options_t *o, int argc, char **argv,
                       jf_topics_t *topics, jf_error_t *err)
{
    for (size_t i = 0; i < o->topic_files.n; i++)
        jf_topics_load_file(topics, o->topic_files.items[i], err);
    jf_buf_t where = JF_BUF_INIT;
    for (int i = 0; i < argc && !jf_failed(err); i++) {
        jf_buf_reset(&where);
        jf_buf_printf(&where, "topic argument %d", i + 1);
        jf_topics_add(topics, argv[i], where.data, err);
    }
    jf_buf_free(&where);
    if (topics->n == 0)
        jf_fail(err, JFX_INVALID, "%s", o->topic_files.n
            ? "no topics in the topics file (only comments or blank lines)"
            : "no topics given: name them as arguments or with --topics "
              "FILE (a sample: " JF_PKGDATADIR "/topics.txt)");
    return jf_failed(err) ? -1 : 0;
}

static int write_report(const options_t *o, const jf_coverage_t *c,
                        jf_error_t *err)
{
    FILE *out = o->output ? fopen(o->output, "w") : stdout;
    const char *name = o->output ? o->output : "standard output";
    if (!out)
        return jf_fail(err, JFX_IO, "%s: cannot write the report: %s", name,
                       strerror(errno));
    switch (o->format) {
    case FORMAT_TABLE:
        jf_coverage_table(out, c, o->max_articles,
                          !o->output && jf_cli_use_color(o->cli.color));
        break;
    case FORMAT_CSV: jf_coverage_csv(out, c); break;
    case FORMAT_JSON: jf_coverage_json(out, c); break;
    case FORMAT_HTML: jf_coverage_html(out, c, o->max_articles); break;
    }
    bool failed = fflush(out) != 0 || ferror(out);
    if (o->output && fclose(out) != 0)
        failed = true;
    if (failed)
        return jf_fail(err, JFX_IO, "%s: cannot write the report: %s", name,
                       strerror(errno));
    return jf_coverage_check(c, err);
}

/* Names each required topic no article covers; true when there is one. */
static bool report_missing(const jf_coverage_t *c)
{
    bool missing = false;
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        if (!t->topic->required || t->covered)
            continue;
        fprintf(stderr, "%s: %s: required topic '%s' is not covered (%s)\n",
                jf_program_name, t->topic->where, t->topic->label,
                t->ncells ? "only mentioned" : "no passage matches");
        missing = true;
    }
    return missing;
}

/* Installed as alloc.h's handler: the library code never exits. */
static void exit_out_of_memory(void)
{
    fprintf(stderr, "%s: out of memory\n", jf_program_name);
    exit(2);
}

/* Reports on the topics of the arguments ARGV[0..ARGC) and O; the exit
 * status. */
static int report(int argc, char **argv, options_t *o)
{
    int status = EXIT_ERROR;
    jf_error_t err = JF_ERROR_INIT;
    jf_topics_t topics = JF_TOPICS_INIT;
    jfx_db_t *db = NULL;
    jf_analyzer_t *analyzer = jf_analyzer_new();
    jf_synonyms_t *synonyms = NULL;
    jf_coverage_t coverage;
    memset(&coverage, 0, sizeof coverage);

    if (!analyzer)
        jf_fail(&err, JFX_INTERNAL, "libstemmer has no English stemmer");
    if (read_topics(o, argc, argv, &topics, &err) != 0 ||
        jf_cli_open_index(&o->cli, &db, &err) != 0 ||
        jf_cli_load_synonyms(&o->cli, db, analyzer, &synonyms,
                             &o->coverage.search, &err) != 0 ||
        jf_coverage_run(db, analyzer, &topics, &o->coverage, &coverage,
                        &err) != 0 ||
        write_report(o, &coverage, &err) != 0) {
        jf_cli_report(&o->cli, &err);
    } else {
        for (size_t i = 0; i < jfx_db_missing_count(db); i++)
            fprintf(stderr, "%s: warning: shard left out, the report covers "
                    "the others: %s\n", jf_program_name, jfx_db_missing(db, i));
        status = report_missing(&coverage) ? EXIT_NOT_COVERED : EXIT_COVERED;
    }

    jf_coverage_free(&coverage);
    jf_synonyms_free(synonyms);
    jf_analyzer_free(analyzer);
    jfx_db_close(db);
    jf_topics_free(&topics);
    jf_error_clear(&err);
    return status;
}

int main(int argc, char **argv)
{
    jf_program_name = "jfcoverage";
    jf_set_oom_handler(exit_out_of_memory);
    options_t o = { .cli.color = JF_COLOR_AUTO,
                    .max_articles = DEFAULT_MAX_ARTICLES };
    jf_coverage_options_init(&o.coverage);
    jf_error_t err = JF_ERROR_INIT;
    int status = EXIT_COVERED;
    if (parse_options(argc, argv, &o, &err) != 0) {
        jf_cli_report(&o.cli, &err);
        status = EXIT_ERROR;
    } else if (o.help) {
        usage(stdout);
    } else if (o.version) {
        printf("jfcoverage %s (Xapian %s)\n", PACKAGE_VERSION,
               jfx_library_version());
    } else {
        o.coverage.keep_passages = o.format == FORMAT_HTML;
        /* The table shows counts only. */
        o.coverage.best_scores = o.format != FORMAT_TABLE;
        status = report(argc - optind, argv + optind, &o);
    }
    JF_VEC_FREE(&o.topic_files);
    jf_error_clear(&err);
    return status;
}
