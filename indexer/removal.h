/* removal.h - no run removes indexed articles unless the user named the
 * corpus that lacks them.
 *
 * An update removes every article its corpus no longer has, which is
 * right when the corpus is the one the user meant and a disaster when it
 * is not: an empty directory, a corpus whose files all turned bad, or a
 * bare `jfindex` run in a checkout that has a ./corpus of its own would
 * each empty an index of thousands of articles.  These checks run before
 * anything is written, so a refused run leaves the index as it was.
 */
#ifndef JF_REMOVAL_H
#define JF_REMOVAL_H

#include <stddef.h>

#include "build.h"
#include "corpus.h"
#include "error.h"

/* The index's record of its corpus (schema.h, JF_METADATA_CORPUS) for a
 * run over LIST: the real paths of its directories, sorted, one a line.
 * malloc'd. */
char *jf_removal_origin(const jf_corpus_list_t *list);

/* A directory with no article file, or whose every file would be
 * skipped, would empty the index of its articles.  Two checks see to it:
 *
 * Fails when the corpus directory DIR, whose listed files are
 * LIST->items[FIRST..LAST), has no article file at all. */
int jf_removal_check_listed(const char *dir, size_t first, size_t last,
                            jf_error_t *err);

/* Fails unless DIR, as above, has an article that can be indexed, found
 * by reading its files up to the first that is one (in a run that will
 * read them all anyway, that costs one more read).  When every file
 * fails, each is reported to RUN (as skips) before the failure. */
int jf_removal_check_readable(jf_run_t *run, const char *dir,
                              const jf_corpus_list_t *list, size_t first,
                              size_t last, jf_error_t *err);

/* For an update in place, which learns as it goes which files are
 * articles (and from the index's records which need no reading): fails
 * when a corpus directory of LIST had files but gave none, ARTICLES[R]
 * being the articles found under LIST->roots.items[R]. */
int jf_removal_check_found(const jf_corpus_list_t *list,
                           const unsigned long *articles, jf_error_t *err);

/* For a run given no corpus directory (RUN->o->default_corpus): fails
 * when the index was built from other directories than RUN->origin,
 * unless --prune or --rebuild said to replace its articles. */
int jf_removal_check_default(const jf_run_t *run, jf_error_t *err);

#endif
