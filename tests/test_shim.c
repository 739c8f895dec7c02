/* test_shim.c - the Xapian shim, driven from C as jfindex and jfsearch do.
 *
 * Builds small indexes of hand-written documents in a scratch directory and
 * checks what a user of the shim would notice: which documents each query
 * finds and in what order, that metadata and spelling round-trip (also
 * across shards), that uncommitted changes vanish, that a busy index, a
 * missing one and a damaged one each give their own status and a message
 * naming the path, and that a stale reader recovers by reopening.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "jfx.h"
#include "tap.h"

static char scratch[] = "/tmp/jf-test-shim.XXXXXX";

/* The documents: id, article (value slot 0 and boolean term "X..."),
 * date (value slot 1) and words at positions 1, 2, ... */
typedef struct {
    const char *id, *article, *date, *text;
} sample_t;

static const sample_t samples[] = {
    {"d1", "a1", "2024-01-01", "the quick brown fox jumps"},
    {"d2", "a1", "2024-02-01", "quick brown dogs sleep"},
    {"d3", "a2", "2024-03-01", "lazy brown dog"},
    {"d4", "a3", "2024-04-01", "the fox and the dog"},
    {"d5", "a3", "2024-05-01", "red fox red fox red fox"},
};
enum { NSAMPLES = sizeof samples / sizeof samples[0] };

enum { SLOT_ARTICLE = 0, SLOT_DATE = 1 };

static char *path_in(const char *name)
{
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, sizeof paths[0], "%s/%s", scratch, name);
    return p;
}

static jfx_doc_t *make_doc(const sample_t *s)
{
    jfx_doc_t *doc = jfx_doc_new();
    char words[256], unique[64], article[64];
    unsigned pos = 0;
    snprintf(words, sizeof words, "%s", s->text);
    for (char *save, *w = strtok_r(words, " ", &save); w;
         w = strtok_r(NULL, " ", &save))
        jfx_doc_add_posting(doc, w, ++pos, 1);
    snprintf(unique, sizeof unique, "Q%s", s->id);
    snprintf(article, sizeof article, "X%s", s->article);
    jfx_doc_add_boolean_term(doc, unique);
    jfx_doc_add_boolean_term(doc, article);
    jfx_doc_set_value(doc, SLOT_ARTICLE, s->article, strlen(s->article));
    jfx_doc_set_value(doc, SLOT_DATE, s->date, strlen(s->date));
    jfx_doc_set_data(doc, s->id, strlen(s->id));
    return doc;
}

static int add_samples(jfx_writer_t *w, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        char unique[64];
        jfx_doc_t *doc = make_doc(&samples[i]);
        snprintf(unique, sizeof unique, "Q%s", samples[i].id);
        jfx_status_t st = jfx_writer_replace(w, unique, doc);
        jfx_doc_destroy(doc);
        if (st != JFX_OK)
            return 0;
    }
    return 1;
}

/* Builds an index of samples [FROM, TO) at PATH with its metadata; 1 on
 * success. */
static int build(const char *path, size_t from, size_t to,
                 const char *meta_key, const char *meta_value)
{
    jfx_writer_t *w = NULL;
    char *msg = NULL;
    if (jfx_writer_open(path, JFX_WRITER_CREATE, 0, &w, &msg) != JFX_OK) {
        printf("# %s\n", msg);
        free(msg);
        return 0;
    }
    int good = add_samples(w, from, to);
    if (meta_key)
        good = good && jfx_writer_set_metadata(w, meta_key, meta_value,
                                               strlen(meta_value)) == JFX_OK;
    good = good && jfx_writer_commit(w) == JFX_OK;
    jfx_writer_close(w);
    return good;
}

static jfx_db_t *open_db(const char *path)
{
    jfx_db_t *db = NULL;
    char *msg = NULL;
    if (jfx_db_open(path, &db, &msg) != JFX_OK) {
        printf("# %s\n", msg);
        free(msg);
    }
    return db;
}

static int by_item(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The ids of every document Q finds (in id order, space-separated), each
 * with its weight ("d1=2.5") when WEIGHTS, or an error note; takes
 * ownership of Q. */
static const char *listed(jfx_db_t *db, jfx_query_t *q, int weights)
{
    static char out[256];
    jfx_search_params_t p;
    jfx_results_t *r = NULL;
    jfx_search_params_init(&p);
    p.limit = 100;
    jfx_status_t st = jfx_search(db, q, &p, &r);
    jfx_query_destroy(q);
    if (st != JFX_OK) {
        snprintf(out, sizeof out, "error: %s", jfx_db_last_error(db));
        return out;
    }
    char items[NSAMPLES * 2][32];
    size_t n = jfx_results_count(r);
    if (n > NSAMPLES * 2)
        n = NSAMPLES * 2;
    for (size_t i = 0; i < n; i++) {
        if (weights)
            snprintf(items[i], sizeof items[i], "%s=%g",
                     jfx_results_data(r, i, NULL), jfx_results_weight(r, i));
        else
            snprintf(items[i], sizeof items[i], "%s",
                     jfx_results_data(r, i, NULL));
    }
    qsort(items, n, sizeof items[0], by_item);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, items[i]);
    }
    jfx_results_destroy(r);
    return out;
}

static const char *found(jfx_db_t *db, jfx_query_t *q)
{
    return listed(db, q, 0);
}

/* R's tally as "VALUE=MATCHES ...", in value order. */
static const char *tally_of(const jfx_results_t *r)
{
    static char out[256];
    const char *values[8];
    size_t n = jfx_results_tally_count(r);
    for (size_t i = 0; i < n && i < 8; i++)
        values[i] = jfx_results_tally_value(r, i, NULL);
    out[0] = '\0';
    for (size_t k = 0; k < n && k < 8; k++) {
        size_t min = k;
        for (size_t i = k + 1; i < n && i < 8; i++)
            if (strcmp(values[i], values[min]) < 0)
                min = i;
        const char *v = values[min];
        values[min] = values[k];
        values[k] = v;
        for (size_t i = 0; i < n; i++)
            if (jfx_results_tally_value(r, i, NULL) == v)
                snprintf(out + strlen(out), sizeof out - strlen(out),
                         "%s%s=%llu", k ? " " : "", v,
                         (unsigned long long)jfx_results_tally_matches(r, i));
    }
    return out;
}

static jfx_query_t *term(const char *t)
{
    return jfx_query_term(t, 1, 0);
}

/* OP over two queries, which it takes ownership of. */
static jfx_query_t *pair(jfx_op_t op, jfx_query_t *a, jfx_query_t *b,
                         unsigned window)
{
    const jfx_query_t *kids[2] = {a, b};
    jfx_query_t *q = jfx_query_combine(op, kids, 2, window);
    jfx_query_destroy(a);
    jfx_query_destroy(b);
    return q;
}

/* The documents a constant weight W filtered by T finds, with their
 * weights. */
static const char *constant_of(jfx_db_t *db, double w, const char *t)
{
    return listed(db, pair(JFX_OP_FILTER, jfx_query_constant(w), term(t), 0),
                  1);
}

static int contains(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) +
           (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* ------------------------------------------------------------------ */

static void test_basics(void)
{
    ok(strncmp(jfx_library_version(), "1.4.", 4) == 0,
       "runs against Xapian 1.4 (%s)", jfx_library_version());
    is_str(jfx_status_to_string(JFX_LOCKED), "index locked",
           "statuses have English names");
    ok(strcmp(jfx_status_to_string(JFX_CORRUPT),
              jfx_status_to_string(JFX_NOT_FOUND)) != 0,
       "different statuses read differently");

    jfx_db_close(NULL);
    jfx_writer_close(NULL);
    jfx_doc_destroy(NULL);
    jfx_query_destroy(NULL);
    jfx_results_destroy(NULL);
    ok(1, "every destroy/close accepts NULL");

    is_int(jfx_doc_add_posting(NULL, "x", 1, 1), JFX_INVALID,
           "a posting for no document is refused");
    is_int(jfx_db_doc_count(NULL, NULL), JFX_INVALID,
           "counting documents of no database is refused");
    ok(jfx_query_term(NULL, 1, 0) == NULL, "a NULL term makes no query");

    jfx_doc_t *doc = jfx_doc_new();
    is_int(jfx_doc_add_posting(doc, "", 1, 1), JFX_INVALID,
           "an empty term is refused");
    is_int(jfx_doc_add_boolean_term(doc, ""), JFX_INVALID,
           "as a filter term too");
    jfx_doc_destroy(doc);
    jfx_db_t *db = jfx_db_new(false);
    is_int(jfx_db_add_remote(db, "", 7001, 100), JFX_INVALID,
           "a remote shard needs a host");
    is_int(jfx_db_add_remote(db, "localhost", 0, 100), JFX_INVALID,
           "and a port from 1");
    is_int(jfx_db_add_remote(db, "localhost", 65536, 100), JFX_INVALID,
           "to 65535");
    is_int(jfx_db_add_shard(db, NULL), JFX_INVALID, "a shard needs a path");
    is_int(jfx_db_probe_shard(db, 0), JFX_INVALID, "there is no shard 0");
    jfx_db_close(db);
}

static void test_search(jfx_db_t *db)
{
    uint64_t n = 0;
    double avg = 0;
    is_int(jfx_db_doc_count(db, &n), JFX_OK, "doc_count works");
    is_int(n, NSAMPLES, "every sample was indexed once");
    jfx_db_average_length(db, &avg);
    /* 5 + 4 + 3 + 5 + 6 words; boolean terms add no length. */
    ok(avg > 4.59 && avg < 4.61, "average length is 23/5 words (%g)", avg);
    jfx_db_term_freq(db, "brown", &n);
    is_int(n, 3, "'brown' is in three documents");
    jfx_db_term_freq(db, "cat", &n);
    is_int(n, 0, "'cat' is in none");

    is_str(found(db, term("fox")), "d1 d4 d5", "a term");
    is_str(found(db, pair(JFX_OP_AND, term("quick"), term("brown"), 0)),
           "d1 d2", "AND");
    is_str(found(db, pair(JFX_OP_OR, term("fox"), term("dog"), 0)),
           "d1 d3 d4 d5", "OR");
    is_str(found(db, pair(JFX_OP_PHRASE, term("brown"), term("fox"), 0)),
           "d1", "PHRASE finds the words in order");
    is_str(found(db, pair(JFX_OP_PHRASE, term("fox"), term("brown"), 0)),
           "", "PHRASE misses them out of order");
    is_str(found(db, pair(JFX_OP_NEAR, term("dog"), term("fox"), 4)),
           "d4", "NEAR within 4 words, in any order");
    is_str(found(db, pair(JFX_OP_NEAR, term("dog"), term("fox"), 2)),
           "", "NEAR within 2 words misses words 3 apart");
    is_str(found(db, pair(JFX_OP_AND_NOT, term("fox"), term("the"), 0)),
           "d5", "AND_NOT");
    is_str(found(db, pair(JFX_OP_AND_MAYBE, term("fox"), term("red"), 0)),
           "d1 d4 d5", "AND_MAYBE only matches the first child");
    is_str(found(db, pair(JFX_OP_SYNONYM, term("dog"), term("dogs"), 0)),
           "d2 d3 d4", "SYNONYM");
    is_str(found(db, pair(JFX_OP_FILTER, term("brown"), term("Xa1"), 0)),
           "d1 d2", "FILTER by a boolean term");
    is_str(found(db, pair(JFX_OP_FILTER, term("brown"),
                          jfx_query_value_range(SLOT_DATE, "2024-02-01",
                                                "2024-12-31"), 0)),
           "d2 d3", "FILTER by a value range (inclusive)");
    is_str(found(db, jfx_query_value_range(SLOT_DATE, NULL, "2024-02-01")),
           "d1 d2", "a value range open below");
    is_str(found(db, jfx_query_value_range(SLOT_DATE, "2024-04-01", NULL)),
           "d4 d5", "a value range open above");
    is_str(found(db, jfx_query_match_all()), "d1 d2 d3 d4 d5", "match all");
    is_str(constant_of(db, 2.5, "brown"), "d1=2.5 d2=2.5 d3=2.5",
           "a constant filtered by a term: its documents, each weighing it");
    ok(!jfx_query_constant(-1) && !jfx_query_constant(NAN) &&
       !jfx_query_constant(INFINITY), "a negative or endless constant is "
       "refused");
    is_str(found(db, jfx_query_combine(JFX_OP_AND, NULL, 0, 0)), "",
           "combining no children matches nothing");

    /* Ranking: d5 says "fox" three times, so it is the best "fox". */
    jfx_search_params_t p;
    jfx_results_t *r = NULL;
    jfx_search_params_init(&p);
    p.check_at_least = 100;
    jfx_query_t *q = pair(JFX_OP_OR, term("fox"), term("dog"), 0);
    is_int(jfx_search(db, q, &p, &r), JFX_OK, "search works");
    is_int(jfx_results_count(r), 4, "four results");
    is_int(jfx_results_total(r), 4, "total is exact with check_at_least");
    is_int(jfx_results_total_lower(r), 4, "lower bound is exact");
    is_int(jfx_results_total_upper(r), 4, "upper bound is exact");
    int descending = 1;
    for (size_t i = 1; i < jfx_results_count(r); i++)
        if (jfx_results_weight(r, i) > jfx_results_weight(r, i - 1))
            descending = 0;
    ok(descending && jfx_results_weight(r, 3) > 0,
       "weights are positive and descend");
    jfx_results_destroy(r);
    jfx_query_destroy(q);

    q = term("fox");
    jfx_search(db, q, &p, &r);
    is_str(jfx_results_data(r, 0, NULL), "d5", "three foxes rank first");
    size_t len = 99;
    is_str(jfx_results_value(r, 0, SLOT_ARTICLE, &len), "a3",
           "a result's value");
    is_int(len, 2, "and its length");
    is_str(jfx_results_value(r, 0, 7, &len), "", "an empty slot reads as \"\"");
    is_int(jfx_results_doc_length(r, 0), 6, "d5's length is its six words");
    is_int(jfx_results_term_wdf(r, 0, "fox"), 3, "d5 has 'fox' three times");
    is_int(jfx_results_term_wdf(r, 0, "red"), 3, "and 'red' three times");
    is_int(jfx_results_term_wdf(r, 0, "dog"), 0, "and no 'dog'");
    ok(jfx_results_data(r, 99, &len) == NULL && len == 0,
       "a result past the end has no data");
    double first = jfx_results_weight(r, 0), second = jfx_results_weight(r, 1);
    jfx_results_destroy(r);

    p.offset = 1;
    p.limit = 1;
    jfx_search(db, q, &p, &r);
    is_int(jfx_results_count(r), 1, "limit 1 gives one result");
    ok(jfx_results_weight(r, 0) == second, "offset 1 starts at the second");
    jfx_results_destroy(r);
    jfx_query_destroy(q);

    /* Collapsing by article: d1+d2 are a1, d3 a2, d4+d5 a3. */
    jfx_search_params_init(&p);
    p.check_at_least = 100;
    p.collapse_slot = SLOT_ARTICLE;
    p.collapse_max = 1;
    q = jfx_query_match_all();
    jfx_search(db, q, &p, &r);
    is_int(jfx_results_count(r), 3, "collapsing keeps one per article");
    uint64_t collapsed = 0;
    for (size_t i = 0; i < jfx_results_count(r); i++)
        collapsed += jfx_results_collapsed(r, i);
    is_int(collapsed, 2, "and counts the two left out");
    jfx_results_destroy(r);
    p.collapse_max = 2;
    jfx_search(db, q, &p, &r);
    is_int(jfx_results_count(r), 5, "collapse_max 2 keeps them all");
    jfx_results_destroy(r);
    jfx_query_destroy(q);

    /* ids_only: the best "fox" of each article, without a document
     * fetched: d5 (a3, with d4) first, then d1 (a1, alone). */
    jfx_search_params_init(&p);
    p.check_at_least = 100;
    p.collapse_slot = SLOT_ARTICLE;
    p.ids_only = 1;
    q = term("fox");
    is_int(jfx_search(db, q, &p, &r), JFX_OK, "an ids_only search works");
    is_int(jfx_results_count(r), 2, "one result per article with a fox");
    is_str(jfx_results_value(r, 0, SLOT_ARTICLE, NULL), "a3",
           "the collapse key is the collapse slot's value");
    is_int(jfx_results_collapsed(r, 0), 1, "d4 is collapsed under d5");
    is_int(jfx_results_collapsed(r, 1), 0, "d1 is a1's only fox");
    ok(jfx_results_weight(r, 0) == first, "the weight is the same as fetched");
    is_str(jfx_results_data(r, 0, NULL), "", "no document data is fetched");
    is_str(jfx_results_value(r, 0, 7, NULL), "", "nor other values");
    double a1_best = jfx_results_weight(r, 1);
    jfx_results_destroy(r);

    /* A tally is exact past the page: the limit cuts results, not the
     * tally. */
    jfx_search_params_init(&p);
    p.limit = 1;
    p.tally_slot = SLOT_ARTICLE;
    is_int(jfx_search(db, q, &p, &r), JFX_OK, "a tallying search works");
    is_int(jfx_results_count(r), 1, "with one result");
    is_str(tally_of(r), "a1=1 a3=2", "and a tally of every match");
    double best[2] = { 0, 0 };
    for (size_t i = 0; i < jfx_results_tally_count(r); i++)
        best[strcmp(jfx_results_tally_value(r, i, NULL), "a1") != 0] =
            jfx_results_tally_best(r, i);
    ok(best[0] == a1_best && best[1] == first,
       "with each value's best weight, as a collapsed search has it");
    ok(jfx_results_tally_value(r, 2, NULL) == NULL &&
       jfx_results_tally_matches(r, 2) == 0, "nothing past the tally");
    jfx_results_destroy(r);
    p.unweighted = 1;
    jfx_search(db, q, &p, &r);
    is_str(tally_of(r), "a1=1 a3=2", "unweighted, the tally counts the same");
    ok(jfx_results_tally_best(r, 0) == 0 && jfx_results_weight(r, 0) == 0,
       "and every weight is 0");
    jfx_results_destroy(r);
    p.unweighted = 0;
    p.tally_slot = SLOT_DATE;
    jfx_search(db, q, &p, &r);
    is_str(tally_of(r), "2024-01-01=1 2024-04-01=1 2024-05-01=1",
           "any slot can be tallied; a value no match has is not");
    jfx_results_destroy(r);
    jfx_search_params_init(&p);
    jfx_search(db, q, &p, &r);
    is_int(jfx_results_tally_count(r), 0, "no tally unless asked for");
    jfx_results_destroy(r);
    jfx_query_destroy(q);

    is_int(jfx_search(db, NULL, &p, &r), JFX_INVALID, "no query is refused");
    ok(r == NULL, "and gives no results");
}

typedef struct {
    char seen[512];
    int stop_after;
    int calls;
} listing_t;

static int list_term(const char *t, uint64_t freq, void *ctx)
{
    listing_t *l = ctx;
    char item[64];
    snprintf(item, sizeof item, "%s%s=%llu", l->calls ? " " : "", t,
             (unsigned long long)freq);
    strcat(l->seen, item);
    return ++l->calls == l->stop_after;
}

static int list_metadata(const char *key, const char *value, size_t len,
                         void *ctx)
{
    listing_t *l = ctx;
    char item[128];
    snprintf(item, sizeof item, "%s%s=%.*s", l->calls ? " " : "", key,
             (int)len, value);
    strcat(l->seen, item);
    return ++l->calls == l->stop_after;
}

static void test_metadata_and_spelling(void)
{
    const char *path = path_in("meta");
    jfx_writer_t *w = NULL;
    char *msg = NULL, *value = NULL;
    size_t len = 0;
    jfx_writer_open(path, JFX_WRITER_CREATE, 0, &w, &msg);
    jfx_writer_set_metadata(w, "jf:schema", "3", 1);
    jfx_writer_set_metadata(w, "jf:binary", "a\0b", 3);
    jfx_writer_set_metadata(w, "other", "x", 1);
    jfx_writer_add_spelling(w, "necessary", 2);
    jfx_writer_add_spelling(w, "fox", 1);
    jfx_writer_add_spelling(w, "boxes", 1);
    jfx_writer_add_spelling(w, "foxes", 1);
    jfx_writer_add_spelling(w, "foxes", -1);
    is_int(jfx_writer_commit(w), JFX_OK, "commit works");
    jfx_writer_close(w);

    jfx_db_t *db = open_db(path);
    jfx_db_get_metadata(db, "jf:binary", &value, &len);
    ok(len == 3 && memcmp(value, "a\0b", 3) == 0,
       "metadata keeps embedded NUL bytes");
    free(value);
    is_int(jfx_db_get_metadata(db, "absent", &value, NULL), JFX_OK,
           "an absent key is no error");
    is_str(value, "", "and reads as \"\"");
    free(value);

    listing_t l = {"", 0, 0};
    jfx_db_each_metadata(db, "jf:", list_metadata, &l);
    is_str(l.seen, "jf:binary=a jf:schema=3",
           "each_metadata lists a prefix's keys in order");

    char *s = NULL;
    is_int(jfx_db_spelling_suggestion(db, "neccessary", 2, &s), JFX_OK,
           "spelling works");
    is_str(s, "necessary", "a misspelling is corrected");
    free(s);
    jfx_db_spelling_suggestion(db, "fxo", 1, &s);
    is_str(s, "fox", "a transposition is one edit");
    free(s);
    jfx_db_spelling_suggestion(db, "fuxy", 1, &s);
    is_str(s, "", "two edits away is too far for max_edits 1");
    free(s);
    jfx_db_spelling_suggestion(db, "boxse", 1, &s);
    is_str(s, "boxes", "a word added once is suggested");
    free(s);
    jfx_db_spelling_suggestion(db, "foxse", 1, &s);
    is_str(s, "", "a word added and removed again is not");
    free(s);

    listing_t words = {"", 0, 0};
    is_int(jfx_db_each_spelling(db, NULL, list_term, &words), JFX_OK,
           "each_spelling works");
    is_str(words.seen, "boxes=1 fox=1 necessary=2",
           "every word in order with its frequency (removed ones gone)");
    listing_t first = {"", 1, 0};
    jfx_db_each_spelling(db, NULL, list_term, &first);
    is_str(first.seen, "boxes=1", "a non-zero return stops the listing");
    jfx_db_close(db);
}

static void test_shards_and_compact(void)
{
    const char *a = path_in("shard-a"), *b = path_in("shard-b");
    const char *whole = path_in("whole"), *merged = path_in("merged");
    ok(build(a, 0, 3, "shared", "from a") && build(b, 3, NSAMPLES, "shared", "from b") &&
           build(whole, 0, NSAMPLES, NULL, NULL),
       "built two shards and a whole index");

    jfx_writer_t *w = NULL;
    char *msg = NULL;
    jfx_writer_open(a, 0, 0, &w, &msg);
    jfx_writer_set_metadata(w, "a:only", "A", 1);
    jfx_writer_commit(w);
    jfx_writer_close(w);
    jfx_writer_open(b, 0, 0, &w, &msg);
    jfx_writer_set_metadata(w, "b:only", "B", 1);
    jfx_writer_commit(w);
    jfx_writer_close(w);

    jfx_db_t *db = open_db(a);
    is_int(jfx_db_add_shard(db, b), JFX_OK, "add_shard works");
    is_int(jfx_db_shard_count(db), 2, "two shards");
    uint64_t n = 0;
    jfx_db_doc_count(db, &n);
    is_int(n, NSAMPLES, "the shards count as one index");

    char *value = NULL;
    jfx_db_get_metadata(db, "b:only", &value, NULL);
    is_str(value, "B", "metadata only in the second shard is found");
    free(value);
    jfx_db_get_metadata(db, "shared", &value, NULL);
    is_str(value, "from a", "the first shard wins for a shared key");
    free(value);
    listing_t l = {"", 0, 0};
    jfx_db_each_metadata(db, "", list_metadata, &l);
    is_str(l.seen, "a:only=A shared=from a b:only=B shared=from b",
           "each_metadata lists each shard's keys, shard by shard");

    /* Statistics are merged, so weights equal those of one whole index. */
    jfx_db_t *one = open_db(whole);
    jfx_search_params_t p;
    jfx_results_t *r1 = NULL, *r2 = NULL;
    jfx_search_params_init(&p);
    jfx_query_t *q = pair(JFX_OP_OR, term("fox"), term("brown"), 0);
    jfx_search(db, q, &p, &r1);
    jfx_search(one, q, &p, &r2);
    int same = jfx_results_count(r1) == 5 &&
               jfx_results_count(r1) == jfx_results_count(r2);
    for (size_t i = 0; same && i < jfx_results_count(r1); i++)
        same = strcmp(jfx_results_data(r1, i, NULL), jfx_results_data(r2, i, NULL)) == 0 &&
               jfx_results_weight(r1, i) - jfx_results_weight(r2, i) < 1e-9 &&
               jfx_results_weight(r2, i) - jfx_results_weight(r1, i) < 1e-9;
    ok(same, "two shards rank exactly as one whole index");
    uint64_t shard_len = jfx_results_doc_length(r1, 0);
    uint64_t whole_len = jfx_results_doc_length(r2, 0);
    is_int(shard_len, whole_len, "document lengths agree across shards");
    jfx_results_destroy(r1);
    jfx_results_destroy(r2);

    const char *sources[] = {a, b};
    is_int(jfx_compact(sources, 2, merged, 3000, &msg), JFX_INVALID,
           "a block size that is no power of two is refused");
    ok(contains(msg, "block size"), "saying so (%s)", msg);
    free(msg);
    is_int(jfx_compact(sources, 2, merged, 32768, &msg), JFX_OK, "compact works");
    jfx_db_t *compacted = open_db(merged);
    jfx_search(db, q, &p, &r1);
    jfx_search(compacted, q, &p, &r2);
    same = compacted && jfx_results_count(r1) == jfx_results_count(r2);
    for (size_t i = 0; same && i < jfx_results_count(r1); i++)
        same = strcmp(jfx_results_data(r1, i, NULL), jfx_results_data(r2, i, NULL)) == 0 &&
               jfx_results_weight(r1, i) - jfx_results_weight(r2, i) < 1e-9 &&
               jfx_results_weight(r2, i) - jfx_results_weight(r1, i) < 1e-9;
    ok(same, "the compacted index finds the same, with the same weights");
    jfx_results_destroy(r1);
    jfx_results_destroy(r2);
    jfx_query_destroy(q);
    is_int(jfx_db_shard_count(compacted), 1, "compacting makes one index");

    is_int(jfx_compact(sources, 2, merged, 0, &msg), JFX_INVALID,
           "compacting onto an existing index is refused");
    ok(contains(msg, merged), "naming the destination (%s)", msg);
    free(msg);
    const char *missing[] = {a, path_in("no-such-shard")};
    is_int(jfx_compact(missing, 2, path_in("merged2"), 0, &msg), JFX_NOT_FOUND,
           "compacting a missing source fails");
    ok(contains(msg, "no-such-shard"), "naming the source (%s)", msg);
    free(msg);

    is_int(jfx_db_add_shard(db, path_in("no-such-shard")), JFX_NOT_FOUND,
           "adding a missing shard fails");
    ok(contains(jfx_db_last_error(db), "no-such-shard"),
       "the db's last error names it (%s)", jfx_db_last_error(db));
    is_int(jfx_db_shard_count(db), 2, "and leaves the shards as they were");

    jfx_db_close(compacted);
    jfx_db_close(one);
    jfx_db_close(db);
}

/* A port nothing listens on (just released by the kernel). */
static unsigned free_port(void)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    close(fd);
    return ntohs(addr.sin_port);
}

static void test_remote(void)
{
    const char *a = path_in("shard-a"), *b = path_in("shard-b");
    unsigned port = free_port();
    jfx_db_t *db = open_db(a);
    is_int(jfx_db_add_remote(db, "127.0.0.1", port, 2000), JFX_NETWORK,
           "a remote shard nobody serves is a network error");
    char where[64];
    snprintf(where, sizeof where, "127.0.0.1:%u", port);
    ok(contains(jfx_db_last_error(db), where), "naming host and port (%s)",
       jfx_db_last_error(db));

    /* A real remote shard, if xapian-tcpsrv (xapian-tools) is installed. */
    char port_arg[16];
    snprintf(port_arg, sizeof port_arg, "%u", port);
    pid_t server = fork();
    if (server == 0) {
        /* Its own process group: on SIGTERM it signals its whole group. */
        setpgid(0, 0);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1",
               "--port", port_arg, b, (char *)NULL);
        _exit(127);
    }
    jfx_status_t st = JFX_NETWORK;
    for (int tries = 0; server > 0 && st == JFX_NETWORK && tries < 100; tries++) {
        int status;
        if (waitpid(server, &status, WNOHANG) == server) {
            server = 0;
            break;
        }
        st = jfx_db_add_remote(db, "127.0.0.1", port, 5000);
        if (st == JFX_NETWORK)
            usleep(50000);
    }
    if (server <= 0 || st != JFX_OK) {
        printf("ok %d - # SKIP xapian-tcpsrv not available (%s)\n", ++tap_count,
               jfx_db_last_error(db));
    } else {
        uint64_t n = 0;
        jfx_db_doc_count(db, &n);
        is_int(n, NSAMPLES, "a local and a remote shard search as one");
        is_str(found(db, term("fox")), "d1 d4 d5",
               "results come from both");
        is_str(constant_of(db, 2.5, "brown"), "d1=2.5 d2=2.5 d3=2.5",
               "a constant weight crosses to the remote shard");
        /* The remote backend cannot run the tallying spy: the tally
         * comes from its value counts and a collapsed match instead. */
        jfx_search_params_t p;
        jfx_search_params_init(&p);
        p.tally_slot = SLOT_ARTICLE;
        jfx_query_t *q = term("fox");
        jfx_results_t *r = NULL;
        is_int(jfx_search(db, q, &p, &r), JFX_OK,
               "a tally over a remote shard works");
        is_str(tally_of(r), "a1=1 a3=2", "and counts every match");
        jfx_results_destroy(r);
        jfx_query_destroy(q);
    }
    if (server > 0) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
        if (st == JFX_OK) {
            is_int(jfx_db_probe_shard(db, 1), JFX_NETWORK,
                   "a stopped server's shard no longer answers");
            ok(contains(jfx_db_last_error(db), where), "naming it (%s)",
               jfx_db_last_error(db));
        }
    }
    jfx_db_close(db);

    /* Skipping what does not answer, and dropping what stops answering. */
    db = jfx_db_new(true);
    is_int(jfx_db_add_shard(db, a), JFX_OK, "a set of shards takes a shard");
    is_int(jfx_db_add_remote(db, "127.0.0.1", port, 500), JFX_OK,
           "skipping unreachable shards, a dead one is no failure");
    is_int(jfx_db_shard_count(db), 1, "it is left out");
    is_int(jfx_db_missing_count(db), 1, "and listed as missing");
    ok(contains(jfx_db_missing(db, 0), where), "by name (%s)",
       jfx_db_missing(db, 0));
    is_int(jfx_db_probe_shard(db, 0), JFX_OK, "a local shard always answers");
    is_int(jfx_db_add_shard(db, b), JFX_OK, "another shard");
    is_int(jfx_db_drop_shard(db, 0), JFX_OK, "a shard can be dropped");
    is_int(jfx_db_shard_count(db), 1, "leaving one");
    uint64_t n = 0;
    jfx_db_doc_count(db, &n);
    ok(n > 0 && n < NSAMPLES, "which alone is searched");
    is_int(jfx_db_missing_count(db), 2, "the dropped one is missing too");
    jfx_db_close(db);
}

