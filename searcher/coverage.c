/* coverage.c - topics x articles, counted through jf_search_run (see
 * coverage.h for what counts as coverage and why).
 *
 * A topic asks jf_search_run for every matching passage at once.  When
 * the passages themselves are not wanted (every format but HTML) it asks
 * only for each article's best score and count of matching passages,
 * which Xapian tallies inside the match without fetching a single
 * document, and without weighing the matches when the best scores are
 * not shown: a common word then costs a fraction of a second even over a
 * large corpus.  Articles are kept once, in a table keyed by article id,
 * their record read the first time a topic matches them.  What the
 * formats total up (per topic, per article) is counted here as each topic
 * is run; the cells go to coverage_cells.c as each topic is done, so
 * memory follows the articles, not articles x topics.
 */
#define _GNU_SOURCE  /* qsort_r: sorting by a table without a global */
#include "coverage.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "coverage_cells.h"
#include "hash.h"
#include "vec.h"

typedef struct {
    char id[JF_ARTICLE_ID_LEN + 1];
} article_id_t;

/* The articles met so far, found by id through an open-addressing table. */
typedef struct {
    JF_VEC(jf_cov_article_t) articles;
    JF_VEC(article_id_t) ids;   /* ids.items[i] is articles.items[i]'s */
    size_t *slots;          /* article index + 1; 0 is empty */
    size_t nslots;          /* a power of two, more than twice n */
} article_table_t;

static size_t id_hash(const char *id)
{
    return (size_t)jf_hash_string(id);
}

static size_t *slot_of(const article_table_t *t, const char *id)
{
    size_t i = id_hash(id) & (t->nslots - 1);
    while (t->slots[i] && strcmp(t->ids.items[t->slots[i] - 1].id, id) != 0)
        i = (i + 1) & (t->nslots - 1);
    return &t->slots[i];
}

static void grow_slots(article_table_t *t)
{
    free(t->slots);
    t->nslots = t->nslots ? t->nslots * 2 : 64;
    t->slots = jf_calloc(t->nslots, sizeof *t->slots);
    for (size_t i = 0; i < t->ids.n; i++)
        *slot_of(t, t->ids.items[i].id) = i + 1;
}

static char *field(char *value)
{
    return value ? value : jf_strdup("");
}

/* The index of article ID into *INDEX, its record read from DB when it
 * is new. */
static int article_index(article_table_t *t, jfx_db_t *db, const char *id,
                         size_t *index, jf_error_t *err)
{
    size_t *slot = slot_of(t, id);
    if (*slot) {
        *index = *slot - 1;
        return 0;
    }
    jf_article_record_t rec;
    if (jf_article_load(db, id, &rec, err) != 0)
        return -1;
    jf_cov_article_t a = { field(rec.path), field(rec.title),
                           field(rec.source), field(rec.date), 0, 0 };
    rec.path = rec.title = rec.source = rec.date = NULL;
    jf_article_record_free(&rec);
    JF_VEC_PUSH(&t->articles, a);
    article_id_t key;
    memcpy(key.id, id, sizeof key.id);
    JF_VEC_PUSH(&t->ids, key);
    *index = t->ids.n - 1;
    *slot = t->ids.n;
    if (2 * t->ids.n >= t->nslots)
        grow_slots(t);
    return 0;
}

void jf_coverage_options_init(jf_coverage_options_t *o)
{
    memset(o, 0, sizeof *o);
    jf_search_options_init(&o->search);
    o->min_passages = JF_DEFAULT_MIN_PASSAGES;
    o->best_scores = true;
}

typedef struct {
    size_t article;
    size_t hit;             /* rank order within the article */
} placed_t;

static int by_article_then_rank(const void *x, const void *y)
{
    const placed_t *a = x, *b = y;
    if (a->article != b->article)
        return a->article < b->article ? -1 : 1;
    return a->hit < b->hit ? -1 : a->hit > b->hit;
}

static void add_source(jf_cov_topic_t *t, const char *source)
{
    if (!*source)
        return;
    for (size_t i = 0; i < t->sources.n; i++)
        if (strcmp(t->sources.items[i], source) == 0)
            return;
    JF_VEC_PUSH(&t->sources, jf_strdup(source));
}

