/* jfbench.c - warm in-process query latency of jfsearch's search path.
 *
 * What a user waits for inside jfsearch, without process start-up: each
 * query goes through jf_search_run (parse, match, rank, fetch passages and
 * articles, make the snippets of 10 results), exactly as jfsearch calls it.
 * Queries are expanded as jfsearch expands them by default: the synonyms
 * file jfsearch would read ($JFSEARCH_SYNONYMS, else the installed or
 * build tree's one, when there), the index's acronyms and WordNet's
 * variants.  The index is opened once; each query runs WARMUP times
 * untimed, then
 * REPS times timed, and its p50/p95 are printed, one line per query, for
 * bench/run to read:
 *
 *   class <TAB> query <TAB> p50_ms <TAB> p95_ms <TAB> total <TAB> hits <TAB> relaxed
 *   <TAB> complete
 *
 * where complete counts the passages with every word: below the page's 10,
 * jfsearch also ran its OR query to fill the page (bench/run says so).
 * Usage: jfbench INDEX QUERIES_FILE REPS WARMUP
 *        jfbench --count INDEX QUERIES_FILE
 * QUERIES_FILE holds one "class<TAB>query" per line.  --count checks
 * matching rather than timing it, without expansions (the corpus manifest
 * counts each phrase as written): it asks for every result, and prints
 *
 *   class <TAB> query <TAB> passages returned <TAB> total of the first page
 *   <TAB> 1 when that total is an estimate
 *
 * since that total (jfsearch's "N passages match") is Xapian's estimate
 * when it is large.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "cli.h"
#include "search.h"
#include "synonyms.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of the sorted SAMPLES (the same rule as
 * bench/run uses for the references). */
static double percentile(const double *samples, unsigned n, unsigned pct)
{
    unsigned rank = (n * pct + 99) / 100;
    return samples[rank > 0 ? rank - 1 : 0];
}

/* One search as jfsearch does it, into *R (freed by the caller).  Returns
 * 0, or -1 after printing the error. */
static int search(jfx_db_t *db, jf_analyzer_t *a, const char *query,
                  const jf_search_options_t *o, jf_results_t *r)
{
    jf_query_t q;
    jf_error_t err = JF_ERROR_INIT;
    memset(&q, 0, sizeof q);
    memset(r, 0, sizeof *r);
    int status = jf_search_run(db, a, query, o, &q, r, &err);
    jf_query_free(&q);
    if (status != 0)
        fprintf(stderr, "jfbench: query '%s': %s\n", query,
                jf_error_message(&err));
    jf_error_clear(&err);
    return status;
}

/* Times REPS searches (freeing included) after WARMUP untimed ones, then
 * one more untimed search for the totals printed beside the times. */
static int bench_query(jfx_db_t *db, jf_analyzer_t *a,
                       const jf_search_options_t *defaults, const char *class,
                       const char *query, unsigned reps, unsigned warmup)
{
    jf_search_options_t o = *defaults;
    double *samples = jf_malloc(reps * sizeof *samples);
    jf_results_t r;
    int status = 0;

    for (unsigned i = 0; i < warmup + reps && status == 0; i++) {
        double start = now_ms();
        status = search(db, a, query, &o, &r);
        jf_results_free(&r);
        if (i >= warmup)
            samples[i - warmup] = now_ms() - start;
    }
    if (status == 0 && (status = search(db, a, query, &o, &r)) == 0) {
        qsort(samples, reps, sizeof *samples, compare_double);
        printf("%s\t%s\t%.4f\t%.4f\t%llu\t%zu\t%d\t%llu\n", class, query,
               percentile(samples, reps, 50), percentile(samples, reps, 95),
               (unsigned long long)r.total, r.n, r.relaxed,
               (unsigned long long)r.complete);
        fflush(stdout);
        jf_results_free(&r);
    }
    free(samples);
    return status;
}

/* Every matching passage of QUERY (all the passages in the index asked for
 * at once), and the total a first page of 10 reports. */
static int count_query(jfx_db_t *db, jf_analyzer_t *a, const char *class,
                       const char *query)
{
    jf_search_options_t o;
    jf_search_options_init(&o);
    uint64_t passages = 0;
    if (jfx_db_doc_count(db, &passages) != JFX_OK) {
        fprintf(stderr, "jfbench: cannot count the index's passages\n");
        return -1;
    }
    jf_results_t first_page, all;
    if (search(db, a, query, &o, &first_page) != 0)
        return -1;
    o.limit = passages > 0 && passages < UINT_MAX ? (unsigned)passages : 1;
    int status = search(db, a, query, &o, &all);
    if (status == 0)
        printf("%s\t%s\t%zu\t%llu\t%d\n", class, query, all.n,
               (unsigned long long)first_page.total, first_page.estimated);
    fflush(stdout);
    jf_results_free(&all);
    jf_results_free(&first_page);
    return status;
}

static unsigned parse_count(const char *s, const char *what, unsigned min)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(s, &end, 10);
    if (errno || end == s || *end || n < min || n > 1000000) {
        fprintf(stderr, "jfbench: %s '%s' is not a number from %u to "
                "1000000\n", what, s, min);
        exit(2);
    }
    return (unsigned)n;
}

/* Installed as alloc.h's handler: the library code never exits. */
static void exit_out_of_memory(void)
{
    fprintf(stderr, "%s: out of memory\n", jf_program_name);
    exit(2);
}

int main(int argc, char **argv)
{
    jf_program_name = "jfbench";
    jf_set_oom_handler(exit_out_of_memory);
    bool counting = argc == 4 && strcmp(argv[1], "--count") == 0;
    if (argc != 5 && !counting) {
        fprintf(stderr, "usage: jfbench INDEX QUERIES_FILE REPS WARMUP\n"
                        "       jfbench --count INDEX QUERIES_FILE\n");
        return 2;
    }
    if (counting)
        argv++;
    unsigned reps = counting ? 0 : parse_count(argv[3], "REPS", 1);
    unsigned warmup = counting ? 0 : parse_count(argv[4], "WARMUP", 0);
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        fprintf(stderr, "jfbench: %s: %s\n", argv[2], strerror(errno));
        return 2;
    }

    jf_error_t err = JF_ERROR_INIT;
    jfx_db_t *db = NULL;
    jf_analyzer_t *a = jf_analyzer_new();
    /* jfsearch's defaults, the synonyms it reads without options too. */
    jf_synonyms_t *synonyms = NULL;
    jf_cli_shared_t shared;
    memset(&shared, 0, sizeof shared);
    jf_search_options_t defaults;
    jf_search_options_init(&defaults);
    int status = 2;
    if (!a) {
        fprintf(stderr, "jfbench: libstemmer has no English stemmer\n");
    } else if (jf_index_open(argv[1], &db, &err) != 0) {
        fprintf(stderr, "jfbench: %s\n", jf_error_message(&err));
    } else if (jf_cli_load_synonyms(&shared, db, a, &synonyms, &defaults,
                                    &err) != 0) {
        fprintf(stderr, "jfbench: %s\n", jf_error_message(&err));
    } else {
        char line[4096];
        status = 0;
        while (status == 0 && fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            char *tab = strchr(line, '\t');
            if (!tab) {
                if (*line)
                    fprintf(stderr, "jfbench: %s: no tab in line '%s'\n",
                            argv[2], line);
                continue;
            }
            *tab = '\0';
            if ((counting ? count_query(db, a, line, tab + 1)
                          : bench_query(db, a, &defaults, line, tab + 1, reps,
                                        warmup)) != 0)
                status = 2;
        }
    }
    fclose(f);
    jf_synonyms_free(synonyms);
    jfx_db_close(db);
    jf_analyzer_free(a);
    jf_error_clear(&err);
    return status;
}
