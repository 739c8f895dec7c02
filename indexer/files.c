/* files.c - making and removing directories around an index (files.h). */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"

int jf_make_directory(const char *path, bool existing_ok, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    if (mkdir(path, 0777) != 0 && !(existing_ok && errno == EEXIST))
        return jf_fail(err, JFX_IO, "%s: cannot create directory: %s", path,
                       strerror(errno));
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
            jf_make_directory(copy, true, err);
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
