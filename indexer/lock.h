/* lock.h - one jfindex run at a time on an index, and what dead runs left.
 *
 * Xapian locks a database while it is written, but a full build writes a
 * new index beside the old one and swaps the directories, and a sharded
 * index is several databases: neither is covered by one Xapian lock.  So
 * a run that writes holds an exclusive flock(2) on the index directory
 * itself from start to end.  The lock goes with the process, so kill -9
 * cannot leave it stale; and a run that waited for a lock on a directory
 * that was then swapped away takes the lock again on the one now there.
 *
 * Holding the lock also means no other run is building beside the index,
 * so whatever a run left there (".NAME.build-PID" scratch directories,
 * "INDEX/.lexicon.PID" half-written lexicons) is from a run that died,
 * and is removed.
 */
#ifndef JF_LOCK_H
#define JF_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

/* Takes the lock on the index directory INDEX, making it (and its
 * parents) when it does not exist, waiting up to TIMEOUT_MS for a run
 * that holds it.  When INDEX is missing because a run moved it aside and
 * died before renaming the new one in (jf_index_aside_path), the old
 * index is put back first.  Fails, naming INDEX, when INDEX cannot be written
 * (permission denied, a read-only file system) or the wait runs out.
 * *FD is the lock, for jf_index_unlock; *CREATED says whether INDEX was
 * made here (and so may be removed again if the run fails). */
int jf_index_lock(const char *index, unsigned timeout_ms, int *fd,
                  bool *created, jf_error_t *err);
void jf_index_unlock(int fd);

/* Whether a run holds the lock on INDEX now (no waiting). */
bool jf_index_busy(const char *index);

/* Calls FN with each thing a run on INDEX left behind when it died, and
 * its size on disk. */
typedef void (*jf_leftover_fn)(const char *path, uint64_t bytes, void *ctx);
void jf_index_leftovers(const char *index, jf_leftover_fn fn, void *ctx);

/* The scratch directory of this process for a build of INDEX, beside it
 * (so the result can be renamed into place): ".NAME.build-PID".
 * malloc'd. */
char *jf_index_scratch_path(const char *index);

/* Makes the scratch directory SCRATCH for a build of INDEX.  A failure
 * names INDEX, whose directory must be writable for a full build. */
int jf_index_make_scratch(const char *index, const char *scratch,
                          jf_error_t *err);

/* Where this process moves the old INDEX while the new one is renamed in
 * on a file system that cannot exchange two directories in one step:
 * ".NAME.replaced-PID".  malloc'd. */
char *jf_index_aside_path(const char *index);

#endif
