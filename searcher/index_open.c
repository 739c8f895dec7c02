/* index_open.c - opening an index for searching: one database, or shards.
 *
 * This module decides what a name on the command line is (a path, or
 * HOST:PORT), lets lib/stub.c read the stub files among them and the
 * shim open each database they list, and checks that every shard is a
 * jfsearch index of the layout this program reads, with a message that
 * says what to do when one is not.  Remote shards come only from the
 * command line or a stub file named there: a stub inside an index
 * directory travels with the index, from wherever it came, so it may
 * list local databases only.
 */
#include "index_open.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "schema.h"
#include "stub.h"

bool jf_index_spec_remote(const char *spec, char *host, size_t host_size,
                          unsigned *port)
{
    struct stat st;
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec || strchr(spec, '/') ||
        stat(spec, &st) == 0 || (size_t)(colon - spec) >= host_size)
        return false;
    char *end;
    unsigned long n = strtoul(colon + 1, &end, 10);
    if (end == colon + 1 || *end != '\0' || n == 0 || n > 65535)
        return false;
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = '\0';
    *port = (unsigned)n;
    return true;
}

typedef struct {
    size_t current, other;
    char *other_version;
} versions_t;

static int count_version(const char *key, const char *value, size_t len,
                         void *ctx)
{
    versions_t *v = ctx;
    if (strcmp(key, JF_METADATA_VERSION) != 0)
        return 0;
    if (len == strlen(JF_SCHEMA_VERSION) &&
        memcmp(value, JF_SCHEMA_VERSION, len) == 0) {
        v->current++;
    } else {
        v->other++;
        if (!v->other_version)
            v->other_version = jf_strndup(value, len);
    }
    return 0;
}

/* Every shard must say it is a jfsearch index of this schema. */
static int check_schema(jfx_db_t *db, const char *name, jf_error_t *err)
{
    versions_t v = { 0, 0, NULL };
    jfx_status_t st = jfx_db_each_metadata(db, JF_METADATA_VERSION,
                                           count_version, &v);
    if (st != JFX_OK)
        jf_fail(err, st, "%s", jfx_db_last_error(db));
    else if (v.other > 0)
        jf_fail(err, JFX_INVALID, "%s: index layout %s is not the one this "
                "jfsearch reads (%s); rebuild it with: jfindex --rebuild "
                "--index %s", name, v.other_version, JF_SCHEMA_VERSION, name);
    else if (v.current < jfx_db_shard_count(db))
        jf_fail(err, JFX_INVALID, "%s: not a jfsearch index; build one with: "
                "jfindex --index %s [CORPUS_DIR]", name, name);
    free(v.other_version);
    return jf_failed(err) ? -1 : 0;
}

/* Adds the index SPEC names (see jf_index_open_set) to DB. */
static int add_spec(jfx_db_t *db, const char *spec, unsigned timeout_ms,
                    jf_error_t *err)
{
    char host[256];
    unsigned port;
    if (jf_index_spec_remote(spec, host, sizeof host, &port)) {
        jfx_status_t st = jfx_db_add_remote(db, host, port, timeout_ms);
        return st == JFX_OK ? 0
                            : jf_fail(err, st, "%s", jfx_db_last_error(db));
    }
    bool inside;
    char *stub = jf_stub_find(spec, &inside);
    bool is_stub = stub != NULL;
    free(stub);
    jf_error_t why = JF_ERROR_INIT;
    const jf_stub_options_t o = { true, timeout_ms };
    if (jf_stub_add(db, spec, &o, &why) == 0)
        return 0;
    if (!is_stub && why.status == JFX_NOT_FOUND) {
        jf_error_clear(&why);
        return jf_fail(err, JFX_NOT_FOUND, "%s: no index there; build one "
                       "with: jfindex --index %s [CORPUS_DIR]", spec, spec);
    }
    jf_fail_take(err, why.status, why.message);
    return -1;
}

int jf_index_open_set(const char *const *specs, size_t n,
                      const jf_index_options_t *options, jfx_db_t **db,
                      jf_error_t *err)
{
    *db = NULL;
    if (jf_failed(err))
        return -1;
    unsigned timeout = options && options->timeout_ms ? options->timeout_ms
                                                      : JF_DEFAULT_TIMEOUT_MS;
    bool partial = options && options->partial;
    jfx_db_t *d = jfx_db_new(partial);
    if (!d)
        jf_oom();
    for (size_t i = 0; i < n && !jf_failed(err); i++)
        add_spec(d, specs[i], timeout, err);
    if (!jf_failed(err) && jfx_db_shard_count(d) == 0) {
        if (jfx_db_missing_count(d) > 0)
            jf_fail(err, JFX_NETWORK, "no shard answers (%s)",
                    jfx_db_missing(d, 0));
        else
            jf_fail(err, JFX_NOT_FOUND, "%s: lists no index",
                    n ? specs[0] : "");
    }
    check_schema(d, n == 1 ? specs[0] : "a shard", err);
    if (jf_failed(err)) {
        jfx_db_close(d);
        return -1;
    }
    *db = d;
    return 0;
}

int jf_index_open(const char *path, jfx_db_t **db, jf_error_t *err)
{
    return jf_index_open_set(&path, 1, NULL, db, err);
}