/* A shard over a program's pipe: "false" serves nothing; xapian-progsrv
 * (xapian-tools), if installed, serves shard-b. */
static void test_program(void)
{
    jfx_db_t *db = jfx_db_new(false);
    is_int(jfx_db_add_program(db, "false", "", 2000), JFX_NETWORK,
           "a program that serves nothing is a network error");
    ok(contains(jfx_db_last_error(db), "false"), "naming it (%s)",
       jfx_db_last_error(db));
    is_int(jfx_db_add_program(db, "", "x", 2000), JFX_INVALID,
           "no program is refused");
    jfx_db_close(db);

    db = jfx_db_new(true);
    is_int(jfx_db_add_program(db, "false", NULL, 2000), JFX_OK,
           "skipping unreachable shards, it is left out");
    is_str(jfx_db_missing(db, 0), "false: Connection closed unexpectedly",
           "and listed as missing, by its command");
    jfx_status_t st = jfx_db_add_program(db, "xapian-progsrv",
                                         path_in("shard-b"), 5000);
    if (st != JFX_OK || jfx_db_shard_count(db) != 1) {
        printf("ok %d - # SKIP xapian-progsrv not available (%s)\n",
               ++tap_count, jfx_db_missing(db, 1));
    } else {
        uint64_t n = 0;
        jfx_db_doc_count(db, &n);
        is_int(n, NSAMPLES - 3, "xapian-progsrv serves a shard over a pipe");
    }
    jfx_db_close(db);
}

