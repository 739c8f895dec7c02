/* corpus.c - walks corpus directories and reads article files.
 *
 * The walk is sorted so that two runs over the same files do the same
 * work in the same order.  Directories are read completely before any
 * child is visited, so only one directory handle is open at a time however
 * deep the tree.  Symbolic links are followed, because corpora are often
 * assembled from links; a link back to a directory on the current path is
 * detected by device and inode and not followed.
 *
 * Reading decodes .txt.gz with zlib and then insists on clean UTF-8 text:
 * the analyser downstream assumes it, and a file that is really UTF-16 or
 * binary would otherwise index as garbage without anyone noticing.
 */
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "alloc.h"
#include "metadata.h"
#include "text.h"

const char *jf_skip_name(jf_skip_t kind)
{
    switch (kind) {
    case JF_SKIP_NONE: return "not skipped";
    case JF_SKIP_UNREADABLE: return "unreadable";
    case JF_SKIP_VANISHED: return "vanished";
    case JF_SKIP_BROKEN_LINK: return "broken link";
    case JF_SKIP_NOT_REGULAR: return "not a file";
    case JF_SKIP_CORRUPT_GZIP: return "corrupt gzip";
    case JF_SKIP_UTF16: return "UTF-16";
    case JF_SKIP_BINARY: return "binary";
    case JF_SKIP_INVALID_UTF8: return "invalid UTF-8";
    case JF_SKIP_EMPTY: return "empty";
    case JF_SKIP_BAD_META: return "bad .meta";
    case JF_SKIP_DIR_LOOP: return "directory loop";
    case JF_SKIP_DUPLICATE: return "duplicate";
    case JF_SKIP_KINDS: break;
    }
    return "unknown";
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
    jf_buf_t path;        /* the directory being walked */
    JF_VEC(ancestor_t) ancestors;
} walk_t;

/* A directory entry: 'A' plus its type as readdir gives it (d_type:
 * DT_UNKNOWN where the file system does not say), then its name. */
typedef JF_VEC(char *) names_t;

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* Reads the entries of the directory W->path into NAMES, sorted by name,
 * without hidden ones.  Returns false (after reporting the skip) when the
 * directory cannot be read. */
static bool read_names(walk_t *w, names_t *names)
{
    DIR *dir = opendir(w->path.data);
    const struct dirent *entry;

    if (!dir) {
        w->skip(w->path.data, JF_SKIP_UNREADABLE, strerror(errno), w->ctx);
        return false;
    }
    while ((entry = readdir(dir)) != NULL)
        if (entry->d_name[0] != '.')
            JF_VEC_PUSH(names, jf_strprintf("%c%s", 'A' + entry->d_type,
                                             entry->d_name));
    closedir(dir);
    if (names->n > 0)
        qsort(names->items, names->n, sizeof *names->items, compare_names);
    return true;
}

static void walk_directory(walk_t *w, const struct stat *st);

/* Looks at one entry of the directory being walked, of readdir's TYPE;
 * W->path names it. */
static void visit(walk_t *w, unsigned char type, const char *name)
{
    struct stat st, link_st;

    if (w->sidecars && has_suffix(name, ".meta"))
        JF_VEC_PUSH(w->sidecars, jf_strdup(w->path.data));
    /* A regular file readdir vouches for needs no stat: at L that is
     * 200,000 system calls of a run that changes nothing. */
    if (type == DT_REG) {
        if (is_article_name(name))
            JF_VEC_PUSH(w->list, jf_strdup(w->path.data));
        return;
    }
    if (stat(w->path.data, &st) != 0) {
        if (!is_article_name(name))
            return;
        if (errno == ENOENT && lstat(w->path.data, &link_st) == 0 &&
            S_ISLNK(link_st.st_mode))
            w->skip(w->path.data, JF_SKIP_BROKEN_LINK,
                    "broken symbolic link", w->ctx);
        else if (errno == ENOENT)
            w->skip(w->path.data, JF_SKIP_VANISHED, "vanished", w->ctx);
        else
            w->skip(w->path.data, JF_SKIP_UNREADABLE, strerror(errno), w->ctx);
        return;
    }
    if (S_ISDIR(st.st_mode))
        walk_directory(w, &st);
    else if (S_ISREG(st.st_mode) && is_article_name(name))
        JF_VEC_PUSH(w->list, jf_strdup(w->path.data));
}

