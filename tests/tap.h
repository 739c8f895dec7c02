/* tap.h - the Test Anything Protocol for the C unit tests.
 *
 * Each check prints "ok N - what" or "not ok N - what"; done_testing()
 * prints the plan and returns the exit status.  automake's tap-driver
 * counts the lines, so one failing check is one failure in the summary.
 */
#ifndef JF_TAP_H
#define JF_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

__attribute__((format(printf, 2, 3)))
static int ok(int passed, const char *what, ...)
{
    va_list ap;
    printf("%sok %d - ", passed ? "" : "not ", ++tap_count);
    va_start(ap, what);
    vprintf(what, ap);
    va_end(ap);
    putchar('\n');
    if (!passed)
        tap_failed++;
    fflush(stdout);
    return passed;
}

/* Compares strings, showing both on failure. */
#define is_str(got, want, ...)                                               \
    do {                                                                     \
        const char *tap_g = (got), *tap_w = (want);                          \
        if (!ok(tap_g && tap_w && strcmp(tap_g, tap_w) == 0, __VA_ARGS__))  \
            printf("#   got:  '%s'\n#   want: '%s'\n", tap_g ? tap_g : "(null)", \
                   tap_w ? tap_w : "(null)");                                \
    } while (0)

#define is_int(got, want, ...)                                               \
    do {                                                                     \
        long long tap_g = (long long)(got), tap_w = (long long)(want);       \
        if (!ok(tap_g == tap_w, __VA_ARGS__))                                \
            printf("#   got:  %lld\n#   want: %lld\n", tap_g, tap_w);        \
    } while (0)

static int done_testing(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif
