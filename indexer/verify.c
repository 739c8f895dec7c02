/* verify.c - jfindex --verify (see verify.h).
 *
 * The structure is Xapian's to judge (jfx_db_check); the content is
 * jfsearch's: the records and passages are read through the same
 * decoders the searcher uses, so an index that verifies is one jfsearch
 * can show in full.  Passages are fetched article by article, through the
 * article's own term, so each is checked against the record that counts
 * it, and memory stays that of one article at a time.
 *
 * Stored text can be garbled and still decode (a flipped bit turns one
 * letter into another), and Xapian's checker does not read it.  But every
 * word of a passage was indexed from that text, so the text is analysed
 * again and checked against the document's own terms: no more words than
 * its length (which also counts exact forms, dates and, for a headline,
 * the article's header), and each word (up to WORDS_CHECKED of them,
 * spread over a long passage) among its terms.
 */
#include "verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "buf.h"
#include "jfx.h"
#include "lexicon.h"
#include "records.h"
#include "schema.h"
#include "shards.h"
#include "stub.h"
#include "text.h"
#include "vec.h"

/* At most this many words of a passage are looked up among its terms. */
enum { WORDS_CHECKED = 256 };

typedef struct {
    jf_verify_fn fn;
    void *ctx;
    jf_verify_tally_t *tally;
    jf_analyzer_t *analyzer;
} verifier_t;

static void problem(verifier_t *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(verifier_t *v, const char *fmt, ...)
{
    jf_buf_t b = JF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    jf_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    v->tally->problems++;
    v->fn(b.data, v->ctx);
    jf_buf_free(&b);
}

/* Xapian's checker over the database PATH: false when there is none. */
static bool check_database(verifier_t *v, const char *path)
{
    char *report = NULL;
    jfx_status_t st = jfx_db_check(path, &report);
    if (st == JFX_NOT_FOUND) {
        free(report);
        return false;
    }
    v->tally->databases++;
    if (st != JFX_OK) {
        /* Xapian's report runs to several lines: the first says it. */
        char *nl = report ? strchr(report, '\n') : NULL;
        if (nl)
            *nl = '\0';
        problem(v, "%s: damaged: %s", path,
                report ? report : jfx_status_to_string(st));
    }
    free(report);
    return true;
}

/* Every database of INDEX through Xapian's checker.  Fails when INDEX
 * holds none. */
static int check_structure(verifier_t *v, const char *index, jf_error_t *err)
{
    unsigned n = 0;
    if (jf_shards_count(index, &n, err) != 0)
        return -1;
    if (n == 0) {
        if (!check_database(v, index))
            return jf_fail(err, JFX_NOT_FOUND, "%s: no index there", index);
        return 0;
    }
    for (unsigned k = 0; k < n; k++) {
        char *shard = jf_shard_path(index, k);
        if (!check_database(v, shard))
            problem(v, "%s: missing (the stub lists it)", shard);
        free(shard);
    }
    char *lexicon = jf_lexicon_path(index);
    struct stat st;
    if (stat(lexicon, &st) == 0)
        check_database(v, lexicon);
    free(lexicon);
    return 0;
}

typedef struct {
    char id[JF_ARTICLE_ID_LEN + 1];
    jf_article_record_t rec;
    bool valid;
} article_t;

typedef JF_VEC(article_t) articles_t;

static int gather_record(const char *key, const char *value, size_t len,
                         void *ctx)
{
    articles_t *a = ctx;
    uint64_t id;
    if (!jf_record_parse_id(key + strlen(JF_METADATA_ARTICLE), &id))
        return 0; /* not an article record */
    article_t *art = JF_VEC_GROW(a);
    jf_record_id_string(id, art->id);
    art->valid = jf_article_record_decode(value, len, &art->rec) == 0 &&
                 art->rec.path && *art->rec.path && art->rec.passages > 0 &&
                 jf_utf8_valid(art->rec.path, strlen(art->rec.path)) &&
                 (!art->rec.title ||
                  jf_utf8_valid(art->rec.title, strlen(art->rec.title)));
    return 0;
}

typedef struct {
    const jfx_results_t *r;
    size_t i;
    uint64_t words, step;
    bool missing;            /* a word that is not among the terms */
} words_t;

static int check_word(const jf_token_t *t, void *ctx)
{
    words_t *w = ctx;
    if (w->words++ % w->step == 0 && jfx_results_term_wdf(w->r, w->i,
                                                          t->term) == 0)
        w->missing = true;
    return 0;
}

static int count_word(const jf_token_t *t, void *ctx)
{
    (void)t;
    ++*(uint64_t *)ctx;
    return 0;
}

/* Whether the text of passage P, result I of R, is what its terms were
 * indexed from. */
static bool text_matches_terms(verifier_t *v, const jfx_results_t *r,
                               size_t i, const jf_passage_t *p)
{
    uint64_t n = 0;
    jf_analyze(v->analyzer, p->text, p->text_len, 1, count_word, &n);
    if (n > jfx_results_doc_length(r, i))
        return false;
    words_t w = { r, i, 0, n > WORDS_CHECKED ? n / WORDS_CHECKED : 1,
                  false };
    jf_analyze(v->analyzer, p->text, p->text_len, 1, check_word, &w);
    return !w.missing;
}

/* Checks the passages of article A, as the record counts them, in DB. */
static void check_article(verifier_t *v, jfx_db_t *db, const article_t *a)
{
    char term[JF_ID_TERM_MAX];
    jfx_search_params_t params;
    jfx_results_t *r = NULL;
    const char *path = a->rec.path;

    /* Its passages: the documents with its term, less its article
     * document. */
    jf_article_term(term, a->id);
    jfx_query_t *pair[2] = { jfx_query_term(term, 1, 0),
                             jfx_query_term(JF_TERM_ARTICLE_DOC, 1, 0) };
    jfx_query_t *q = pair[0] && pair[1]
        ? jfx_query_combine(JFX_OP_AND_NOT, (const jfx_query_t **)pair, 2, 0)
        : NULL;
    jfx_query_destroy(pair[0]);
    jfx_query_destroy(pair[1]);
    if (!q)
        jf_oom();
    jfx_search_params_init(&params);
    params.limit = a->rec.passages + 1; /* one more shows an extra */
    jfx_status_t st = jfx_search(db, q, &params, &r);
    jfx_query_destroy(q);
    if (st != JFX_OK) {
        problem(v, "article %s (%s): cannot read its passages: %s", a->id,
                path, jfx_db_last_error(db));
        return;
    }
    size_t n = jfx_results_count(r);
    unsigned char *seen = jf_calloc(a->rec.passages + 1, 1);
    v->tally->passages += n;
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const char *data = jfx_results_data(r, i, &len);
        jf_passage_t p;
        if (!data || jf_passage_decode(data, len, &p) != 0 ||
            strcmp(p.article_id, a->id) != 0 || p.passage >= a->rec.passages ||
            seen[p.passage]++ || !jf_utf8_valid(p.text, p.text_len))
            problem(v, "article %s (%s): document %u does not decode as "
                    "one of its passages", a->id, path,
                    jfx_results_docid(r, i));
        else if (!text_matches_terms(v, r, i, &p))
            problem(v, "article %s (%s): passage %u: its stored text is not "
                    "what its words were indexed from", a->id, path,
                    p.passage);
    }
    if (n != a->rec.passages)
        problem(v, "article %s (%s): %zu passages indexed, its record "
                "says %u", a->id, path, n, a->rec.passages);
    free(seen);
    jfx_results_destroy(r);
}