static void test_writer(void)
{
    const char *path = path_in("writer");
    jfx_writer_t *w = NULL;
    char *msg = NULL;
    uint64_t n = 0;

    is_int(jfx_writer_open(path, 0, 0, &w, &msg), JFX_NOT_FOUND,
           "a writer without CREATE needs an existing index");
    ok(w == NULL && contains(msg, path) && contains(msg, "no database here"),
       "the message names the path (%s)", msg);
    free(msg);

    ok(build(path, 0, NSAMPLES, NULL, NULL), "built an index");
    jfx_db_t *db = open_db(path);

    /* Replacing by unique term is idempotent; deleting removes. */
    is_int(jfx_writer_open(path, JFX_WRITER_NO_SYNC, 0, &w, &msg), JFX_OK,
           "a writer opens an existing index");
    add_samples(w, 0, 2);
    is_int(jfx_writer_delete(w, "Qd5"), JFX_OK, "delete works");
    jfx_writer_commit(w);
    is_int(jfx_db_reopen(db), JFX_OK, "reopen works");
    jfx_db_doc_count(db, &n);
    is_int(n, NSAMPLES - 1, "replacing added nothing; deleting removed one");
    is_str(found(db, term("fox")), "d1 d4", "the deleted document is gone");

    /* Committed changes stay, uncommitted ones vanish on close. */
    jfx_doc_t *doc = jfx_doc_new();
    jfx_doc_add_posting(doc, "committed", 1, 2);
    jfx_writer_replace(w, "Qc1", doc);
    jfx_writer_set_metadata(w, "kept", "yes", 3);
    jfx_writer_commit(w);
    jfx_doc_destroy(doc);
    doc = jfx_doc_new();
    jfx_doc_add_posting(doc, "uncommitted", 1, 1);
    jfx_writer_replace(w, "Qu1", doc);
    jfx_doc_destroy(doc);
    jfx_writer_set_metadata(w, "lost", "yes", 3);
    jfx_writer_delete(w, "Qd1");
    jfx_writer_close(w);

    jfx_db_reopen(db);
    jfx_db_term_freq(db, "committed", &n);
    is_int(n, 1, "a committed document is seen after close");
    jfx_db_term_freq(db, "uncommitted", &n);
    is_int(n, 0, "an uncommitted document is discarded by close");
    jfx_db_term_freq(db, "Qd1", &n);
    is_int(n, 1, "an uncommitted delete is discarded by close");
    char *value = NULL;
    jfx_db_get_metadata(db, "kept", &value, NULL);
    is_str(value, "yes", "committed metadata is kept");
    free(value);
    jfx_db_get_metadata(db, "lost", &value, NULL);
    is_str(value, "", "uncommitted metadata is discarded");
    free(value);

    /* A writer that never commits leaves no trace either. */
    jfx_writer_open(path, 0, 0, &w, &msg);
    add_samples(w, 4, 5);
    jfx_writer_close(w);
    jfx_db_reopen(db);
    jfx_db_term_freq(db, "Qd5", &n);
    is_int(n, 0, "a writer closed without commit adds nothing");

    /* Starting over empties the index. */
    jfx_writer_open(path, JFX_WRITER_OVERWRITE, 0, &w, &msg);
    jfx_writer_commit(w);
    jfx_writer_close(w);
    jfx_db_reopen(db);
    jfx_db_doc_count(db, &n);
    is_int(n, 0, "OVERWRITE starts from an empty index");
    jfx_db_close(db);

    is_int(jfx_writer_open(path_in("no/such/dir"), JFX_WRITER_CREATE, 0, &w,
                           &msg), JFX_IO,
           "creating inside a missing directory is an I/O error");
    ok(contains(msg, "no/such/dir"), "naming the path (%s)", msg);
    free(msg);

    w = (jfx_writer_t *)1;
    is_int(jfx_writer_open(NULL, JFX_WRITER_CREATE, 0, &w, &msg), JFX_INVALID,
           "no path is refused");
    ok(w == NULL && msg != NULL, "with a message (%s)", msg);
    free(msg);
}

