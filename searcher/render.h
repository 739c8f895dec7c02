/* render.h - how jfsearch shows results: for people, or as JSON. */
#ifndef JF_RENDER_H
#define JF_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "search.h"

/* Ranked passages for a terminal or a pipe: what the query was expanded
 * to or corrected to, then for each passage its rank, headline, source and
 * date, file and passage number, score, and the snippet with matches in
 * colour (COLOR) or plain, and with EXPLAIN each term's share of the
 * score.  Q is the query that ran (jf_search_run). */
void jf_render_text(FILE *out, const char *query, const jf_query_t *q,
                    const jf_results_t *r, bool color, bool explain);

/* Writes S[0..LEN) with control characters shown as '?', so stored text or
 * a query can never move the cursor or change the terminal's colours. */
void jf_render_clean(FILE *out, const char *s, size_t len);

/* The JSON document described in README ("JSON output"). */
void jf_render_json(FILE *out, const char *query, const jf_query_t *q,
                    const jf_results_t *r, bool explain);
/* The same document (and its final newline), appended to OUT: for a
 * caller that writes elsewhere than to a FILE (jfserve's /api/search). */
void jf_render_json_buf(jf_buf_t *out, const char *query, const jf_query_t *q,
                        const jf_results_t *r, bool explain);

#endif
