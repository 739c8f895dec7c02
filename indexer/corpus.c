/* corpus.c - walks corpus directories and lists their article files.
 *
 * The walk is sorted so that two runs over the same files do the same
 * work in the same order.  Directories are read completely before any
 * child is visited, so only one directory handle is open at a time however
 * deep the tree.  Symbolic links are followed, because corpora are often
 * assembled from links, but only while they stay inside the corpus
 * directory: a link to /etc/passwd in a corpus someone else fills must not
 * put that file in the index (--follow lifts this for trusted corpora).  A
 * link back to a directory on the current path is detected by device and
 * inode and not followed.  Everything the walk does not list is reported,
 * so the summary can account for every file: article files that cannot
 * be used one by one, other files (hidden, other names) only counted.
 */
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

static const char *const skip_names[JF_SKIP_KINDS] = {
    [JF_SKIP_NONE] = "not skipped",
    [JF_SKIP_UNREADABLE] = "unreadable",
    [JF_SKIP_VANISHED] = "vanished",
    [JF_SKIP_BROKEN_LINK] = "broken link",
    [JF_SKIP_NOT_REGULAR] = "not a file",
    [JF_SKIP_CORRUPT_GZIP] = "corrupt gzip",
    [JF_SKIP_UTF16] = "UTF-16",
    [JF_SKIP_BINARY] = "binary",
    [JF_SKIP_INVALID_UTF8] = "invalid UTF-8",
    [JF_SKIP_EMPTY] = "empty",
    [JF_SKIP_BAD_META] = "bad .meta",
    [JF_SKIP_DIR_LOOP] = "directory loop",
    [JF_SKIP_DUPLICATE] = "duplicate",
    [JF_SKIP_TOO_LARGE] = "too large",
    [JF_SKIP_OUTSIDE] = "link out of the corpus",
    [JF_SKIP_TOO_LONG] = "path too long",
    [JF_SKIP_HIDDEN] = "hidden",
    [JF_SKIP_OTHER_NAME] = "not *.txt or *.txt.gz",
};

const char *jf_skip_name(jf_skip_t kind)
{
    return kind < JF_SKIP_KINDS ? skip_names[kind] : "unknown";
}

bool jf_skip_is_quiet(jf_skip_t kind)
{
    return kind == JF_SKIP_HIDDEN || kind == JF_SKIP_OTHER_NAME;
}

/* ------------------------------------------------------------------ */
/* Listing */

static bool has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), s = strlen(suffix);
    return n > s && strcmp(name + n - s, suffix) == 0;
}

static bool is_article_name(const char *name)
{
    return has_suffix(name, ".txt") || has_suffix(name, ".txt.gz");
}

/* A directory on the path from the corpus root to where the walk is. */
typedef struct {
    dev_t dev;
    ino_t ino;
    size_t path_len; /* its path is the walk's path buffer cut here */
} ancestor_t;

typedef struct {
    jf_corpus_list_t *list;
    jf_corpus_list_t *sidecars; /* or NULL */
    jf_skip_fn skip;
    void *ctx;
    const char *root;     /* the corpus directory's real path; NULL when
                             links may lead anywhere */
    size_t rel;           /* where paths relative to the corpus start */
    unsigned dir;         /* the corpus directory's number in the list */
    jf_buf_t path;        /* the directory being walked */
    JF_VEC(ancestor_t) ancestors;
} walk_t;

/* A directory entry: 'A' plus its type as readdir gives it (d_type:
 * DT_UNKNOWN where the file system does not say), then its name. */
typedef JF_VEC(char *) names_t;

