/* document.c - passages into Xapian documents, articles into records
 * (see document.h and the layout in schema.h).
 *
 * A passage's terms come from one pass of jf_analyze over its text: each
 * token is a posting at its position and, when it is a spelling word,
 * is handed to the caller, who owns the dictionary because a run sums
 * the changes of many articles before writing them.  The article's
 * filter terms are analysed once per article, not once per passage.
 */
#include "document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

bool jf_is_spelling_word(const jf_token_t *token)
{
    if (token->flags & (JF_TOKEN_STOP | JF_TOKEN_JOINED))
        return false;
    size_t n = 0;
    for (const unsigned char *w = (const unsigned char *)token->word; *w;
         w++, n++)
        if (!((*w >= 'a' && *w <= 'z') || *w >= 0x80))
            return false;
    return n >= 3;
}

typedef struct {
    jf_spelling_fn fn;
    void *ctx;
} spelling_ctx_t;

static int pass_spelling_word(const jf_token_t *token, void *ctx)
{
    spelling_ctx_t *s = ctx;
    if (jf_is_spelling_word(token))
        s->fn(token->word, s->ctx);
    return 0;
}

void jf_spelling_words(jf_analyzer_t *a, const char *text, size_t len,
                       jf_spelling_fn fn, void *ctx)
{
    spelling_ctx_t s = { fn, ctx };
    jf_analyze(a, text, len, 1, pass_spelling_word, &s);
}

typedef struct {
    jf_buf_t *out;
    const char *prefix;
} filter_ctx_t;

static int add_filter_term(const jf_token_t *token, void *ctx)
{
    filter_ctx_t *f = ctx;
    jf_buf_puts(f->out, f->prefix);
    jf_buf_append(f->out, token->term, strlen(token->term) + 1);
    return 0;
}

void jf_document_filters(jf_analyzer_t *a, const char *title,
                         const char *source, jf_buf_t *out)
{
    filter_ctx_t t = { out, JF_PREFIX_TITLE }, s = { out, JF_PREFIX_SOURCE };

    jf_buf_reset(out);
    if (title)
        jf_analyze(a, title, strlen(title), 1, add_filter_term, &t);
    if (source)
        jf_analyze(a, source, strlen(source), 1, add_filter_term, &s);
}

typedef struct {
    jfx_doc_t *doc;
    jfx_status_t status;
    jf_spelling_fn spell;
    void *ctx;
} posting_ctx_t;

static int add_posting(const jf_token_t *token, void *ctx)
{
    posting_ctx_t *p = ctx;
    p->status = jfx_doc_add_posting(p->doc, token->term, token->pos, 1);
    if (p->spell && jf_is_spelling_word(token))
        p->spell(token->word, p->ctx);
    return p->status != JFX_OK;
}

/* Xapian refused a term or value of passage P: it is out of memory. */
static int document_failed(const jf_passage_doc_t *p, jfx_status_t status,
                           jf_error_t *err)
{
    return jf_fail(err, status, "article %s, passage %u: cannot make its "
                   "document: %s", p->article_id, p->number,
                   jfx_status_to_string(status));
}

/* Everything but the postings: filter, date, id terms, data, values. */
static int add_fields(jfx_doc_t *doc, const jf_passage_doc_t *p,
                      const char *unique, jf_error_t *err)
{
    char article[JF_ID_TERM_MAX];
    jf_buf_t data = JF_BUF_INIT;
    jfx_status_t status = JFX_OK;
    const jf_buf_t *filters = p->filters;

    if (jf_failed(err))
        return -1;
    for (size_t at = 0; status == JFX_OK && filters && at < filters->len;
         at += strlen(filters->data + at) + 1)
        status = jfx_doc_add_boolean_term(doc, filters->data + at);
    if (status == JFX_OK && p->date) {
        const char *d = p->date; /* YYYY-MM-DD as "YYYYMMDD" */
        char value[8] = { d[0], d[1], d[2], d[3], d[5], d[6], d[8], d[9] };
        status = jfx_doc_set_value(doc, JF_SLOT_DATE, value, sizeof value);
    }
    jf_article_term(article, p->article_id);
    jf_passage_encode(&data, p->article_id, p->number, p->text, p->len);
    if (status == JFX_OK)
        status = jfx_doc_add_boolean_term(doc, unique);
    if (status == JFX_OK)
        status = jfx_doc_add_boolean_term(doc, article);
    if (status == JFX_OK)
        status = jfx_doc_set_data(doc, data.data, data.len);
    if (status == JFX_OK)
        status = jfx_doc_set_value(doc, JF_SLOT_ARTICLE, p->article_id,
                                   JF_ARTICLE_ID_LEN);
    jf_buf_free(&data);
    return status == JFX_OK ? 0 : document_failed(p, status, err);
}

