/* serve_pool.h - the queue between jfserve's HTTP thread and its workers.
 *
 * Each connection has a thread of its own for the network work (reading
 * its requests, sending the answers), which hands each request to a fixed
 * set of worker threads through a queue, first come first served, and
 * waits for the answer.  So
 * no more searches run at once than there are workers (by default one
 * per processor), and with more connections than workers a request waits
 * its turn in one queue instead of sharing a processor with a thread's
 * other connections: its time is then the wait for those ahead of it plus
 * its own search, nearly the same for every request, where a thread pool
 * polling its own connections gave one connection's request a share of a
 * processor among eight others (bench/WEB.md, p99 twice p50).
 *
 * Reports (the coverage views) take seconds at archive scale, so they
 * have a lane and threads of their own: a report waits only for reports,
 * and the searches behind it do not wait for it.
 */
#ifndef JF_SERVE_POOL_H
#define JF_SERVE_POOL_H

#include "error.h"

typedef enum { JF_LANE_PAGES, JF_LANE_REPORTS, JF_LANES } jf_lane_t;

/* A piece of work: embedded in the caller's own structure, RUN called
 * with it on a worker thread.  The pool never frees it. */
typedef struct jf_job {
    struct jf_job *next;
    void (*run)(struct jf_job *job);
} jf_job_t;

typedef struct jf_pool jf_pool_t;

/* Starts THREADS[lane] worker threads for each lane (at least one each).
 * Returns the pool, or NULL with ERR set when a thread cannot start. */
jf_pool_t *jf_pool_start(const unsigned threads[JF_LANES], jf_error_t *err);

/* Queues JOB on LANE; a worker of that lane runs it in its turn. */
void jf_pool_submit(jf_pool_t *pool, jf_lane_t lane, jf_job_t *job);

/* Runs every job still queued, joins the threads and frees POOL.  No job
 * may be submitted once it has begun.  NULL is a no-op. */
void jf_pool_free(jf_pool_t *pool);

#endif
