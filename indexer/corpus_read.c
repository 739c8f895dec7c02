/* corpus_read.c - reads one article file as clean UTF-8 (see corpus.h).
 *
 * Reading decodes .txt.gz with zlib and then insists on clean UTF-8 text:
 * the analyser downstream assumes it, and a file that is really UTF-16 or
 * binary would otherwise index as garbage without anyone noticing.
 *
 * Every read is bounded.  A file's size is checked before a byte is read,
 * and the bytes are counted as they stream in (a file can grow after its
 * size was taken, and a .gz's decompressed size is known only by
 * decompressing), so a 200 MB log or a gzip bomb costs a few reads and one
 * "too large" line, never the run's memory.  The file actually opened
 * must lie under the corpus directory: the walk checked the link that led
 * to it, but a link can be swapped between listing and reading.
 */
#include "corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

/* How reading raw bytes ended. */
typedef enum { READ_OK, READ_FAILED, READ_BAD_GZIP, READ_TOO_LARGE } read_t;

static bool has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), s = strlen(suffix);
    return n > s && strcmp(name + n - s, suffix) == 0;
}

void jf_corpus_size_text(uint64_t size, jf_buf_t *out)
{
    double mb = (double)size / (1 << 20);
    if (size < 1024)
        jf_buf_printf(out, "%llu bytes", (unsigned long long)size);
    else if (size < (1 << 20))
        jf_buf_printf(out, "%llu KB", (unsigned long long)(size >> 10));
    else if (mb < 10 && size % (1 << 20) != 0)
        jf_buf_printf(out, "%.1f MB", mb);
    else
        jf_buf_printf(out, "%.0f MB", mb);
}

/* Reads all of FD into OUT, but stops once it has more than LIMIT bytes. */
static read_t read_plain(int fd, uint64_t limit, jf_buf_t *out)
{
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? READ_FAILED : READ_OK;
        jf_buf_append(out, chunk, (size_t)n);
        if (out->len > limit)
            return READ_TOO_LARGE;
    }
}

/* Decompresses FD (taking it over) into OUT, stopping once it has more
 * than LIMIT bytes.  READ_FAILED leaves errno set. */
static read_t read_gzip(int fd, uint64_t limit, jf_buf_t *out)
{
    gzFile gz = gzdopen(fd, "rb");
    char chunk[65536];
    int n, status;

    if (!gz) {
        close(fd);
        errno = ENOMEM;
        return READ_FAILED;
    }
    gzbuffer(gz, sizeof chunk);
    while ((n = gzread(gz, chunk, sizeof chunk)) > 0) {
        jf_buf_append(out, chunk, (size_t)n);
        if (out->len > limit) {
            gzclose_r(gz);
            return READ_TOO_LARGE;
        }
    }
    gzerror(gz, &status);
    int saved_errno = errno;
    /* zlib reads a file that is not gzip "transparently"; a .gz must be. */
    bool direct = gzdirect(gz);
    int closed = gzclose_r(gz);
    if (n < 0 && status == Z_ERRNO) {
        errno = saved_errno;
        return READ_FAILED;
    }
    return n < 0 || direct || closed != Z_OK ? READ_BAD_GZIP : READ_OK;
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

/* Whether the file open on FD (opened as PATH) lies under the real path
 * ROOT: where it really is, whatever links led there. */
static bool opened_inside(int fd, const char *path, const char *root)
{
    char proc[64], real[PATH_MAX + 1];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(proc, real, PATH_MAX);
    char *found = n >= 0 ? (real[n] = '\0', real) : realpath(path, NULL);
    size_t len = strlen(root);
    bool inside = found && (strcmp(root, "/") == 0 ||
                            (strncmp(found, root, len) == 0 &&
                             found[len] == '/'));
    if (found != real)
        free(found);
    return inside;
}

/* Opens PATH for reading without blocking on a FIFO, as a regular file
 * under ROOT.  Returns the descriptor, or -1 with the skip in *KIND and
 * why in REASON (errno's text, for the caller to prefix). */
static int open_regular(const char *path, const char *root,
                        struct stat *st, jf_skip_t *kind, jf_buf_t *reason)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *kind = errno == ENOENT ? JF_SKIP_VANISHED
              : errno == ENAMETOOLONG ? JF_SKIP_TOO_LONG : JF_SKIP_UNREADABLE;
        jf_buf_puts(reason, errno == ENOENT ? "vanished" : strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        *kind = JF_SKIP_NOT_REGULAR;
        jf_buf_puts(reason, "not a regular file");
    } else if (root && !opened_inside(fd, path, root)) {
        *kind = JF_SKIP_OUTSIDE;
        jf_buf_puts(reason, "leads out of the corpus directory; --follow "
                    "follows links out of it");
    } else {
        return fd;
    }
    close(fd);
    return -1;
}

/* "too large (SIZE, limit LIMIT); OPTION raises the limit" into REASON. */
static jf_skip_t too_large(const char *over, uint64_t size, uint64_t limit,
                           const char *option, jf_buf_t *reason)
{
    jf_buf_puts(reason, "too large (");
    jf_buf_puts(reason, over);
    jf_corpus_size_text(size, reason);
    jf_buf_puts(reason, over[0] ? " decompressed, limit " : ", limit ");
    jf_corpus_size_text(limit, reason);
    jf_buf_printf(reason, "); %s raises it", option);
    return JF_SKIP_TOO_LARGE;
}

