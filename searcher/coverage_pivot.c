/* coverage_pivot.c - coverage counts by period and by source (see
 * coverage_pivot.h).
 *
 * Dates are handled as day numbers (days since 1970-01-01 in the
 * proleptic Gregorian calendar, H. Hinnant's civil-date algorithms), so a
 * week, a month and a year are each a range of day numbers and a period's
 * bounds are exact.  Weeks are ISO 8601 weeks: Monday to Sunday, numbered
 * in the year of their Thursday.
 */
#include "coverage_pivot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "date.h"

const char *jf_period_unit_name(jf_period_unit_t unit)
{
    switch (unit) {
    case JF_PERIOD_WEEK: return "week";
    case JF_PERIOD_MONTH: return "month";
    default: return "year";
    }
}

/* ------------------------------------------------------------ day numbers */

static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
static int weekday(long day)
{
    long w = (day + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

/* An article's date, YYYY-MM-DD, as a day number; false when it is not
 * such a date. */
static bool day_of(const char *date, long *day)
{
    int y, m, d;
    char tail;
    for (size_t i = 0; i < 10 && date[i]; i++)
        if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
            return false;
    if (strlen(date) != 10 ||
        sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        m < 1 || m > 12 || d < 1 || d > jf_days_in_month(y, m))
        return false;
    *day = days_from_civil(y, m, d);
    return true;
}

static void iso(long day, char out[11])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
             (unsigned)m % 100u, (unsigned)d % 100u);
}

/* The period of UNIT holding DAY: its first and last day. */
static void period_bounds(jf_period_unit_t unit, long day, long *first,
                          long *last)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    switch (unit) {
    case JF_PERIOD_WEEK:
        *first = day - weekday(day);
        *last = *first + 6;
        break;
    case JF_PERIOD_MONTH:
        *first = days_from_civil(y, m, 1);
        *last = days_from_civil(y, m, jf_days_in_month(y, m));
        break;
    case JF_PERIOD_YEAR:
        *first = days_from_civil(y, 1, 1);
        *last = days_from_civil(y, 12, 31);
        break;
    }
}

static void period_label(jf_period_unit_t unit, long first, char *label,
                         size_t size)
{
    int y, m, d;
    if (unit == JF_PERIOD_WEEK) {
        /* The ISO week belongs to the year of its Thursday. */
        long thursday = first + 3;
        civil_from_days(thursday, &y, &m, &d);
        long week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
        snprintf(label, size, "%04u-W%02u", (unsigned)y % 10000u,
                 (unsigned)week % 100u);
        return;
    }
    civil_from_days(first, &y, &m, &d);
    if (unit == JF_PERIOD_MONTH)
        snprintf(label, size, "%04u-%02u", (unsigned)y % 10000u,
                 (unsigned)m % 100u);
    else
        snprintf(label, size, "%04u", (unsigned)y % 10000u);
}

/* How many periods of UNIT the days LO..HI touch. */
static long periods_between(jf_period_unit_t unit, long lo, long hi)
{
    long n = 0, first, last;
    for (long day = lo; day <= hi && n <= 10000; day = last + 1) {
        period_bounds(unit, day, &first, &last);
        n++;
    }
    return n;
}

/* ------------------------------------------------------------ the pivots */

static void count(jf_pivot_count_t *cell, bool covered)
{
    if (covered)
        cell->covering++;
    else
        cell->mentioning++;
}

void jf_coverage_by_time(const jf_coverage_t *c, jf_cov_time_t *out)
{
    memset(out, 0, sizeof *out);
    out->ntopics = c->ntopics;
    size_t n = c->narticles;
    long *days = jf_malloc((n ? n : 1) * sizeof *days);
    bool *dated = jf_calloc(n ? n : 1, sizeof *dated);
    long lo = 0, hi = 0;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        dated[i] = day_of(c->articles[i].date, &days[i]);
        if (!dated[i]) {
            out->undated++;
            continue;
        }
        if (!any || days[i] < lo)
            lo = days[i];
        if (!any || days[i] > hi)
            hi = days[i];
        any = true;
    }
    out->unit = JF_PERIOD_WEEK;
    if (any && periods_between(JF_PERIOD_WEEK, lo, hi) > JF_PERIOD_MAX_WEEKS)
        out->unit = periods_between(JF_PERIOD_MONTH, lo, hi) >
                    JF_PERIOD_MAX_MONTHS ? JF_PERIOD_YEAR : JF_PERIOD_MONTH;
    long first, last;
    size_t np = any ? (size_t)periods_between(out->unit, lo, hi) : 0;
    out->periods = jf_calloc(np ? np : 1, sizeof *out->periods);
    long *starts = jf_malloc((np ? np : 1) * sizeof *starts);
    for (long day = lo; any && day <= hi; day = last + 1) {
        period_bounds(out->unit, day, &first, &last);
        jf_period_t *p = &out->periods[out->nperiods];
        starts[out->nperiods++] = first;
        period_label(out->unit, first, p->label, sizeof p->label);
        iso(first, p->since);
        iso(last, p->until);
    }
    size_t columns = out->nperiods + 1;
    out->counts = jf_calloc(c->ntopics * columns + 1, sizeof *out->counts);
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_topic_t *t = &c->topics[k];
        const jf_cov_cell_t *cells = jf_coverage_cells(c, k);
        for (size_t i = 0; cells && i < t->ncells; i++) {
            size_t a = cells[i].article, column = out->nperiods;
            if (dated[a]) {
                /* The last period starting on or before the day. */
                size_t l = 0, r = out->nperiods;
                while (r - l > 1) {
                    size_t mid = (l + r) / 2;
                    if (starts[mid] <= days[a])
                        l = mid;
                    else
                        r = mid;
                }
                column = l;
            }
            count(&out->counts[k * columns + column], cells[i].covered);
        }
    }
    free(starts);
    free(dated);
    free(days);
}

