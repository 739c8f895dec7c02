/* records.c - the article and path tables of an index run (records.h).
 *
 * Both are open-addressing hash tables.  Article ids are checksums, but
 * not uniform ones: the low half of an Adler-32 is a byte sum, which
 * clusters for texts of like length, so ids are mixed before use as a
 * hash (linear probing in clusters made loading L's records slow).  The
 * path table is built once, after loading, and only read after, so it
 * never grows: a slot whose entry has since moved to another path no
 * longer matches its old path, which is what a rename means.
 */
#include "records.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "document.h"
#include "hash.h"

/* One slot per recorded path, holding its article id. */
struct jf_path_slot {
    uint64_t id;
    bool used;
};

/* The table slot to probe first for ID (MurmurHash3's 64-bit mix). */
static size_t home_of(uint64_t id, size_t cap)
{
    id ^= id >> 33;
    id *= UINT64_C(0xff51afd7ed558ccd);
    id ^= id >> 33;
    return (size_t)id & (cap - 1);
}

/* COUNT zeroed items of SIZE bytes.  Written, not calloc'd: a large
 * calloc maps the zero page, and each later write to it is a second
 * fault that flushes every processor's TLB; the tables are written all
 * over at once anyway. */
static void *zeroed(size_t count, size_t size)
{
    void *p = jf_reallocarray(NULL, count, size);
    memset(p, 0, count * size);
    return p;
}

static jf_record_t *find_slot(jf_record_t *table, size_t cap, uint64_t id)
{
    size_t i = home_of(id, cap);
    while (table[i].used && table[i].id != id)
        i = (i + 1) & (cap - 1);
    return &table[i];
}

/* Makes room for N entries in all, at most half full. */
static void reserve(jf_records_t *r, size_t n)
{
    size_t cap = r->cap ? r->cap : 1024;
    while (cap < 2 * n)
        cap *= 2;
    if (cap == r->cap)
        return;
    jf_record_t *table = zeroed(cap, sizeof *table);
    for (size_t i = 0; i < r->cap; i++)
        if (r->table[i].used)
            *find_slot(table, cap, r->table[i].id) = r->table[i];
    free(r->table);
    r->table = table;
    r->cap = cap;
}

jf_record_t *jf_records_get(jf_records_t *r, uint64_t id)
{
    reserve(r, r->count + 1);
    jf_record_t *e = find_slot(r->table, r->cap, id);
    if (!e->used) {
        e->used = true;
        e->id = id;
        r->count++;
    }
    return e;
}

jf_record_t *jf_records_find(jf_records_t *r, uint64_t id)
{
    if (!r->cap)
        return NULL;
    jf_record_t *e = find_slot(r->table, r->cap, id);
    return e->used ? e : NULL;
}

jf_record_t *jf_records_next(jf_records_t *r, size_t *i)
{
    for (; *i < r->cap; (*i)++)
        if (r->table[*i].used)
            return &r->table[(*i)++];
    return NULL;
}

static void build_paths(jf_records_t *r)
{
    size_t cap = 1024;
    while (cap < 2 * r->count)
        cap *= 2;
    r->paths = zeroed(cap, sizeof *r->paths);
    r->paths_cap = cap;
    for (size_t i = 0; i < r->cap; i++) {
        const jf_record_t *e = &r->table[i];
        if (!e->used || !e->path)
            continue;
        size_t j = (size_t)jf_hash_string(e->path) & (cap - 1);
        while (r->paths[j].used)
            j = (j + 1) & (cap - 1);
        r->paths[j].used = true;
        r->paths[j].id = e->id;
    }
}

jf_record_t *jf_records_at(jf_records_t *r, const char *path)
{
    if (!r->paths)
        return NULL;
    size_t j = (size_t)jf_hash_string(path) & (r->paths_cap - 1);
    for (; r->paths[j].used; j = (j + 1) & (r->paths_cap - 1)) {
        jf_record_t *e = find_slot(r->table, r->cap, r->paths[j].id);
        if (e->used && e->path && strcmp(e->path, path) == 0)
            return e;
    }
    return NULL;
}

