/* acronym_meta.c - rewrites the "syn:" metadata from the article records
 * (see acronym_meta.h).
 *
 * The pairs of all articles are gathered and sorted by acronym and long
 * form; each acronym's key is then its long forms, one per line, each
 * once, in that order, so the value does not depend on the order in
 * which articles were indexed.
 */
#include "acronym_meta.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "schema.h"

/* One acronym's long form, from an article record. */
typedef struct {
    char *acronym, *long_form;
} synonym_t;

typedef JF_VEC(synonym_t) synonyms_t;

static int keep_key(const char *key, const char *value, size_t len,
                    void *ctx)
{
    jf_acronym_meta_t *m = ctx;
    (void)value, (void)len;
    JF_VEC_PUSH(&m->old_keys, jf_strdup(key));
    return 0;
}

int jf_acronym_meta_load(jf_acronym_meta_t *m, jfx_db_t *db,
                         jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    jfx_status_t status = jfx_db_each_metadata(db, JF_METADATA_SYNONYM,
                                               keep_key, m);
    if (status != JFX_OK)
        return jf_fail(err, status, "%s", jfx_db_last_error(db));
    return 0;
}

static int compare_synonyms(const void *a, const void *b)
{
    const synonym_t *x = a, *y = b;
    int c = strcmp(x->acronym, y->acronym);
    return c ? c : strcmp(x->long_form, y->long_form);
}

/* Adds the pairs "raa=reciprocal access agreement;..." of one record. */
static void add_pairs(const char *pairs, synonyms_t *list)
{
    while (*pairs) {
        const char *end = strchr(pairs, ';'), *eq;
        size_t len = end ? (size_t)(end - pairs) : strlen(pairs);
        eq = memchr(pairs, '=', len);
        if (eq && eq > pairs && eq + 1 < pairs + len)
            JF_VEC_PUSH(list, ((synonym_t){
                jf_strndup(pairs, (size_t)(eq - pairs)),
                jf_strndup(eq + 1, (size_t)(pairs + len - eq - 1)) }));
        pairs += len + (end != NULL);
    }
}

/* True when the sorted LIST has a pair for ACRONYM. */
static bool has_acronym(const synonyms_t *list, const char *acronym)
{
    synonym_t probe = { (char *)acronym, (char *)"" };
    size_t lo = 0, hi = list->n;
    while (lo < hi) { /* the first pair of this acronym, if any */
        size_t mid = (lo + hi) / 2;
        if (compare_synonyms(&list->items[mid], &probe) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < list->n && strcmp(list->items[lo].acronym, acronym) == 0;
}

/* Writes with W the key of each acronym in the sorted LIST. */
static int write_keys(const synonyms_t *list, jfx_writer_t *w,
                      jf_error_t *err)
{
    jf_buf_t key = JF_BUF_INIT, value = JF_BUF_INIT;
    jfx_status_t status = JFX_OK;
    const synonym_t *s = list->items;

    for (size_t i = 0; i < list->n && status == JFX_OK;) {
        size_t j = i;
        jf_buf_reset(&value);
        for (; j < list->n && strcmp(s[j].acronym, s[i].acronym) == 0; j++)
            if (j == i || strcmp(s[j].long_form, s[j - 1].long_form) != 0)
                jf_buf_printf(&value, "%s%s", value.len ? "\n" : "",
                              s[j].long_form);
        jf_buf_reset(&key);
        jf_buf_printf(&key, "%s%s", JF_METADATA_SYNONYM, s[i].acronym);
        status = jfx_writer_set_metadata(w, key.data, value.data, value.len);
        i = j;
    }
    jf_buf_free(&key);
    jf_buf_free(&value);
    if (status != JFX_OK)
        return jf_fail(err, status, "%s", jfx_writer_last_error(w));
    return 0;
}

int jf_acronym_meta_write(const jf_acronym_meta_t *m, jf_records_t *records,
                          jfx_writer_t *w, jf_error_t *err)
{
    synonyms_t list = { NULL, 0, 0 };
    jfx_status_t status = JFX_OK;
    jf_record_t *e;

    if (jf_failed(err))
        return -1;
    for (size_t i = 0; (e = jf_records_next(records, &i)) != NULL;)
        if (e->seen && e->acronyms)
            add_pairs(e->acronyms, &list);
    if (list.n > 0)
        qsort(list.items, list.n, sizeof *list.items, compare_synonyms);
    for (size_t i = 0; i < m->old_keys.n && status == JFX_OK; i++) {
        const char *key = m->old_keys.items[i];
        if (!has_acronym(&list, key + strlen(JF_METADATA_SYNONYM)))
            status = jfx_writer_set_metadata(w, key, "", 0);
    }
    if (status != JFX_OK)
        jf_fail(err, status, "%s", jfx_writer_last_error(w));
    else
        write_keys(&list, w, err);
    for (size_t i = 0; i < list.n; i++) {
        free(list.items[i].acronym);
        free(list.items[i].long_form);
    }
    JF_VEC_FREE(&list);
    return jf_failed(err) ? -1 : 0;
}

void jf_acronym_meta_free(jf_acronym_meta_t *m)
{
    for (size_t i = 0; i < m->old_keys.n; i++)
        free(m->old_keys.items[i]);
    JF_VEC_FREE(&m->old_keys);
}
