/* shards.h - a sharded index: its layout on disk, and building its
 * shards in parallel.
 *
 * A sharded index is a directory holding shard-0 ... shard-(N-1), each a
 * complete jfsearch index of the articles whose path (relative to the
 * corpus directory given) hashes to it, and a Xapian stub file XAPIANDB
 * listing them ("auto shard-K").  Xapian, and so jfsearch, quest and
 * xapian-delve, open the directory as the union of its shards.  An
 * article always lands in the same shard, so an update touches only the
 * shards whose articles changed, and each shard stays usable on its own
 * (for xapian-tcpsrv, say).
 */
#ifndef JF_SHARDS_H
#define JF_SHARDS_H

#include <stddef.h>

#define JF_SHARD_STUB "XAPIANDB"
#define JF_SHARDS_MAX 256

/* How many shards the index at INDEX has: 0 when it is not a sharded
 * index (no stub file there).  Returns 0, or -1 with *error (malloc'd)
 * when its stub is not one jfindex wrote. */
int jf_shards_count(const char *index, unsigned *count, char **error);

/* INDEX/shard-K, malloc'd. */
char *jf_shard_path(const char *index, unsigned k);

/* The shard, of N, of the article at RELATIVE_PATH. */
unsigned jf_shard_of(const char *relative_path, unsigned n);

/* Writes INDEX's stub listing N shards, atomically (a reader sees the
 * old stub or the new one).  Returns 0, or -1 with *error. */
int jf_shards_write_stub(const char *index, unsigned n, char **error);

/* Removes the directory PATH and everything in it (symbolic links are
 * removed, not followed). */
void jf_remove_tree(const char *path);

/* After a rebuild into N shards: removes shard directories numbered N and
 * above, and the files of an unsharded index that INDEX held before. */
void jf_shards_remove_stale(const char *index, unsigned n);

/* Runs WORK(k, result_k, CTX) for each shard k < N in child processes, at
 * most JOBS at a time; each child's RESULT_SIZE bytes of result come back
 * into RESULTS[k] and its return value into STATUSES[k] (a child that
 * died gets status -1).  While they run, TICK(CTX) (if not NULL) is
 * called about ten times a second.  Returns 0, or -1 when no child could
 * be started (errno set). */
typedef int (*jf_shard_work_fn)(unsigned shard, void *result, void *ctx);
int jf_shards_run(unsigned n, unsigned jobs, jf_shard_work_fn work,
                  void (*tick)(void *ctx), void *ctx, void *results,
                  size_t result_size, int *statuses);

/* A counter the children of jf_shards_run can add to and their parent
 * read (shared memory); NULL when the system has none to give.  Free
 * with jf_shards_counter_free. */
unsigned long *jf_shards_counter_new(void);
void jf_shards_counter_free(unsigned long *counter);

#endif