static void walk_directory(walk_t *w, const struct stat *st)
{
    for (size_t i = 0; i < w->ancestors.n; i++) {
        const ancestor_t *a = &w->ancestors.items[i];
        if (a->dev == st->st_dev && a->ino == st->st_ino) {
            jf_buf_t reason = JF_BUF_INIT;
            jf_buf_printf(&reason, "directory loop (leads back to %.*s)",
                          (int)a->path_len, w->path.data);
            w->skip(w->path.data, JF_SKIP_DIR_LOOP, reason.data, w->ctx);
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

void jf_corpus_list(const char *dir, jf_corpus_list_t *list,
                    jf_corpus_list_t *sidecars, jf_skip_fn skip, void *ctx)
{
    walk_t w = { list, sidecars, skip, ctx, JF_BUF_INIT, { NULL, 0, 0 } };
    size_t len = strlen(dir);
    struct stat st;

    /* "corpus/" and "corpus" name the same articles: drop trailing
     * slashes so both give the same paths, hence the same article ids. */
    while (len > 1 && dir[len - 1] == '/')
        len--;
    jf_buf_append(&w.path, dir, len);
    if (stat(w.path.data, &st) != 0)
        skip(w.path.data, JF_SKIP_UNREADABLE, strerror(errno), ctx);
    else
        walk_directory(&w, &st);
    jf_buf_free(&w.path);
    JF_VEC_FREE(&w.ancestors);
}

void jf_corpus_list_free(jf_corpus_list_t *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->items[i]);
    JF_VEC_FREE(list);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void jf_corpus_list_sort(jf_corpus_list_t *list)
{
    if (list->n > 0)
        qsort(list->items, list->n, sizeof *list->items, compare_paths);
}

bool jf_corpus_listed(const jf_corpus_list_t *list, const char *path)
{
    return list->n > 0 && bsearch(&path, list->items, list->n,
                                  sizeof *list->items, compare_paths);
}

/* ------------------------------------------------------------------ */
/* Reading */

/* Reads all of FD into OUT.  Returns 0, or -1 with errno set. */
static int read_plain(int fd, jf_buf_t *out)
{
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -1 : 0;
        jf_buf_append(out, chunk, (size_t)n);
    }
}

/* Decompresses all of FD (taking it over) into OUT.  Returns 0, or -1 when
 * it is not complete gzip data, with errno 0 for bad data. */
static int read_gzip(int fd, jf_buf_t *out)
{
    gzFile gz = gzdopen(fd, "rb");
    char chunk[65536];
    int n, status;

    if (!gz) {
        close(fd);
        errno = ENOMEM;
        return -1;
    }
    gzbuffer(gz, sizeof chunk);
    while ((n = gzread(gz, chunk, sizeof chunk)) > 0)
        jf_buf_append(out, chunk, (size_t)n);
    gzerror(gz, &status);
    int saved_errno = status == Z_ERRNO ? errno : 0;
    /* zlib reads a file that is not gzip "transparently"; a .gz must be. */
    bool direct = gzdirect(gz);
    int closed = gzclose_r(gz);
    if (n < 0 || direct || closed != Z_OK) {
        errno = saved_errno;
        return -1;
    }
    return 0;
}

/* Offset of the first byte of TEXT that does not begin a valid UTF-8
 * character.  Only called on text jf_utf8_valid rejected, so the per
 * character checks cost nothing in the common case. */
static size_t first_invalid_utf8(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n = jf_utf8_char_len(text + i, len - i);
        if (!jf_utf8_valid(text + i, n))
            return i;
        i += n;
    }
    return len;
}

/* Strips a UTF-8 byte order mark and turns CRLF and lone CR into LF, in
 * place. */
static void normalise(jf_buf_t *text)
{
    if (text->len == 0)
        return;
    const char *in = text->data, *end = text->data + text->len;
    char *out = text->data;

    if (text->len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)
        in += 3;
    while (in < end) {
        if (*in == '\r') {
            *out++ = '\n';
            in += (in + 1 < end && in[1] == '\n') ? 2 : 1;
        } else {
            *out++ = *in++;
        }
    }
    *out = '\0';
    text->len = (size_t)(out - text->data);
}

/* Checks decoded bytes; returns why they are not article text, if so. */
static jf_skip_t check_text(const jf_buf_t *text, jf_buf_t *reason)
{
    const unsigned char *bytes = (const unsigned char *)text->data;
    const char *nul;

    if (text->len >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) ||
                           (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
        jf_buf_puts(reason, "UTF-16 text; convert it to UTF-8");
        return JF_SKIP_UTF16;
    }
    if (text->len == 0)
        return JF_SKIP_NONE; /* empty: article.c finds no headline */
    if ((nul = memchr(text->data, '\0', text->len)) != NULL) {
        jf_buf_printf(reason, "binary file (NUL byte at byte %zu)",
                      (size_t)(nul - text->data));
        return JF_SKIP_BINARY;
    }
    if (!jf_utf8_valid(text->data, text->len)) {
        jf_buf_printf(reason, "invalid UTF-8 at byte %zu",
                      first_invalid_utf8(text->data, text->len));
        return JF_SKIP_INVALID_UTF8;
    }
    return JF_SKIP_NONE;
}

/* Reads the sidecar of the article at PATH, if there is one, into FILE,
 * folding its bytes into the fingerprint. */
static jf_skip_t read_sidecar(const char *path, jf_corpus_file_t *file,
                              jf_buf_t *reason)
{
    char *meta_path = jf_metadata_sidecar_path(path);
    jf_buf_t text = JF_BUF_INIT, why = JF_BUF_INIT;
    jf_skip_t kind = JF_SKIP_NONE;
    int fd = open(meta_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        if (errno != ENOENT) {
            jf_buf_printf(reason, "%s: %s", meta_path, strerror(errno));
            kind = JF_SKIP_UNREADABLE;
        }
        free(meta_path);
        return kind;
    }
    if (read_plain(fd, &text) != 0) {
        jf_buf_printf(reason, "%s: %s", meta_path, strerror(errno));
        kind = JF_SKIP_UNREADABLE;
    } else if ((kind = check_text(&text, &why)) != JF_SKIP_NONE) {
        jf_buf_printf(reason, "%s: %s", meta_path, why.data);
    } else {
        file->crc = (uint32_t)crc32_z(file->crc, (const Bytef *)text.data,
                                      text.len);
        file->adler = (uint32_t)adler32_z(file->adler,
                                          (const Bytef *)text.data, text.len);
        file->size += text.len;
        normalise(&text);
        file->meta_len = text.len;
        file->meta = jf_buf_release(&text);
    }
    close(fd);
    jf_buf_free(&text);
    jf_buf_free(&why);
    free(meta_path);
    return kind;
}

jf_skip_t jf_corpus_read(const char *path, jf_corpus_file_t *file,
                         jf_buf_t *reason)
{
    jf_buf_t text = JF_BUF_INIT;
    struct stat st;
    jf_skip_t kind;
    int fd, status;

    memset(file, 0, sizeof *file);
    jf_buf_reset(reason);
    /* O_NONBLOCK: a FIFO swapped in after listing must not hang the run. */
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            jf_buf_puts(reason, "vanished");
            return JF_SKIP_VANISHED;
        }
        jf_buf_puts(reason, strerror(errno));
        return JF_SKIP_UNREADABLE;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        jf_buf_puts(reason, "not a regular file");
        return JF_SKIP_NOT_REGULAR;
    }

    if (has_suffix(path, ".gz")) {
        status = read_gzip(fd, &text);
    } else {
        status = read_plain(fd, &text);
        close(fd);
    }
    if (status != 0) {
        if (has_suffix(path, ".gz") && errno == 0) {
            jf_buf_puts(reason, "corrupt gzip data");
            kind = JF_SKIP_CORRUPT_GZIP;
        } else {
            jf_buf_puts(reason, strerror(errno));
            kind = JF_SKIP_UNREADABLE;
        }
        jf_buf_free(&text);
        return kind;
    }
    if ((kind = check_text(&text, reason)) != JF_SKIP_NONE) {
        jf_buf_free(&text);
        return kind;
    }
    file->crc = (uint32_t)crc32_z(0L, (const Bytef *)text.data, text.len);
    file->adler = (uint32_t)adler32_z(1L, (const Bytef *)text.data, text.len);
    file->size = text.len;
    file->mtime = (int64_t)st.st_mtime;
    if ((kind = read_sidecar(path, file, reason)) != JF_SKIP_NONE) {
        jf_buf_free(&text);
        jf_corpus_file_free(file);
        return kind;
    }
    normalise(&text);
    file->len = text.len;
    file->text = jf_buf_release(&text);
    return JF_SKIP_NONE;
}

