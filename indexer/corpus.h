/* corpus.h - finding article files and reading them as clean UTF-8.
 *
 * A corpus is a directory tree of *.txt and *.txt.gz files.  Listing and
 * reading are separate steps so the indexer sees a sorted, deterministic
 * list, and so a file that goes wrong is one skip, never a failed run.
 * Listing is corpus.c; reading, with its limits, corpus_read.c.
 *
 * A corpus is often not the indexer's own: a file can be huge, a gzip
 * bomb, a FIFO, or a link to /etc/passwd.  So each file read is bounded
 * (jf_corpus_rules_t), and a symbolic link is followed only while it
 * stays inside the corpus directory, unless the user asks otherwise.
 */
#ifndef JF_CORPUS_H
#define JF_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "vec.h"

/* Why a file (or directory) was left out; the summary counts these. */
typedef enum {
    JF_SKIP_NONE = 0,
    JF_SKIP_UNREADABLE,   /* open/read failed: the message is strerror */
    JF_SKIP_VANISHED,     /* listed, then gone before it was read */
    JF_SKIP_BROKEN_LINK,  /* a symbolic link to nothing */
    JF_SKIP_NOT_REGULAR,  /* replaced by a non-file after listing */
    JF_SKIP_CORRUPT_GZIP, /* a .gz that does not decompress to the end */
    JF_SKIP_UTF16,        /* starts with a UTF-16 byte order mark */
    JF_SKIP_BINARY,       /* holds a NUL byte */
    JF_SKIP_INVALID_UTF8, /* not UTF-8 */
    JF_SKIP_EMPTY,        /* nothing but white space (decided by article.c) */
    JF_SKIP_BAD_META,     /* its .meta sidecar is not valid (decided by
                             metadata.c) */
    JF_SKIP_DIR_LOOP,     /* a directory link back to one of its parents */
    JF_SKIP_DUPLICATE,    /* the same text as an article already indexed
                             in this run (decided by writer.c) */
    JF_SKIP_TOO_LARGE,    /* over --max-size, or decompresses to over
                             --max-decompressed */
    JF_SKIP_OUTSIDE,      /* a symbolic link out of the corpus directory
                             (followed only with --follow) */
    JF_SKIP_TOO_LONG,     /* its path is longer than the system takes */
    /* Not article files: counted, but no line each and no exit status. */
    JF_SKIP_HIDDEN,       /* a name starting with '.' */
    JF_SKIP_OTHER_NAME,   /* neither *.txt nor *.txt.gz (nor a sidecar) */
    JF_SKIP_KINDS
} jf_skip_t;

/* A short noun phrase for counting skips ("invalid UTF-8", "empty"). */
const char *jf_skip_name(jf_skip_t kind);

/* Whether KIND is a file that is not an article (hidden, another name):
 * counted in the summary, but neither reported one by one nor a reason
 * for exit status 1. */
bool jf_skip_is_quiet(jf_skip_t kind);

/* How article files are found and read.  A zero field takes its default. */
typedef struct {
    uint64_t max_size;         /* bytes of a file on disk */
    uint64_t max_decompressed; /* bytes a .txt.gz may decompress to */
    bool follow;               /* follow symbolic links out of the corpus
                                  directory (--follow) */
} jf_corpus_rules_t;

/* The defaults: an article is text, and a news article of 16 MB is
 * already a book, while a file of hundreds of MB is a mistake (a log, a
 * dump) whose one huge passage costs gigabytes of memory and exceeds what
 * Xapian can store. */
#define JF_CORPUS_MAX_SIZE ((uint64_t)16 << 20)
#define JF_CORPUS_MAX_DECOMPRESSED ((uint64_t)16 << 20)

/* Told about each file or directory left out, with a one-line reason. */
typedef void (*jf_skip_fn)(const char *path, jf_skip_t kind,
                           const char *reason, void *ctx);

/* One article file found. */
typedef struct {
    char *path;       /* DIR/relative/name, malloc'd */
    size_t rel;       /* where the part relative to DIR starts in PATH */
    const char *root; /* DIR's real path, which links may not leave;
                         NULL with --follow.  Owned by the list it was
                         listed into. */
    unsigned dir;     /* which DIR of that list: roots.items[DIR] */
} jf_corpus_entry_t;

