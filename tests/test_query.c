/* test_query.c - the query language, judged by what it finds.
 *
 * Builds a small index of hand-written passages the way jfindex does (every
 * token of text.h at its position) and checks which passages each query
 * matches and what it highlights.  Matching is checked on real Xapian
 * searches, so a parser bug and a word-definition mismatch both show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jfx.h"
#include "query.h"
#include "tap.h"
#include "text.h"

static const char *passages[] = {
    /* 0 */ "Japan and France seek to deepen security ties in the Indo-Pacific region.",
    /* 1 */ "Japan and France expedite discussions on a Reciprocal Access Agreement (RAA).",
    /* 2 */ "Japan has signed reciprocal access agreements with Australia.",
    /* 3 */ "China’s growing influence worries Tokyo, and Taiwan worries Beijing.",
    /* 4 */ "The Pacific Ocean and the Indian Ocean: France has territories in the South Pacific.",
    /* 5 */ "The G-7 nations met after the post-war order was questioned.",
    /* 6 */ "Access to the islands was reciprocal in name only.",
};
enum { NPASSAGES = sizeof passages / sizeof passages[0] };

typedef struct {
    jfx_doc_t *doc;
} index_ctx_t;

static int add_token(const jf_token_t *t, void *ctx)
{
    index_ctx_t *ic = ctx;
    jfx_doc_add_posting(ic->doc, t->term, t->pos, 1);
    return 0;
}

static char dir[] = "/tmp/jf-test-query.XXXXXX";

static jfx_db_t *build_index(jf_analyzer_t *a)
{
    if (!mkdtemp(dir))
        return NULL;
    jfx_writer_t *w = NULL;
    char *msg = NULL;
    if (jfx_writer_open(dir, JFX_WRITER_CREATE, 0, &w, &msg) != JFX_OK) {
        printf("# %s\n", msg);
        free(msg);
        return NULL;
    }
    for (int i = 0; i < NPASSAGES; i++) {
        index_ctx_t ic = { jfx_doc_new() };
        jf_analyze(a, passages[i], strlen(passages[i]), 1, add_token, &ic);
        char id[16];
        snprintf(id, sizeof id, "Q%d", i);
        jfx_doc_add_boolean_term(ic.doc, id);
        jfx_doc_set_data(ic.doc, id + 1, strlen(id + 1));
        jfx_writer_replace(w, id, ic.doc);
        jfx_doc_destroy(ic.doc);
    }
    jfx_writer_commit(w);
    jfx_writer_close(w);
    jfx_db_t *db = NULL;
    jfx_db_open(dir, &db, NULL);
    return db;
}

/* The passages QUERY matches, as a sorted string of their numbers ("12"),
 * or "error: ..." when it does not parse. */
static char *matches(jfx_db_t *db, jf_analyzer_t *a, const char *query,
                     jf_default_op_t op)
{
    static char out[256];
    jf_query_t q;
    if (jf_query_parse(a, query, op, &q) != 0) {
        snprintf(out, sizeof out, "error: %s", q.error);
        jf_query_free(&q);
        return out;
    }
    jfx_search_params_t params;
    jfx_search_params_init(&params);
    params.limit = 100;
    jfx_results_t *r = NULL;
    out[0] = 0;
    if (jfx_search(db, q.query, &params, &r) == JFX_OK) {
        int found[NPASSAGES] = { 0 };
        for (size_t i = 0; i < jfx_results_count(r); i++)
            found[atoi(jfx_results_data(r, i, NULL))] = 1;
        for (int i = 0; i < NPASSAGES; i++)
            if (found[i])
                snprintf(out + strlen(out), sizeof out - strlen(out), "%d", i);
    }
    jfx_results_destroy(r);
    jf_query_free(&q);
    return out;
}

static char *highlight_of(jf_analyzer_t *a, const char *query)
{
    static char out[512];
    jf_query_t q;
    out[0] = 0;
    if (jf_query_parse(a, query, JF_DEFAULT_AND, &q) == 0) {
        for (size_t i = 0; i < q.highlight.n; i++) {
            const jf_pattern_t *p = &q.highlight.patterns[i];
            snprintf(out + strlen(out), sizeof out - strlen(out), "%s[", i ? " " : "");
            for (size_t k = 0; k < p->n; k++)
                snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s",
                         k ? " " : "", p->terms[k]);
            snprintf(out + strlen(out), sizeof out - strlen(out), "]");
        }
    }
    jf_query_free(&q);
    return out;
}

