/* cli.c - option values both command-line programs read (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "date.h"
#include "paths.h"

int jf_cli_usage(jf_cli_shared_t *shared, jf_error_t *err, const char *fmt,
                 const char *arg)
{
    if (jf_failed(err))
        return -1;
    shared->usage_error = true;
    jf_buf_t b = JF_BUF_INIT;
    jf_buf_printf(&b, fmt, arg);
    return jf_fail_take(err, JFX_INVALID, jf_buf_release(&b));
}

void jf_cli_report(const jf_cli_shared_t *shared, const jf_error_t *err)
{
    fprintf(stderr, "%s: %s\n", jf_program_name, jf_error_message(err));
    if (shared->usage_error)
        fprintf(stderr, "Try '%s --help' for more information.\n",
                jf_program_name);
}

int jf_cli_count(const char *option, const char *arg, unsigned min,
                 unsigned max, unsigned *out, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < (long)min || v > (long)max)
        return jf_fail(err, JFX_INVALID, "%s: '%s' is not a whole number "
                       "from %u to %u", option, arg, min, max);
    *out = (unsigned)v;
    return 0;
}

int jf_cli_real(const char *option, const char *arg, double min, double max,
                double *out, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || *end || !isfinite(v) || v < min || v > max)
        return jf_fail(err, JFX_INVALID, "%s: '%s' is not a number from %g "
                       "to %g", option, arg, min, max);
    *out = v;
    return 0;
}

int jf_cli_date(const char *option, const char *arg, bool last_day,
                char out[9], jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    if (jf_date_bound(arg, last_day, out) != 0)
        return jf_fail(err, JFX_INVALID, "%s: '%s' is not a date "
                       "(YYYY-MM-DD, YYYY-MM or YYYY)", option, arg);
    return 0;
}

int jf_cli_check_dates(const jf_search_options_t *o, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    if (o->since[0] && o->until[0] && strcmp(o->since, o->until) > 0)
        return jf_fail(err, JFX_INVALID,
                       "--since is after --until: no date is both");
    return 0;
}

bool jf_cli_is_shared(int c)
{
    return c == 'i' || (c >= JF_OPT_COLOR && c <= JF_OPT_PARTIAL);
}

/* --color's argument: NULL (always), auto, always/yes, never/no. */
static int color_of(const char *arg, jf_cli_shared_t *shared,
                    jf_error_t *err)
{
    if (!arg || strcmp(arg, "always") == 0 || strcmp(arg, "yes") == 0)
        shared->color = JF_COLOR_ALWAYS;
    else if (strcmp(arg, "never") == 0 || strcmp(arg, "no") == 0)
        shared->color = JF_COLOR_NEVER;
    else if (strcmp(arg, "auto") == 0)
        shared->color = JF_COLOR_AUTO;
    else
        return jf_cli_usage(shared, err,
                            "--color: '%s' is not auto, always or never", arg);
    return 0;
}

static int add_index(const char *arg, jf_cli_shared_t *shared,
                     jf_error_t *err)
{
    if (shared->nindexes == JF_CLI_MAX_INDEXES)
        return jf_cli_usage(shared, err, "--index: more than %s indexes",
                            "256");
    shared->indexes[shared->nindexes++] = arg;
    return 0;
}

int jf_cli_shared_option(int c, const char *arg, jf_cli_shared_t *shared,
                         jf_search_options_t *search, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    double seconds;
    switch (c) {
    case 'i': return add_index(arg, shared, err);
    case JF_OPT_TIMEOUT:
        if (jf_cli_real("--timeout", arg, 0.001, 3600, &seconds, err) != 0)
            return -1;
        shared->open.timeout_ms = (unsigned)lround(seconds * 1000);
        return 0;
    case JF_OPT_PARTIAL: shared->open.partial = search->partial = true; break;
    case JF_OPT_COLOR: return color_of(arg, shared, err);
    case JF_OPT_K1: return jf_cli_real("--k1", arg, 0, 100, &search->k1, err);
    case JF_OPT_B: return jf_cli_real("--b", arg, 0, 1, &search->b, err);
    case JF_OPT_ARTICLE_WEIGHT:
        return jf_cli_real("--article-weight", arg, 0, 100,
                           &search->article_weight, err);
    case JF_OPT_EXACT_WEIGHT:
        return jf_cli_real("--exact-weight", arg, 0, 100,
                           &search->exact_weight, err);
    case JF_OPT_PROXIMITY_WEIGHT:
        return jf_cli_real("--proximity-weight", arg, 0, 100,
                           &search->proximity_weight, err);
    case JF_OPT_SINCE:
        return jf_cli_date("--since", arg, false, search->since, err);
    case JF_OPT_UNTIL:
        return jf_cli_date("--until", arg, true, search->until, err);
    case JF_OPT_SYNONYMS: shared->synonyms = arg; break;
    case JF_OPT_NO_SYNONYMS: shared->no_synonyms = true; break;
    }
    return 0;
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
    else
        fprintf(stderr, "%s: warning: %s: no synonyms file there; only the "
                "index's acronyms expand queries (--synonyms FILE names "
                "one)\n", jf_program_name, file);
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

/* Fails when SPEC names a local index this user cannot read: Xapian would
 * take it for no index at all ("no index there; build one"). */
static int check_readable(const char *spec, jf_error_t *err)
{
    struct stat st;
    if (stat(spec, &st) != 0)
        return 0; /* missing, or HOST:PORT: the opening says */
    int mode = S_ISDIR(st.st_mode) ? R_OK | X_OK : R_OK;
    if (access(spec, mode) == 0)
        return 0;
    return jf_fail(err, JFX_IO, "%s: cannot read the index: %s", spec,
                   errno == EACCES || errno == EPERM ? "permission denied"
                                                     : strerror(errno));
}

int jf_cli_open_index(const jf_cli_shared_t *shared, jfx_db_t **db,
                      jf_error_t *err)
{
    *db = NULL;
    if (jf_failed(err))
        return -1;
    char *index = shared->nindexes > 0 ? NULL : jf_default_index_path();
    const char *spec = index;
    for (size_t i = 0; i < shared->nindexes; i++)
        check_readable(shared->indexes[i], err);
    if (index)
        check_readable(index, err);
    if (jf_failed(err)) {
        free(index);
        return -1;
    }
    int status = shared->nindexes > 0
        ? jf_index_open_set(shared->indexes, shared->nindexes,
                            &shared->open, db, err)
        : jf_index_open_set(&spec, 1, &shared->open, db, err);
    free(index);
    return status;
}
