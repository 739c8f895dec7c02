/* ref_fts5.c - the SQLite FTS5 reference: what an FTS5 user writes, in C,
 * so that no interpreter's per-call cost is counted as SQLite's time.
 *
 * One row per passage (split as bench/passages.py does: the headline,
 * then each paragraph, as jfindex splits them, without its cleaning) in an
 * FTS5 table with the porter tokenizer over unicode61, the passage text
 * stored in the table; searched with MATCH, ranked by bm25(), showing 10
 * results each with snippet().  FTS5 ANDs bare words and has no stopword
 * list; its porter stemmer also stems the words of a quoted phrase.
 *
 *   ref_fts5 index CORPUS DB     # builds DB, prints its size as built
 *   ref_fts5 compact DB          # FTS5 'optimize' + VACUUM, prints the size
 *   ref_fts5 query DB QUERIES_TSV REPS WARMUP
 *       a "#" line stating the engine and its settings, then per query:
 *       class <TAB> query <TAB> p50_ms <TAB> p95_ms <TAB> exact total
 *   ref_fts5 count DB QUERY      # exact number of matching passages
 *   ref_fts5 top DB QUERY        # the 10 results a timed search shows
 *   ref_fts5 version             # the SQLite library's version
 *
 * Latency is measured in-process around binding the query, stepping
 * through the 10 rows and reading their columns, with the database opened
 * and the statement prepared once, as a program (or Python's statement
 * cache) would keep them.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ref.h"

/* FTS5's bm25() has k1 1.2 and b 0.75 built in (fts5_aux.c), the values
 * jfsearch uses.  48 tokens of snippet come near jfsearch's 320 bytes. */
#define SEARCH "SELECT path, passage, snippet(passages, 2, '<b>', '</b>', " \
               "'...', 48) FROM passages WHERE passages MATCH ?1 "        \
               "ORDER BY bm25(passages) LIMIT 10"
#define COUNT "SELECT count(*) FROM passages WHERE passages MATCH ?1"

static int fail(sqlite3 *db, const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", ref_program, what,
            db ? sqlite3_errmsg(db) : "cannot open");
    return 2;
}

static sqlite3 *open_db(const char *path, int flags)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        fail(db, path);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static int print_size(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return 2;
    }
    printf("%lld\n", (long long)st.st_size);
    return 0;
}

static int add_passage(const char *path, unsigned number, const char *text,
                       size_t len, void *ctx)
{
    sqlite3_stmt *insert = ctx;
    sqlite3_bind_text(insert, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert, 2, number);
    sqlite3_bind_text(insert, 3, text, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(insert);
    sqlite3_reset(insert);
    if (rc != SQLITE_DONE) {
        fail(sqlite3_db_handle(insert), path);
        return -1;
    }
    return 0;
}

/* All rows in one transaction, as one bulk load. */
static int index_corpus(const char *corpus, const char *path)
{
    if (unlink(path) != 0 && access(path, F_OK) == 0) {
        perror(path);
        return 2;
    }
    sqlite3 *db = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!db)
        return 2;
    sqlite3_stmt *insert = NULL;
    int status = 2;
    if (sqlite3_exec(db, "CREATE VIRTUAL TABLE passages USING fts5(path "
                     "UNINDEXED, passage UNINDEXED, body, tokenize='porter "
                     "unicode61')", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO passages(path, passage, body) "
                           "VALUES (?1, ?2, ?3)", -1, &insert, NULL) != SQLITE_OK)
        fail(db, path);
    else if (ref_corpus_passages(corpus, add_passage, insert) == 0) {
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
            status = 0;
        else
            fail(db, path);
    }
    sqlite3_finalize(insert);
    if (sqlite3_close(db) != SQLITE_OK)
        status = fail(db, path);
    return status == 0 ? print_size(path) : status;
}

