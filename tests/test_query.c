/* test_query.c - the query language, judged by what it finds.
 *
 * Builds a small index of hand-written passages with jfindex's own writer
 * of the layout (document.h: every token of text.h at its position, the
 * id and XT/XS filter terms, the date value, the article records and the
 * spelling dictionary), adds a mined acronym, and checks which passages each query matches, what
 * it highlights, what it was expanded or corrected to, and that --explain
 * adds up to the score.  Matching is checked on real Xapian searches, so a
 * parser bug and a word-definition mismatch both show.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "document.h"
#include "error.h"
#include "jfx.h"
#include "query.h"
#include "schema.h"
#include "search.h"
#include "synonyms.h"
#include "tap.h"
#include "text.h"

/* Each passage is the only passage (number 0) of its own article. */
static const struct {
    const char *text, *title, *source, *date;
} passages[] = {
    /* 0 */ { "Japan and France seek to deepen security ties in the Indo-Pacific region.",
              "Security talks", "Kyodo News", "2022-01-21" },
    /* 1 */ { "Japan and France expedite discussions on a Reciprocal Access Agreement (RAA).",
              "Security talks", "Kyodo News", "2022-01-21" },
    /* 2 */ { "Japan has signed reciprocal access agreements with Australia.",
              "Reciprocal access deals", "Reuters", "2023-05-18" },
    /* 3 */ { "China’s growing influence worries Tokyo, and Taiwan worries Beijing.",
              "Tension in Asia", "AFP", NULL },
    /* 4 */ { "The Pacific Ocean and the Indian Ocean: France has territories in the South Pacific.",
              NULL, NULL, NULL },
    /* 5 */ { "The G-7 nations met after the post-war order was questioned.",
              NULL, NULL, NULL },
    /* 6 */ { "Access to the islands was reciprocal in name only.",
              NULL, NULL, NULL },
    /* 7 */ { "US President Joe Biden hosts allies in Washington.",
              "Biden hosts allies", "Reuters", "2023-05-18" },
    /* 8 */ { "Follow us on social media for updates.",
              "Site notice", "Kyodo News", NULL },
    /* 9 */ { "United States officials praised Canberra.",
              "Allies praise Canberra", "Associated Press", "2022-01-07" },
    /* 10 */ { "Senkaku waters saw Chinese patrols.",
               "Senkaku patrols", "Kyodo News", "2022-01-06" },
    /* 11 */ { "Beijing calls those islands Diaoyu.",
               "Diaoyu claims", "Reuters", "2021-03-15" },
    /* 12 */ { "Defence budgets rose sharply.",
               "Defence spending", "AFP", NULL },
    /* 13 */ { "Defense spending rose in Washington too.",
               "Budget news", "AFP", "2023-06-01" },
};
enum { NPASSAGES = sizeof passages / sizeof passages[0] };

static void article_id_of(int i, char id[JF_ARTICLE_ID_LEN + 1])
{
    snprintf(id, JF_ARTICLE_ID_LEN + 1, "%016x", i);
}

/* The passage number of a result, from its article id. */
static int passage_of(const char *data, size_t len)
{
    jf_passage_t p;
    if (jf_passage_decode(data, len, &p) != 0)
        return 0;
    return (int)strtol(p.article_id, NULL, 16);
}

typedef struct {
    jfx_writer_t *w;
    jfx_status_t status; /* of the first word the dictionary refused */
} spelling_ctx_t;

static void add_spelling(const char *word, void *ctx)
{
    spelling_ctx_t *s = ctx;
    if (s->status == JFX_OK)
        s->status = jfx_writer_add_spelling(s->w, word, 1);
}

/* Writes passage I as jfindex does (lib/document.h): the only passage of
 * its own article, with the article's record. */
