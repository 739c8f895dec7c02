/* preload.c - an index's committed state read while the corpus is listed
 * (see preload.h). */
#include "preload.h"

#include <pthread.h>
#include <stdlib.h>

#include "alloc.h"
#include "error.h"
#include "states.h"
#include "stub.h"

struct jf_index_preload {
    pthread_t thread;
    bool joined;
    char *path;
    jfx_db_t *db;               /* NULL once taken, or when opening failed */
    uint64_t revision;          /* the commit DB read */
    jf_records_t records;
    jf_acronym_meta_t acronyms;
    jf_error_t err;
};

int jf_index_read_state(const char *path, jfx_db_t **db,
                        jf_records_t *records, jf_acronym_meta_t *acronyms,
                        jf_error_t *err)
{
    *db = NULL;
    if (jf_stub_open_local(path, db, err) != 0)
        return -1;
    jf_records_load(records, *db, err);
    jf_states_load(records, *db, err);
    jf_acronym_meta_load(acronyms, *db, err);
    if (!jf_failed(err))
        return 0;
    jfx_db_close(*db);
    *db = NULL;
    return -1;
}

static void *preload_main(void *arg)
{
    jf_index_preload_t *p = arg;
    if (jf_index_read_state(p->path, &p->db, &p->records, &p->acronyms,
                            &p->err) != 0)
        return NULL;
    /* A reader stays at the commit it opened: this is the one read. */
    jfx_status_t st = jfx_db_revision(p->db, &p->revision);
    if (st != JFX_OK)
        jf_fail(&p->err, st, "%s", jfx_db_last_error(p->db));
    return NULL;
}

jf_index_preload_t *jf_index_preload_start(const char *path)
{
    jf_index_preload_t *p = jf_calloc(1, sizeof *p);
    p->path = jf_strdup(path);
    p->records = (jf_records_t)JF_RECORDS_INIT;
    p->acronyms = (jf_acronym_meta_t)JF_ACRONYM_META_INIT;
    p->err = (jf_error_t)JF_ERROR_INIT;
    if (pthread_create(&p->thread, NULL, preload_main, p) != 0) {
        free(p->path);
        free(p);
        return NULL;
    }
    return p;
}

static void join(jf_index_preload_t *p)
{
    if (!p->joined)
        pthread_join(p->thread, NULL);
    p->joined = true;
}

/* Whether P's reader still reads the last commit. */
static bool current(jf_index_preload_t *p)
{
    uint64_t now = 0;
    return jfx_db_reopen(p->db) == JFX_OK &&
           jfx_db_revision(p->db, &now) == JFX_OK && now == p->revision;
}

bool jf_index_preload_take(jf_index_preload_t *p, jfx_db_t **db,
                           jf_records_t *records, jf_acronym_meta_t *acronyms)
{
    if (!p)
        return false;
    join(p);
    if (!p->db || jf_failed(&p->err) || !current(p))
        return false;
    *db = p->db;
    *records = p->records;
    *acronyms = p->acronyms;
    p->db = NULL;
    p->records = (jf_records_t)JF_RECORDS_INIT;
    p->acronyms = (jf_acronym_meta_t)JF_ACRONYM_META_INIT;
    return true;
}

void jf_index_preload_free(jf_index_preload_t *p)
{
    if (!p)
        return;
    join(p);
    jfx_db_close(p->db);
    jf_records_free(&p->records);
    jf_acronym_meta_free(&p->acronyms);
    jf_error_clear(&p->err);
    free(p->path);
    free(p);
}
