/* coverage_render.h - the coverage report for a terminal, a spreadsheet
 * and a program (the HTML report is in coverage_html.h).
 */
#ifndef JF_COVERAGE_RENDER_H
#define JF_COVERAGE_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "coverage.h"

/* The aligned table, topics x articles (at most MAX_ARTICLES columns, 0:
 * all), each cell the number of matching passages, marked when the
 * article covers the topic; then the articles, and each topic's sources
 * and dates or why it is not covered.  Colour with COLOR. */
void jf_coverage_table(FILE *out, const jf_coverage_t *c, size_t max_articles,
                       bool color);

/* RFC 4180 CSV with a header row: one row per topic and article with a
 * matching passage, and one row with no article for a topic that has
 * none (README "Coverage report"). */
void jf_coverage_csv(FILE *out, const jf_coverage_t *c);

/* One JSON object (README "Coverage report"). */
void jf_coverage_json(FILE *out, const jf_coverage_t *c);

#endif