static void test_lock(void)
{
    const char *path = path_in("locked");
    jfx_writer_t *first = NULL, *second = NULL;
    char *msg = NULL;
    struct timespec start;

    jfx_writer_open(path, JFX_WRITER_CREATE, 0, &first, &msg);
    ok(first != NULL, "a first writer holds the lock");

    clock_gettime(CLOCK_MONOTONIC, &start);
    is_int(jfx_writer_open(path, JFX_WRITER_CREATE, 0, &second, &msg),
           JFX_LOCKED, "a second writer is locked out");
    ok(seconds_since(&start) < 2.0, "at once with no timeout");
    ok(contains(msg, path) && contains(msg, "another writer"),
       "the message names the path (%s)", msg);
    free(msg);

    clock_gettime(CLOCK_MONOTONIC, &start);
    is_int(jfx_writer_open(path, JFX_WRITER_CREATE, 400, &second, &msg),
           JFX_LOCKED, "a second writer waiting 400 ms is locked out");
    double waited = seconds_since(&start);
    ok(waited >= 0.39 && waited < 5.0,
       "after about 400 ms, not forever (%.3f s)", waited);
    ok(second == NULL && contains(msg, "waited"), "saying so (%s)", msg);
    free(msg);

    jfx_writer_close(first);
    is_int(jfx_writer_open(path, 0, 0, &second, &msg), JFX_OK,
           "closing the first writer releases the lock");
    jfx_writer_close(second);
}

