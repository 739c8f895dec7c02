/* git_index.h - what git already knows of a corpus's files.
 *
 * When a corpus directory is in a git work tree (a CI checkout), git's
 * index holds each tracked file's blob id (the SHA of its content) and
 * the stat data git recorded when it wrote the file, and git can tell
 * which files differ from it with one lstat each.  So after a fresh
 * clone, where every file's stat data is new and jfindex's own stat
 * pre-filter (corpus.h, jf_corpus_stat) would make it read the whole
 * corpus, the blob ids still say which articles are as indexed, without
 * reading them.
 *
 * git is asked once per corpus directory, as a separate process
 * (`git ls-files`), started before the corpus is listed so both run at
 * once.  Anything short of a clean answer (no git, not a work tree, git
 * failing, output that does not parse) means no blob ids: every file is
 * then compared by stat data and content, as without git.
 */
#ifndef JF_GIT_INDEX_H
#define JF_GIT_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "corpus.h"

typedef struct jf_git_index jf_git_index_t;

/* How a state from git starts, unlike stat data: it lasts from one
 * checkout to the next. */
#define JF_GIT_STATE_PREFIX "git:"

/* Starts asking git about the files under each of DIRS[0..NDIRS) (the
 * corpus directories, as given to jf_corpus_list).  Never fails: an
 * answer may be empty. */
jf_git_index_t *jf_git_index_start(char *const *dirs, size_t ndirs);

/* Waits for git's answers and takes them in.  Returns how many of the
 * directories git answered for (0: git missing, not a work tree, or
 * failing). */
size_t jf_git_index_finish(jf_git_index_t *g);

/* The state of the article at PATH (as jf_corpus_list writes it) from
 * git: "git:" and its blob id, then "+" and its sidecar's (or "+-" for
 * none), into OUT, and true.  False when git cannot vouch for it: the
 * file or its sidecar is not tracked, differs from git's index (modified,
 * or marked assume-unchanged or skip-worktree), is not a regular file in
 * git, or a sidecar exists that git does not track.  SIDECARS as for
 * jf_corpus_stat: with them, no system call at all. */
bool jf_git_index_state(const jf_git_index_t *g, const char *path,
                        const jf_corpus_list_t *sidecars,
                        char out[JF_CORPUS_STAT_MAX]);

/* Accepts NULL. */
void jf_git_index_free(jf_git_index_t *g);

#endif
