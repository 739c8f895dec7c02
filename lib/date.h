/* date.h - the one definition of a date.
 *
 * What counts as a date, and how it is written in the index, is decided
 * here and nowhere else: the cleaner reads article dates with it, the
 * query side reads --since/--until (and dates typed in queries) with it,
 * so a date written any way a reader would write it meets the article's
 * date.
 */
#ifndef JF_DATE_H
#define JF_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* Parses a date written S[0..LEN) in one of the forms news text uses:
 * 2023-05-18, 05/18/2023 (US order), 18 May 2023, May 18, 2023, Thursday,
 * May 18 2023, with month names full or abbreviated ("Jan.", "Sept").
 * Text after the date (", 10:36 PM") is ignored.  Writes "YYYY-MM-DD" to
 * ISO and returns the bytes used, or 0 when S does not start with a whole
 * date; a date without a year is not a date. */
size_t jf_parse_date(const char *s, size_t len, char iso[11]);

/* When S[0..LEN) starts with a month name (as jf_parse_date reads them),
 * returns its number (1 to 12) and sets *used to its length; else 0. */
int jf_month_of(const char *s, size_t len, size_t *used);

/* Reads a date bound, YYYY-MM-DD, YYYY-MM or YYYY, into OUT as
 * "YYYYMMDD": the first day it names, or with LAST_DAY the last.  Returns
 * 0, or -1 when TEXT is not such a date. */
int jf_date_bound(const char *text, bool last_day, char out[9]);

/* Days in MONTH (1 to 12) of YEAR. */
int jf_days_in_month(int year, int month);

#endif
