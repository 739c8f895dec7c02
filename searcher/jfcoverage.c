/* jfcoverage.c - the editors' coverage report: which articles cover which
 * topics, and which topics nobody has covered.
 *
 * A program of its own rather than "jfsearch coverage", so that a search
 * for the word "coverage" stays a search.  Matching and counting live in
 * coverage.c (through lib/search.c, the one matching path); this file
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

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

enum { EXIT_COVERED = 0, EXIT_NOT_COVERED = 1, EXIT_ERROR = JF_EXIT_ERROR };

/* Article columns the table and the HTML heat map show by default. */
enum { DEFAULT_MAX_ARTICLES = 20 };

typedef enum { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON, FORMAT_HTML } format_t;

typedef struct {
    jf_cli_shared_t cli;
    const char **topic_files;
    size_t ntopic_files;
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
"  -h, --help            show this help and exit\n"
"  -V, --version         show the version and exit\n"
"\n"
"Exit status: 0 if every required topic is covered, 1 if one is not (each\n"
"is named on standard error), 2 on error.\n",
            JF_DEFAULT_MIN_PASSAGES, DEFAULT_MAX_ARTICLES);
}

static format_t parse_format(const char *arg)
{
    static const char *const names[] = { "table", "csv", "json", "html" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(arg, names[i]) == 0)
            return (format_t)i;
    jf_cli_die_usage("--format: '%s' is not table, csv, json or html", arg);
}

static void parse_options(int argc, char **argv, options_t *o)
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
    opterr = 0;
    while ((c = getopt_long(argc, argv, "t:jo:i:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            o->topic_files = jf_realloc(o->topic_files,
                (o->ntopic_files + 1) * sizeof *o->topic_files);
            o->topic_files[o->ntopic_files++] = optarg;
            break;
        case OPT_MIN_PASSAGES:
            o->coverage.min_passages =
                jf_cli_count("--min-passages", optarg, 1, 100000);
            break;
        case OPT_FORMAT: o->format = parse_format(optarg); break;
        case OPT_CSV: o->format = FORMAT_CSV; break;
        case 'j': o->format = FORMAT_JSON; break;
        case OPT_HTML: o->format = FORMAT_HTML; break;
        case 'o': o->output = optarg; break;
        case OPT_MAX_ARTICLES:
            o->max_articles = jf_cli_count("--max-articles", optarg, 0,
                                           100000);
            break;
        case 'h': usage(stdout); exit(EXIT_COVERED);
        case 'V':
            printf("jfcoverage %s (Xapian %s)\n", PACKAGE_VERSION,
                   jfx_library_version());
            exit(EXIT_COVERED);
        default:
            if (jf_cli_shared_option(c, optarg, &o->cli, &o->coverage.search))
                break;
            if (optopt && optopt < 256) {
                char opt[3] = { '-', (char)optopt, '\0' };
                jf_cli_die_usage("unknown or incomplete option '%s'", opt);
            }
            jf_cli_die_usage("unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    jf_cli_check_dates(&o->coverage.search);
}

/* The topics of every --topics file, then of the arguments. */
static int read_topics(const options_t *o, int argc, char **argv,
                       jf_topics_t *topics, jf_error_t *err)
{
    for (size_t i = 0; i < o->ntopic_files; i++)
        jf_topics_load_file(topics, o->topic_files[i], err);
    jf_buf_t where = JF_BUF_INIT;
    for (int i = 0; i < argc && !jf_failed(err); i++) {
        jf_buf_reset(&where);
        jf_buf_printf(&where, "topic argument %d", i + 1);
        jf_topics_add(topics, argv[i], where.data, err);
    }
    jf_buf_free(&where);
    if (topics->n == 0)
        jf_fail(err, JFX_INVALID, "%s", o->ntopic_files
            ? "no topics in the topics file (only comments or blank lines)"
            : "no topics given: name them as arguments or with --topics "
              "FILE (a sample: " JF_PKGDATADIR "/topics.txt)");
    return jf_failed(err) ? -1 : 0;
}

static int write_report(const options_t *o, const jf_coverage_t *c)
{
    FILE *out = o->output ? fopen(o->output, "w") : stdout;
    const char *name = o->output ? o->output : "standard output";
    if (!out) {
        fprintf(stderr, "%s: %s: cannot write the report: %s\n",
                jf_program_name, name, strerror(errno));
        return -1;
    }
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
    if (failed) {
        fprintf(stderr, "%s: %s: cannot write the report: %s\n",
                jf_program_name, name, strerror(errno));
        return -1;
    }
    return 0;
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

int main(int argc, char **argv)
{
    jf_program_name = "jfcoverage";
    jf_set_oom_handler(exit_out_of_memory);
    options_t o = { .cli.color = JF_COLOR_AUTO,
                    .max_articles = DEFAULT_MAX_ARTICLES };
    jf_coverage_options_init(&o.coverage);
    parse_options(argc, argv, &o);
    o.coverage.keep_passages = o.format == FORMAT_HTML;

    int status = EXIT_ERROR;
    jf_error_t err = JF_ERROR_INIT;
    jf_topics_t topics = JF_TOPICS_INIT;
    jfx_db_t *db = NULL;
    jf_analyzer_t *analyzer = jf_analyzer_new();
    jf_synonyms_t *synonyms = NULL;
    jf_coverage_t coverage;
    memset(&coverage, 0, sizeof coverage);

    if (!analyzer) {
        fprintf(stderr, "%s: libstemmer has no English stemmer\n",
                jf_program_name);
    } else if (read_topics(&o, argc - optind, argv + optind, &topics,
                           &err) != 0 ||
               jf_cli_open_index(&o.cli, &db, &err) != 0 ||
               jf_cli_load_synonyms(&o.cli, db, analyzer, &synonyms,
                                    &o.coverage.search, &err) != 0 ||
               jf_coverage_run(db, analyzer, &topics, &o.coverage, &coverage,
                               &err) != 0) {
        fprintf(stderr, "%s: %s\n", jf_program_name, jf_error_message(&err));
    } else if (write_report(&o, &coverage) == 0) {
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
    free(o.topic_files);
    jf_error_clear(&err);
    return status;
}
