/* progress.h - jfindex's progress line on a terminal.
 *
 * "jfindex: indexing 1234/5000 files (24%), about 40 s left", redrawn in
 * place on stderr.  A run goes through phases (reading the corpus to
 * divide it, indexing, merging the parts, committing), and a long one
 * spends minutes in each, so the line names the phase, and for a phase
 * that counts files, estimates the time left from its pace so far.  It
 * appears only once a run has taken a second, so quick runs print
 * nothing but their summary, and it is wiped before any other line is
 * printed, so messages always start on a clean line.
 */
#ifndef JF_PROGRESS_H
#define JF_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    bool enabled;       /* stderr is a terminal and output is wanted */
    bool shown;         /* a progress line is on the terminal */
    const char *phase;  /* the phase last drawn or begun */
    double started;     /* the run's clock */
    double phase_started, drawn_at;
    size_t phase_from;  /* files done when the phase's clock started */
} jf_progress_t;

/* Starts the clock of a run; nothing is drawn unless ENABLED. */
void jf_progress_start(jf_progress_t *p, bool enabled);

/* The run is in PHASE ("indexing", "merging"), DONE of TOTAL files done
 * (TOTAL 0: a phase that does not count files).  Redraws the line at most
 * ten times a second, and at once when the phase changes or DONE reaches
 * TOTAL. */
void jf_progress_update(jf_progress_t *p, const char *phase, size_t done,
                        size_t total);

/* Wipes the line, if one is shown. */
void jf_progress_clear(jf_progress_t *p);

#endif
