/* files.c - making, swapping and removing directories around an index
 * (files.h). */
#define _GNU_SOURCE
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"

/* How many links in a row jf_resolve_index follows (as the kernel does). */
enum { MAX_LINKS = 40 };

/* Why writing failed, in the words of jf_fail_write. */
static const char *why_not_written(int errno_value)
{
    return errno_value == EACCES || errno_value == EPERM ? "permission denied"
         : errno_value == EROFS ? "read-only file system"
         : errno_value == ENOSPC || errno_value == EDQUOT ? "disk full"
         : strerror(errno_value);
}

int jf_fail_write(const char *path, int errno_value, jf_error_t *err)
{
    return jf_fail(err, errno_value == ENOENT ? JFX_NOT_FOUND : JFX_IO,
                   "%s: cannot write the index: %s", path,
                   why_not_written(errno_value));
}

void jf_reword_write_failure(const char *index, jf_error_t *err)
{
    static const int causes[] = { ENOSPC, EDQUOT, EROFS, EACCES, EPERM };
    if (!jf_failed(err) || !err->message)
        return;
    for (size_t i = 0; i < sizeof causes / sizeof *causes; i++) {
        if (!strstr(err->message, strerror(causes[i])))
            continue;
        char *message = jf_strprintf("%s: cannot write the index: %s; the "
                                     "index is left as it was (%s)", index,
                                     why_not_written(causes[i]),
                                     err->message);
        free(err->message);
        err->message = message;
        return;
    }
}

/* The new index could not be renamed in for ERRNO_VALUE. */
static int fail_swap(const char *path, int errno_value, jf_error_t *err)
{
    return jf_fail(err, JFX_IO, "%s: cannot put the new index in place: %s",
                   path, why_not_written(errno_value));
}

/* The first regular file in the directory PATH this user cannot write
 * (Xapian writes its tables and lock file in place), as a failure. */
static int check_files_writable(const char *path, jf_error_t *err)
{
    DIR *dir = opendir(path);
    const struct dirent *e;
    while (dir && !jf_failed(err) && (e = readdir(dir)) != NULL) {
        char *file = jf_strprintf("%s/%s", path, e->d_name);
        struct stat st;
        if (e->d_name[0] != '.' && lstat(file, &st) == 0 &&
            S_ISREG(st.st_mode) && access(file, W_OK) != 0)
            jf_fail_write(path, errno, err);
        free(file);
    }
    if (dir)
        closedir(dir);
    return jf_failed(err) ? -1 : 0;
}

int jf_check_writable(const char *path, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    char *p = jf_strdup(path);
    /* The nearest part of PATH that exists is what must be writable. */
    while (access(p, F_OK) != 0 && errno == ENOENT) {
        char *slash = strrchr(p, '/');
        if (!slash) {
            strcpy(p, ".");
            break;
        }
        if (slash == p)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
    if (access(p, W_OK | X_OK) != 0)
        jf_fail_write(path, errno, err);
    else if (strcmp(p, path) == 0)
        check_files_writable(path, err);
    free(p);
    return jf_failed(err) ? -1 : 0;
}

char *jf_resolve_index(const char *index)
{
    char *path = jf_strdup(index);
    char target[PATH_MAX];
    struct stat st;

    for (int i = 0; i < MAX_LINKS && lstat(path, &st) == 0 &&
                    S_ISLNK(st.st_mode); i++) {
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n < 0)
            break;
        target[n] = '\0';
        char *slash = strrchr(path, '/');
        char *next = target[0] == '/' || !slash
            ? jf_strdup(target)
            : jf_strprintf("%.*s/%s", (int)(slash - path), path, target);
        free(path);
        path = next;
    }
    return path;
}

/* Creates the directory PATH unless it exists. */
static int make_directory(const char *path, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return jf_fail_write(path, errno, err);
    return 0;
}

int jf_make_parents(const char *path, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    char *copy = jf_strdup(path);
    char *slash = strrchr(copy, '/');
    if (slash && slash != copy) {
        *slash = '\0';
        for (char *p = copy + 1; !jf_failed(err); p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char c = *p;
            *p = '\0';
            make_directory(copy, err);
            *p = c;
            if (c == '\0')
                break;
        }
    }
    free(copy);
    return jf_failed(err) ? -1 : 0;
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

uint64_t jf_tree_size(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    uint64_t bytes = (uint64_t)st.st_blocks * 512;
    DIR *dir = S_ISDIR(st.st_mode) ? opendir(path) : NULL;
    const struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *file = jf_strprintf("%s/%s", path, e->d_name);
        bytes += jf_tree_size(file);
        free(file);
    }
    if (dir)
        closedir(dir);
    return bytes;
}

int jf_sync_tree(const char *path, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        int error = errno;
        if (fd >= 0)
            close(fd);
        return jf_fail_write(path, error, err);
    }
    DIR *dir = S_ISDIR(st.st_mode) ? opendir(path) : NULL;
    const struct dirent *e;
    while (dir && !jf_failed(err) && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *file = jf_strprintf("%s/%s", path, e->d_name);
        jf_sync_tree(file, err);
        free(file);
    }
    if (dir)
        closedir(dir);
    if (fsync(fd) != 0 && errno != EINVAL)
        jf_fail_write(path, errno, err);
    close(fd);
    return jf_failed(err) ? -1 : 0;
}

int jf_swap_in(const char *from, const char *to, const char *aside,
               jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno == ENOENT && rename(from, to) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return fail_swap(to, errno, err);
    if (rename(to, aside) != 0)
        return fail_swap(to, errno, err);
    if (rename(from, to) == 0)
        return 0;
    int error = errno;
    if (rename(aside, to) == 0)
        return fail_swap(to, error, err);
    return jf_fail(err, JFX_IO, "%s: cannot put the new index in place (%s), "
                   "nor the old one back: it is at %s (the next jfindex run "
                   "puts it back)", to, why_not_written(error), aside);
}