static void test_bad_paths(void)
{
    jfx_db_t *db = (jfx_db_t *)1;
    char *msg = NULL;
    const char *missing = path_in("missing");

    is_int(jfx_db_open(missing, &db, &msg), JFX_NOT_FOUND,
           "opening a missing path");
    ok(db == NULL, "gives no database");
    ok(contains(msg, missing) && contains(msg, "no database here"),
       "and a message naming the path (%s)", msg);
    free(msg);

    const char *empty = path_in("empty-dir");
    mkdir(empty, 0700);
    is_int(jfx_db_open(empty, &db, &msg), JFX_NOT_FOUND,
           "an empty directory is no index");
    free(msg);

    const char *junk = path_in("junk");
    FILE *f = fopen(junk, "w");
    fputs("this is not a stub file\n", f);
    fclose(f);
    is_int(jfx_db_open(junk, &db, &msg), JFX_NOT_FOUND,
           "a file is no database");
    ok(contains(msg, junk) && contains(msg, "no database here"),
       "and is named (%s)", msg);
    free(msg);

    /* Stub files are lib/stub.c's to read: Xapian would follow this one
     * and run the program it names. */
    const char *stub = path_in("stub"), *mark = path_in("touched");
    f = fopen(stub, "w");
    fprintf(f, "auto %s\nremote /usr/bin/touch %s\n", path_in("whole"), mark);
    fclose(f);
    is_int(jfx_db_open(stub, &db, &msg), JFX_NOT_FOUND,
           "a stub file is not followed");
    free(msg);
    mkdir(path_in("stubbed"), 0777);
    char inside[600];
    snprintf(inside, sizeof inside, "%s/XAPIANDB", path_in("stubbed"));
    rename(stub, inside);
    db = jfx_db_new(false);
    is_int(jfx_db_add_shard(db, path_in("stubbed")), JFX_NOT_FOUND,
           "nor is a directory holding one");
    jfx_db_close(db);
    ok(access(mark, F_OK) != 0, "and the program it names never runs");
}

/* Overwrites LEN bytes at OFFSET of FILE with a fixed pattern. */
static void scribble(const char *file, long offset, size_t len)
{
    char junk[4096];
    memset(junk, 0xA5, sizeof junk);
    FILE *f = fopen(file, "r+");
    if (!f)
        return;
    fseek(f, offset, SEEK_SET);
    for (; len > 0; len -= len < sizeof junk ? len : sizeof junk)
        fwrite(junk, 1, len < sizeof junk ? len : sizeof junk, f);
    fclose(f);
}

static void test_corrupt(void)
{
    const char *path = path_in("damaged");
    char file[600], *msg = NULL;
    jfx_db_t *db = NULL;
    build(path, 0, NSAMPLES, NULL, NULL);

    snprintf(file, sizeof file, "%s/postlist.glass", path);
    scribble(file, 0, 16384);
    jfx_status_t st = jfx_db_open(path, &db, &msg);
    if (st == JFX_OK) {
        jfx_results_t *r = NULL;
        jfx_query_t *q = term("fox");
        st = jfx_search(db, q, NULL, &r);
        jfx_query_destroy(q);
        jfx_results_destroy(r);
        msg = strdup(jfx_db_last_error(db));
        jfx_db_close(db);
    }
    is_int(st, JFX_CORRUPT, "damaged postings are reported as damage");
    ok(contains(msg, path) && contains(msg, "damaged"),
       "naming the index (%s)", msg);
    free(msg);

    snprintf(file, sizeof file, "%s/iamglass", path);
    ok(truncate(file, 10) == 0, "truncated %s", file);
    is_int(jfx_db_open(path, &db, &msg), JFX_CORRUPT,
           "a truncated version file is damage");
    ok(contains(msg, path), "naming the index (%s)", msg);
    free(msg);
}