static void add_date(jf_cov_topic_t *t, const char *date)
{
    if (!*date)
        return;
    if (!t->first_date[0] || strcmp(date, t->first_date) < 0)
        snprintf(t->first_date, sizeof t->first_date, "%s", date);
    if (strcmp(date, t->last_date) > 0)
        snprintf(t->last_date, sizeof t->last_date, "%s", date);
}

static int by_string(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Groups the hits R of topic OUT by article into its cells, which go to
 * CELLS. */
static int make_cells(article_table_t *t, jfx_db_t *db, jf_results_t *r,
                      bool only_filters, const jf_coverage_options_t *o,
                      jf_cov_cells_t *cells_out, jf_cov_topic_t *out,
                      jf_error_t *err)
{
    placed_t *placed = jf_malloc((r->n ? r->n : 1) * sizeof *placed);
    for (size_t i = 0; i < r->n; i++) {
        if (article_index(t, db, r->hits[i].article_id, &placed[i].article,
                          err) != 0) {
            free(placed);
            return -1;
        }
        placed[i].hit = i;
    }
    qsort(placed, r->n, sizeof *placed, by_article_then_rank);
    jf_cov_cell_t *cells = jf_calloc(r->n ? r->n : 1, sizeof *cells);
    jf_cov_kept_t *kept = o->keep_passages
                          ? jf_calloc(r->n ? r->n : 1, sizeof *kept) : NULL;
    for (size_t i = 0; i < r->n; i++) {
        jf_hit_t *hit = &r->hits[placed[i].hit];
        bool first = i == 0 || placed[i - 1].article != placed[i].article;
        size_t k = first ? out->ncells++ : out->ncells - 1;
        jf_cov_cell_t *cell = &cells[k];
        if (first) {
            cell->article = placed[i].article;
            cell->best = hit->score;
        }
        cell->passages += 1 + hit->collapsed;
        out->passages += 1 + hit->collapsed;
        if (kept) {
            jf_cov_passage_t p = { hit->passage, hit->score, hit->snippet };
            JF_VEC_PUSH(&kept[k], p);
            memset(&hit->snippet, 0, sizeof hit->snippet);
        }
    }
    free(placed);
    for (size_t k = 0; k < out->ncells; k++) {
        jf_cov_cell_t *cell = &cells[k];
        jf_cov_article_t *a = &t->articles.items[cell->article];
        a->passages += cell->passages;
        if (cell->passages > out->most)
            out->most = cell->passages;
        cell->covered = only_filters || cell->passages >= o->min_passages;
        if (!cell->covered)
            continue;
        out->covered++;
        a->topics_covered++;
        add_source(out, a->source);
        add_date(out, a->date);
    }
    if (out->sources.n > 1)
        qsort(out->sources.items, out->sources.n, sizeof *out->sources.items,
              by_string);
    int rc = jf_cov_cells_add(cells_out, cells, kept, out->ncells, err);
    free(cells);
    return rc;
}

static int run_topic(jfx_db_t *db, jf_analyzer_t *a, article_table_t *t,
                     const jf_coverage_options_t *o, unsigned limit,
                     jf_cov_cells_t *cells, jf_cov_topic_t *out,
                     jf_error_t *err)
{
    jf_search_options_t so = o->search;
    so.offset = 0;
    so.limit = limit;
    so.complete_only = true;
    so.suggest = false;
    so.explain = false;
    so.per_article = false;
    so.article_counts = !o->keep_passages;
    so.no_scores = !o->best_scores;

    jf_query_t q;
    jf_results_t r;
    jf_error_t why = JF_ERROR_INIT;
    if (jf_search_run(db, a, out->topic->query, &so, &q, &r, &why) == 0)
        make_cells(t, db, &r, q.only_filters, o, cells, out, &why);
    int rc = 0;
    if (jf_failed(&why))
        rc = jf_fail(err, why.status, "%s: '%s': %s", out->topic->where,
                     out->topic->query, jf_error_message(&why));
    jf_error_clear(&why);
    jf_results_free(&r);
    jf_query_free(&q);
    return rc;
}

static int by_path(const void *x, const void *y, void *articles)
{
    const jf_cov_article_t *a = articles;
    return strcmp(a[*(const size_t *)x].path, a[*(const size_t *)y].path);
}

/* Moves the table's articles into OUT in path order; the cells follow. */
static void take_articles(article_table_t *t, jf_coverage_t *out)
{
    size_t n = t->articles.n;
    size_t *order = jf_malloc((n ? n : 1) * sizeof *order);
    size_t *position = jf_malloc((n ? n : 1) * sizeof *position);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    qsort_r(order, n, sizeof *order, by_path, t->articles.items);
    out->articles = jf_malloc((n ? n : 1) * sizeof *out->articles);
    for (size_t i = 0; i < n; i++) {
        out->articles[i] = t->articles.items[order[i]];
        position[order[i]] = i;
    }
    out->narticles = n;
    jf_cov_cells_renumber(out->cells, position);
    free(order);
    t->articles.n = 0;
}

static void article_free(jf_cov_article_t *a)
{
    free(a->path);
    free(a->title);
    free(a->source);
    free(a->date);
}

static void table_free(article_table_t *t)
{
    for (size_t i = 0; i < t->articles.n; i++)
        article_free(&t->articles.items[i]);
    JF_VEC_FREE(&t->articles);
    JF_VEC_FREE(&t->ids);
    free(t->slots);
}

int jf_coverage_run(jfx_db_t *db, jf_analyzer_t *a, const jf_topics_t *topics,
                    const jf_coverage_options_t *o, jf_coverage_t *out,
                    jf_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (jf_failed(err))
        return -1;
    out->min_passages = o->min_passages;
    out->topics = jf_calloc(topics->n ? topics->n : 1, sizeof *out->topics);
    out->ntopics = topics->n;
    for (size_t i = 0; i < topics->n; i++)
        out->topics[i].topic = &topics->items[i];

    /* Every matching passage fits in one page of the whole index. */
    uint64_t passages = 0;
    jfx_status_t st = jfx_db_doc_count(db, &passages);
    if (st != JFX_OK)
        return jf_fail(err, st, "%s", jfx_db_last_error(db));
    unsigned limit = passages == 0 ? 1
                     : passages > INT_MAX ? INT_MAX : (unsigned)passages;

    out->cells = jf_cov_cells_new(err);
    if (!out->cells)
        return -1;
    article_table_t table = { 0 };
    grow_slots(&table);
    for (size_t i = 0; i < topics->n && !jf_failed(err); i++)
        run_topic(db, a, &table, o, limit, out->cells, &out->topics[i], err);
    take_articles(&table, out);
    table_free(&table);
    return jf_failed(err) ? -1 : 0;
}

void jf_coverage_free(jf_coverage_t *c)
{
    for (size_t k = 0; k < c->ntopics; k++) {
        jf_cov_topic_t *t = &c->topics[k];
        for (size_t i = 0; i < t->sources.n; i++)
            free(t->sources.items[i]);
        JF_VEC_FREE(&t->sources);
    }
    free(c->topics);
    for (size_t i = 0; i < c->narticles; i++)
        article_free(&c->articles[i]);
    free(c->articles);
    jf_cov_cells_free(c->cells);
    memset(c, 0, sizeof *c);
}

const jf_cov_cell_t *jf_coverage_cells(const jf_coverage_t *c, size_t k)
{
    size_t n;
    return jf_cov_cells_get(c->cells, k, &n);
}

int jf_coverage_check(const jf_coverage_t *c, jf_error_t *err)
{
    return jf_cov_cells_check(c->cells, err);
}

static int by_weight(const void *x, const void *y, void *articles)
{
    const jf_cov_article_t *a = (jf_cov_article_t *)articles +
                                *(const size_t *)x;
    const jf_cov_article_t *b = (jf_cov_article_t *)articles +
                                *(const size_t *)y;
    if (a->topics_covered != b->topics_covered)
        return a->topics_covered > b->topics_covered ? -1 : 1;
    if (a->passages != b->passages)
        return a->passages > b->passages ? -1 : 1;
    return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

static int by_index(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return a < b ? -1 : a > b;
}

size_t jf_coverage_columns(const jf_coverage_t *c, size_t max,
                           size_t *columns)
{
    for (size_t i = 0; i < c->narticles; i++)
        columns[i] = i;
    if (max == 0 || c->narticles <= max)
        return c->narticles;
    qsort_r(columns, c->narticles, sizeof *columns, by_weight, c->articles);
    qsort(columns, max, sizeof *columns, by_index);
    return max;
}
