/* shards.h - a sharded index on disk.
 *
 * A sharded index is a directory holding shard-0 ... shard-(N-1), each a
 * complete jfsearch index of the articles whose path (relative to the
 * corpus directory given) hashes to it, and a Xapian stub file XAPIANDB
 * listing them ("auto shard-K"; lib/stub.h).  jfsearch, quest and
 * xapian-delve open the directory as the union of its shards.  An
 * article always lands in the same shard, so an update touches only the
 * shards whose articles changed, and each shard stays usable on its own
 * (for xapian-tcpsrv, say).  build_shards.h builds them.
 */
#ifndef JF_SHARDS_H
#define JF_SHARDS_H

#include <stdbool.h>

#include "error.h"

#define JF_SHARDS_MAX 256

/* How many shards the index at INDEX has: 0 when it is not a sharded
 * index (no stub file there).  Fails when its stub is not one jfindex
 * wrote. */
int jf_shards_count(const char *index, unsigned *count, jf_error_t *err);

/* True when INDEX is an unsharded index (a Xapian database directory). */
bool jf_shards_unsharded(const char *index);

/* INDEX/shard-K, malloc'd. */
char *jf_shard_path(const char *index, unsigned k);

/* The shard, of N, of the article at RELATIVE_PATH. */
unsigned jf_shard_of(const char *relative_path, unsigned n);

/* Writes INDEX's stub listing N shards, atomically (a reader sees the
 * old stub or the new one). */
int jf_shards_write_stub(const char *index, unsigned n, jf_error_t *err);

#endif
