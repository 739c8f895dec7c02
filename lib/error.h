/* error.h - the one error convention of the library code.
 *
 * A fallible function of lib/, indexer/ or searcher/ takes a jf_error_t *
 * as its last argument and returns 0 on success, or -1 after recording a
 * status and a one-line message that names what failed (a file, an index,
 * an argument) and why.  Only main() turns an error into output and an
 * exit status; library code never prints an error and never exits.
 *
 * The record is sticky, as SQLite FTS5's `int *rc` is: once set, a later
 * failure does not overwrite it, so the first cause is the one reported,
 * and a function handed an error that is already set does nothing and
 * returns -1.  A caller can therefore run several steps and check once:
 *
 *     jf_error_t err = JF_ERROR_INIT;
 *     step_one(x, &err);
 *     step_two(x, &err);              (does nothing if step_one failed)
 *     if (jf_failed(&err)) ...report jf_error_message(&err)...
 *     jf_error_clear(&err);
 *
 * Statuses are the shim's (jfx.h), so a Xapian failure keeps its kind
 * (locked, corrupt, ...) all the way up to the message main() prints.
 */
#ifndef JF_ERROR_H
#define JF_ERROR_H

#include <stdbool.h>

#include "jfx.h"

typedef struct {
    jfx_status_t status;  /* JFX_OK while nothing has failed */
    char *message;        /* malloc'd one line; NULL while nothing failed */
} jf_error_t;

#define JF_ERROR_INIT { JFX_OK, NULL }

/* Records a failure of STATUS (JFX_OK counts as JFX_INTERNAL) with a
 * message formatted as printf does, unless ERR holds one already.
 * Returns -1, so a function can `return jf_fail(err, ...);`. */
int jf_fail(jf_error_t *err, jfx_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As jf_fail, taking MESSAGE (malloc'd) instead of formatting one; it is
 * freed if ERR holds a failure already. */
int jf_fail_take(jf_error_t *err, jfx_status_t status, char *message);

static inline bool jf_failed(const jf_error_t *err)
{
    return err->status != JFX_OK;
}

/* The message ("" when nothing failed).  Owned by ERR. */
const char *jf_error_message(const jf_error_t *err);

/* Frees the message and resets ERR to JF_ERROR_INIT. */
void jf_error_clear(jf_error_t *err);

#endif
