/* serve_pool.c - worker threads fed in order from one queue per lane (see
 * serve_pool.h). */
#include "serve_pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

typedef struct {
    jf_job_t *head, *tail;      /* first come, first served */
    pthread_cond_t ready;       /* a job queued, or stopping */
    pthread_t *threads;
    unsigned nthreads;
} lane_t;

struct jf_pool {
    pthread_mutex_t lock;
    bool stopping;
    lane_t lanes[JF_LANES];
};

typedef struct {
    jf_pool_t *pool;
    lane_t *lane;
} worker_arg_t;

static void *work(void *arg)
{
    worker_arg_t a = *(worker_arg_t *)arg;
    free(arg);
    pthread_mutex_lock(&a.pool->lock);
    for (;;) {
        jf_job_t *job = a.lane->head;
        if (!job) {
            /* Jobs queued before the stop still run: each has a
             * connection waiting for its answer. */
            if (a.pool->stopping)
                break;
            pthread_cond_wait(&a.lane->ready, &a.pool->lock);
            continue;
        }
        a.lane->head = job->next;
        if (!a.lane->head)
            a.lane->tail = NULL;
        pthread_mutex_unlock(&a.pool->lock);
        job->next = NULL;
        job->run(job);
        pthread_mutex_lock(&a.pool->lock);
    }
    pthread_mutex_unlock(&a.pool->lock);
    return NULL;
}

void jf_pool_free(jf_pool_t *pool)
{
    if (!pool)
        return;
    pthread_mutex_lock(&pool->lock);
    pool->stopping = true;
    for (int l = 0; l < JF_LANES; l++)
        pthread_cond_broadcast(&pool->lanes[l].ready);
    pthread_mutex_unlock(&pool->lock);
    for (int l = 0; l < JF_LANES; l++) {
        for (unsigned i = 0; i < pool->lanes[l].nthreads; i++)
            pthread_join(pool->lanes[l].threads[i], NULL);
        pthread_cond_destroy(&pool->lanes[l].ready);
        free(pool->lanes[l].threads);
    }
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

jf_pool_t *jf_pool_start(const unsigned threads[JF_LANES], jf_error_t *err)
{
    if (jf_failed(err))
        return NULL;
    jf_pool_t *pool = jf_calloc(1, sizeof *pool);
    pthread_mutex_init(&pool->lock, NULL);
    unsigned want[JF_LANES];
    for (int l = 0; l < JF_LANES; l++) {
        want[l] = threads[l] ? threads[l] : 1;
        pthread_cond_init(&pool->lanes[l].ready, NULL);
        pool->lanes[l].threads = jf_calloc(want[l], sizeof(pthread_t));
    }
    for (int l = 0; l < JF_LANES; l++) {
        lane_t *lane = &pool->lanes[l];
        while (lane->nthreads < want[l]) {
            worker_arg_t *a = jf_malloc(sizeof *a);
            *a = (worker_arg_t){ pool, lane };
            int rc = pthread_create(&lane->threads[lane->nthreads], NULL,
                                    work, a);
            if (rc != 0) {
                free(a);
                jf_pool_free(pool);
                jf_fail(err, JFX_INTERNAL, "cannot start a worker thread: "
                        "%s", strerror(rc));
                return NULL;
            }
            lane->nthreads++;
        }
    }
    return pool;
}

void jf_pool_submit(jf_pool_t *pool, jf_lane_t lane, jf_job_t *job)
{
    lane_t *q = &pool->lanes[lane];
    job->next = NULL;
    pthread_mutex_lock(&pool->lock);
    if (q->tail)
        q->tail->next = job;
    else
        q->head = job;
    q->tail = job;
    pthread_cond_signal(&q->ready);
    pthread_mutex_unlock(&pool->lock);
}
