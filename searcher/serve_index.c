/* serve_index.c - each worker thread's own index handle (see
 * serve_index.h). */
#include "serve_index.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "cli.h"
#include "hash.h"
#include "index_open.h"
#include "paths.h"

/* What a local index path is on disk: a new index swapped in by rename
 * (a full jfindex build) or by a symbolic link is a new directory. */
typedef struct {
    dev_t dev;
    ino_t ino;
} identity_t;

struct jf_worker {
    jfx_db_t *db;
    identity_t *opened;         /* each --index spec's, when db opened */
    jf_analyzer_t *analyzer;
    jf_synonyms_t *synonyms;
    bool synonyms_loaded;
    uint64_t synonyms_key;      /* of what they were loaded from */
    /* The revision and the file's fingerprint the key was taken at: the
     * acronyms only change with a commit, so while neither moves the key
     * is not taken again (it reads every acronym).  Unknown for shards,
     * whose revisions Xapian does not give, and for a handle opened
     * afresh, which may be a new index at the same revision. */
    bool revision_known;
    uint64_t revision;
    uint64_t file_key;
    jf_worker_t *next;          /* every worker, for jf_workers_free */
};

static __thread jf_worker_t *this_thread;

/* The index specs: the --index ones, or the default index. */
static size_t specs(const jf_serve_config_t *cfg, const char *const **out,
                    char **fallback)
{
    if (cfg->cli.nindexes) {
        *out = cfg->cli.indexes;
        return cfg->cli.nindexes;
    }
    *out = (const char *const *)fallback;
    return 1;
}

/* The identity of each local spec into IDS (zero for a remote one, or a
 * path that is not there). */
static void identities(const jf_serve_config_t *cfg, identity_t *ids)
{
    char *fallback = cfg->cli.nindexes ? NULL : jf_default_index_path();
    const char *const *list;
    size_t n = specs(cfg, &list, &fallback);
    for (size_t i = 0; i < n; i++) {
        char host[256];
        unsigned port;
        struct stat st;
        memset(&ids[i], 0, sizeof ids[i]);
        if (!jf_index_spec_remote(list[i], host, sizeof host, &port) &&
            stat(list[i], &st) == 0)
            ids[i] = (identity_t){ st.st_dev, st.st_ino };
    }
    free(fallback);
}

static size_t spec_count(const jf_serve_config_t *cfg)
{
    return cfg->cli.nindexes ? cfg->cli.nindexes : 1;
}
static jf_worker_t *all_workers;
static pthread_mutex_t all_lock = PTHREAD_MUTEX_INITIALIZER;

static jf_worker_t *worker_new(jf_error_t *err)
{
    jf_analyzer_t *a = jf_analyzer_new();
    if (!a) {
        jf_fail(err, JFX_INTERNAL, "libstemmer has no English stemmer");
        return NULL;
    }
    jf_worker_t *w = jf_calloc(1, sizeof *w);
    w->analyzer = a;
    w->opened = jf_calloc(JF_CLI_MAX_INDEXES, sizeof *w->opened);
    pthread_mutex_lock(&all_lock);
    w->next = all_workers;
    all_workers = w;
    pthread_mutex_unlock(&all_lock);
    return w;
}

static int mix_metadata(const char *key, const char *value, size_t len,
                        void *ctx)
{
    uint64_t *h = ctx;
    *h = jf_fnv1a(*h, key, strlen(key) + 1);
    *h = jf_fnv1a(*h, value, len);
    *h = jf_fnv1a(*h, "", 1);
    return 0;
}

/* A fingerprint of the curated synonyms file: its identity and times. */
static uint64_t file_key(const jf_serve_config_t *cfg)
{
    uint64_t h = JF_FNV_BASIS;
    int explicit_path = 1;
    char *file = cfg->cli.synonyms ? jf_strdup(cfg->cli.synonyms)
                                   : jf_default_synonyms_path(&explicit_path);
    struct stat st;
    if (stat(file, &st) == 0) {
        h = jf_fnv1a(h, &st.st_ino, sizeof st.st_ino);
        h = jf_fnv1a(h, &st.st_size, sizeof st.st_size);
        h = jf_fnv1a(h, &st.st_mtim, sizeof st.st_mtim);
        h = jf_fnv1a(h, &st.st_ctim, sizeof st.st_ctim);
    }
    free(file);
    return h;
}

