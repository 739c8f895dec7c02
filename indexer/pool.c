/* pool.c - child processes for jfindex's parallel builds (see pool.h).
 *
 * fork() rather than threads or exec(): a child starts as a copy of the
 * parent, with the corpus list already read and the options parsed, and
 * runs the ordinary single-index code.  Output is flushed before each
 * fork so nothing buffered is printed twice, and a child's stdout is line
 * buffered so lines of several children do not interleave mid-line.
 *
 * A child dies with its parent (PR_SET_PDEATHSIG): a jfindex killed with
 * kill -9 must not leave its workers writing on into a scratch index
 * nobody will use, holding memory, disk and the run's lock.
 */
#include "pool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"

typedef struct {
    pid_t pid;
    int fd;          /* read end of the child's result pipe */
    unsigned k;
} child_t;

/* In the child: runs task K and sends its result down FD. */
static void run_child(const jf_pool_t *pool, unsigned k, int fd,
                      pid_t parent)
{
    /* The parent may have died between fork() and prctl(). */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(127);
    /* Lines from several children go to the same output: whole lines
     * each, not pieces of a buffer. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    void *result = jf_calloc(1, pool->result_size ? pool->result_size : 1);
    int status = pool->work(k, result, pool->ctx);
    fflush(stdout);
    fflush(stderr);
    const char *p = result;
    for (size_t left = pool->result_size; left > 0;) {
        ssize_t w = write(fd, p, left);
        if (w <= 0) {
            status = 127; /* the parent sees a short result anyway */
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    free(result);
    _exit(status & 0x7f);
}

static pid_t start_child(const jf_pool_t *pool, unsigned k, int *fd)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(pipefd[0]);
        close(pipefd[1]);
        return -1;
    }
    if (pid == 0) {
        close(pipefd[0]);
        run_child(pool, k, pipefd[1], parent);
    }
    close(pipefd[1]);
    *fd = pipefd[0];
    return pid;
}

/* Reads child C's result and records its exit status WSTATUS. */
static void collect(const jf_pool_t *pool, const child_t *c, int wstatus)
{
    char *into = (char *)pool->results + c->k * pool->result_size;
    size_t got = 0;
    while (got < pool->result_size) {
        ssize_t r = read(c->fd, into + got, pool->result_size - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(c->fd);
    pool->statuses[c->k] = got == pool->result_size && WIFEXITED(wstatus)
                               ? WEXITSTATUS(wstatus) : -1;
}

/* Waits for one of the RUNNING children, calling the tick while none has
 * ended, collects its result and status, and removes it from the list.
 * If waiting itself fails (no child left to wait for, which only a
 * SIGCHLD handler set to ignore could cause), the children still listed
 * count as died: the run fails rather than wait forever. */
static void finish_child(const jf_pool_t *pool, child_t *running,
                         unsigned *nrunning)
{
    int wstatus;
    for (;;) {
        pid_t pid = waitpid(-1, &wstatus, pool->tick ? WNOHANG : 0);
        if (pid == 0) {
            pool->tick(pool->ctx);
            usleep(100000);
            continue;
        }
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid < 0) {
            for (unsigned i = 0; i < *nrunning; i++) {
                close(running[i].fd);
                pool->statuses[running[i].k] = -1;
            }
            *nrunning = 0;
            return;
        }
        for (unsigned i = 0; i < *nrunning; i++) {
            if (running[i].pid == pid) {
                collect(pool, &running[i], wstatus);
                running[i] = running[--*nrunning];
                return;
            }
        }
        /* Not one of ours (a child the caller started): wait on. */
    }
}

int jf_pool_run(const jf_pool_t *pool, jf_error_t *err)
{
    unsigned jobs = pool->jobs ? pool->jobs : 1, n = pool->n;
    child_t *running = jf_calloc(jobs, sizeof *running);
    unsigned nrunning = 0, started = 0;
    int fork_errno = 0;

    if (jf_failed(err)) {
        free(running);
        return -1;
    }
    for (unsigned k = 0; k < n; k++)
        pool->statuses[k] = -1;
    while (started < n || nrunning > 0) {
        if (started < n && nrunning < jobs) {
            int fd;
            pid_t pid = start_child(pool, started, &fd);
            if (pid < 0) {
                fork_errno = errno;
                n = started; /* start no more; wait for those running */
                continue;
            }
            running[nrunning++] = (child_t){ pid, fd, started };
            started++;
            continue;
        }
        finish_child(pool, running, &nrunning);
    }
    free(running);
    if (started == 0 && fork_errno != 0)
        return jf_fail(err, JFX_INTERNAL, "cannot start a process per %s: %s",
                       pool->task, strerror(fork_errno));
    return 0;
}

unsigned long *jf_pool_counter_new(void)
{
    void *p = mmap(NULL, sizeof(unsigned long), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void jf_pool_counter_free(unsigned long *counter)
{
    /* Unmapping a mapping made by jf_pool_counter_new cannot fail. */
    if (counter)
        munmap(counter, sizeof *counter);
}
