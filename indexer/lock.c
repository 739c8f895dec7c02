/* lock.c - one jfindex run at a time on an index, and what dead runs left
 * (see lock.h).
 *
 * flock(2) on the directory rather than a lock file beside it: nothing
 * more to leave lying around, and nothing to remove at the end (removing
 * a lock file lets a second run lock a file no longer there).  The cost
 * is that a full build swaps the directory itself, so a run that waited
 * checks, once it has the lock, that the directory it locked is still
 * the one at INDEX, and otherwise locks again.
 */
#include "lock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "files.h"

/* How often a run waiting for the lock tries again. */
enum { RETRY_MS = 50 };

/* INDEX's directory (ending in '/', or "") and last component, without
 * trailing slashes, into DIR and NAME (malloc'd). */
static void split_path(const char *index, char **dir, char **name)
{
    size_t len = strlen(index);
    while (len > 1 && index[len - 1] == '/')
        len--;
    const char *base = index + len;
    while (base > index && base[-1] != '/')
        base--;
    *dir = jf_strndup(index, (size_t)(base - index));
    *name = jf_strndup(base, (size_t)(index + len - base));
}

/* DIR/.NAME.KIND-PID for INDEX. */
static char *beside(const char *index, const char *kind)
{
    char *dir, *name;
    split_path(index, &dir, &name);
    char *path = jf_strprintf("%s.%s.%s-%ld", dir, name, kind,
                              (long)getpid());
    free(dir);
    free(name);
    return path;
}

char *jf_index_scratch_path(const char *index)
{
    return beside(index, "build");
}

int jf_index_make_scratch(const char *index, const char *scratch,
                          jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    if (mkdir(scratch, 0777) != 0)
        return jf_fail_write(index, errno, err);
    return 0;
}

char *jf_index_aside_path(const char *index)
{
    return beside(index, "replaced");
}

/* Calls FN with the path of each entry of INDEX's directory whose name
 * starts with ".NAME.KIND-". */
static void each_beside(const char *index, const char *kind,
                         void (*fn)(const char *path, void *ctx), void *ctx)
{
    char *dir, *name;
    split_path(index, &dir, &name);
    char *prefix = jf_strprintf(".%s.%s-", name, kind);
    DIR *d = opendir(*dir ? dir : ".");
    const struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        char *path = jf_strprintf("%s%s", dir, e->d_name);
        fn(path, ctx);
        free(path);
    }
    if (d)
        closedir(d);
    free(prefix);
    free(dir);
    free(name);
}

static void restore_one(const char *path, void *index)
{
    /* Fails harmlessly once one is back (or another run put it back). */
    rename(path, index);
}

/* A run that moved INDEX aside and died before renaming the new index in
 * left no index at all: the old one goes back. */
static void restore_aside(const char *index)
{
    struct stat st;
    if (lstat(index, &st) != 0 && errno == ENOENT)
        each_beside(index, "replaced", restore_one, (void *)index);
}

static bool same_directory(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Makes INDEX (and its parents) when it is missing. */
static int make_index_directory(const char *index, bool *created,
                                jf_error_t *err)
{
    struct stat st;
    if (stat(index, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0
            : jf_fail(err, JFX_INVALID, "%s: not a directory (an index is "
                      "a directory)", index);
    if (errno != ENOENT)
        return jf_fail_write(index, errno, err);
    if (jf_make_parents(index, err) != 0)
        return -1;
    if (mkdir(index, 0777) == 0)
        *created = true;
    else if (errno != EEXIST)
        return jf_fail_write(index, errno, err);
    return 0;
}

int jf_index_lock(const char *index, unsigned timeout_ms, int *fd,
                  bool *created, jf_error_t *err)
{
    *fd = -1;
    *created = false;
    if (jf_failed(err))
        return -1;
    restore_aside(index);
    if (make_index_directory(index, created, err) != 0 ||
        jf_check_writable(index, err) != 0)
        return -1;
    double deadline = now() + timeout_ms / 1000.0;
    for (;;) {
        int d = open(index, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (d < 0)
            return jf_fail_write(index, errno, err);
        if (flock(d, LOCK_EX | LOCK_NB) == 0) {
            if (same_directory(d, index)) {
                *fd = d;
                return 0;
            }
            close(d); /* swapped while waiting: lock the one there now */
            continue;
        }
        int error = errno;
        close(d);
        if (error != EWOULDBLOCK)
            return jf_fail_write(index, error, err);
        if (now() >= deadline)
            return jf_fail(err, JFX_LOCKED, "%s: index is being updated by "
                           "another jfindex; gave up after %g s", index,
                           timeout_ms / 1000.0);
        usleep(RETRY_MS * 1000);
    }
}

void jf_index_unlock(int fd)
{
    if (fd >= 0)
        close(fd); /* releases the flock */
}

bool jf_index_busy(const char *index)
{
    int d = open(index, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0)
        return false;
    bool busy = flock(d, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(d);
    return busy;
}

typedef struct {
    jf_leftover_fn fn;
    void *ctx;
} leftover_t;

static void report(const char *path, void *ctx)
{
    leftover_t *l = ctx;
    l->fn(path, jf_tree_size(path), l->ctx);
}

void jf_index_leftovers(const char *index, jf_leftover_fn fn, void *ctx)
{
    leftover_t l = { fn, ctx };
    each_beside(index, "build", report, &l);
    each_beside(index, "replaced", report, &l);
    DIR *d = opendir(index);
    const struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, ".lexicon.", 9) != 0 &&
            strcmp(e->d_name, "XAPIANDB.new") != 0)
            continue;
        char *path = jf_strprintf("%s/%s", index, e->d_name);
        report(path, &l);
        free(path);
    }
    if (d)
        closedir(d);
}
