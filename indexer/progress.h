/* progress.h - jfindex's progress line on a terminal.
 *
 * "jfindex: indexing 1234/5000 articles (24%)", redrawn in place on
 * stderr.  It appears only once a run has taken a second, so quick runs
 * print nothing but their summary, and it is wiped before any other line
 * is printed, so messages always start on a clean line.
 */
#ifndef JF_PROGRESS_H
#define JF_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    bool enabled;      /* stderr is a terminal and output is wanted */
    bool shown;        /* a progress line is on the terminal */
    const char *verb;  /* "indexing", "checking" */
    double started, drawn_at;
} jf_progress_t;

/* Starts the clock of a run; nothing is drawn unless ENABLED. */
void jf_progress_start(jf_progress_t *p, bool enabled, const char *verb);

/* DONE of TOTAL articles are done: redraws the line, at most ten times a
 * second (always when DONE reaches TOTAL). */
void jf_progress_update(jf_progress_t *p, size_t done, size_t total);

/* Wipes the line, if one is shown. */
void jf_progress_clear(jf_progress_t *p);

#endif
