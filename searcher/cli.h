/* cli.h - what jfsearch and jfcoverage share on the command line.
 *
 * The options both programs take (numbers, dates, --color, the synonyms)
 * mean the same in both, so they are read, checked and reported here
 * once.  Reading them follows lib/error.h: a bad value is recorded as
 * "--option: 'value' is not ...", and main() prints it after the program
 * name (jf_cli_report) and exits with status 2, as for every usage error.
 */
#ifndef JF_CLI_H
#define JF_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "search.h"
#include "synonyms.h"

enum { JF_EXIT_ERROR = 2 };

typedef enum { JF_COLOR_AUTO, JF_COLOR_ALWAYS, JF_COLOR_NEVER } jf_color_t;

/* getopt_long values of the shared options, above any program's own. */
enum { JF_OPT_COLOR = 1000, JF_OPT_K1, JF_OPT_B, JF_OPT_ARTICLE_WEIGHT, JF_OPT_EXACT_WEIGHT, JF_OPT_PROXIMITY_WEIGHT, JF_OPT_SINCE, JF_OPT_UNTIL,
       JF_OPT_SYNONYMS, JF_OPT_NO_SYNONYMS, JF_OPT_TIMEOUT, JF_OPT_PARTIAL };

/* The shared options' entries for a struct option table. */
#define JF_CLI_SHARED_OPTIONS \
    { "index", required_argument, NULL, 'i' }, \
    { "color", optional_argument, NULL, JF_OPT_COLOR }, \
    { "colour", optional_argument, NULL, JF_OPT_COLOR }, \
    { "k1", required_argument, NULL, JF_OPT_K1 }, \
    { "b", required_argument, NULL, JF_OPT_B }, \
    { "article-weight", required_argument, NULL, JF_OPT_ARTICLE_WEIGHT }, \
    { "exact-weight", required_argument, NULL, JF_OPT_EXACT_WEIGHT }, \
    { "proximity-weight", required_argument, NULL, JF_OPT_PROXIMITY_WEIGHT }, \
    { "since", required_argument, NULL, JF_OPT_SINCE }, \
    { "until", required_argument, NULL, JF_OPT_UNTIL }, \
    { "synonyms", required_argument, NULL, JF_OPT_SYNONYMS }, \
    { "no-synonyms", no_argument, NULL, JF_OPT_NO_SYNONYMS }, \
    { "timeout", required_argument, NULL, JF_OPT_TIMEOUT }, \
    { "partial", no_argument, NULL, JF_OPT_PARTIAL }

/* How many indexes (shards) -i may name. */
#define JF_CLI_MAX_INDEXES 256

/* What the shared options set besides the search options. */
typedef struct {
    const char *indexes[JF_CLI_MAX_INDEXES]; /* each -i, --index, in order */
    size_t nindexes;
    jf_index_options_t open; /* --timeout, --partial */
    const char *synonyms;   /* --synonyms FILE */
    bool no_synonyms;
    jf_color_t color;
    bool usage_error;       /* the error recorded is one of usage (an
                               unknown option, a word an option does not
                               take, no query): jf_cli_report adds the
                               pointer to --help */
} jf_cli_shared_t;

/* Whether getopt_long's C is one of the shared options. */
bool jf_cli_is_shared(int c);

/* Takes the shared option C (with ARG) into SHARED and SEARCH.  Returns
 * 0, or -1 with ERR set when ARG is not a value C takes. */
int jf_cli_shared_option(int c, const char *arg, jf_cli_shared_t *shared,
                         jf_search_options_t *search, jf_error_t *err);

/* Opens the indexes -i named (the default index when none) as one, with
 * --timeout and --partial.  Returns 0, or -1 with ERR set. */
int jf_cli_open_index(const jf_cli_shared_t *shared, jfx_db_t **db,
                      jf_error_t *err);

/* The whole number from MIN to MAX given to OPTION as ARG, into *OUT.
 * Returns 0, or -1 with ERR set. */
int jf_cli_count(const char *option, const char *arg, unsigned min,
                 unsigned max, unsigned *out, jf_error_t *err);
/* The real number from MIN to MAX given to OPTION as ARG, into *OUT.
 * Returns 0, or -1 with ERR set. */
int jf_cli_real(const char *option, const char *arg, double min, double max,
                double *out, jf_error_t *err);
/* A --since (LAST_DAY false) or --until date into OUT (search.h).
 * Returns 0, or -1 with ERR set. */
int jf_cli_date(const char *option, const char *arg, bool last_day,
                char out[9], jf_error_t *err);
/* Returns 0, or -1 with ERR set when --since is after --until. */
int jf_cli_check_dates(const jf_search_options_t *o, jf_error_t *err);

/* Records a usage error: "PROGRAM: " FMT (with ARG) and then the pointer
 * to --help is what jf_cli_report prints.  Returns -1. */
int jf_cli_usage(jf_cli_shared_t *shared, jf_error_t *err, const char *fmt,
                 const char *arg);

/* What main prints for ERR on standard error: "PROGRAM: message", and
 * after a usage error the pointer to --help. */
void jf_cli_report(const jf_cli_shared_t *shared, const jf_error_t *err);

/* Whether to colour standard output: asked for, or auto on a terminal
 * unless NO_COLOR is set or TERM is dumb. */
bool jf_cli_use_color(jf_color_t when);

/* The synonyms a search expands with, into *OUT and SEARCH->synonyms:
 * the curated file (--synonyms, else $JFSEARCH_SYNONYMS, else the
 * installed copy when there is one) and the acronyms mined into DB; none
 * with --no-synonyms.  Returns 0, or -1 with ERR set.  Caller frees *OUT
 * with jf_synonyms_free. */
int jf_cli_load_synonyms(const jf_cli_shared_t *shared, jfx_db_t *db,
                         jf_analyzer_t *a, jf_synonyms_t **out,
                         jf_search_options_t *search, jf_error_t *err);

#endif
