/* serve_article.c - one article: its record and every passage, read from
 * the index, with the matches of the query q marked.
 *
 * An article is named by its id (schema.h), never by a path: the page
 * reads the article record (jf_article_load) and the passages the index
 * holds under the article's term (jf_document_read), so it shows exactly
 * what was indexed, whatever happened to the file since.  Matches are
 * marked as a search marks them: the query's tree gives the patterns
 * (jf_query_highlight) and the snippet maker marks them in each whole
 * passage, so what is marked is what matched.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "document.h"
#include "html.h"
#include "query.h"
#include "serve.h"
#include "serve_index.h"
#include "snippet.h"
#include "vec.h"

/* The most passages an article page shows (jfindex makes far fewer). */
enum { PASSAGES_MAX = 10000 };

typedef struct {
    unsigned number;
    char *text;
    size_t len;
} passage_t;

typedef JF_VEC(passage_t) passages_t;

static void keep_passage(const jf_passage_t *p, void *ctx)
{
    passages_t *list = ctx;
    JF_VEC_PUSH(list, ((passage_t){ p->passage,
                                    jf_strndup(p->text, p->text_len),
                                    p->text_len }));
}

static int by_number(const void *x, const void *y)
{
    unsigned a = ((const passage_t *)x)->number;
    unsigned b = ((const passage_t *)y)->number;
    return a < b ? -1 : a > b;
}

/* One line of the record: <dt>NAME</dt><dd>VALUE</dd>, when known. */
static void put_field(jf_buf_t *b, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    jf_buf_printf(b, "<dt>%s</dt><dd>", name);
    jf_html_puts(b, value);
    jf_buf_puts(b, "</dd>\n");
}

static void put_record(jf_buf_t *b, const char *id,
                       const jf_article_record_t *rec, size_t passages)
{
    jf_buf_puts(b, "<dl class=\"record\">\n");
    put_field(b, "Source", rec->source);
    put_field(b, "Date", rec->date);
    put_field(b, "Byline", rec->byline);
    put_field(b, "Dateline", rec->dateline);
    put_field(b, "File", rec->path);
    put_field(b, "Article id", id);
    jf_buf_printf(b, "<dt>Passages</dt><dd>%zu (the headline and %zu "
                     "paragraph%s)</dd>\n</dl>\n", passages,
                  passages ? passages - 1 : 0, passages == 2 ? "" : "s");
}

/* Every passage, each whole, with the patterns H marked. */
static size_t put_passages(jf_buf_t *b, jf_analyzer_t *a,
                           const passages_t *list, const jf_patterns_t *h)
{
    size_t matching = 0;
    jf_buf_puts(b, "<ol class=\"passages\" start=\"0\">\n");
    for (size_t i = 0; i < list->n; i++) {
        const passage_t *p = &list->items[i];
        jf_snippet_t s;
        jf_snippet_make(a, p->text, p->len, h, SIZE_MAX / 2, &s);
        matching += s.nspans > 0;
        jf_buf_printf(b, "<li id=\"p%u\" class=\"%s%s\">", p->number,
                      p->number == 0 ? "headline" : "paragraph",
                      s.nspans ? " match" : "");
        jf_html_snippet(b, &s);
        jf_buf_puts(b, "</li>\n");
        jf_snippet_free(&s);
    }
    jf_buf_puts(b, "</ol>\n");
    return matching;
}

void jf_page_article(const jf_request_t *rq, const char *id)
{
    jf_reply_t *reply = rq->reply;
    jf_error_t err = JF_ERROR_INIT;
    const char *text = jf_param(rq, "q");
    jf_article_record_t rec;
    memset(&rec, 0, sizeof rec);
    passages_t list = { 0 };
    jf_query_t q;
    memset(&q, 0, sizeof q);
    jf_patterns_t highlight = { 0 };

    jf_worker_t *w = NULL;
    if (strlen(text) > JF_SERVE_QUERY_MAX)
        jf_fail(&err, JFX_INVALID, "q: the query is longer than %d bytes",
                JF_SERVE_QUERY_MAX);
    else
        w = jf_worker_ready(rq->cfg, &err);
    if (w) {
        /* Passages first: an id the index holds none of is one the
         * reader got wrong, while passages without a record are damage. */
        jf_document_read(jf_worker_db(w), id, PASSAGES_MAX, keep_passage,
                         &list, &err);
        if (list.n > 0)
            jf_article_load(jf_worker_db(w), id, &rec, &err);
        if (*text && jf_query_parse(jf_worker_analyzer(w), text,
                                    jf_worker_synonyms(w), &q, &err) == 0)
            jf_query_highlight(&q, &highlight);
    }
    if (jf_failed(&err)) {
        jf_reply_error(reply, jf_status_of(&err), jf_error_message(&err));
    } else if (list.n == 0) {
        jf_reply_error(reply, 404, "No article with this id is in the "
                       "index (an article changed since gets a new id: "
                       "search for it again).");
    } else {
        qsort(list.items, list.n, sizeof *list.items, by_number);
        jf_buf_t *b = &reply->body;
        const char *title = rec.title && *rec.title ? rec.title
                                                    : "(no headline)";
        jf_page_begin(b, title, NULL);
        jf_buf_puts(b, "<article>\n<h1>");
        jf_html_puts(b, title);
        jf_buf_puts(b, "</h1>\n");
        put_record(b, id, &rec, list.n);
        jf_buf_t marked = JF_BUF_INIT;
        size_t matching = put_passages(&marked, jf_worker_analyzer(w), &list,
                                       &highlight);
        if (*text) {
            jf_buf_t url = JF_BUF_INIT;
            jf_buf_puts(&url, "/search");
            jf_url_param(&url, "q", text);
            jf_buf_printf(b, "<p class=\"notice\">%zu of %zu passages match "
                             "<b>", matching, list.n);
            jf_html_puts(b, text);
            jf_buf_puts(b, "</b>, marked. <a href=\"");
            jf_html_escape(b, url.data, url.len);
            jf_buf_puts(b, "\">Back to the search</a></p>\n");
            jf_buf_free(&url);
        }
        jf_buf_append(b, marked.data, marked.len);
        jf_buf_free(&marked);
        jf_buf_puts(b, "</article>\n");
        jf_page_end(b);
    }
    if (reply->status == 503)
        fprintf(stderr, "%s: %s\n", jf_program_name, jf_error_message(&err));
    for (size_t i = 0; i < list.n; i++)
        free(list.items[i].text);
    JF_VEC_FREE(&list);
    jf_patterns_free(&highlight);
    jf_query_free(&q);
    jf_article_record_free(&rec);
    jf_error_clear(&err);
}