static int load_record(const char *key, const char *value, size_t len,
                       void *ctx)
{
    jf_records_t *r = ctx;
    jf_article_record_t rec;
    uint64_t id;

    /* A key that is not an id was not written by jfindex: not an article. */
    if (!jf_record_parse_id(key + strlen(JF_METADATA_ARTICLE), &id))
        return 0;
    jf_record_t *e = jf_records_get(r, id);
    e->recorded = true;
    /* A damaged record is treated as a changed article: it is rewritten
     * if its file is still there and removed if not. */
    if (jf_article_record_decode_brief(value, len, &rec) == 0) {
        e->record_valid = true;
        e->path = rec.path;
        e->acronyms = rec.acronyms;
        e->stat = rec.stat;
        e->crc = rec.crc;
        e->size = rec.size;
        e->passages = rec.passages;
        rec.path = rec.acronyms = rec.stat = NULL;
        jf_article_record_free(&rec);
    }
    return 0;
}

int jf_records_load(jf_records_t *r, jfx_db_t *db, jf_error_t *err)
{
    uint64_t articles;

    if (jf_failed(err))
        return -1;
    /* Sized once for the records to come (an article document each),
     * rather than doubled and rehashed all the way up. */
    if (jfx_db_term_freq(db, JF_TERM_ARTICLE_DOC, &articles) == JFX_OK)
        reserve(r, (size_t)articles);
    jfx_status_t status = jfx_db_each_metadata(db, JF_METADATA_ARTICLE,
                                               load_record, r);
    if (status != JFX_OK)
        return jf_fail(err, status, "%s", jfx_db_last_error(db));
    build_paths(r);
    return 0;
}

int jf_records_move(jfx_db_t *db, jfx_writer_t *w, const char *index,
                    const char *id, const char *path, int64_t mtime,
                    const char *stat, jf_error_t *err)
{
    char key[JF_ID_TERM_MAX];
    char *data = NULL;
    size_t len;
    jf_article_record_t rec;

    if (jf_failed(err))
        return -1;
    jf_record_key(key, id);
    jfx_status_t status = jfx_db_get_metadata(db, key, &data, &len);
    if (status != JFX_OK) {
        free(data);
        return jf_fail(err, status, "%s", jfx_db_last_error(db));
    }
    int decoded = jf_article_record_decode(data, len, &rec);
    free(data);
    if (decoded != 0)
        return jf_fail(err, JFX_CORRUPT, "%s: the record of %s is damaged",
                       index, path);
    free(rec.path);
    rec.path = jf_strdup(path);
    rec.mtime = mtime;
    free(rec.stat);
    rec.stat = stat ? jf_strdup(stat) : NULL;
    jf_record_write(w, id, &rec, err);
    jf_article_record_free(&rec);
    return jf_failed(err) ? -1 : 0;
}

void jf_records_free(jf_records_t *r)
{
    for (size_t i = 0; i < r->cap; i++) {
        free(r->table[i].path);
        free(r->table[i].acronyms);
        free(r->table[i].stat);
        free(r->table[i].fresh_stat);
    }
    free(r->table);
    free(r->paths);
    *r = (jf_records_t)JF_RECORDS_INIT;
}

void jf_record_id_string(uint64_t id, char out[JF_ARTICLE_ID_LEN + 1])
{
    snprintf(out, JF_ARTICLE_ID_LEN + 1, "%016" PRIx64, id);
}

bool jf_record_parse_id(const char *s, uint64_t *id)
{
    uint64_t n = 0;
    for (int i = 0; i < JF_ARTICLE_ID_LEN; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            n = n << 4 | (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            n = n << 4 | (uint64_t)(c - 'a' + 10);
        else
            return false;
    }
    if (s[JF_ARTICLE_ID_LEN] != '\0')
        return false;
    *id = n;
    return true;
}