void jf_corpus_file_free(jf_corpus_file_t *file)
{
    free(file->text);
    free(file->meta);
    file->text = file->meta = NULL;
    file->len = file->meta_len = 0;
}

/* One file's part of jf_corpus_stat's string; false when it has none. */
static bool stat_part(const struct stat *st, char *out, size_t size)
{
    if (st->st_mtim.tv_nsec == 0 && st->st_ctim.tv_nsec == 0)
        return false; /* times to the second only */
    int n = snprintf(out, size, "%ju:%ju:%jd:%jd.%09ld:%jd.%09ld",
                     (uintmax_t)st->st_dev, (uintmax_t)st->st_ino,
                     (intmax_t)st->st_size, (intmax_t)st->st_mtim.tv_sec,
                     st->st_mtim.tv_nsec, (intmax_t)st->st_ctim.tv_sec,
                     st->st_ctim.tv_nsec);
    return n > 0 && (size_t)n < size;
}

bool jf_corpus_stat(const char *path, const jf_corpus_list_t *sidecars,
                    char out[JF_CORPUS_STAT_MAX])
{
    struct stat st;
    char *meta = jf_metadata_sidecar_path(path);
    size_t half = JF_CORPUS_STAT_MAX / 2;
    bool trusted = false;

    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        stat_part(&st, out, half)) {
        size_t at = strlen(out);
        bool listed = meta && (!sidecars || jf_corpus_listed(sidecars, meta));
        if (!listed || stat(meta, &st) != 0) {
            /* No sidecar (if one appears, the article changes). */
            trusted = !listed || errno == ENOENT;
            snprintf(out + at, JF_CORPUS_STAT_MAX - at, "|-");
        } else {
            out[at] = '|';
            trusted = S_ISREG(st.st_mode) &&
                      stat_part(&st, out + at + 1,
                                JF_CORPUS_STAT_MAX - at - 1);
        }
    }
    free(meta);
    return trusted;
}
