/* csv.h - the CSV writer behind jfcoverage --csv and jfserve's
 * /coverage.csv.
 *
 * RFC 4180 fields, and one guard: a spreadsheet runs a cell that starts
 * with "=", "+", "-" or "@" (or a tab or carriage return before one) as a
 * formula, so a headline or a topic label from the corpus could make the
 * editor's spreadsheet fetch a URL or run a command ("CSV injection").
 * Such a field is written with a leading apostrophe, which spreadsheets
 * show as text and hide; the other fields are written as they are.
 */
#ifndef JF_CSV_H
#define JF_CSV_H

#include <stdbool.h>

#include "buf.h"

/* Appends S as one field, then "," or, when LAST, the "\r\n" that ends
 * the row. */
void jf_csv_field(jf_buf_t *b, const char *s, bool last);

#endif