static int add_passage(jf_analyzer_t *a, jfx_writer_t *w, int i,
                       jf_error_t *err)
{
    char id[JF_ARTICLE_ID_LEN + 1], path[32];
    jf_passage_text_t text = { (char *)passages[i].text,
                               strlen(passages[i].text) };
    spelling_ctx_t spelling = { w, JFX_OK };

    article_id_of(i, id);
    jf_article_docs_t docs = { id, passages[i].title, passages[i].source,
                               NULL, passages[i].date, NULL, &text, 1 };
    jf_document_write_article(w, NULL, a, &docs, add_spelling, &spelling, err);
    if (spelling.status != JFX_OK)
        jf_fail(err, spelling.status, "%s", jfx_writer_last_error(w));
    snprintf(path, sizeof path, "p%d.txt", i);
    jf_article_record_t rec = {
        .path = path, .passages = 1,
        .title = (char *)(passages[i].title ? passages[i].title : ""),
        .source = (char *)passages[i].source,
        .date = (char *)passages[i].date,
        .acronyms = i == 1 ? (char *)"raa=reciprocal access agreement" : NULL
    };
    return jf_record_write(w, id, &rec, err);
}

static int set_metadata(jfx_writer_t *w, const char *key, const char *value,
                        jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    jfx_status_t status = jfx_writer_set_metadata(w, key, value,
                                                  strlen(value));
    if (status != JFX_OK)
        return jf_fail(err, status, "%s", jfx_writer_last_error(w));
    return 0;
}

static char dir[] = "/tmp/jf-test-query.XXXXXX";

static jfx_db_t *build_index(jf_analyzer_t *a)
{
    jf_error_t err = JF_ERROR_INIT;
    jfx_writer_t *w = NULL;
    jfx_db_t *db = NULL;
    char *msg = NULL;
    jfx_status_t status;

    if (!mkdtemp(dir))
        return NULL;
    if ((status = jfx_writer_open(dir, JFX_WRITER_CREATE, 0, &w,
                                  &msg)) != JFX_OK)
        jf_fail_take(&err, status, msg);
    for (int i = 0; i < NPASSAGES && !jf_failed(&err); i++)
        add_passage(a, w, i, &err);
    set_metadata(w, JF_METADATA_VERSION, JF_SCHEMA_VERSION, &err);
    /* As jfindex mines it from passage 1. */
    set_metadata(w, JF_METADATA_SYNONYM "raa", "reciprocal access agreement",
                 &err);
    if (!jf_failed(&err) && (status = jfx_writer_commit(w)) != JFX_OK)
        jf_fail(&err, status, "%s", jfx_writer_last_error(w));
    jfx_writer_close(w);
    if (!jf_failed(&err) && (status = jfx_db_open(dir, &db, &msg)) != JFX_OK)
        jf_fail_take(&err, status, msg);
    if (jf_failed(&err))
        printf("# %s\n", jf_error_message(&err));
    jf_error_clear(&err);
    return db;
}

/* The passages QUERY matches (expanded through SYN when not NULL), as a
 * sorted string of their numbers ("12"; "2 7 11" when one is past 9), or
 * "error: ..." when it does not parse. */
static char *matches_with(jfx_db_t *db, jf_analyzer_t *a,
                          const jf_synonyms_t *syn, const char *query,
                          jf_default_op_t op)
{
    static char out[256];
    jf_query_t q;
    jf_error_t err = JF_ERROR_INIT;
    if (jf_query_parse(a, query, syn, &q, &err) != 0) {
        snprintf(out, sizeof out, "error: %s", jf_error_message(&err));
        jf_error_clear(&err);
        jf_query_free(&q);
        return out;
    }
    jfx_query_t *xq = jf_query_compile(&q, op);
    jfx_search_params_t params;
    jfx_search_params_init(&params);
    params.limit = 100;
    jfx_results_t *r = NULL;
    out[0] = 0;
    if (jfx_search(db, xq, &params, &r) == JFX_OK) {
        int found[NPASSAGES] = { 0 };
        for (size_t i = 0; i < jfx_results_count(r); i++) {
            size_t len;
            const char *data = jfx_results_data(r, i, &len);
            found[passage_of(data, len)] = 1;
        }
        bool spaced = false;
        for (int i = 0; i < NPASSAGES; i++)
            spaced |= found[i] && i > 9;
        for (int i = 0; i < NPASSAGES; i++)
            if (found[i])
                snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d",
                         spaced && out[0] ? " " : "", i);
    }
    jfx_results_destroy(r);
    jfx_query_destroy(xq);
    jf_query_free(&q);
    return out;
}

