/* progress.c - jfindex's progress line (see progress.h).
 *
 * The line is drawn with a carriage return and wiped with an ANSI "erase
 * line", which every terminal jfindex runs in understands; it is never
 * drawn when stderr is not a terminal, so logs never hold it.
 */
#include "progress.h"

#include <stdio.h>
#include <time.h>

#include "alloc.h"

/* Seconds a run takes before the line appears, and between redraws. */
#define PROGRESS_DELAY 1.0
#define PROGRESS_INTERVAL 0.1

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void jf_progress_start(jf_progress_t *p, bool enabled, const char *verb)
{
    p->enabled = enabled;
    p->shown = false;
    p->verb = verb;
    p->started = now();
    p->drawn_at = 0;
}

void jf_progress_update(jf_progress_t *p, size_t done, size_t total)
{
    if (!p->enabled)
        return;
    double t = now();
    if (t - p->started < PROGRESS_DELAY ||
        (p->shown && t - p->drawn_at < PROGRESS_INTERVAL && done < total))
        return;
    fprintf(stderr, "\r%s: %s %zu/%zu articles (%d%%)", jf_program_name,
            p->verb, done, total, (int)(total ? 100 * done / total : 100));
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