/* A fingerprint of the synonyms' sources: the curated file's (FILE) and
 * every acronym the index holds.  Returns 0, or -1 with ERR set when the
 * index cannot be read. */
static int synonyms_key(uint64_t file, jfx_db_t *db, uint64_t *key,
                        jf_error_t *err)
{
    uint64_t h = file;
    jfx_status_t s = jfx_db_each_metadata(db, "syn:", mix_metadata, &h);
    if (s != JFX_OK)
        return jf_fail(err, s, "%s", jfx_db_last_error(db));
    *key = h;
    return 0;
}

/* Loads the synonyms again when their sources changed. */
static int refresh_synonyms(const jf_serve_config_t *cfg, jf_worker_t *w,
                            jf_error_t *err)
{
    if (cfg->cli.no_synonyms)
        return 0;
    uint64_t file = file_key(cfg), revision = 0;
    bool revision_known = jfx_db_revision(w->db, &revision) == JFX_OK;
    if (w->synonyms_loaded && w->revision_known && revision_known &&
        revision == w->revision && file == w->file_key)
        return 0;
    uint64_t key = 0;
    if (synonyms_key(file, w->db, &key, err) != 0)
        return -1;
    w->revision_known = revision_known;
    w->revision = revision;
    w->file_key = file;
    if (w->synonyms_loaded && key == w->synonyms_key)
        return 0;
    jf_search_options_t scratch;
    jf_search_options_init(&scratch);
    jf_synonyms_t *fresh = NULL;
    if (jf_cli_load_synonyms(&cfg->cli, w->db, w->analyzer, &fresh, &scratch,
                             err) != 0)
        return -1;
    jf_synonyms_free(w->synonyms);
    w->synonyms = fresh;
    w->synonyms_key = key;
    w->synonyms_loaded = true;
    return 0;
}

/* How often readying a worker is tried when the index moves on under
 * it. */
enum { READY_TRIES = 3 };

jf_worker_t *jf_worker_ready(const jf_serve_config_t *cfg, jf_error_t *err)
{
    if (jf_failed(err))
        return NULL;
    if (!this_thread && !(this_thread = worker_new(err)))
        return NULL;
    jf_worker_t *w = this_thread;
    identity_t now[JF_CLI_MAX_INDEXES];
    for (int tries = 1;; tries++) {
        /* An index swapped in whole is opened afresh: Xapian's reopen
         * only follows commits to the database it has open (and a new
         * index may well be at the same revision number). */
        identities(cfg, now);
        if (w->db && memcmp(now, w->opened,
                            spec_count(cfg) * sizeof *now) != 0) {
            jfx_db_close(w->db);
            w->db = NULL;
        }
        /* The latest commit; a handle that cannot move there (a shard
         * went away, say) is opened afresh too. */
        if (w->db && jfx_db_reopen(w->db) != JFX_OK) {
            jfx_db_close(w->db);
            w->db = NULL;
        }
        if (!w->db) {
            if (jf_cli_open_index(&cfg->cli, &w->db, err) != 0)
                return NULL;
            memcpy(w->opened, now, spec_count(cfg) * sizeof *now);
            w->revision_known = false;
        }
        jf_error_t why = JF_ERROR_INIT;
        if (refresh_synonyms(cfg, w, &why) == 0)
            return w;
        /* The index moved on mid-read, or failed: start afresh. */
        jfx_db_close(w->db);
        w->db = NULL;
        if (why.status != JFX_MODIFIED || tries == READY_TRIES) {
            jf_fail_take(err, why.status, jf_strdup(jf_error_message(&why)));
            jf_error_clear(&why);
            return NULL;
        }
        jf_error_clear(&why);
    }
}

jfx_db_t *jf_worker_db(const jf_worker_t *w)
{
    return w->db;
}

jf_analyzer_t *jf_worker_analyzer(const jf_worker_t *w)
{
    return w->analyzer;
}

const jf_synonyms_t *jf_worker_synonyms(const jf_worker_t *w)
{
    return w->synonyms;
}

void jf_workers_free(void)
{
    pthread_mutex_lock(&all_lock);
    jf_worker_t *w = all_workers;
    all_workers = NULL;
    pthread_mutex_unlock(&all_lock);
    while (w) {
        jf_worker_t *next = w->next;
        jfx_db_close(w->db);
        jf_synonyms_free(w->synonyms);
        jf_analyzer_free(w->analyzer);
        free(w->opened);
        free(w);
        w = next;
    }
}