/* Every article record of INDEX and its passages. */
static int check_content(verifier_t *v, const char *index, jf_error_t *err)
{
    jfx_db_t *db = NULL;
    articles_t articles = { NULL, 0, 0 };
    uint64_t docs = 0, counted = 0;
    jf_error_t opening = JF_ERROR_INIT;

    if (jf_stub_open_local(index, &db, &opening) != 0) {
        problem(v, "%s: cannot be opened: %s", index,
                jf_error_message(&opening));
        jf_error_clear(&opening);
        return 0;
    }
    jfx_status_t st = jfx_db_each_metadata(db, JF_METADATA_ARTICLE, gather_record,
                              &articles);
    if (st == JFX_OK)
        st = jfx_db_doc_count(db, &docs);
    if (st != JFX_OK)
        problem(v, "%s: cannot be read: %s", index, jfx_db_last_error(db));
    for (size_t i = 0; i < articles.n && st == JFX_OK; i++) {
        article_t *a = &articles.items[i];
        v->tally->articles++;
        if (!a->valid) {
            problem(v, "article %s: its record does not decode", a->id);
            continue;
        }
        counted += a->rec.passages + 1; /* and its article document */
        check_article(v, db, a);
    }
    if (st == JFX_OK && docs != counted)
        problem(v, "%s: %llu documents, but the article records count %llu "
                "(passages and article documents)", index, (unsigned long long)docs,
                (unsigned long long)counted);
    for (size_t i = 0; i < articles.n; i++)
        jf_article_record_free(&articles.items[i].rec);
    JF_VEC_FREE(&articles);
    jfx_db_close(db);
    return jf_failed(err) ? -1 : 0;
}

int jf_verify(const char *index, jf_verify_fn fn, void *ctx,
              jf_verify_tally_t *tally, jf_error_t *err)
{
    verifier_t v = { fn, ctx, tally, jf_analyzer_new() };
    memset(tally, 0, sizeof *tally);
    if (!v.analyzer)
        return jf_fail(err, JFX_INTERNAL, "libstemmer has no English "
                       "stemmer");
    if (check_structure(&v, index, err) == 0)
        check_content(&v, index, err);
    jf_analyzer_free(v.analyzer);
    return jf_failed(err) ? -1 : 0;
}
