/* states.c - the state table (see states.h). */
#include "states.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "hash.h"
#include "schema.h"

/* A bucket holds about this many paths; the layout changes only when
 * the articles grow or shrink past twice that, so that a run rewrites
 * every bucket rarely. */
enum { BUCKET_PATHS = 512, BITS_MAX = 12 };

static unsigned bucket_of(const char *path, unsigned bits)
{
    return (unsigned)(jf_hash_string(path) & ((UINT64_C(1) << bits) - 1));
}

static void bucket_key(char *out, size_t size, unsigned bits, unsigned b)
{
    snprintf(out, size, "%s%u:%x", JF_METADATA_STATES, bits, b);
}

/* The layout for COUNT articles: CURRENT (negative: none) while it is
 * within a factor of two of the ideal. */
static unsigned layout_for(size_t count, int current)
{
    unsigned ideal = 0;
    while (ideal < BITS_MAX && (count >> ideal) > BUCKET_PATHS)
        ideal++;
    if (current >= 0 && (unsigned)current + 1 >= ideal &&
        (unsigned)current <= ideal + 1)
        return (unsigned)current;
    return ideal;
}

int jf_states_read_bucket(const char *key, const char *value, size_t len,
                          void *ctx)
{
    jf_records_t *r = ctx;
    unsigned long bits = strtoul(key + strlen(JF_METADATA_STATES), NULL, 10);
    if (bits <= BITS_MAX)
        r->state_layouts |= 1u << bits;
    const char *end = value + len;
    while (value < end) {
        /* Three strings; a bucket cut short is left there. */
        const char *id = value, *state, *path;
        const char *z1 = memchr(id, '\0', (size_t)(end - id));
        if (!z1 || !(z1 + 1 < end))
            break;
        state = z1 + 1;
        const char *z2 = memchr(state, '\0', (size_t)(end - state));
        if (!z2 || !(z2 + 1 < end))
            break;
        path = z2 + 1;
        const char *z3 = memchr(path, '\0', (size_t)(end - path));
        if (!z3)
            break;
        value = z3 + 1;
        uint64_t n;
        jf_record_t *e;
        if (!*state || !jf_record_parse_id(id, &n) ||
            !(e = jf_records_find(r, n)) || !e->path ||
            strcmp(e->path, path) != 0)
            continue;
        free(e->stat);
        e->stat = jf_strdup(state);
        e->stat_from_table = true;
    }
    return 0;
}

int jf_states_load(jf_records_t *r, jfx_db_t *db, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    r->state_layouts = 0;
    jfx_status_t st = jfx_db_each_metadata(db, JF_METADATA_STATES,
                                           jf_states_read_bucket, r);
    if (st != JFX_OK)
        return jf_fail(err, st, "%s", jfx_db_last_error(db));
    /* One layout, or none; two (a run that failed mid-way cannot leave
     * them, but a damaged table might) make the next write start over. */
    r->state_bits = -1;
    for (int b = 0; b <= BITS_MAX; b++)
        if (r->state_layouts == 1u << b)
            r->state_bits = b;
    return 0;
}

static int set_bucket(jfx_writer_t *w, unsigned bits, unsigned b,
                      const jf_buf_t *value, jf_error_t *err)
{
    char key[64];
    bucket_key(key, sizeof key, bits, b);
    jfx_status_t st = jfx_writer_set_metadata(w, key, value ? value->data : "",
                                              value ? value->len : 0);
    if (st != JFX_OK)
        return jf_fail(err, st, "%s", jfx_writer_last_error(w));
    return 0;
}

int jf_states_write(jf_records_t *r, jfx_writer_t *w, jf_error_t *err)
{
    jf_record_t *e;
    size_t seen = 0;
    bool any = false;

    if (jf_failed(err))
        return -1;
    for (size_t i = 0; (e = jf_records_next(r, &i)) != NULL;) {
        seen += e->seen && e->path;
        any |= e->state_dirty;
    }
    unsigned bits = layout_for(seen, r->state_bits);
    bool all = (int)bits != r->state_bits;
    if (!any && !all)
        return 0;
    unsigned n = 1u << bits;
    /* A new layout writes (or empties) every bucket. */
    bool *dirty = jf_calloc(n, sizeof *dirty);
    for (unsigned b = 0; all && b < n; b++)
        dirty[b] = true;
    for (size_t i = 0; (e = jf_records_next(r, &i)) != NULL;)
        if (e->path && e->state_dirty)
            dirty[bucket_of(e->path, bits)] = true;
    jf_buf_t *values = jf_calloc(n, sizeof *values);
    for (size_t i = 0; (e = jf_records_next(r, &i)) != NULL;) {
        const char *state = e->fresh_stat       ? e->fresh_stat
                            : e->stat_from_table ? e->stat
                                                 : NULL;
        if (!e->seen || !e->path || !state)
            continue;
        unsigned b = bucket_of(e->path, bits);
        if (!dirty[b])
            continue;
        char id[JF_ARTICLE_ID_LEN + 1];
        jf_record_id_string(e->id, id);
        jf_buf_append(&values[b], id, sizeof id);
        jf_buf_append(&values[b], state, strlen(state) + 1);
        jf_buf_append(&values[b], e->path, strlen(e->path) + 1);
    }
    /* An empty bucket of a layout that the table did not have is not
     * there to empty (a rebuild's records hold every state). */
    bool had = r->state_layouts & 1u << bits;
    for (unsigned b = 0; b < n && !jf_failed(err); b++)
        if (dirty[b] && (values[b].len > 0 || had))
            set_bucket(w, bits, b, &values[b], err);
    /* And the old layouts' keys go. */
    for (unsigned old = 0; all && old <= BITS_MAX && !jf_failed(err); old++)
        if (old != bits && (r->state_layouts & 1u << old))
            for (unsigned b = 0; b < 1u << old && !jf_failed(err); b++)
                set_bucket(w, old, b, NULL, err);
    for (unsigned b = 0; b < n; b++)
        jf_buf_free(&values[b]);
    free(values);
    free(dirty);
    if (jf_failed(err))
        return -1;
    r->state_bits = (int)bits;
    r->state_layouts = 1u << bits;
    return 0;
}
