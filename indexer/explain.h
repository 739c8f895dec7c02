/* explain.h - `jfindex --explain FILE`: what cleaning makes of one
 * article file, read as a run would read it, with no index involved.
 */
#ifndef JF_EXPLAIN_H
#define JF_EXPLAIN_H

#include <stdio.h>

#include "error.h"

/* Prints to OUT the metadata found in the article file PATH (and where
 * each field came from), its acronyms, every line cleaning dropped,
 * stripped, joined or found repeated, with the rule and its reason, and
 * the passages kept.  Fails when PATH cannot be read or is not an
 * article (empty, or with a bad sidecar), saying why. */
int jf_explain(const char *path, FILE *out, jf_error_t *err);

#endif
