/* json.h - the JSON writer behind --json.
 *
 * Small on purpose: strings and numbers are the only hard part of JSON
 * output.  Strings are always valid JSON whatever the input bytes: control
 * characters are escaped, and bytes that are not valid UTF-8 become
 * U+FFFD, so a query typed with a broken terminal still gives parseable
 * output.
 */
#ifndef JF_JSON_H
#define JF_JSON_H

#include <stddef.h>

#include "buf.h"

/* Appends S[0..LEN) as a quoted JSON string. */
void jf_json_string(jf_buf_t *b, const char *s, size_t len);
/* Appends V with enough digits to read back; NaN and infinities, which
 * JSON lacks, are written as null. */
void jf_json_number(jf_buf_t *b, double v);

#endif