/* Folds TEXT (as read) into FILE's fingerprint and size. */
static void fingerprint(jf_corpus_file_t *file, const jf_buf_t *text)
{
    file->crc = (uint32_t)crc32_z(file->crc, (const Bytef *)text->data,
                                  text->len);
    file->adler = (uint32_t)adler32_z(file->adler,
                                      (const Bytef *)text->data, text->len);
    file->size += text->len;
}

/* Reads the sidecar of the article at PATH, if there is one, into FILE,
 * folding its bytes into the fingerprint.  A sidecar name too long to
 * exist (that of a 255-byte NAME.txt) means there is none. */
static jf_skip_t read_sidecar(const char *path, const char *root,
                              uint64_t limit, jf_corpus_file_t *file,
                              jf_buf_t *reason)
{
    char *meta_path = jf_metadata_sidecar_path(path);
    jf_buf_t text = JF_BUF_INIT, why = JF_BUF_INIT;
    jf_skip_t kind = JF_SKIP_NONE;
    struct stat st;
    int fd = open_regular(meta_path, root, &st, &kind, &why);
    read_t status = READ_OK;

    if (fd >= 0 && (uint64_t)st.st_size <= limit)
        status = read_plain(fd, limit, &text);
    if (fd < 0) {
        if (kind == JF_SKIP_VANISHED || kind == JF_SKIP_TOO_LONG)
            kind = JF_SKIP_NONE;
    } else if ((uint64_t)st.st_size > limit || status == READ_TOO_LARGE) {
        kind = too_large("", (uint64_t)st.st_size > text.len
                                 ? (uint64_t)st.st_size : text.len,
                         limit, "--max-size", &why);
    } else if (status == READ_FAILED) {
        kind = JF_SKIP_UNREADABLE;
        jf_buf_puts(&why, strerror(errno));
    } else if ((kind = check_text(&text, &why)) == JF_SKIP_NONE) {
        fingerprint(file, &text);
        normalise(&text);
        file->meta_len = text.len;
        file->meta = jf_buf_release(&text);
    }
    if (kind != JF_SKIP_NONE)
        jf_buf_printf(reason, "%s: %s", meta_path, why.data);
    if (fd >= 0)
        close(fd);
    jf_buf_free(&text);
    jf_buf_free(&why);
    free(meta_path);
    return kind;
}

/* Reads the article file open on FD (PATH, whose stat data is ST) into
 * TEXT, within the limits. */
static jf_skip_t read_article(int fd, const char *path, const struct stat *st,
                              uint64_t max_size, uint64_t max_decompressed,
                              jf_buf_t *text, jf_buf_t *reason)
{
    bool gz = has_suffix(path, ".gz");
    if ((uint64_t)st->st_size > max_size) {
        close(fd);
        return too_large("", (uint64_t)st->st_size, max_size, "--max-size",
                         reason);
    }
    read_t status = gz ? read_gzip(fd, max_decompressed, text)
                       : read_plain(fd, max_size, text);
    int error = errno;
    if (!gz)
        close(fd);
    switch (status) {
    case READ_OK:
        return check_text(text, reason);
    case READ_TOO_LARGE:
        return gz ? too_large("over ", max_decompressed, max_decompressed,
                              "--max-decompressed", reason)
                  : too_large("", text->len, max_size, "--max-size",
                              reason);
    case READ_BAD_GZIP:
        jf_buf_puts(reason, "corrupt gzip data");
        return JF_SKIP_CORRUPT_GZIP;
    case READ_FAILED:
        break;
    }
    jf_buf_puts(reason, strerror(error));
    return JF_SKIP_UNREADABLE;
}

jf_skip_t jf_corpus_read(const char *path, const char *root,
                         const jf_corpus_rules_t *rules,
                         jf_corpus_file_t *file, jf_buf_t *reason)
{
    uint64_t max_size = rules && rules->max_size ? rules->max_size
                                                 : JF_CORPUS_MAX_SIZE;
    uint64_t max_decompressed = rules && rules->max_decompressed
        ? rules->max_decompressed : JF_CORPUS_MAX_DECOMPRESSED;
    jf_buf_t text = JF_BUF_INIT;
    struct stat st;
    jf_skip_t kind = JF_SKIP_NONE;

    memset(file, 0, sizeof *file);
    jf_buf_reset(reason);
    int fd = open_regular(path, root, &st, &kind, reason);
    if (fd < 0)
        return kind;
    kind = read_article(fd, path, &st, max_size, max_decompressed, &text,
                        reason);
    if (kind == JF_SKIP_NONE) {
        file->crc = (uint32_t)crc32_z(0L, Z_NULL, 0);
        file->adler = (uint32_t)adler32_z(0L, Z_NULL, 0);
        fingerprint(file, &text);
        file->mtime = (int64_t)st.st_mtime;
        kind = read_sidecar(path, root, max_size, file, reason);
    }
    if (kind != JF_SKIP_NONE) {
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
            trusted = !listed || errno == ENOENT || errno == ENAMETOOLONG;
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
