/* coverage_html.h - the coverage report as one self-contained HTML page,
 * and the pivot tables it shares with jfserve's coverage view. */
#ifndef JF_COVERAGE_HTML_H
#define JF_COVERAGE_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "coverage.h"
#include "coverage_pivot.h"

/* Writes the page: the topics nobody covers, a heat map of topics x
 * articles (at most MAX_ARTICLES columns, 0: all) whose cells are shaded
 * by matching passages and link to them, topics x time (jf_coverage_by_time)
 * whose cells link to their topic, the articles, and for each topic its
 * sources, dates and passages with the matches marked.  Inline CSS, no
 * script and nothing fetched, so it works offline and from an e-mail.
 * Articles are numbered A1, A2, ... in path order, as in every format.
 * C must have been run with keep_passages. */
void jf_coverage_html(FILE *out, const jf_coverage_t *c, size_t max_articles);

/* The styles of the pivot tables (classes only: no style attribute, so a
 * page under a strict Content-Security-Policy can use them). */
extern const char jf_coverage_pivot_css[];

/* What a pivot cell stands for, so that it can link there. */
typedef struct {
    size_t topic;             /* index in jf_coverage_t.topics */
    const char *since, *until; /* a period's days (YYYY-MM-DD), or NULL */
    const char *source;       /* a source, or NULL */
    bool undated;             /* the column of articles with no date */
    bool unknown_source;      /* the column of articles with no source */
} jf_cov_link_t;

/* Appends to URL (raw: the table escapes it) where LINK's cell leads and
 * returns true, or false for a cell without a link.  A LINK with neither
 * a period, a source nor a flag is the topic's row header. */
typedef bool (*jf_cov_href_fn)(jf_buf_t *url, const jf_cov_link_t *link,
                               void *ctx);

/* Appends the table of topics x periods of T: per cell, the articles
 * published then that cover the topic, "(N)" when N only mention it;
 * shaded by the number, linked through HREF; and a note saying so. */
void jf_coverage_html_time(jf_buf_t *b, const jf_coverage_t *c,
                           const jf_cov_time_t *t, jf_cov_href_fn href,
                           void *ctx);

/* Appends the table of topics x sources of S (the first MAX_COLUMNS
 * sources, 0: all), as jf_coverage_html_time does. */
void jf_coverage_html_sources(jf_buf_t *b, const jf_coverage_t *c,
                              const jf_cov_sources_t *s, size_t max_columns,
                              jf_cov_href_fn href, void *ctx);

#endif
