/* shards.c - a sharded index: its layout on disk, and building its
 * shards in parallel (see shards.h).
 *
 * Shards are built by child processes rather than threads: each child is
 * the ordinary single-index jfindex run on its share of the files, with
 * its own Xapian writer, so nothing in the indexer needs to be thread
 * safe, and a child that crashes takes only its shard's uncommitted
 * changes with it.
 */
#include "shards.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "hash.h"
#include "schema.h"

static char *stub_path(const char *index)
{
    return jf_strprintf("%s/%s", index, JF_SHARD_STUB);
}

char *jf_shard_path(const char *index, unsigned k)
{
    return jf_strprintf("%s/shard-%u", index, k);
}

unsigned jf_shard_of(const char *relative_path, unsigned n)
{
    return (unsigned)(jf_hash_string(relative_path) % n);
}

int jf_shards_count(const char *index, unsigned *count, char **error)
{
    char *path = stub_path(index);
    FILE *f = fopen(path, "r");
    char line[256];
    unsigned n = 0, k;
    char end;

    *count = 0;
    if (!f) {
        free(path);
        return 0;
    }
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "auto shard-%u%c", &k, &end) != 2 || end != '\n' ||
            k != n || ++n > JF_SHARDS_MAX) {
            *error = jf_strprintf("%s: not a stub file jfindex wrote (it "
                                    "updates only its own local shards)",
                                    path);
            fclose(f);
            free(path);
            return -1;
        }
    }
    fclose(f);
    free(path);
    *count = n;
    return 0;
}

int jf_shards_write_stub(const char *index, unsigned n, char **error)
{
    char *path = stub_path(index);
    char *temp = jf_strprintf("%s.new", path);
    FILE *f = fopen(temp, "w");
    int status = -1;

    if (f) {
        for (unsigned k = 0; k < n; k++)
            fprintf(f, "auto shard-%u\n", k);
        if (fflush(f) == 0 && fsync(fileno(f)) == 0 && fclose(f) == 0) {
            f = NULL;
            status = rename(temp, path);
        }
    }
    if (status != 0) {
        *error = jf_strprintf("%s: cannot write the stub file: %s", path,
                                strerror(errno));
        if (f)
            fclose(f);
        unlink(temp);
    }
    free(temp);
    free(path);
    return status;
}

void jf_remove_tree(const char *path)
{
    DIR *dir = opendir(path);
    const struct dirent *e;
    if (!dir)
        return;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *file = jf_strprintf("%s/%s", path, e->d_name);
        if (unlink(file) != 0 && errno == EISDIR)
            jf_remove_tree(file);
        free(file);
    }
    closedir(dir);
    rmdir(path);
}

void jf_shards_remove_stale(const char *index, unsigned n)
{
    DIR *dir = opendir(index);
    const struct dirent *e;
    unsigned k;
    char end;

    if (!dir)
        return;
    while ((e = readdir(dir)) != NULL) {
        char *path = jf_strprintf("%s/%s", index, e->d_name);
        struct stat st;
        if (sscanf(e->d_name, "shard-%u%c", &k, &end) == 1 && k >= n)
            jf_remove_tree(path);
        else if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                 (strstr(e->d_name, ".glass") || strcmp(e->d_name, "iamglass") == 0 ||
                  strcmp(e->d_name, "flintlock") == 0))
            unlink(path);
        free(path);
    }
    closedir(dir);
}

typedef struct {
    pid_t pid;
    int fd;          /* read end of the child's result pipe */
    unsigned shard;
} child_t;

static pid_t start_child(unsigned shard, jf_shard_work_fn work, void *ctx,
                         size_t result_size, int *fd)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(pipefd[0]);
        close(pipefd[1]);
        return -1;
    }
    if (pid == 0) {
        close(pipefd[0]);
        /* Lines from several children go to the same output: whole lines
         * each, not pieces of a buffer. */
        setvbuf(stdout, NULL, _IOLBF, 0);
        void *result = jf_calloc(1, result_size ? result_size : 1);
        int status = work(shard, result, ctx);
        fflush(stdout);
        fflush(stderr);
        const char *p = result;
        for (size_t left = result_size; left > 0;) {
            ssize_t w = write(pipefd[1], p, left);
            if (w <= 0) {
                status = 127;
                break;
            }
            p += w;
            left -= (size_t)w;
        }
        free(result);
        _exit(status & 0x7f);
    }
    close(pipefd[1]);
    *fd = pipefd[0];
    return pid;
}

/* Waits for one of the RUNNING children, calling TICK while none has
 * ended, collects its result and status, and removes it from the list. */
static void finish_child(child_t *running, unsigned *nrunning, void *results,
                         size_t result_size, int *statuses,
                         void (*tick)(void *), void *ctx)
{
    int wstatus;
    pid_t pid;
    for (;;) {
        pid = waitpid(-1, &wstatus, tick ? WNOHANG : 0);
        if (pid > 0 || (pid < 0 && errno != EINTR))
            break;
        if (pid == 0) {
            tick(ctx);
            usleep(100000);
        }
    }
    for (unsigned i = 0; i < *nrunning; i++) {
        if (running[i].pid != pid)
            continue;
        char *into = (char *)results + running[i].shard * result_size;
        size_t got = 0;
        while (got < result_size) {
            ssize_t r = read(running[i].fd, into + got, result_size - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        close(running[i].fd);
        statuses[running[i].shard] =
            got == result_size && WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
                                                     : -1;
        running[i] = running[--*nrunning];
        return;
    }
}

int jf_shards_run(unsigned n, unsigned jobs, jf_shard_work_fn work,
                  void (*tick)(void *ctx), void *ctx, void *results,
                  size_t result_size, int *statuses)
{
    child_t *running = jf_calloc(jobs ? jobs : 1, sizeof *running);
    unsigned nrunning = 0, started = 0;
    int result = 0;

    for (unsigned k = 0; k < n; k++)
        statuses[k] = -1;
    while (started < n || nrunning > 0) {
        if (started < n && nrunning < (jobs ? jobs : 1)) {
            int fd;
            pid_t pid = start_child(started, work, ctx, result_size, &fd);
            if (pid < 0) {
                result = -1;
                n = started; /* start no more; wait for those running */
                continue;
            }
            running[nrunning++] = (child_t){ pid, fd, started };
            started++;
            continue;
        }
        finish_child(running, &nrunning, results, result_size, statuses, tick,
                     ctx);
    }
    free(running);
    return started > 0 ? 0 : result;
}

unsigned long *jf_shards_counter_new(void)
{
    void *p = mmap(NULL, sizeof(unsigned long), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void jf_shards_counter_free(unsigned long *counter)
{
    if (counter)
        munmap(counter, sizeof *counter);
}
