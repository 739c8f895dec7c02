/* coverage_pivot.h - the coverage counts by period and by source.
 *
 * The editors' questions after "who covered it?" are "when?" and "who
 * else?": how many articles covered (or only mentioned) each topic in each
 * week or month, and in each outlet.  Both are pivots of a finished
 * jf_coverage_t (coverage.h), so they count exactly what the report
 * counts: an article covers a topic when min_passages of its passages
 * match.  jfcoverage --html shows the time pivot, jfserve's coverage view
 * both, with CSV and JSON of the same numbers.
 */
#ifndef JF_COVERAGE_PIVOT_H
#define JF_COVERAGE_PIVOT_H

#include <stddef.h>

#include "coverage.h"

typedef enum {
    JF_PERIOD_WEEK,
    JF_PERIOD_MONTH,
    JF_PERIOD_YEAR
} jf_period_unit_t;

/* The most periods of each unit before the next larger one is used: the
 * dated articles' span is shown in weeks when it takes at most 26 of
 * them, else in months when at most 36, else in years, so the time view
 * stays readable (and fits a 1,400-pixel window) whatever the span. */
enum { JF_PERIOD_MAX_WEEKS = 26, JF_PERIOD_MAX_MONTHS = 36 };

/* "week", "month" or "year". */
const char *jf_period_unit_name(jf_period_unit_t unit);

typedef struct {
    char label[16];         /* "2023-W20" (ISO week), "2023-05", "2023" */
    char since[11];         /* its first day, YYYY-MM-DD */
    char until[11];         /* its last day */
} jf_period_t;

typedef struct {
    size_t covering;        /* articles covering the topic */
    size_t mentioning;      /* articles with a matching passage, too few
                               to cover it */
} jf_pivot_count_t;

typedef struct {
    jf_period_unit_t unit;
    jf_period_t *periods;   /* every period from the earliest dated
                               article with a matching passage to the
                               latest, empty ones included; none when no
                               such article is dated */
    size_t nperiods;
    jf_pivot_count_t *counts; /* see jf_cov_time_at */
    size_t ntopics;
    size_t undated;         /* articles with a matching passage and no
                               date */
} jf_cov_time_t;

typedef struct {
    char **sources;         /* of the articles with a matching passage:
                               most covering articles first, then most
                               mentioning, then by name */
    size_t nsources;
    jf_pivot_count_t *counts; /* see jf_cov_source_at */
    size_t ntopics;
    size_t unknown;         /* articles with a matching passage and no
                               source */
} jf_cov_sources_t;

/* Counts C's articles per topic and period.  Free OUT with
 * jf_cov_time_free. */
void jf_coverage_by_time(const jf_coverage_t *c, jf_cov_time_t *out);
void jf_cov_time_free(jf_cov_time_t *t);
/* Topic TOPIC's count in period PERIOD; PERIOD == T->nperiods is the
 * undated articles'. */
const jf_pivot_count_t *jf_cov_time_at(const jf_cov_time_t *t, size_t topic,
                                       size_t period);

/* Counts C's articles per topic and source.  Free OUT with
 * jf_cov_sources_free. */
void jf_coverage_by_source(const jf_coverage_t *c, jf_cov_sources_t *out);
void jf_cov_sources_free(jf_cov_sources_t *s);
/* Topic TOPIC's count in source SOURCE; SOURCE == S->nsources is the
 * articles' with no source. */
const jf_pivot_count_t *jf_cov_source_at(const jf_cov_sources_t *s,
                                         size_t topic, size_t source);

#endif
