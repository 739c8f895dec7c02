/* coverage.h - which articles cover which topics.
 *
 * Each topic's query runs through jf_search_run, the one matching path,
 * with the options a search has (synonyms, dates, BM25) but counting only
 * passages with every word: a passage with only some of them is not about
 * the topic.  Per topic and article the report keeps the matching passages
 * and the best score; an article covers a topic when at least
 * min_passages of its passages match (the headline counts as a passage),
 * so a single passing mention is not coverage.  A topic of only
 * title:/source: filters covers every article it keeps: the filter is the
 * editor's own definition.  Topics are not spelling-corrected: a gate
 * must not pass on a guess.
 */
#ifndef JF_COVERAGE_H
#define JF_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "search.h"
#include "topics.h"

#define JF_DEFAULT_MIN_PASSAGES 2

typedef struct {
    char *path, *title, *source, *date; /* "" when unknown */
    size_t topics_covered;              /* how many topics it covers */
    uint64_t passages;                  /* its passages matching any topic,
                                           counted once per topic */
} jf_cov_article_t;

/* One matching passage, kept for the HTML report. */
typedef struct {
    unsigned passage;       /* 0 = headline, then paragraphs */
    double score;
    jf_snippet_t snippet;   /* with the topic's words highlighted */
} jf_cov_passage_t;

/* A topic's matching passages in one article, best first (vec.h). */
typedef struct {
    jf_cov_passage_t *items;
    size_t n, cap;
} jf_cov_kept_t;

/* A topic in an article with at least one matching passage. */
typedef struct {
    size_t article;         /* index in jf_coverage_t.articles */
    uint64_t passages;      /* its passages with every word of the topic */
    double best;            /* the best BM25 score among them (0
                               without best_scores) */
    bool covered;
    const jf_cov_kept_t *kept; /* with keep_passages, else NULL */
} jf_cov_cell_t;

typedef struct {
    const jf_topic_t *topic;
    size_t ncells;          /* articles with a matching passage: its cells
                               (jf_coverage_cells) */
    size_t covered;         /* articles covering it */
    uint64_t passages;      /* matching passages in all articles */
    uint64_t most;          /* the most in one article */
    struct {
        char **items;
        size_t n, cap;
    } sources;              /* of the covering articles, sorted, distinct
                               (vec.h) */
    char first_date[11], last_date[11]; /* of the covering articles with a
                                           date; "" when none has one */
} jf_cov_topic_t;

/* The topics' cells, kept out of memory (coverage_cells.h). */
typedef struct jf_cov_cells jf_cov_cells_t;

typedef struct {
    jf_cov_topic_t *topics; /* in the order given */
    size_t ntopics;
    jf_cov_article_t *articles; /* every article with a matching passage,
                                   in path order */
    size_t narticles;
    unsigned min_passages;
    jf_cov_cells_t *cells;
} jf_coverage_t;

typedef struct {
    jf_search_options_t search; /* k1, b, dates, synonyms (the rest is set
                                   here) */
    unsigned min_passages;      /* JF_DEFAULT_MIN_PASSAGES by default */
    bool keep_passages;         /* keep each passage and its snippet */
    bool best_scores;           /* each cell's best score (on by default;
                                   off, every best is 0 and the matches
                                   are only counted, about twice as fast) */
} jf_coverage_options_t;

void jf_coverage_options_init(jf_coverage_options_t *o);

/* Runs every topic of TOPICS over DB into OUT (TOPICS must outlive it).
 * Returns 0, or -1 with ERR set: "WHERE: 'QUERY': problem" for a topic
 * whose query the parser refuses or the index fails.  Free OUT with
 * jf_coverage_free in both cases. */
int jf_coverage_run(jfx_db_t *db, jf_analyzer_t *a, const jf_topics_t *topics,
                    const jf_coverage_options_t *o, jf_coverage_t *out,
                    jf_error_t *err);
void jf_coverage_free(jf_coverage_t *c);

/* The cells of topic K, in article order (C->topics[K].ncells of them),
 * valid until the next call for C.  NULL when they cannot be read back:
 * a report that has read its cells checks with jf_coverage_check. */
const jf_cov_cell_t *jf_coverage_cells(const jf_coverage_t *c, size_t k);

/* 0 when every jf_coverage_cells call for C succeeded, else -1 with ERR
 * set. */
int jf_coverage_check(const jf_coverage_t *c, jf_error_t *err);

/* The cell of article ARTICLE among CELLS[0..N) (in article order), or
 * NULL when none of its passages matches. */
const jf_cov_cell_t *jf_coverage_find(const jf_cov_cell_t *cells, size_t n,
                                      size_t article);

/* The articles a matrix of at most MAX columns shows (0: all): those
 * covering the most topics, then with the most matching passages, in
 * path order.  Returns how many were written to COLUMNS (room for
 * C->narticles). */
size_t jf_coverage_columns(const jf_coverage_t *c, size_t max,
                           size_t *columns);

#endif
