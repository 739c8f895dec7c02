/* coverage_cells.c - the coverage report's cells in a temporary file (see
 * coverage_cells.h for why).
 *
 * A cell is written as a 16-byte record, topics one after another, so a
 * topic is one contiguous read.  The file is tmpfile()'s: unlinked from
 * the start, so nothing is left behind whatever becomes of the process.
 */
#include "coverage_cells.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "alloc.h"
#include "vec.h"

typedef struct {
    double best;
    uint32_t article;       /* as the caller numbered it when adding */
    uint32_t passages : 31; /* an article has far fewer passages */
    uint32_t covered : 1;
} record_t;

typedef struct {
    uint64_t first;         /* its first record */
    size_t n;
    jf_cov_kept_t *kept;    /* N, or NULL */
} topic_t;

struct jf_cov_cells {
    FILE *file;
    uint64_t records;       /* written so far */
    JF_VEC(topic_t) topics;
    size_t *position;       /* article renumbering, or NULL */
    record_t *read;         /* the records last read */
    jf_cov_cell_t *cells;   /* and their cells */
    size_t cap;             /* room in both */
    jf_error_t failure;     /* the first read that failed */
};

jf_cov_cells_t *jf_cov_cells_new(jf_error_t *err)
{
    if (jf_failed(err))
        return NULL;
    FILE *file = tmpfile();
    if (!file) {
        jf_fail(err, JFX_IO, "cannot make a temporary file for the report: "
                "%s", strerror(errno));
        return NULL;
    }
    jf_cov_cells_t *s = jf_calloc(1, sizeof *s);
    s->file = file;
    s->failure = (jf_error_t)JF_ERROR_INIT;
    return s;
}

static int write_failed(jf_error_t *err)
{
    return jf_fail(err, JFX_IO, "cannot write the report's cells to a "
                   "temporary file: %s", strerror(errno));
}

int jf_cov_cells_add(jf_cov_cells_t *s, const jf_cov_cell_t *cells,
                     jf_cov_kept_t *kept, size_t n, jf_error_t *err)
{
    topic_t *t = JF_VEC_GROW(&s->topics);
    t->first = s->records;
    t->n = n;
    t->kept = kept;
    s->records += n;
    if (jf_failed(err))
        return -1;
    enum { BATCH = 4096 };
    record_t batch[BATCH];
    for (size_t i = 0; i < n;) {
        size_t m = 0;
        for (; m < BATCH && i < n; m++, i++) {
            memset(&batch[m], 0, sizeof batch[m]);
            batch[m].best = cells[i].best;
            batch[m].article = (uint32_t)cells[i].article;
            batch[m].passages = cells[i].passages > INT32_MAX
                                ? INT32_MAX : (uint32_t)cells[i].passages;
            batch[m].covered = cells[i].covered;
        }
        if (fwrite(batch, sizeof *batch, m, s->file) != m)
            return write_failed(err);
    }
    /* Written, so that reading back sees it. */
    if (fflush(s->file) != 0)
        return write_failed(err);
    return 0;
}

void jf_cov_cells_renumber(jf_cov_cells_t *s, size_t *position)
{
    free(s->position);
    s->position = position;
}

static int by_article(const void *x, const void *y)
{
    const jf_cov_cell_t *a = x, *b = y;
    return a->article < b->article ? -1 : a->article > b->article;
}

/* The cells come back sorted by article (jf_cov_cells_get), so they are
 * found by bisection. */
const jf_cov_cell_t *jf_coverage_find(const jf_cov_cell_t *cells, size_t n,
                                      size_t article)
{
    jf_cov_cell_t key = { .article = article };
    if (n == 0)
        return NULL;
    return bsearch(&key, cells, n, sizeof *cells, by_article);
}

const jf_cov_cell_t *jf_cov_cells_get(jf_cov_cells_t *s, size_t topic,
                                      size_t *n)
{
    *n = 0;
    if (topic >= s->topics.n)
        return NULL;
    const topic_t *t = &s->topics.items[topic];
    if (t->n > s->cap || !s->cells) {
        s->cap = t->n > s->cap ? t->n : s->cap;
        free(s->read);
        free(s->cells);
        s->read = jf_calloc(s->cap ? s->cap : 1, sizeof *s->read);
        s->cells = jf_calloc(s->cap ? s->cap : 1, sizeof *s->cells);
    }
    if (t->n > 0 &&
        (fseeko(s->file, (off_t)(t->first * sizeof *s->read), SEEK_SET) != 0
         || fread(s->read, sizeof *s->read, t->n, s->file) != t->n)) {
        jf_fail(&s->failure, JFX_IO, "cannot read the report's cells back "
                "from its temporary file: %s",
                ferror(s->file) ? strerror(errno) : "it is shorter");
        return NULL;
    }
    for (size_t i = 0; i < t->n; i++) {
        const record_t *r = &s->read[i];
        s->cells[i] = (jf_cov_cell_t){
            .article = s->position ? s->position[r->article] : r->article,
            .passages = r->passages,
            .best = r->best,
            .covered = r->covered,
            .kept = t->kept ? &t->kept[i] : NULL,
        };
    }
    qsort(s->cells, t->n, sizeof *s->cells, by_article);
    *n = t->n;
    return s->cells;
}

int jf_cov_cells_check(const jf_cov_cells_t *s, jf_error_t *err)
{
    if (!s || !jf_failed(&s->failure))
        return jf_failed(err) ? -1 : 0;
    return jf_fail(err, s->failure.status, "%s",
                   jf_error_message(&s->failure));
}

void jf_cov_cells_free(jf_cov_cells_t *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < s->topics.n; k++) {
        topic_t *t = &s->topics.items[k];
        for (size_t i = 0; t->kept && i < t->n; i++) {
            for (size_t p = 0; p < t->kept[i].n; p++)
                jf_snippet_free(&t->kept[i].items[p].snippet);
            JF_VEC_FREE(&t->kept[i]);
        }
        free(t->kept);
    }
    JF_VEC_FREE(&s->topics);
    fclose(s->file);
    free(s->position);
    free(s->read);
    free(s->cells);
    jf_error_clear(&s->failure);
    free(s);
}
