/* files.h - the directories jfindex makes and removes around an index.
 *
 * Xapian creates an index's own directory but not its parents, and a
 * build leaves scratch directories and stale shards to remove; these are
 * the only file system changes jfindex makes outside Xapian.
 */
#ifndef JF_FILES_H
#define JF_FILES_H

#include <stdbool.h>

#include "error.h"

/* Creates the missing parent directories of PATH. */
int jf_make_parents(const char *path, jf_error_t *err);

/* Creates the directory PATH; one that exists already will do when
 * EXISTING_OK. */
int jf_make_directory(const char *path, bool existing_ok, jf_error_t *err);

/* Removes the directory PATH and everything in it (symbolic links are
 * removed, not followed).  What cannot be removed is left: this clears
 * away scratch and stale data that no reader looks at, so leftovers cost
 * disk space but never a wrong answer. */
void jf_remove_tree(const char *path);

#endif
