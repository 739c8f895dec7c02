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
#include "date.h"
#include "vec.h"

bool jf_exact_term(const jf_token_t *token, char out[JF_EXACT_TERM_MAX])
{
    /* An acronym kept in capitals (US) is its own exact form. */
    if ((token->flags & JF_TOKEN_JOINED) ||
        strcmp(token->word, token->term) == 0 ||
        strpbrk(token->term, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        return false;
    snprintf(out, JF_EXACT_TERM_MAX, JF_PREFIX_EXACT "%s", token->word);
    return true;
}

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

/* The filter terms of an article whose headline is TITLE, source SOURCE
 * and byline BYLINE (any may be NULL): "XT<term>" for each term of the
 * headline, "XS<term>" for each of the source and "XB<term>" for each of
 * the byline, NUL-separated, into OUT (reset first).  Made once per
 * article and given to each of its documents. */
static void article_filters(jf_analyzer_t *a, const char *title,
                            const char *source, const char *byline,
                            jf_buf_t *out)
{
    filter_ctx_t t = { out, JF_PREFIX_TITLE }, s = { out, JF_PREFIX_SOURCE };
    filter_ctx_t b = { out, JF_PREFIX_BYLINE };

    jf_buf_reset(out);
    if (title)
        jf_analyze(a, title, strlen(title), 1, add_filter_term, &t);
    if (source)
        jf_analyze(a, source, strlen(source), 1, add_filter_term, &s);
    if (byline)
        jf_analyze(a, byline, strlen(byline), 1, add_filter_term, &b);
}

/* The terms of an article's passages, gathered while they are written,
 * for its article document. */
typedef struct {
    jf_buf_t terms;            /* one NUL-terminated term a posting */
    JF_VEC(size_t) at;         /* where each starts */
} article_terms_t;

/* One passage of an article being written. */
typedef struct {
    const char *article_id;
    unsigned number;           /* 0 is the headline */
    const char *text;
    size_t len;
    const char *header;        /* passage 0: the article's searchable
                                  metadata; else NULL */
    const jf_buf_t *filters;   /* article_filters of its article */
    const char *date;          /* YYYY-MM-DD, or NULL */
    article_terms_t *article;  /* gathers its terms */
} passage_doc_t;

typedef struct {
    jfx_doc_t *doc;
    jfx_status_t status;
    jf_spelling_fn spell;
    void *ctx;
    article_terms_t *article;
    const char *text;          /* being analysed, for the dates in it */
    size_t len;
} posting_ctx_t;

/* TERM counted once more for the article document. */
static void gather(article_terms_t *article, const char *term)
{
    JF_VEC_PUSH(&article->at, article->terms.len);
    jf_buf_append(&article->terms, term, strlen(term) + 1);
}

/* TERM at POS, for the passage and its article document. */
static void post(posting_ctx_t *p, const char *term, unsigned pos)
{
    if (p->status == JFX_OK)
        p->status = jfx_doc_add_posting(p->doc, term, pos, 1);
    if (p->article)
        gather(p->article, term);
}

size_t jf_date_term(const char *text, size_t len, char out[JF_DATE_TERM_MAX])
{
    char iso[11];
    size_t used = jf_parse_date(text, len, iso);
    if (used > 0)
        snprintf(out, JF_DATE_TERM_MAX, JF_PREFIX_DATE "%.4s%.2s%.2s", iso,
                 iso + 5, iso + 8);
    return used;
}

bool jf_is_date_term(const char *term)
{
    if (strncmp(term, JF_PREFIX_DATE, strlen(JF_PREFIX_DATE)) != 0)
        return false;
    term += strlen(JF_PREFIX_DATE);
    size_t n = 0;
    while (term[n] >= '0' && term[n] <= '9')
        n++;
    return n == 8 && term[n] == '\0';
}

static int add_posting(const jf_token_t *token, void *ctx)
{
    posting_ctx_t *p = ctx;
    char exact[JF_EXACT_TERM_MAX], date[JF_DATE_TERM_MAX];
    bool has_exact = jf_exact_term(token, exact);

    p->status = jfx_doc_add_posting(p->doc, token->term, token->pos, 1);
    if (p->status == JFX_OK && has_exact)
        p->status = jfx_doc_add_term(p->doc, exact, 1);
    /* A date written any way a reader writes one is also its date term,
     * where it starts. */
    if (!(token->flags & JF_TOKEN_JOINED) &&
        jf_date_term(p->text + token->start, p->len - token->start, date))
        post(p, date, token->pos);
    if (p->spell && jf_is_spelling_word(token))
        p->spell(token->word, p->ctx);
    if (p->article) {
        gather(p->article, token->term);
        if (has_exact)
            gather(p->article, exact);
    }
    return p->status != JFX_OK;
}

/* Xapian refused a term or value of a document of ARTICLE_ID: it is out of
 * memory. */
static int document_failed(const char *article_id, int passage,
                           jfx_status_t status, jf_error_t *err)
{
    if (passage < 0)
        return jf_fail(err, status, "article %s: cannot make its article "
                       "document: %s", article_id,
                       jfx_status_to_string(status));
    return jf_fail(err, status, "article %s, passage %d: cannot make its "
                   "document: %s", article_id, passage,
                   jfx_status_to_string(status));
}

/* What a passage and its article document share: the article's filter
 * terms, its date and its id, as a term and a value. */
static jfx_status_t add_article_fields(jfx_doc_t *doc, const char *article_id,
                                       const jf_buf_t *filters,
                                       const char *date)
{
    char article[JF_ID_TERM_MAX];
    jfx_status_t status = JFX_OK;

    for (size_t at = 0; status == JFX_OK && filters && at < filters->len;
         at += strlen(filters->data + at) + 1)
        status = jfx_doc_add_boolean_term(doc, filters->data + at);
    if (status == JFX_OK && date) {
        const char *d = date; /* YYYY-MM-DD as "YYYYMMDD" */
        char value[8] = { d[0], d[1], d[2], d[3], d[5], d[6], d[8], d[9] };
        status = jfx_doc_set_value(doc, JF_SLOT_DATE, value, sizeof value);
    }
    jf_article_term(article, article_id);
    if (status == JFX_OK)
        status = jfx_doc_add_boolean_term(doc, article);
    if (status == JFX_OK)
        status = jfx_doc_set_value(doc, JF_SLOT_ARTICLE, article_id,
                                   JF_ARTICLE_ID_LEN);
    return status;
}

/* Everything of passage P but its postings. */
static int add_fields(jfx_doc_t *doc, const passage_doc_t *p,
                      const char *unique, jf_error_t *err)
{
    jf_buf_t data = JF_BUF_INIT;

    if (jf_failed(err))
        return -1;
    jfx_status_t status = add_article_fields(doc, p->article_id, p->filters,
                                             p->date);
    jf_passage_encode(&data, p->article_id, p->number, p->text, p->len);
    if (status == JFX_OK)
        status = jfx_doc_add_boolean_term(doc, unique);
    if (status == JFX_OK)
        status = jfx_doc_set_data(doc, data.data, data.len);
    jf_buf_free(&data);
    return status == JFX_OK
               ? 0 : document_failed(p->article_id, (int)p->number, status, err);
}

/* Writes passage P with W, replacing an earlier version of it. */
static int write_passage(jfx_writer_t *w, jf_analyzer_t *a,
                         const passage_doc_t *p, jf_spelling_fn spell,
                         void *ctx, jf_error_t *err)
{
    char unique[JF_ID_TERM_MAX], date[JF_DATE_TERM_MAX];
    posting_ctx_t pc = { NULL, JFX_OK, spell, ctx, p->article, p->text,
                         p->len };

    if (jf_failed(err))
        return -1;
    if (!(pc.doc = jfx_doc_new()))
        jf_oom();
    jf_unique_term(unique, p->article_id, p->number);
    unsigned next = jf_analyze(a, p->text, p->len, 1, add_posting, &pc);
    if (p->header) {
        /* The header after the headline, far enough that no phrase spans
         * the two; the article's date is in it as a date term. */
        pc.text = p->header;
        pc.len = strlen(p->header);
        /* The spelling dictionary follows the stored passages, whose
         * words a changed article takes out again. */
        pc.spell = NULL;
        next = jf_analyze(a, p->header, pc.len, next + JF_HEADER_GAP,
                          add_posting, &pc);
        if (p->date && jf_date_term(p->date, strlen(p->date), date))
            post(&pc, date, next);
    }
    if (pc.status != JFX_OK)
        document_failed(p->article_id, (int)p->number, pc.status, err);
    if (add_fields(pc.doc, p, unique, err) == 0) {
        jfx_status_t status = jfx_writer_replace(w, unique, pc.doc);
        if (status != JFX_OK)
            jf_fail(err, status, "%s", jfx_writer_last_error(w));
    }
    jfx_doc_destroy(pc.doc);
    return jf_failed(err) ? -1 : 0;
}

static int compare_terms(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Each distinct term of T, with how often it was posted, as "W<term>". */
static jfx_status_t add_article_terms(jfx_doc_t *doc, const article_terms_t *t)
{
    char term[sizeof JF_PREFIX_ARTICLE_TEXT + JF_EXACT_TERM_MAX];
    jfx_status_t status = JFX_OK;
    const char **terms = jf_malloc((t->at.n ? t->at.n : 1) * sizeof *terms);

    for (size_t i = 0; i < t->at.n; i++)
        terms[i] = t->terms.data + t->at.items[i];
    qsort(terms, t->at.n, sizeof *terms, compare_terms);
    for (size_t i = 0; i < t->at.n && status == JFX_OK;) {
        size_t j = i + 1;
        while (j < t->at.n && strcmp(terms[j], terms[i]) == 0)
            j++;
        snprintf(term, sizeof term, JF_PREFIX_ARTICLE_TEXT "%s", terms[i]);
        status = jfx_doc_add_term(doc, term, (unsigned)(j - i));
        i = j;
    }
    free(terms);
    return status;
}

/* Writes the article document of ARTICLE_ID from the TERMS its passages
 * gathered, with its FILTERS and DATE, replacing an earlier one. */
static int write_article_doc(jfx_writer_t *w, const char *article_id,
                             article_terms_t *terms, const jf_buf_t *filters,
                             const char *date, jf_error_t *err)
{
    char unique[JF_ID_TERM_MAX];
    jfx_doc_t *doc;

    if (jf_failed(err))
        return -1;
    if (!(doc = jfx_doc_new()))
        jf_oom();
    jf_article_doc_term(unique, article_id);
    jfx_status_t status = add_article_terms(doc, terms);
    if (status == JFX_OK)
        status = add_article_fields(doc, article_id, filters, date);
    if (status == JFX_OK)
        status = jfx_doc_add_boolean_term(doc, unique);
    if (status == JFX_OK)
        status = jfx_doc_add_boolean_term(doc, JF_TERM_ARTICLE_DOC);
    if (status != JFX_OK)
        document_failed(article_id, -1, status, err);
    else if ((status = jfx_writer_replace(w, unique, doc)) != JFX_OK)
        jf_fail(err, status, "%s", jfx_writer_last_error(w));
    jfx_doc_destroy(doc);
    return jf_failed(err) ? -1 : 0;
}

int jf_document_write_article(jfx_writer_t *w, jfx_writer_t *articles,
                              jf_analyzer_t *a,
                              const jf_article_docs_t *art,
                              jf_spelling_fn spell, void *ctx,
                              jf_error_t *err)
{
    jf_buf_t filters = JF_BUF_INIT;
    article_terms_t terms = { JF_BUF_INIT, { NULL, 0, 0 } };

    article_filters(a, art->title, art->source, art->byline, &filters);
    for (size_t i = 0; i < art->count && !jf_failed(err); i++) {
        passage_doc_t p = { art->id, (unsigned)i, art->passages[i].text,
                            art->passages[i].len, i == 0 ? art->header : NULL,
                            &filters, art->date, &terms };
        write_passage(w, a, &p, spell, ctx, err);
    }
    write_article_doc(articles ? articles : w, art->id, &terms, &filters,
                      art->date, err);
    jf_buf_free(&filters);
    jf_buf_free(&terms.terms);
    JF_VEC_FREE(&terms.at);
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
    jfx_query_t *passages = jfx_query_term(term, 1, 0);
    jfx_query_t *kind = jfx_query_term(JF_TERM_ARTICLE_DOC, 1, 0);
    const jfx_query_t *pair[2] = { passages, kind };
    jfx_query_t *q = passages && kind
                         ? jfx_query_combine(JFX_OP_AND_NOT, pair, 2, 0)
                         : NULL;
    jfx_query_destroy(passages);
    jfx_query_destroy(kind);
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