/* Article files in walk order, and the real paths of their directories. */
typedef struct {
    jf_corpus_entry_t *items;
    size_t n, cap;
    JF_VEC(char *) roots;
} jf_corpus_list_t;

#define JF_CORPUS_LIST_INIT { NULL, 0, 0, { NULL, 0, 0 } }

/* Appends to LIST every article file under the directory DIR: recursively,
 * each directory's entries in strcmp order, names starting with '.' left
 * out, symbolic links followed while they stay under DIR (anywhere with
 * RULES->follow; a link back to a directory being walked is reported to
 * SKIP once, not followed).  Whatever is not listed is reported to SKIP
 * (which may be NULL), the quiet kinds included; unreadable directories
 * are passed over.  Appends to SIDECARS (unless NULL) every sidecar
 * (*.meta) found on the way, so that whether an article has one is known
 * without a stat (jf_corpus_stat). */
void jf_corpus_list(const char *dir, const jf_corpus_rules_t *rules,
                    jf_corpus_list_t *list, jf_corpus_list_t *sidecars,
                    jf_skip_fn skip, void *ctx);
/* Appends a copy of ENTRY (whose root stays owned by its own list). */
void jf_corpus_list_add(jf_corpus_list_t *list,
                        const jf_corpus_entry_t *entry);
void jf_corpus_list_free(jf_corpus_list_t *list);

/* Sorts LIST for jf_corpus_listed. */
void jf_corpus_list_sort(jf_corpus_list_t *list);

/* Whether PATH is in LIST (sorted). */
bool jf_corpus_listed(const jf_corpus_list_t *list, const char *path);

/* One article file, decoded and checked, with its sidecar NAME.meta (see
 * metadata.h) if there is one. */
typedef struct {
    char *text;     /* valid UTF-8 without NUL bytes, byte order mark or CR;
                       NUL-terminated; malloc'd */
    size_t len;
    char *meta;     /* the sidecar, checked the same way; NULL if none */
    size_t meta_len;
    uint32_t crc;   /* zlib crc32 of the decoded bytes as read, followed by
                       the sidecar's bytes: editing either changes it */
    uint32_t adler; /* zlib adler32 of the same bytes: with crc, the
                       article's id (schema.h) */
    uint64_t size;  /* their length */
    int64_t mtime;  /* of the file, in seconds */
    const char *stat; /* its state, taken before reading: jf_corpus_stat's
                         data or git's blob ids (git_index.h); or NULL;
                         not owned (set by the caller) */
} jf_corpus_file_t;

/* The stat data of the file PATH and of its sidecar (device, inode, size,
 * and modification and change times to the nanosecond), as a string in
 * OUT, to tell without reading it that a file is as it was.  Any write,
 * even one that restores the size and modification time, changes the
 * change time, which no one can set.  Returns false when there is no
 * trustworthy stat data: the file is missing or not regular, or the file
 * system keeps times only to the second (a write within that second
 * would go unseen); the file is then read to be compared.  SIDECARS
 * (sorted), unless NULL, are the sidecars the listing found: one not
 * among them is taken to be missing without a stat.  (One made since
 * is then read with the article, and its stat data recorded next
 * time.) */
#define JF_CORPUS_STAT_MAX 160
bool jf_corpus_stat(const char *path, const jf_corpus_list_t *sidecars,
                    char out[JF_CORPUS_STAT_MAX]);

/* Reads PATH (gunzipping a .gz) and its sidecar into FILE, within the
 * limits of RULES (NULL: the defaults), and only if the file opened is
 * under ROOT (a real path; NULL: anywhere), so a link swapped after
 * listing cannot lead out.  Returns JF_SKIP_NONE, or why the file cannot
 * be indexed with a one-line explanation in REASON (which is reset first;
 * a sidecar's problem starts with the sidecar's name) and FILE left
 * empty.  Byte offsets in explanations count from 0 in the decoded
 * bytes. */
jf_skip_t jf_corpus_read(const char *path, const char *root,
                         const jf_corpus_rules_t *rules,
                         jf_corpus_file_t *file, jf_buf_t *reason);

/* SIZE in bytes for a message: "200 MB", "1.5 MB", "512 KB", "17 bytes". */
void jf_corpus_size_text(uint64_t size, jf_buf_t *out);
void jf_corpus_file_free(jf_corpus_file_t *file);

#endif
