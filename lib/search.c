/* search.c - the one code path from a query to ranked, snippeted passages.
 *
 * Xapian ranks passage documents by BM25; this module turns its results
 * into what a reader sees: the passage, its article's path and headline
 * (from the article record stored once per article), and the snippet.
 */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

/* How often a search is retried when an index update commits under it. */
enum { MODIFIED_RETRIES = 5 };

static char *message_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *message_printf(const char *fmt, ...)
{
    jf_buf_t b = JF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    jf_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return jf_buf_release(&b);
}

int jf_index_open(const char *path, jfx_db_t **db, char **error)
{
    char *msg = NULL;
    jfx_status_t st = jfx_db_open(path, db, &msg);
    if (st == JFX_NOT_FOUND) {
        *error = message_printf(
            "%s: no index there; build one with: jfindex --index %s [CORPUS_DIR]",
            path, path);
        free(msg);
        return -1;
    }
    if (st != JFX_OK) {
        *error = msg ? msg : jf_strdup(jfx_status_to_string(st));
        return -1;
    }
    free(msg);

    char *version = NULL;
    st = jfx_db_get_metadata(*db, JF_METADATA_VERSION, &version, NULL);
    if (st != JFX_OK) {
        *error = jf_strdup(jfx_db_last_error(*db));
    } else if (strcmp(version, JF_SCHEMA_VERSION) != 0) {
        *error = *version
            ? message_printf("%s: index layout %s is not the one this jfsearch "
                             "reads (%s); rebuild it with: jfindex --rebuild "
                             "--index %s", path, version, JF_SCHEMA_VERSION, path)
            : message_printf("%s: not a jfsearch index; build one with: "
                             "jfindex --index %s [CORPUS_DIR]", path, path);
    }
    free(version);
    if (*error) {
        jfx_db_close(*db);
        *db = NULL;
        return -1;
    }
    return 0;
}

void jf_search_options_init(jf_search_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->k1 = JF_DEFAULT_K1;
    o->b = JF_DEFAULT_B;
    o->limit = 10;
    o->snippet_bytes = JF_DEFAULT_SNIPPET_BYTES;
    o->op = JF_DEFAULT_AND;
}

/* The article record for ID, read once per article in a result page. */
static int load_article(jfx_db_t *db, const char *id,
                        jf_article_record_t *rec)
{
    char key[JF_ID_TERM_MAX];
    snprintf(key, sizeof key, "%s%s", JF_METADATA_ARTICLE, id);
    char *data = NULL;
    size_t len = 0;
    if (jfx_db_get_metadata(db, key, &data, &len) != JFX_OK)
        return -1;
    int rc = len ? jf_article_record_decode(data, len, rec) : -1;
    free(data);
    return rc;
}

static int fill_hit(jfx_db_t *db, jf_analyzer_t *a, const jfx_results_t *r,
                    size_t i, const jf_query_t *q,
                    const jf_search_options_t *o, jf_hit_t *hit)
{
    size_t len = 0;
    const char *data = jfx_results_data(r, i, &len);
    jf_passage_t passage;
    if (!data || jf_passage_decode(data, len, &passage) != 0)
        return -1;

    hit->rank = o->offset + (unsigned)i + 1;
    hit->score = jfx_results_weight(r, i);
    memcpy(hit->article_id, passage.article_id, sizeof hit->article_id);
    hit->passage = passage.passage;
    hit->text = jf_strndup(passage.text, passage.text_len);
    hit->text_len = passage.text_len;
    hit->doc_length = jfx_results_doc_length(r, i);

    jf_article_record_t rec = { 0 };
    if (load_article(db, passage.article_id, &rec) == 0) {
        hit->path = rec.path;
        hit->title = rec.title;
        rec.path = rec.title = NULL;
    } else {
        hit->path = jf_strdup("");
        hit->title = jf_strdup("");
    }
    jf_article_record_free(&rec);

    jf_snippet_make(a, hit->text, hit->text_len, &q->highlight,
                    o->snippet_bytes, &hit->snippet);
    return 0;
}

static void free_hits(jf_results_t *res)
{
    for (size_t i = 0; i < res->n; i++) {
        jf_hit_t *h = &res->hits[i];
        free(h->path);
        free(h->title);
        free(h->text);
        jf_snippet_free(&h->snippet);
    }
    free(res->hits);
    res->hits = NULL;
    res->n = 0;
}

/* One Xapian search, retried after reopening when the index moves on. */
static jfx_status_t search_once(jfx_db_t *db, jf_analyzer_t *a,
                                const jf_query_t *q,
                                const jf_search_options_t *o,
                                jf_results_t *res)
{
    jfx_search_params_t params;
    jfx_search_params_init(&params);
    params.k1 = o->k1;
    params.b = o->b;
    params.offset = o->offset;
    params.limit = o->limit;
    /* An exact total for any page a reader is likely to see. */
    params.check_at_least = o->offset + o->limit + 100;
    if (o->per_article) {
        params.collapse_slot = JF_SLOT_ARTICLE;
        params.collapse_max = 1;
    }

    jfx_status_t st = JFX_MODIFIED;
    for (int attempt = 0; st == JFX_MODIFIED && attempt < MODIFIED_RETRIES;
         attempt++) {
        if (attempt > 0 && (st = jfx_db_reopen(db)) != JFX_OK)
            break;
        jfx_results_t *r = NULL;
        st = jfx_search(db, q->query, &params, &r);
        if (st != JFX_OK)
            continue;
        free_hits(res);
        size_t n = jfx_results_count(r);
        res->hits = jf_calloc(n ? n : 1, sizeof *res->hits);
        res->total = jfx_results_total(r);
        for (size_t i = 0; i < n; i++)
            if (fill_hit(db, a, r, i, q, o, &res->hits[res->n]) == 0)
                res->n++;
        jfx_results_destroy(r);
    }
    return st;
}

int jf_search_run(jfx_db_t *db, jf_analyzer_t *a, const char *query_text,
                  const jf_search_options_t *options, jf_query_t *q,
                  jf_results_t *results, char **error)
{
    memset(results, 0, sizeof *results);
    if (jf_query_parse(a, query_text, options->op, q) != 0) {
        *error = jf_strdup(q->error);
        return -1;
    }
    jfx_status_t st = search_once(db, a, q, options, results);
    if (st == JFX_OK && results->total == 0 && q->clauses > 1 &&
        options->op == JF_DEFAULT_AND) {
        jf_search_options_t relaxed = *options;
        relaxed.op = JF_DEFAULT_OR;
        jf_query_free(q);
        if (jf_query_parse(a, query_text, JF_DEFAULT_OR, q) != 0) {
            *error = jf_strdup(q->error);
            return -1;
        }
        st = search_once(db, a, q, &relaxed, results);
        results->relaxed = true;
    }
    if (st != JFX_OK) {
        *error = message_printf("search failed: %s", jfx_db_last_error(db));
        jf_results_free(results);
        return -1;
    }
    return 0;
}

void jf_results_free(jf_results_t *r)
{
    if (!r)
        return;
    free_hits(r);
    memset(r, 0, sizeof *r);
}