static char *matches(jfx_db_t *db, jf_analyzer_t *a, const char *query,
                     jf_default_op_t op)
{
    return matches_with(db, a, NULL, query, op);
}

static char *highlight_with(jf_analyzer_t *a, const jf_synonyms_t *syn,
                            const char *query)
{
    static char out[512];
    jf_query_t q;
    jf_error_t err = JF_ERROR_INIT;
    jf_patterns_t highlight = JF_PATTERNS_INIT;
    out[0] = 0;
    if (jf_query_parse(a, query, syn, &q, &err) == 0) {
        jf_query_highlight(&q, &highlight);
        for (size_t i = 0; i < highlight.n; i++) {
            const jf_pattern_t *p = &highlight.items[i];
            snprintf(out + strlen(out), sizeof out - strlen(out), "%s[", i ? " " : "");
            for (size_t k = 0; k < p->n; k++)
                snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s",
                         k ? " " : "", p->terms[k]);
            snprintf(out + strlen(out), sizeof out - strlen(out), "]");
        }
    }
    jf_patterns_free(&highlight);
    jf_error_clear(&err);
    jf_query_free(&q);
    return out;
}

static char *highlight_of(jf_analyzer_t *a, const char *query)
{
    return highlight_with(a, NULL, query);
}

/* "from -> to, to; ..." for the expansions of QUERY. */
static char *expansions_of(jf_analyzer_t *a, const jf_synonyms_t *syn,
                           const char *query)
{
    static char out[512];
    jf_query_t q;
    jf_error_t err = JF_ERROR_INIT;
    jf_expansions_t ex = { 0 };
    out[0] = 0;
    if (jf_query_parse(a, query, syn, &q, &err) == 0) {
        jf_query_expansions(&q, &ex);
        for (size_t i = 0; i < ex.n; i++) {
            const jf_expansion_t *e = &ex.items[i];
            snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s ->",
                     i ? "; " : "", e->from);
            for (size_t k = 0; k < e->nto; k++)
                snprintf(out + strlen(out), sizeof out - strlen(out), "%s %s",
                         k ? "," : "", e->to[k]);
        }
    }
    jf_expansions_free(&ex);
    jf_error_clear(&err);
    jf_query_free(&q);
    return out;
}

/* The passages jf_search_run returns for QUERY under O, in rank order
 * ("10 11"); R and Q keep the run for more checks (caller frees). */
static char *search_with(jfx_db_t *db, jf_analyzer_t *a,
                         const jf_search_options_t *o, const char *query,
                         jf_query_t *q, jf_results_t *r)
{
    static char out[256];
    jf_error_t err = JF_ERROR_INIT;
    out[0] = 0;
    if (jf_search_run(db, a, query, o, q, r, &err) != 0) {
        snprintf(out, sizeof out, "error: %s", jf_error_message(&err));
        jf_error_clear(&err);
        return out;
    }
    for (size_t i = 0; i < r->n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d",
                 i ? " " : "", (int)strtol(r->hits[i].article_id, NULL, 16));
    return out;
}

static char *search_sorted(jfx_db_t *db, jf_analyzer_t *a,
                           const jf_search_options_t *o, const char *query)
{
    static char out[256];
    jf_query_t q;
    jf_results_t r;
    search_with(db, a, o, query, &q, &r);
    int found[NPASSAGES] = { 0 };
    out[0] = 0;
    for (size_t i = 0; i < r.n; i++)
        found[strtol(r.hits[i].article_id, NULL, 16)] = 1;
    for (int i = 0; i < NPASSAGES; i++)
        if (found[i])
            snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d",
                     out[0] ? " " : "", i);
    jf_results_free(&r);
    jf_query_free(&q);
    return out;
}