static int compact(const char *path)
{
    sqlite3 *db = open_db(path, SQLITE_OPEN_READWRITE);
    if (!db)
        return 2;
    int status = 0;
    if (sqlite3_exec(db, "INSERT INTO passages(passages) VALUES ('optimize')",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
        status = fail(db, path);
    sqlite3_close(db);
    return status == 0 ? print_size(path) : status;
}

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *search, *count;
} searcher_t;

/* Runs the prepared search for QUERY, calling ROW (when not NULL) with each
 * result's columns.  Returns 0, or -1 after printing the error. */
static int run_search(searcher_t *s, const char *query,
                      void (*row)(unsigned rank, const unsigned char *path,
                                  long long passage, const unsigned char *snippet))
{
    int rc;
    unsigned rank = 0;
    sqlite3_bind_text(s->search, 1, query, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s->search)) == SQLITE_ROW) {
        /* Read every column, as a program showing the results does. */
        const unsigned char *path = sqlite3_column_text(s->search, 0);
        long long passage = sqlite3_column_int64(s->search, 1);
        const unsigned char *snippet = sqlite3_column_text(s->search, 2);
        if (row)
            row(++rank, path, passage, snippet);
    }
    sqlite3_reset(s->search);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "%s: query '%s': %s\n", ref_program, query,
                sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

static int timed_search(const char *query, void *ctx)
{
    return run_search(ctx, query, NULL);
}

static long long count_matches(const char *query, void *ctx)
{
    searcher_t *s = ctx;
    long long n = -1;
    sqlite3_bind_text(s->count, 1, query, -1, SQLITE_STATIC);
    if (sqlite3_step(s->count) == SQLITE_ROW)
        n = sqlite3_column_int64(s->count, 0);
    else
        fprintf(stderr, "%s: query '%s': %s\n", ref_program, query,
                sqlite3_errmsg(s->db));
    sqlite3_reset(s->count);
    return n;
}

static void print_row(unsigned rank, const unsigned char *path,
                      long long passage, const unsigned char *snippet)
{
    printf("%u\t%s:%lld\t%s\n", rank, path, passage, snippet);
}

int main(int argc, char **argv)
{
    ref_program = "ref_fts5";
    const char *cmd = argc > 1 ? argv[1] : "";
    if (argc == 4 && strcmp(cmd, "index") == 0)
        return index_corpus(argv[2], argv[3]);
    if (argc == 3 && strcmp(cmd, "compact") == 0)
        return compact(argv[2]);
    if (argc == 2 && strcmp(cmd, "version") == 0) {
        printf("%s\n", sqlite3_libversion());
        return 0;
    }
    bool querying = argc == 6 && strcmp(cmd, "query") == 0;
    if (!querying && !(argc == 4 && (strcmp(cmd, "count") == 0 ||
                                     strcmp(cmd, "top") == 0))) {
        fprintf(stderr, "usage: ref_fts5 index CORPUS DB\n"
                        "       ref_fts5 compact DB\n"
                        "       ref_fts5 query DB QUERIES_TSV REPS WARMUP\n"
                        "       ref_fts5 count DB QUERY\n"
                        "       ref_fts5 top DB QUERY\n"
                        "       ref_fts5 version\n");
        return 2;
    }

    searcher_t s = { open_db(argv[2], SQLITE_OPEN_READONLY), NULL, NULL };
    if (!s.db)
        return 2;
    int status;
    if (sqlite3_prepare_v2(s.db, SEARCH, -1, &s.search, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s.db, COUNT, -1, &s.count, NULL) != SQLITE_OK) {
        status = fail(s.db, argv[2]);
    } else if (querying) {
        printf("# SQLite %s FTS5, C (bench/ref_fts5): tokenize='porter "
               "unicode61', no stopwords, bare words ANDed, phrase words "
               "stemmed too; ORDER BY bm25() (k1 1.2, b 0.75, built in) "
               "LIMIT 10, each with snippet() of 48 tokens\n",
               sqlite3_libversion());
        status = ref_bench_queries(argv[3], argv[4], argv[5], timed_search,
                                   count_matches, &s);
    } else if (strcmp(cmd, "count") == 0) {
        long long n = count_matches(argv[3], &s);
        if (n >= 0)
            printf("%lld\n", n);
        status = n >= 0 ? 0 : 2;
    } else {
        status = run_search(&s, argv[3], print_row) == 0 ? 0 : 2;
    }
    sqlite3_finalize(s.search);
    sqlite3_finalize(s.count);
    sqlite3_close(s.db);
    return status;
}
