/* search.h - run a parsed query over an index and return ranked passages.
 *
 * The one code path for matching: jfsearch and every other reader of the
 * index (the coverage report) go through jf_search_run, so what one finds,
 * the others find.  It opens the index (checking it is a jfsearch index),
 * ranks passages by BM25, fetches each passage's article record, makes
 * its snippet, and retries transparently when an index update lands under
 * it (Xapian's DatabaseModifiedError).
 */
#ifndef JF_SEARCH_H
#define JF_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "jfx.h"
#include "query.h"
#include "schema.h"
#include "snippet.h"
#include "text.h"

/* Opens the index at PATH for searching.  Returns 0, or -1 with *error a
 * malloc'd one-line message saying what to do (e.g. to run jfindex). */
int jf_index_open(const char *path, jfx_db_t **db, char **error);

typedef struct {
    double k1, b;           /* BM25 (defaults JF_DEFAULT_K1, JF_DEFAULT_B) */
    unsigned offset, limit; /* which ranks to return */
    bool per_article;       /* only the best passage of each article */
    size_t snippet_bytes;   /* about how long a snippet may be */
    jf_default_op_t op;     /* between words with no operator */
} jf_search_options_t;

/* BM25 parameters tuned for passages (see README "Ranking"). */
#define JF_DEFAULT_K1 1.2
#define JF_DEFAULT_B 0.75
#define JF_DEFAULT_SNIPPET_BYTES 320

void jf_search_options_init(jf_search_options_t *o);

typedef struct {
    unsigned rank;          /* 1-based */
    double score;           /* BM25 weight */
    char article_id[JF_ARTICLE_ID_LEN + 1];
    char *path;             /* the article file */
    char *title;            /* its headline */
    unsigned passage;       /* 0 = headline, then paragraphs */
    char *text;             /* the whole passage */
    size_t text_len;
    jf_snippet_t snippet;
    uint64_t doc_length;    /* in terms, for --explain */
} jf_hit_t;

typedef struct {
    jf_hit_t *hits;
    size_t n;
    uint64_t total;         /* matching passages (or articles), estimated
                               when large */
    bool relaxed;           /* no passage had every word: ran as OR */
} jf_results_t;

/* Parses QUERY_TEXT (into Q, which the caller frees with jf_query_free
 * whatever the outcome) and runs it over DB.  When an AND query of several
 * clauses matches nothing, it is parsed and run again with OR, and
 * RESULTS->relaxed is set; Q is then the query that ran.  Returns 0, or -1
 * with *error malloc'd (a bad query or a failing index).  Free RESULTS with
 * jf_results_free. */
int jf_search_run(jfx_db_t *db, jf_analyzer_t *a, const char *query_text,
                  const jf_search_options_t *options, jf_query_t *q,
                  jf_results_t *results, char **error);
void jf_results_free(jf_results_t *r);

#endif
