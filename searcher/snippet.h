/* snippet.h - the part of a passage shown to the reader, with the words
 * that matched marked.
 *
 * The highlighter re-analyses the stored passage with the same analyzer
 * (text.h) that indexed it, and marks the tokens whose terms the query
 * matched: a single term wherever it occurs, a phrase only where its terms
 * stand at consecutive positions (the whole phrase becomes one span).  So
 * what is highlighted is what matched, never a look-alike.  The patterns
 * (pattern.h) come from the query's tree (query_highlight.c).
 */
#ifndef JF_SNIPPET_H
#define JF_SNIPPET_H

#include <stddef.h>

#include "pattern.h"
#include "text.h"

typedef struct {
    size_t start, end;   /* bytes [start, end) */
} jf_span_t;

typedef struct {
    char *text;          /* malloc'd UTF-8, NUL-terminated */
    size_t len;
    jf_span_t *spans;    /* highlighted bytes of text, in order, disjoint */
    size_t nspans;
    size_t matches;      /* pattern occurrences found in the whole passage */
} jf_snippet_t;

/* Makes the snippet of TEXT[0..LEN) (valid UTF-8) marking the patterns
 * H.  When the passage is longer than MAX_BYTES, the snippet is the window
 * of about MAX_BYTES that holds the most highlights, cut at word
 * boundaries, with "…" marking each cut; otherwise it is the whole
 * passage.  White space runs (including newlines) are shown as one space.
 * Caller frees OUT with jf_snippet_free. */
void jf_snippet_make(jf_analyzer_t *a, const char *text, size_t len,
                     const jf_patterns_t *h, size_t max_bytes,
                     jf_snippet_t *out);
void jf_snippet_free(jf_snippet_t *s);

#endif
