/* coverage_cells.h - the coverage report's cells, kept on disk.
 *
 * Over an archive a report has a cell for millions of (topic, article)
 * pairs (100 topics of common words over 200,000 articles: 9.4 million),
 * more than a report should hold in memory, while each format reads them
 * one topic at a time.  So each topic's cells go to a temporary file as
 * it is counted, 16 bytes each, and come back one topic at a time,
 * renumbered to the articles' final order.  Only the passages an HTML
 * report lists stay in memory: that report is for a person to read.
 */
#ifndef JF_COVERAGE_CELLS_H
#define JF_COVERAGE_CELLS_H

#include <stddef.h>

#include "coverage.h"
#include "error.h"

/* An empty store with its temporary file; NULL, with ERR set, when the
 * file cannot be made. */
jf_cov_cells_t *jf_cov_cells_new(jf_error_t *err);

/* Appends the next topic's CELLS[0..N) (articles numbered as the caller
 * met them), taking their passages from KEPT[0..N) (NULL: none kept; the
 * store frees it).  Returns 0, or -1 with ERR set when the file cannot
 * be written. */
int jf_cov_cells_add(jf_cov_cells_t *s, const jf_cov_cell_t *cells,
                     jf_cov_kept_t *kept, size_t n, jf_error_t *err);

/* From now on, article I of the cells added is POSITION[I] (the store
 * takes POSITION). */
void jf_cov_cells_renumber(jf_cov_cells_t *s, size_t *position);

/* Topic TOPIC's cells (the TOPIC-th added), renumbered and in article
 * order, into *N; owned by S and valid until the next call.  NULL when
 * they cannot be read back: the first such failure is kept for
 * jf_cov_cells_check. */
const jf_cov_cell_t *jf_cov_cells_get(jf_cov_cells_t *s, size_t topic,
                                      size_t *n);

/* 0 when every jf_cov_cells_get succeeded, else -1 with ERR set. */
int jf_cov_cells_check(const jf_cov_cells_t *s, jf_error_t *err);

void jf_cov_cells_free(jf_cov_cells_t *s);

#endif