enum { BUSY_DOCS = 2000, BUSY_TERMS = 40, BUSY_WORDS = 300 };

/* Replaces every document of the "busy" index with new words and commits. */
static void rewrite_all(jfx_writer_t *w, int round)
{
    for (int d = 0; d < BUSY_DOCS; d++) {
        jfx_doc_t *doc = jfx_doc_new();
        char word[32], unique[32];
        for (int t = 0; t < BUSY_TERMS; t++) {
            snprintf(word, sizeof word, "w%d", (d * 7 + t + round) % BUSY_WORDS);
            jfx_doc_add_posting(doc, word, (unsigned)t + 1, 1);
        }
        snprintf(unique, sizeof unique, "Qbusy%d", d);
        jfx_writer_replace(w, unique, doc);
        jfx_doc_destroy(doc);
    }
    jfx_writer_commit(w);
}

/* A reader holding an old revision while a writer commits again and again
 * finds the blocks it needs reused; it must reopen and retry. */
static void test_modified(void)
{
    const char *path = path_in("busy");
    jfx_writer_t *w = NULL;
    char *msg = NULL;

    jfx_writer_open(path, JFX_WRITER_CREATE | JFX_WRITER_NO_SYNC, 0, &w, &msg);
    rewrite_all(w, 0);
    jfx_db_t *db = open_db(path);
    for (int round = 1; round <= 3; round++)
        rewrite_all(w, round);
    jfx_doc_t *marker = jfx_doc_new();
    jfx_doc_add_posting(marker, "marker", 1, 1);
    jfx_writer_replace(w, "Qmarker", marker);
    jfx_doc_destroy(marker);
    jfx_writer_commit(w);

    jfx_search_params_t p;
    jfx_results_t *r = NULL;
    jfx_search_params_init(&p);
    jfx_query_t *q = pair(JFX_OP_OR, term("w1"), term("w150"), 0);
    is_int(jfx_search(db, q, &p, &r), JFX_MODIFIED,
           "a stale reader is told the index changed");
    ok(r == NULL && contains(jfx_db_last_error(db), "reopen"),
       "and to reopen (%s)", jfx_db_last_error(db));
    is_int(jfx_db_reopen(db), JFX_OK, "it reopens");
    is_int(jfx_search(db, q, &p, &r), JFX_OK, "and the search succeeds");
    is_int(jfx_results_count(r), 10, "with results");
    uint64_t n = 0;
    jfx_db_term_freq(db, "marker", &n);
    is_int(n, 1, "from the latest revision");
    jfx_query_destroy(q);

    /* Results keep what they copied through another commit and reopen. */
    double weight = jfx_results_weight(r, 9);
    const char *data = jfx_results_data(r, 0, NULL);
    rewrite_all(w, 4);
    jfx_db_reopen(db);
    ok(jfx_results_count(r) == 10 && jfx_results_weight(r, 9) == weight &&
           jfx_results_data(r, 0, NULL) == data &&
           jfx_results_doc_length(r, 0) == BUSY_TERMS,
       "results outlive a reopen");
    jfx_results_destroy(r);
    jfx_db_close(db);
    jfx_writer_close(w);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Equal weights: in document id order by default, in value order when a
 * tie-break slot is given (what keeps an updated index ranking like a
 * rebuilt one). */
static void test_tiebreak(void)
{
    static const sample_t twins[] = {
        {"t1", "b-article", "2024-01-01", "kiwi orchard"},
        {"t2", "a-article", "2024-01-01", "kiwi orchard"},
    };
    const char *path = path_in("tiebreak");
    jfx_writer_t *w = NULL;
    ok(jfx_writer_open(path, JFX_WRITER_CREATE, 0, &w, NULL) == JFX_OK,
       "tie-break: an index opens");
    for (size_t i = 0; i < 2; i++) {
        jfx_doc_t *doc = make_doc(&twins[i]);
        char unique[64];
        snprintf(unique, sizeof unique, "Q%s", twins[i].id);
        jfx_writer_replace(w, unique, doc);
        jfx_doc_destroy(doc);
    }
    jfx_writer_commit(w);
    jfx_writer_close(w);

    jfx_db_t *db = open_db(path);
    jfx_query_t *q = term("kiwi");
    jfx_search_params_t params;
    jfx_search_params_init(&params);
    char order[2][16] = { "", "" };
    for (int tiebreak = 0; tiebreak < 2; tiebreak++) {
        params.tiebreak_slot = tiebreak ? SLOT_ARTICLE : -1;
        jfx_results_t *r = NULL;
        if (db && jfx_search(db, q, &params, &r) == JFX_OK &&
            jfx_results_count(r) == 2)
            snprintf(order[tiebreak], sizeof order[0], "%.2s %.2s",
                     jfx_results_data(r, 0, NULL), jfx_results_data(r, 1, NULL));
        jfx_results_destroy(r);
    }
    is_str(order[0], "t1 t2", "equal weights come in document order by default");
    is_str(order[1], "t2 t1", "and in value order with a tie-break slot");
    jfx_query_destroy(q);
    jfx_db_close(db);
}

int main(void)
{
    if (!mkdtemp(scratch)) {
        perror(scratch);
        return 1;
    }
    test_basics();
    const char *main_index = path_in("main");
    ok(build(main_index, 0, NSAMPLES, NULL, NULL), "built the sample index");
    jfx_db_t *db = open_db(main_index);
    test_search(db);
    jfx_db_close(db);
    test_tiebreak();
    test_metadata_and_spelling();
    test_shards_and_compact();
    test_remote();
    test_program();
    test_writer();
    test_lock();
    test_bad_paths();
    test_corrupt();
    test_modified();
    nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return done_testing();
}
