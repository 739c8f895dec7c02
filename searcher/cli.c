/* cli.c - option values both command-line programs read (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "date.h"
#include "paths.h"

void jf_cli_die_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", jf_program_name);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help' for more information.\n",
            jf_program_name);
    exit(JF_EXIT_ERROR);
}

unsigned jf_cli_count(const char *option, const char *arg, unsigned min,
                      unsigned max)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < (long)min || v > (long)max) {
        fprintf(stderr, "%s: %s: '%s' is not a whole number from %u to "
                        "%u\n", jf_program_name, option, arg, min, max);
        exit(JF_EXIT_ERROR);
    }
    return (unsigned)v;
}

double jf_cli_real(const char *option, const char *arg, double min,
                   double max)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || *end || !isfinite(v) || v < min || v > max) {
        fprintf(stderr, "%s: %s: '%s' is not a number from %g to %g\n",
                jf_program_name, option, arg, min, max);
        exit(JF_EXIT_ERROR);
    }
    return v;
}

void jf_cli_date(const char *option, const char *arg, bool last_day,
                 char out[9])
{
    if (jf_date_bound(arg, last_day, out) != 0) {
        fprintf(stderr, "%s: %s: '%s' is not a date (YYYY-MM-DD, YYYY-MM or "
                        "YYYY)\n", jf_program_name, option, arg);
        exit(JF_EXIT_ERROR);
    }
}

void jf_cli_check_dates(const jf_search_options_t *o)
{
    if (o->since[0] && o->until[0] && strcmp(o->since, o->until) > 0) {
        fprintf(stderr, "%s: --since is after --until: no date is both\n",
                jf_program_name);
        exit(JF_EXIT_ERROR);
    }
}

bool jf_cli_shared_option(int c, const char *arg, jf_cli_shared_t *shared,
                          jf_search_options_t *search)
{
    switch (c) {
    case 'i':
        if (shared->nindexes == JF_CLI_MAX_INDEXES)
            jf_cli_die_usage("--index: more than %s indexes", "256");
        shared->indexes[shared->nindexes++] = arg;
        break;
    case JF_OPT_TIMEOUT:
        shared->open.timeout_ms =
            (unsigned)lround(jf_cli_real("--timeout", arg, 0.001, 3600) * 1000);
        break;
    case JF_OPT_PARTIAL: shared->open.partial = search->partial = true; break;
    case JF_OPT_COLOR: shared->color = jf_cli_color(arg); break;
    case JF_OPT_K1: search->k1 = jf_cli_real("--k1", arg, 0, 100); break;
    case JF_OPT_B: search->b = jf_cli_real("--b", arg, 0, 1); break;
    case JF_OPT_SINCE: jf_cli_date("--since", arg, false, search->since); break;
    case JF_OPT_UNTIL: jf_cli_date("--until", arg, true, search->until); break;
    case JF_OPT_SYNONYMS: shared->synonyms = arg; break;
    case JF_OPT_NO_SYNONYMS: shared->no_synonyms = true; break;
    default: return false;
    }
    return true;
}

jf_color_t jf_cli_color(const char *arg)
{
    if (!arg || strcmp(arg, "always") == 0 || strcmp(arg, "yes") == 0)
        return JF_COLOR_ALWAYS;
    if (strcmp(arg, "never") == 0 || strcmp(arg, "no") == 0)
        return JF_COLOR_NEVER;
    if (strcmp(arg, "auto") != 0)
        jf_cli_die_usage("--color: '%s' is not auto, always or never", arg);
    return JF_COLOR_AUTO;
}

bool jf_cli_use_color(jf_color_t when)
{
    if (when != JF_COLOR_AUTO)
        return when == JF_COLOR_ALWAYS;
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
           !(term && strcmp(term, "dumb") == 0);
}

int jf_cli_load_synonyms(const jf_cli_shared_t *shared, jfx_db_t *db,
                         jf_analyzer_t *a, jf_synonyms_t **out,
                         jf_search_options_t *search, jf_error_t *err)
{
    *out = NULL;
    if (jf_failed(err))
        return -1;
    if (shared->no_synonyms)
        return 0;
    jf_synonyms_t *s = jf_synonyms_new();
    int must_exist = 1;
    char *file = shared->synonyms ? jf_strdup(shared->synonyms)
                                  : jf_default_synonyms_path(&must_exist);
    if (must_exist || access(file, F_OK) == 0)
        jf_synonyms_load_file(s, a, file, err);
    free(file);
    jf_synonyms_load_index(s, a, db, err);
    if (jf_failed(err)) {
        jf_synonyms_free(s);
        return -1;
    }
    *out = s;
    search->synonyms = s;
    return 0;
}

int jf_cli_open_index(const jf_cli_shared_t *shared, jfx_db_t **db,
                      jf_error_t *err)
{
    *db = NULL;
    if (jf_failed(err))
        return -1;
    char *index = shared->nindexes > 0 ? NULL : jf_default_index_path();
    const char *spec = index;
    /* index_open.c still hands back a message of its own (it is being
     * reworked separately); it becomes ERR here. */
    char *message = NULL;
    int status = shared->nindexes > 0
        ? jf_index_open_set(shared->indexes, shared->nindexes,
                            &shared->open, db, &message)
        : jf_index_open_set(&spec, 1, &shared->open, db, &message);
    free(index);
    if (status != 0)
        return jf_fail_take(err, JFX_INVALID, message);
    return 0;
}
