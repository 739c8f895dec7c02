/* files.h - the directories jfindex makes, swaps and removes around an
 * index.
 *
 * Xapian creates an index's own directory but not its parents, a full
 * build swaps a new index in for the old, and a build leaves scratch
 * directories to remove; these are the only file system changes jfindex
 * makes outside Xapian.  Failures to write say what stopped them in the
 * same words everywhere (jf_fail_write).
 */
#ifndef JF_FILES_H
#define JF_FILES_H

#include <stdint.h>

#include "error.h"

/* Records that PATH cannot be written because of ERRNO_VALUE, in words a
 * user acts on: "PATH: cannot write the index: permission denied" (or
 * "read-only file system", "disk full").  Returns -1. */
int jf_fail_write(const char *path, int errno_value, jf_error_t *err);

/* When ERR holds a write failure in Xapian's words, naming a table file
 * or a scratch index ("Error writing block 0 (No space left on
 * device)"), says it as jf_fail_write does, naming INDEX, with Xapian's
 * words after. */
void jf_reword_write_failure(const char *index, jf_error_t *err);

/* Fails as jf_fail_write when this user cannot write PATH (or, when PATH
 * does not exist, create it in the nearest directory that does), or,
 * when PATH is a directory, one of the files in it: Xapian would take a
 * lock file it cannot open for a lock another writer holds. */
int jf_check_writable(const char *path, jf_error_t *err);

/* The path of the index INDEX names: INDEX itself, or when INDEX is a
 * symbolic link, where it leads (so that a build swaps the target, not
 * the link).  malloc'd. */
char *jf_resolve_index(const char *index);

/* Creates the missing parent directories of PATH. */
int jf_make_parents(const char *path, jf_error_t *err);

/* Removes the directory PATH and everything in it (symbolic links are
 * removed, not followed).  What cannot be removed is left: this clears
 * away scratch and stale data that no reader looks at, so leftovers cost
 * disk space but never a wrong answer. */
void jf_remove_tree(const char *path);

/* The bytes the files under PATH take on disk. */
uint64_t jf_tree_size(const char *path);

/* Flushes every file and directory under PATH to disk, so that what is
 * renamed into place survives a crash.  Returns 0, or -1 with ERR set. */
int jf_sync_tree(const char *path, jf_error_t *err);

/* Puts the directory FROM in the place of TO in one step (renameat2's
 * RENAME_EXCHANGE, leaving what was at TO at FROM), or simply renames it
 * when TO does not exist.  Where the file system cannot exchange, TO is
 * moved to ASIDE and FROM renamed in; if that fails, TO is moved back,
 * and if even that fails, the message says where the old index is (and a
 * later run puts it back: lock.h).  Returns 0, or -1 with ERR set. */
int jf_swap_in(const char *from, const char *to, const char *aside,
               jf_error_t *err);

#endif
