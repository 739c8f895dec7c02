/* render.h - how jfsearch shows results: for people, or as JSON. */
#ifndef JF_RENDER_H
#define JF_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "search.h"

/* Ranked passages for a terminal or a pipe: rank, score, headline, file
 * and passage number, and the snippet with matches in colour (COLOR) or
 * plain. */
void jf_render_text(FILE *out, const char *query, const jf_results_t *r,
                    bool color);

/* The JSON document described in README ("JSON output"). */
void jf_render_json(FILE *out, const char *query, const jf_results_t *r);

#endif