void jf_cov_time_free(jf_cov_time_t *t)
{
    free(t->periods);
    free(t->counts);
    memset(t, 0, sizeof *t);
}

const jf_pivot_count_t *jf_cov_time_at(const jf_cov_time_t *t, size_t topic,
                                       size_t period)
{
    return &t->counts[topic * (t->nperiods + 1) + period];
}

typedef struct {
    const char *name;
    size_t covering, mentioning;
} source_total_t;

static int by_weight(const void *x, const void *y)
{
    const source_total_t *a = x, *b = y;
    if (a->covering != b->covering)
        return a->covering > b->covering ? -1 : 1;
    if (a->mentioning != b->mentioning)
        return a->mentioning > b->mentioning ? -1 : 1;
    return strcmp(a->name, b->name);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(((const source_total_t *)x)->name,
                  ((const source_total_t *)y)->name);
}

/* A source and its column. */
typedef struct {
    const char *name;
    size_t position;
} placed_t;

static int by_placed_name(const void *x, const void *y)
{
    return strcmp(((const placed_t *)x)->name, ((const placed_t *)y)->name);
}

void jf_coverage_by_source(const jf_coverage_t *c, jf_cov_sources_t *out)
{
    memset(out, 0, sizeof *out);
    out->ntopics = c->ntopics;
    size_t n = c->narticles;
    /* The distinct sources, each with its articles' totals. */
    source_total_t *all = jf_calloc(n ? n : 1, sizeof *all);
    size_t nall = 0;
    for (size_t i = 0; i < n; i++)
        if (*c->articles[i].source)
            all[nall++].name = c->articles[i].source;
        else
            out->unknown++;
    qsort(all, nall, sizeof *all, by_name);
    size_t distinct = 0;
    for (size_t i = 0; i < nall; i++)
        if (distinct == 0 || strcmp(all[distinct - 1].name, all[i].name) != 0)
            all[distinct++] = all[i];
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_cell_t *cells = jf_coverage_cells(c, k);
        for (size_t i = 0; cells && i < c->topics[k].ncells; i++) {
            const jf_cov_cell_t *cell = &cells[i];
            const char *name = c->articles[cell->article].source;
            source_total_t key = { name, 0, 0 };
            source_total_t *s = *name ? bsearch(&key, all, distinct,
                                                sizeof *all, by_name)
                                      : NULL;
            if (s && cell->covered)
                s->covering++;
            else if (s)
                s->mentioning++;
        }
    }
    qsort(all, distinct, sizeof *all, by_weight);
    out->nsources = distinct;
    out->sources = jf_calloc(distinct ? distinct : 1, sizeof *out->sources);
    for (size_t i = 0; i < distinct; i++)
        out->sources[i] = jf_strdup(all[i].name);
    free(all);

    /* Each article's column (found by name), then the counts. */
    size_t columns = distinct + 1;
    placed_t *ranked = jf_calloc(distinct ? distinct : 1, sizeof *ranked);
    for (size_t i = 0; i < distinct; i++)
        ranked[i] = (placed_t){ out->sources[i], i };
    qsort(ranked, distinct, sizeof *ranked, by_placed_name);
    size_t *column = jf_malloc((n ? n : 1) * sizeof *column);
    for (size_t i = 0; i < n; i++) {
        placed_t key = { c->articles[i].source, 0 };
        placed_t *s = *key.name ? bsearch(&key, ranked, distinct,
                                          sizeof *ranked, by_placed_name)
                                : NULL;
        column[i] = s ? s->position : distinct;
    }
    free(ranked);
    out->counts = jf_calloc(c->ntopics * columns + 1, sizeof *out->counts);
    for (size_t k = 0; k < c->ntopics; k++) {
        const jf_cov_cell_t *cells = jf_coverage_cells(c, k);
        for (size_t i = 0; cells && i < c->topics[k].ncells; i++)
            count(&out->counts[k * columns + column[cells[i].article]],
                  cells[i].covered);
    }
    free(column);
}

void jf_cov_sources_free(jf_cov_sources_t *s)
{
    for (size_t i = 0; i < s->nsources; i++)
        free(s->sources[i]);
    free(s->sources);
    free(s->counts);
    memset(s, 0, sizeof *s);
}

const jf_pivot_count_t *jf_cov_source_at(const jf_cov_sources_t *s,
                                         size_t topic, size_t source)
{
    return &s->counts[topic * (s->nsources + 1) + source];
}