static void skipped(walk_t *w, jf_skip_t kind, const char *reason)
{
    if (w->skip)
        w->skip(w->path.data, kind, reason, w->ctx);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* Reads the entries of the directory W->path into NAMES, sorted by name.
 * Returns false (after reporting the skip) when the directory cannot be
 * read. */
static bool read_names(walk_t *w, names_t *names)
{
    DIR *dir = opendir(w->path.data);
    const struct dirent *entry;

    if (!dir) {
        skipped(w, errno == ENAMETOOLONG ? JF_SKIP_TOO_LONG
                                         : JF_SKIP_UNREADABLE,
                strerror(errno));
        return false;
    }
    while ((entry = readdir(dir)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 &&
            strcmp(entry->d_name, "..") != 0)
            JF_VEC_PUSH(names, jf_strprintf("%c%s", 'A' + entry->d_type,
                                             entry->d_name));
    closedir(dir);
    if (names->n > 0)
        qsort(names->items, names->n, sizeof *names->items, compare_names);
    return true;
}

/* Whether the real path REAL is the corpus directory or under it. */
static bool under_root(const char *root, const char *real)
{
    size_t n = strlen(root);
    if (strcmp(root, "/") == 0)
        return true;
    return strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

/* For a link (W->path) whose target ST is a directory or an article file:
 * false, after reporting it, when following it would leave the corpus. */
static bool link_stays_inside(walk_t *w)
{
    if (!w->root)
        return true;
    char *real = realpath(w->path.data, NULL);
    if (real && under_root(w->root, real)) {
        free(real);
        return true;
    }
    jf_buf_t reason = JF_BUF_INIT;
    jf_buf_printf(&reason, "symbolic link out of the corpus directory (to "
                  "%s); --follow follows it", real ? real : "?");
    skipped(w, JF_SKIP_OUTSIDE, reason.data);
    jf_buf_free(&reason);
    free(real);
    return false;
}

/* An entry W->path named NAME that stat(2) could not follow. */
static void unfollowable(walk_t *w, const char *name, int error,
                         bool is_link)
{
    if (error == ENAMETOOLONG) {
        char reason[80];
        snprintf(reason, sizeof reason, "path longer than the system takes "
                 "(%d bytes)", PATH_MAX);
        skipped(w, JF_SKIP_TOO_LONG, reason);
    } else if (!is_article_name(name)) {
        skipped(w, JF_SKIP_OTHER_NAME, strerror(error));
    } else if (error == ENOENT && is_link) {
        skipped(w, JF_SKIP_BROKEN_LINK, "broken symbolic link");
    } else if (error == ENOENT) {
        skipped(w, JF_SKIP_VANISHED, "vanished");
    } else {
        skipped(w, JF_SKIP_UNREADABLE, strerror(error));
    }
}

/* A file that is not a directory (ST NULL: one readdir says is regular):
 * listed when it is an article file. */
static void visit_file(walk_t *w, const char *name, const struct stat *st)
{
    if (!is_article_name(name)) {
        if (!has_suffix(name, ".meta")) /* sidecars are read with theirs */
            skipped(w, JF_SKIP_OTHER_NAME, "not *.txt or *.txt.gz");
    } else if (st && !S_ISREG(st->st_mode)) {
        skipped(w, JF_SKIP_NOT_REGULAR, S_ISFIFO(st->st_mode)
                ? "not a regular file (a FIFO)"
                : S_ISSOCK(st->st_mode) ? "not a regular file (a socket)"
                                        : "not a regular file (a device)");
    } else {
        jf_corpus_entry_t e = { w->path.data, w->rel, w->root, w->dir };
        jf_corpus_list_add(w->list, &e);
    }
}

static void walk_directory(walk_t *w, const struct stat *st);

/* Looks at one entry of the directory being walked, of readdir's TYPE;
 * W->path names it. */
static void visit(walk_t *w, unsigned char type, const char *name)
{
    struct stat st, link_st;

    if (name[0] == '.') {
        skipped(w, JF_SKIP_HIDDEN, "hidden");
        return;
    }
    if (w->sidecars && has_suffix(name, ".meta")) {
        jf_corpus_entry_t e = { w->path.data, w->rel, w->root, w->dir };
        jf_corpus_list_add(w->sidecars, &e);
    }
    /* A regular file readdir vouches for (not a link) needs no stat: at
     * L that is 200,000 system calls of a run that changes nothing. */
    if (type == DT_REG) {
        visit_file(w, name, NULL);
        return;
    }
    if (lstat(w->path.data, &link_st) != 0) {
        unfollowable(w, name, errno, false);
        return;
    }
    bool is_link = S_ISLNK(link_st.st_mode);
    if (is_link && stat(w->path.data, &st) != 0) {
        unfollowable(w, name, errno, true);
        return;
    }
    if (!is_link)
        st = link_st;
    if (is_link && (S_ISDIR(st.st_mode) || is_article_name(name)) &&
        !link_stays_inside(w))
        return;
    if (S_ISDIR(st.st_mode))
        walk_directory(w, &st);
    else
        visit_file(w, name, &st);
}

static void walk_directory(walk_t *w, const struct stat *st)
{
    for (size_t i = 0; i < w->ancestors.n; i++) {
        const ancestor_t *a = &w->ancestors.items[i];
        if (a->dev == st->st_dev && a->ino == st->st_ino) {
            jf_buf_t reason = JF_BUF_INIT;
            jf_buf_printf(&reason, "directory loop (leads back to %.*s)",
                          (int)a->path_len, w->path.data);
            skipped(w, JF_SKIP_DIR_LOOP, reason.data);
            jf_buf_free(&reason);
            return;
        }
    }

    size_t dir_len = w->path.len;
    names_t names = { NULL, 0, 0 };
    if (!read_names(w, &names))
        return;

    JF_VEC_PUSH(&w->ancestors,
                ((ancestor_t){ st->st_dev, st->st_ino, dir_len }));
    for (size_t i = 0; i < names.n; i++) {
        if (dir_len > 0 && w->path.data[dir_len - 1] != '/')
            jf_buf_putc(&w->path, '/');
        jf_buf_puts(&w->path, names.items[i] + 1);
        visit(w, (unsigned char)(names.items[i][0] - 'A'),
              names.items[i] + 1);
        w->path.len = dir_len;
        w->path.data[dir_len] = '\0';
        free(names.items[i]);
    }
    JF_VEC_FREE(&names);
    w->ancestors.n--;
}

void jf_corpus_list(const char *dir, const jf_corpus_rules_t *rules,
                    jf_corpus_list_t *list, jf_corpus_list_t *sidecars,
                    jf_skip_fn skip, void *ctx)
{
    walk_t w = { list, sidecars, skip, ctx, NULL, 0, 0, JF_BUF_INIT,
                 { NULL, 0, 0 } };
    size_t len = strlen(dir);
    struct stat st;

    /* "corpus/" and "corpus" name the same articles: drop trailing
     * slashes so both give the same paths, hence the same article ids. */
    while (len > 1 && dir[len - 1] == '/')
        len--;
    jf_buf_append(&w.path, dir, len);
    w.rel = len > 0 && dir[len - 1] != '/' ? len + 1 : len;
    char *root = realpath(w.path.data, NULL);
    if (!root || stat(root, &st) != 0) {
        skipped(&w, JF_SKIP_UNREADABLE, strerror(errno));
        free(root);
    } else {
        JF_VEC_PUSH(&list->roots, root);
        w.root = rules && rules->follow ? NULL : root;
        w.dir = (unsigned)list->roots.n - 1;
        walk_directory(&w, &st);
    }
    jf_buf_free(&w.path);
    JF_VEC_FREE(&w.ancestors);
}

void jf_corpus_list_add(jf_corpus_list_t *list,
                        const jf_corpus_entry_t *entry)
{
    JF_VEC_PUSH(list, ((jf_corpus_entry_t){ jf_strdup(entry->path),
                                            entry->rel, entry->root,
                                            entry->dir }));
}

void jf_corpus_list_free(jf_corpus_list_t *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->items[i].path);
    JF_VEC_FREE(list);
    for (size_t i = 0; i < list->roots.n; i++)
        free(list->roots.items[i]);
    JF_VEC_FREE(&list->roots);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(((const jf_corpus_entry_t *)a)->path,
                  ((const jf_corpus_entry_t *)b)->path);
}

void jf_corpus_list_sort(jf_corpus_list_t *list)
{
    if (list->n > 0)
        qsort(list->items, list->n, sizeof *list->items, compare_paths);
}

bool jf_corpus_listed(const jf_corpus_list_t *list, const char *path)
{
    jf_corpus_entry_t key = { (char *)path, 0, NULL, 0 };
    return list->n > 0 && bsearch(&key, list->items, list->n,
                                  sizeof *list->items, compare_paths);
}