int main(void)
{
    jf_analyzer_t *a = jf_analyzer_new();
    jfx_db_t *db = build_index(a);
    if (!ok(db != NULL, "a test index is built"))
        return done_testing();

    /* Words: any case, any inflection. */
    is_str(matches(db, a, "agreement", JF_DEFAULT_AND), "12", "a word finds its inflections");
    is_str(matches(db, a, "AGREEMENTS", JF_DEFAULT_AND), "12", "capitals and plurals find the same");
    is_str(matches(db, a, "reciprocal access", JF_DEFAULT_AND), "126", "words are ANDed by default");
    is_str(matches(db, a, "reciprocal australia", JF_DEFAULT_AND), "2", "AND needs every word");
    is_str(matches(db, a, "reciprocal australia", JF_DEFAULT_OR), "126", "--any ORs the words");

    /* Phrases, with inflections. */
    is_str(matches(db, a, "\"reciprocal access agreements\"", JF_DEFAULT_AND), "12",
           "a quoted phrase matches inflected forms");
    is_str(matches(db, a, "\"access reciprocal\"", JF_DEFAULT_AND), "",
           "a phrase needs its word order");
    is_str(matches(db, a, "“reciprocal access”", JF_DEFAULT_AND), "12",
           "curly quotes make a phrase too");
    is_str(matches(db, a, "\"free and open", JF_DEFAULT_AND), "",
           "an unclosed quote runs to the end of the query");
    is_str(matches(db, a, "\"reciprocal access", JF_DEFAULT_AND), "12",
           "an unclosed quote still searches its phrase");

    /* Exclusion and operators. */
    is_str(matches(db, a, "reciprocal -australia", JF_DEFAULT_AND), "16", "-word excludes");
    is_str(matches(db, a, "reciprocal NOT australia", JF_DEFAULT_AND), "16", "NOT excludes");
    is_str(matches(db, a, "australia OR raa", JF_DEFAULT_AND), "12", "OR finds either");
    is_str(matches(db, a, "japan australia OR raa", JF_DEFAULT_AND), "12",
           "OR binds tighter than the implicit AND");
    is_str(matches(db, a, "france (australia OR raa)", JF_DEFAULT_AND), "1", "parentheses group");
    is_str(matches(db, a, "japan AND taiwan", JF_DEFAULT_AND), "", "AND is explicit AND");
    is_str(matches(db, a, "reciprocal -\"access agreements\"", JF_DEFAULT_AND), "6",
           "a phrase can be excluded");

    /* One definition of a word: the query meets the text form. */
    is_str(matches(db, a, "china's", JF_DEFAULT_AND), "3", "a straight possessive finds a curly one");
    is_str(matches(db, a, "China", JF_DEFAULT_AND), "3", "a bare name finds its possessive");
    is_str(matches(db, a, "indo-pacific", JF_DEFAULT_AND), "0", "a hyphenated query word");
    is_str(matches(db, a, "indo pacific", JF_DEFAULT_AND), "0", "its parts as words");
    is_str(matches(db, a, "\"indo pacific\"", JF_DEFAULT_AND), "0", "its parts as a phrase");
    is_str(matches(db, a, "indopacific", JF_DEFAULT_AND), "0", "its joined form");
    is_str(matches(db, a, "pacific", JF_DEFAULT_AND), "04", "a part alone finds the compound too");
    is_str(matches(db, a, "G7", JF_DEFAULT_AND), "5", "G7 finds G-7");
    is_str(matches(db, a, "postwar", JF_DEFAULT_AND), "5", "postwar finds post-war");

    /* Stopwords. */
    is_str(matches(db, a, "the reciprocal access", JF_DEFAULT_AND), "126",
           "stopwords outside phrases are ignored");
    is_str(matches(db, a, "the", JF_DEFAULT_AND), "0456",
           "a query of only stopwords searches them");

    /* Queries that cannot run say why. */
    is_str(matches(db, a, "", JF_DEFAULT_AND),
           "error: empty query: give at least one word to search for", "an empty query");
    is_str(matches(db, a, "  ?! -- ", JF_DEFAULT_AND),
           "error: the query has no words to search for", "punctuation only");
    is_str(matches(db, a, "-australia", JF_DEFAULT_AND),
           "error: the query only excludes words: add a word to search for", "only exclusions");
    is_str(matches(db, a, "japan \xff\xfe", JF_DEFAULT_AND),
           "error: the query is not valid UTF-8", "invalid UTF-8");
    is_str(matches(db, a, "((((((((((((((((((((((((((((((((((((((((japan", JF_DEFAULT_AND), "012",
           "deep unclosed nesting still searches");
    is_str(matches(db, a, "OR AND ) japan OR", JF_DEFAULT_AND), "012",
           "dangling operators are ignored");

    /* Highlights follow what the query matches. */
    is_str(highlight_of(a, "reciprocal \"access agreements\" -australia"),
           "[reciproc] [access agreement]", "highlights: words and phrases, not exclusions");
    is_str(highlight_of(a, "Indo-Pacific"), "[indo pacif] [indopacif]",
           "highlights: a compound's parts and joined form");

    /* A 10,000-word query runs. */
    {
        size_t n = 10000;
        char *big = malloc(n * 8 + 1), *p = big;
        for (size_t i = 0; i < n; i++)
            p += sprintf(p, "%s ", i % 2 ? "japan" : "france");
        is_str(matches(db, a, big, JF_DEFAULT_AND), "01", "a 10,000-word query");
        free(big);
    }

    jfx_db_close(db);
    jf_analyzer_free(a);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return done_testing();
}
