/* index_open.h - opening an index for searching: one database, or shards.
 *
 * Every reader of the index (jfsearch, the coverage report, the benchmark)
 * opens it here, so all accept the same forms: an index directory, a stub
 * file listing shards (or a sharded index's directory, which holds one),
 * and HOST:PORT of a shard served by xapian-tcpsrv; several of them are
 * searched as one index, with BM25 statistics merged by Xapian.  Remote
 * shards are followed only from HOST:PORT and from a stub file named
 * directly: a stub inside an index directory, or one another stub lists,
 * may list local databases only (lib/stub.h).
 */
#ifndef JF_INDEX_H
#define JF_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "jfx.h"

typedef struct {
    unsigned timeout_ms;  /* remote shards: connecting and each request
                             (0: JF_DEFAULT_TIMEOUT_MS) */
    bool partial;         /* leave out remote shards that do not answer
                             (listed by jfx_db_missing) instead of failing */
} jf_index_options_t;

#define JF_DEFAULT_TIMEOUT_MS 10000

/* Opens the index at PATH for searching into *DB (caller frees with
 * jfx_db_close).  On failure ERR keeps the shim's status (JFX_NOT_FOUND,
 * JFX_CORRUPT, JFX_NETWORK, ...), with a message saying what to do (e.g.
 * to run jfindex); JFX_INVALID for an index of another layout. */
int jf_index_open(const char *path, jfx_db_t **db, jf_error_t *err);

/* Opens SPECS[0..N) as one index: each a path (index directory or stub
 * file) or HOST:PORT (a name with no '/' that is not an existing file,
 * ending in ':' and a port number); a stub's failures are named by its
 * file and line.  Every shard must be a jfsearch index
 * of this schema.  Fails as jf_index_open does. */
int jf_index_open_set(const char *const *specs, size_t n,
                      const jf_index_options_t *options, jfx_db_t **db,
                      jf_error_t *err);

/* Whether SPEC names a remote shard, and if so its host (HOST_SIZE bytes
 * at most) and port. */
bool jf_index_spec_remote(const char *spec, char *host, size_t host_size,
                          unsigned *port);

#endif