static char *write_file(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

/* The synonyms file the tests use, plus the acronym mined in the index. */
static jf_synonyms_t *load_test_synonyms(jf_analyzer_t *a, jfx_db_t *db)
{
    const char *text =
        "# groups for the tests\n"
        "senkaku = diaoyu islands = diaoyu   # two names, one place\n"
        "\n"
        "US = united states\n"
        "defence = defense\n"
        "G7 = group of seven\n";
    jf_synonyms_t *syn = jf_synonyms_new();
    jf_error_t err = JF_ERROR_INIT;
    if (jf_synonyms_load_file(syn, a, write_file("syn.txt", text), &err) != 0 ||
        jf_synonyms_load_index(syn, a, db, &err) != 0)
        printf("# %s\n", jf_error_message(&err));
    jf_error_clear(&err);
    return syn;
}

static char *load_error(jf_analyzer_t *a, const char *text)
{
    static char out[256];
    jf_synonyms_t *syn = jf_synonyms_new();
    jf_error_t err = JF_ERROR_INIT;
    const char *path = write_file("bad.txt", text);
    out[0] = 0;
    if (jf_synonyms_load_file(syn, a, path, &err) != 0)
        snprintf(out, sizeof out, "%s", jf_error_message(&err) + strlen(dir) + 1);
    jf_error_clear(&err);
    jf_synonyms_free(syn);
    return out;
}

/* The tree QUERY parses into (jf_query_print), or "error: ...".  The
 * caller frees it. */
static char *tree_of(jf_analyzer_t *a, const jf_synonyms_t *syn,
                     const char *query)
{
    jf_query_t q;
    jf_error_t err = JF_ERROR_INIT;
    jf_buf_t b = JF_BUF_INIT;
    if (jf_query_parse(a, query, syn, &q, &err) == 0)
        jf_query_print(&q, &b);
    else
        jf_buf_printf(&b, "error: %s", jf_error_message(&err));
    jf_error_clear(&err);
    jf_query_free(&q);
    return jf_buf_release(&b);
}

/* Checks every case of the table of parser cases at PATH (its format is
 * at its top): "# why" lines, "> query", the tree. */
static void check_trees(jf_analyzer_t *a, const jf_synonyms_t *syn,
                        const char *path)
{
    FILE *f = fopen(path, "r");
    if (!ok(f != NULL, "the parser's cases are read from %s", path))
        return;
    char *line = NULL, *query = NULL;
    size_t cap = 0;
    ssize_t got;
    jf_buf_t why = JF_BUF_INIT;
    unsigned cases = 0;
    while ((got = getline(&line, &cap, f)) != -1) {
        if (got > 0 && line[got - 1] == '\n')
            line[--got] = '\0';
        if (line[0] == '#') {
            jf_buf_puts(&why, why.len ? " " : "");
            jf_buf_puts(&why, line[1] == ' ' ? line + 2 : line + 1);
        } else if (line[0] == '>') {
            free(query);
            query = strdup(line[1] ? line + 2 : "");
        } else if (line[0] && query) {
            char *tree = tree_of(a, syn, query);
            is_str(tree, line, "tree of '%s': %s", query,
                   why.data ? why.data : "");
            free(tree);
            free(query);
            query = NULL;
            cases++;
        } else if (!line[0]) {
            jf_buf_reset(&why);
        }
    }
    ok(cases > 0 && !query, "every case of %s has a query and a tree", path);
    free(query);
    free(line);
    jf_buf_free(&why);
    fclose(f);
}

/* The largest gap, relative to the score, between a hit's score and the
 * sum of its explained contributions. */
static double explain_gap(const jf_results_t *r)
{
    double worst = 0;
    for (size_t i = 0; i < r->n; i++) {
        double sum = 0;
        for (size_t k = 0; k < r->hits[i].nexplain; k++)
            sum += r->hits[i].explain[k].weight;
        sum += r->hits[i].context + r->hits[i].proximity;
        double gap = fabs(sum - r->hits[i].score) / r->hits[i].score;
        if (gap > worst)
            worst = gap;
    }
    return worst;
}

static char *date_bound(const char *text, bool last_day)
{
    static char out[16];
    if (jf_date_bound(text, last_day, out) != 0)
        strcpy(out, "bad");
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

    /* Synonyms: a curated file and an acronym mined into the index. */
    jf_synonyms_t *syn = load_test_synonyms(a, db);
    is_str(matches_with(db, a, syn, "senkaku", JF_DEFAULT_AND), "10 11",
           "synonyms: one name of a place finds the other");
    is_str(matches_with(db, a, syn, "Diaoyu", JF_DEFAULT_AND), "10 11",
           "synonyms: and the other way round");
    is_str(matches_with(db, a, syn, "\"diaoyu islands\"", JF_DEFAULT_AND), "10 11",
           "synonyms: a quoted phrase equal to an expression expands");
    is_str(matches_with(db, a, syn, "senkaku -patrols", JF_DEFAULT_AND), "11",
           "synonyms: an expanded word combines with an exclusion");
    is_str(matches_with(db, a, syn, "defense", JF_DEFAULT_AND), "12 13",
           "synonyms: spelling variants");
    is_str(matches_with(db, a, syn, "group of seven", JF_DEFAULT_AND), "5",
           "synonyms: a run of words with a stopword finds a compound (G-7)");
    is_str(matches_with(db, a, syn, "united states officials", JF_DEFAULT_AND), "9",
           "synonyms: the longest run of words is expanded first");
    is_str(expansions_of(a, syn, "united states officials"), "united states -> US",
           "synonyms: the expansion names the words as typed");
    is_str(matches_with(db, a, syn, "RAA", JF_DEFAULT_AND), "12",
           "mined acronym: RAA finds its long form");
    is_str(matches_with(db, a, syn, "reciprocal access agreement", JF_DEFAULT_AND), "12",
           "mined acronym: the long form as three words finds the acronym's group");
    is_str(expansions_of(a, syn, "raa"), "raa -> reciprocal access agreement",
           "mined acronym: recorded as an expansion");
    is_str(expansions_of(a, syn, "Senkaku patrols"), "Senkaku -> diaoyu islands, diaoyu",
           "a group's other expressions are listed as written");
    is_str(expansions_of(a, syn, "patrols"), "", "no expansion, nothing recorded");
    is_str(highlight_with(a, syn, "senkaku"), "[senkaku] [diaoyu island] [diaoyu]",
           "every alternative is highlighted");
    is_str(matches(db, a, "senkaku", JF_DEFAULT_AND), "10", "without synonyms, no expansion");

    /* The trees the parser builds, case by case. */
    check_trees(a, syn, QUERY_TREES);

    /* US in capitals is the country; us is the pronoun. */
    is_str(matches_with(db, a, syn, "US", JF_DEFAULT_AND), "79",
           "US finds the US President and the United States, not 'us'");
    is_str(matches(db, a, "US", JF_DEFAULT_AND), "7", "US without synonyms: the acronym only");
    is_str(matches_with(db, a, syn, "us", JF_DEFAULT_AND), "8", "us in lower case is the pronoun");
    is_str(expansions_of(a, syn, "us"), "", "and is not expanded");

    /* The synonyms file: errors name the line. */
    is_str(load_error(a, "a = b\n\njust one\n"),
           "bad.txt:3: 'just one': a group needs two or more expressions separated by '='",
           "synonyms file: a line with one expression");
    is_str(load_error(a, "a = = b\n"),
           "bad.txt:1: an empty expression (two '=' in a row, or one at an end)",
           "synonyms file: an empty expression");
    is_str(load_error(a, "a = ?!\n"), "bad.txt:1: '?!' has no words",
           "synonyms file: an expression with no words");
    {
        jf_synonyms_t *none = jf_synonyms_new();
        jf_error_t err = JF_ERROR_INIT;
        ok(jf_synonyms_load_file(none, a, "/nonexistent/syn.txt", &err) != 0 &&
           strstr(jf_error_message(&err), "/nonexistent/syn.txt: cannot read the synonyms file") ==
               jf_error_message(&err),
           "synonyms file: a missing file is an error naming it");
        jf_error_clear(&err);
        jf_synonyms_free(none);
    }

    /* Field filters. */
    is_str(matches(db, a, "title:senkaku", JF_DEFAULT_AND), "10", "title: alone filters");
    is_str(matches(db, a, "source:reuters", JF_DEFAULT_AND), "2 7 11", "source: alone filters");
    is_str(matches(db, a, "SOURCE:Reuters", JF_DEFAULT_AND), "2 7 11", "field names in any case");
    is_str(matches(db, a, "source:reuters source:afp", JF_DEFAULT_AND), "2 3 7 11 12 13",
           "values of one field OR together");
    is_str(matches(db, a, "title:defence source:afp", JF_DEFAULT_AND), "12",
           "different fields AND together");
    is_str(matches(db, a, "rose source:afp", JF_DEFAULT_AND), "12 13", "a filter narrows words");
    is_str(matches(db, a, "rose title:budget", JF_DEFAULT_AND), "13", "title: uses stems (budget/Budget)");
    is_str(matches(db, a, "source:\"associated press\"", JF_DEFAULT_AND), "9", "a quoted field value");
    is_str(matches(db, a, "title:\"security talks\" raa", JF_DEFAULT_AND), "1",
           "a quoted title value with a word");
    is_str(matches(db, a, "source:kyodo -source:reuters senkaku", JF_DEFAULT_AND), "10",
           "an excluded field value");
    is_str(matches(db, a, "washington -source:afp", JF_DEFAULT_AND), "7",
           "an excluded field value excludes articles");
    is_str(highlight_of(a, "rose source:afp"), "[rose]", "a filter highlights nothing");

    /* Searching: dates, filters alone, did-you-mean, --explain. */
    jf_search_options_t o;
    jf_search_options_init(&o);
    o.synonyms = syn;
    is_str(search_sorted(db, a, &o, "US"), "7 9", "search: US with synonyms");
    jf_date_bound("2023", false, o.since);
    is_str(search_sorted(db, a, &o, "US"), "7", "--since 2023 keeps the 2023 article");
    o.since[0] = 0;
    jf_date_bound("2022", true, o.until);
    is_str(search_sorted(db, a, &o, "US"), "9", "--until 2022 keeps the 2022 article");
    jf_date_bound("2022-01-07", false, o.since);
    jf_date_bound("2022-01-07", true, o.until);
    is_str(search_sorted(db, a, &o, "US"), "9", "--since and --until the same day");
    jf_date_bound("2000", false, o.since);
    o.until[0] = 0;
    is_str(search_sorted(db, a, &o, "defence"), "13", "a date filter leaves undated articles out");
    o.since[0] = 0;
    is_str(search_sorted(db, a, &o, "defence"), "12 13", "without it they are there");

    is_str(date_bound("2023", false), "20230101", "a year starts on January 1");
    is_str(date_bound("2023", true), "20231231", "and ends on December 31");
    is_str(date_bound("2024-02", true), "20240229", "a month ends on its last day (leap year)");
    is_str(date_bound("2023-02", true), "20230228", "and in a common year");
    is_str(date_bound("2023-05-18", false), "20230518", "a full date");
    is_str(date_bound("2023-02-29", false), "bad", "no February 29 in 2023");
    is_str(date_bound("2023-13", false), "bad", "no month 13");
    is_str(date_bound("18/05/2023", false), "bad", "another format is refused");
    is_str(date_bound("", false), "bad", "an empty date is refused");

    {
        jf_query_t q;
        jf_results_t r;
        is_str(search_with(db, a, &o, "source:reuters", &q, &r), "2 7 11",
               "filters alone return the articles' headline passages");
        ok(r.n == 3 && r.hits[0].passage == 0 && strcmp(r.hits[1].source, "Reuters") == 0 &&
           strcmp(r.hits[1].date, "2023-05-18") == 0,
           "hits carry the article's source and date");
        jf_results_free(&r);
        jf_query_free(&q);

        is_str(search_with(db, a, &o, "Senkako", &q, &r), "10 11",
               "a misspelled word with no hits runs corrected");
        is_str(r.corrected ? r.corrected : "(none)", "senkaku", "and says to what");
        jf_results_free(&r);
        jf_query_free(&q);

        is_str(search_with(db, a, &o, "patrols senkako", &q, &r), "10 11",
               "hits only for some words (relaxed): the correction runs, "
               "the passage with every word first");
        is_str(r.corrected ? r.corrected : "(none)", "patrols senkaku", "and says so");
        jf_results_free(&r);
        jf_query_free(&q);

        is_str(search_with(db, a, &o, "diaoyu OR senkako", &q, &r), "11 10",
               "a few hits: the original results stay, the article that "
               "writes diaoyu as typed first");
        is_str(r.suggestion ? r.suggestion : "(none)", "diaoyu OR senkaku",
               "and the correction is suggested");
        ok(r.corrected == NULL, "but not run");
        jf_results_free(&r);
        jf_query_free(&q);

        is_str(search_with(db, a, &o, "name", &q, &r), "6", "a rare word in the index");
        ok(r.suggestion == NULL && r.corrected == NULL, "is never corrected");
        jf_results_free(&r);
        jf_query_free(&q);

        is_str(search_with(db, a, &o, "kangaroo", &q, &r), "",
               "a word with no close word finds nothing");
        ok(r.suggestion == NULL && r.corrected == NULL, "and nothing is suggested");
        jf_results_free(&r);
        jf_query_free(&q);

        o.explain = true;
        o.limit = 20;
        search_with(db, a, &o, "reciprocal access agreement japan", &q, &r);
        o.synonyms = NULL;
        ok(r.n > 0 && explain_gap(&r) < 0.01, "--explain: the terms add up to each score");
        jf_results_free(&r);
        jf_query_free(&q);
        search_with(db, a, &o, "reciprocal OR access OR japan OR washington", &q, &r);
        ok(r.n >= 5 && explain_gap(&r) < 0.01, "--explain: with OR, only matching terms weigh");
        ok(r.n > 0 && r.hits[0].nexplain == 5 && strcmp(r.hits[0].explain[0].term, "reciproc") == 0 &&
           strcmp(r.hits[0].explain[1].term, "reciprocal (as typed)") == 0,
           "--explain: one entry per query term, named by its term, and one for a "
           "word as typed where its stem differs");
        jf_results_free(&r);
        jf_query_free(&q);
        search_with(db, a, &o, "\"indo pacific\" OR pacific", &q, &r);
        ok(r.n == 2 && explain_gap(&r) < 0.01, "--explain: a phrase and a repeated word");
        jf_results_free(&r);
        jf_query_free(&q);
        o.synonyms = syn;
        search_with(db, a, &o, "senkaku OR defence OR US", &q, &r);
        ok(r.n == 6 && explain_gap(&r) < 0.01, "--explain: synonym groups weigh as one term");
        jf_results_free(&r);
        jf_query_free(&q);
        o.k1 = 2;
        o.b = 0.3;
        search_with(db, a, &o, "reciprocal OR access OR japan", &q, &r);
        ok(r.n > 0 && explain_gap(&r) < 0.01, "--explain: with other k1 and b");
        jf_results_free(&r);
        jf_query_free(&q);
    }
    jf_synonyms_free(syn);

    /* A query of JF_QUERY_MAX_WORDS words runs; one word more is refused
     * with a message, before any of the work that grows with its words
     * (Xapian's matcher takes seconds over 10,000 terms). */
    {
        size_t n = JF_QUERY_MAX_WORDS + 1;
        char *big = malloc(n * 8 + 1), *p = big;
        for (size_t i = 0; i < n - 1; i++)
            p += sprintf(p, "%s ", i % 2 ? "japan" : "france");
        is_str(matches(db, a, big, JF_DEFAULT_AND), "01",
               "a query of the most words allowed runs");
        sprintf(p, "japan");
        jf_query_t q;
        jf_error_t err = JF_ERROR_INIT;
        ok(jf_query_parse(a, big, NULL, &q, &err) != 0 &&
           err.status == JFX_BAD_QUERY &&
           strcmp(jf_error_message(&err),
                  "the query has more than 1000 words; shorten it") == 0,
           "one word more is refused, saying why");
        jf_query_free(&q);
        jf_error_clear(&err);
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
