/* progress.c - jfindex's progress line (see progress.h).
 *
 * The line is drawn with a carriage return and wiped with an ANSI "erase
 * line", which every terminal jfindex runs in understands; it is never
 * drawn when stderr is not a terminal, so logs never hold it.  The time
 * left is the phase's own pace so far applied to the files it has left:
 * phases differ too much in cost per file (a read, an index) for one
 * pace to serve the whole run.
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc.h"

/* Seconds a run takes before the line appears, and between redraws. */
#define PROGRESS_DELAY 1.0
#define PROGRESS_INTERVAL 0.1
/* Seconds of a phase before its pace is trusted for an estimate. */
#define PROGRESS_PACE 2.0

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void jf_progress_start(jf_progress_t *p, bool enabled)
{
    memset(p, 0, sizeof *p);
    p->enabled = enabled;
    p->started = p->phase_started = now();
}

/* ", about 3 min left" for SECONDS into OUT. */
static void format_left(double seconds, char *out, size_t size)
{
    if (seconds < 60)
        snprintf(out, size, ", about %.0f s left", seconds < 1 ? 1 : seconds);
    else if (seconds < 3600)
        snprintf(out, size, ", about %.0f min left", seconds / 60);
    else
        snprintf(out, size, ", about %.1f h left", seconds / 3600);
}

void jf_progress_update(jf_progress_t *p, const char *phase, size_t done,
                        size_t total)
{
    if (!p->enabled)
        return;
    double t = now();
    bool new_phase = !p->phase || strcmp(p->phase, phase) != 0;
    if (new_phase) {
        p->phase = phase;
        p->phase_started = t;
        p->phase_from = done;
    }
    if (t - p->started < PROGRESS_DELAY ||
        (p->shown && !new_phase && t - p->drawn_at < PROGRESS_INTERVAL &&
         done < total))
        return;
    if (total == 0) {
        fprintf(stderr, "\r%s: %s...\033[K", jf_program_name, phase);
    } else {
        char left[48] = "";
        double spent = t - p->phase_started;
        if (spent >= PROGRESS_PACE && done > p->phase_from && done < total)
            format_left(spent * (double)(total - done) /
                        (double)(done - p->phase_from), left, sizeof left);
        fprintf(stderr, "\r%s: %s %zu/%zu files (%d%%)%s\033[K",
                jf_program_name, phase, done, total,
                (int)(100 * done / total), left);
    }
    p->shown = true;
    p->drawn_at = t;
}

void jf_progress_clear(jf_progress_t *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = false;
    }
}
