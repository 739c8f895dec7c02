/* pool.h - running tasks in child processes, a few at a time.
 *
 * Xapian indexes in one thread, so jfindex builds shards, and the parts
 * of a full build, in child processes: each child runs one task with its
 * own Xapian writer, so nothing in the indexer needs to be thread safe,
 * and a child that crashes takes only its task's uncommitted changes
 * with it.  A task's result comes back through a pipe, a fixed number
 * of bytes; a counter in shared memory lets the parent show progress.
 */
#ifndef JF_POOL_H
#define JF_POOL_H

#include <stddef.h>

#include "error.h"

/* Runs task K in a child process, filling RESULT (RESULT_SIZE zeroed
 * bytes); returns 0 when done, or non-zero when it failed (saying why in
 * RESULT, which is still sent back). */
typedef int (*jf_pool_work_fn)(unsigned k, void *result, void *ctx);

typedef struct {
    unsigned n;             /* tasks 0 ... N-1 */
    unsigned jobs;          /* at most this many at a time (0: one) */
    const char *task;       /* what a task is, for messages: "shard" */
    jf_pool_work_fn work;
    void (*tick)(void *ctx); /* called about ten times a second while
                                tasks run; may be NULL */
    void *ctx;
    void *results;          /* N results of RESULT_SIZE bytes */
    size_t result_size;
    int *statuses;          /* N: a task's exit status (WORK's return
                               value), or -1 when its child died or sent
                               back less than a whole result */
} jf_pool_t;

/* Runs every task of POOL.  Fails only when no child could be started;
 * a task that could not be started, as one whose child died, has status
 * -1. */
int jf_pool_run(const jf_pool_t *pool, jf_error_t *err);

/* A counter the children can add to and their parent read (shared
 * memory); NULL when the system has none to give.  Free with
 * jf_pool_counter_free. */
unsigned long *jf_pool_counter_new(void);
void jf_pool_counter_free(unsigned long *counter);

#endif
