/* coverage_html.h - the coverage report as one self-contained HTML page. */
#ifndef JF_COVERAGE_HTML_H
#define JF_COVERAGE_HTML_H

#include <stdio.h>

#include "coverage.h"

/* Writes the page: the topics nobody covers, a heat map of topics x
 * articles (at most MAX_ARTICLES columns, 0: all) whose cells are shaded
 * by matching passages and link to them, the articles, and for each topic
 * its sources, dates and passages with the matches marked.  Inline CSS,
 * no script and nothing fetched, so it works offline and from an e-mail.
 * C must have been run with keep_passages. */
void jf_coverage_html(FILE *out, const jf_coverage_t *c, size_t max_articles);

#endif