int jf_document_write(jfx_writer_t *w, jf_analyzer_t *a,
                      const jf_passage_doc_t *p, jf_spelling_fn spell,
                      void *ctx, jf_error_t *err)
{
    char unique[JF_ID_TERM_MAX];
    posting_ctx_t post = { NULL, JFX_OK, spell, ctx };

    if (jf_failed(err))
        return -1;
    if (!(post.doc = jfx_doc_new()))
        jf_oom();
    jf_unique_term(unique, p->article_id, p->number);
    jf_analyze(a, p->text, p->len, 1, add_posting, &post);
    if (post.status != JFX_OK)
        document_failed(p, post.status, err);
    if (add_fields(post.doc, p, unique, err) == 0) {
        jfx_status_t status = jfx_writer_replace(w, unique, post.doc);
        if (status != JFX_OK)
            jf_fail(err, status, "%s", jfx_writer_last_error(w));
    }
    jfx_doc_destroy(post.doc);
    return jf_failed(err) ? -1 : 0;
}

int jf_document_delete(jfx_writer_t *w, const char *article_id,
                       jf_error_t *err)
{
    char term[JF_ID_TERM_MAX];
    jfx_status_t status;

    if (jf_failed(err))
        return -1;
    jf_article_term(term, article_id);
    if ((status = jfx_writer_delete(w, term)) != JFX_OK)
        return jf_fail(err, status, "%s", jfx_writer_last_error(w));
    return 0;
}

int jf_document_read(jfx_db_t *db, const char *article_id, unsigned limit,
                     jf_passage_fn fn, void *ctx, jf_error_t *err)
{
    char term[JF_ID_TERM_MAX];
    jfx_search_params_t params;
    jfx_results_t *results;

    if (jf_failed(err))
        return -1;
    jf_article_term(term, article_id);
    jfx_query_t *q = jfx_query_term(term, 1, 0);
    if (!q)
        jf_oom();
    jfx_search_params_init(&params);
    params.limit = limit;
    jfx_status_t status = jfx_search(db, q, &params, &results);
    jfx_query_destroy(q);
    if (status != JFX_OK)
        return jf_fail(err, status, "%s", jfx_db_last_error(db));
    for (size_t i = 0; i < jfx_results_count(results); i++) {
        size_t len;
        const char *data = jfx_results_data(results, i, &len);
        jf_passage_t passage;
        if (jf_passage_decode(data, len, &passage) == 0)
            fn(&passage, ctx);
    }
    jfx_results_destroy(results);
    return 0;
}

void jf_record_key(char out[JF_ID_TERM_MAX], const char *article_id)
{
    snprintf(out, JF_ID_TERM_MAX, JF_METADATA_ARTICLE "%s", article_id);
}

int jf_record_write(jfx_writer_t *w, const char *article_id,
                    const jf_article_record_t *rec, jf_error_t *err)
{
    char key[JF_ID_TERM_MAX];
    jf_buf_t data = JF_BUF_INIT;

    if (jf_failed(err))
        return -1;
    jf_record_key(key, article_id);
    jf_article_record_encode(&data, rec);
    jfx_status_t status = jfx_writer_set_metadata(w, key, data.data,
                                                  data.len);
    jf_buf_free(&data);
    if (status != JFX_OK)
        return jf_fail(err, status, "%s", jfx_writer_last_error(w));
    return 0;
}

int jf_record_delete(jfx_writer_t *w, const char *article_id,
                     jf_error_t *err)
{
    char key[JF_ID_TERM_MAX];

    if (jf_failed(err))
        return -1;
    jf_record_key(key, article_id);
    jfx_status_t status = jfx_writer_set_metadata(w, key, "", 0);
    if (status != JFX_OK)
        return jf_fail(err, status, "%s", jfx_writer_last_error(w));
    return 0;
}
