/* ref.h - what the two reference engines (ref_xapian.cc, ref_fts5.c)
 * share: the corpus's passages, and the query file and timing loop.
 *
 * The references build on no jfsearch code: they are what a user of Xapian
 * or SQLite would write, fed the same passages as jfindex, timed the same
 * way as bench/jfbench times jfsearch.
 */
#ifndef REF_H
#define REF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Called for each passage: the article's path (CORPUS joined to its name),
 * the passage's number in it (0 is the headline) and its text, valid UTF-8
 * of LEN bytes (NUL-terminated, but it may hold NULs).  Returns 0 to go on. */
typedef int (*ref_passage_fn)(const char *path, unsigned number,
                              const char *text, size_t len, void *ctx);

/* Every passage of every .txt and .txt.gz file under CORPUS, in the order
 * and split exactly as bench/passages.py does it.  Returns 0, FN's first
 * non-zero return, or -1 after printing why a file could not be read. */
int ref_corpus_passages(const char *corpus, ref_passage_fn fn, void *ctx);

/* One timed search of QUERY: returns 0, or -1 after printing the error. */
typedef int (*ref_search_fn)(const char *query, void *ctx);
/* The exact number of passages matching QUERY, or -1 after an error. */
typedef long long (*ref_count_fn)(const char *query, void *ctx);

/* For each "class<TAB>query" line of QUERIES: WARMUP untimed searches,
 * REPS timed ones, then one line "class<TAB>query<TAB>p50_ms<TAB>p95_ms
 * <TAB>exact total" on stdout, as bench/run reads it.  Returns 0, or 2
 * after printing an error. */
int ref_bench_queries(const char *queries, const char *reps,
                      const char *warmup, ref_search_fn search,
                      ref_count_fn count, void *ctx);

/* The program's name, for its messages (set by main). */
extern const char *ref_program;

#ifdef __cplusplus
}
#endif

#endif
