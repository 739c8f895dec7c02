/* verify.h - jfindex --verify: is an index sound, through and through?
 *
 * A flipped bit in an index file may make Xapian fail loudly, or may
 * make a search print a blank path or garbled text.  The verification
 * runs Xapian's own checker over each database of the index (its B-trees
 * and their cross-references), then reads back what jfsearch shows: every
 * article record must decode, every passage the record counts must be
 * there and its stored data decode as that passage of that article, and
 * no passage may belong to no article.
 */
#ifndef JF_VERIFY_H
#define JF_VERIFY_H

#include "error.h"

/* What a verification found. */
typedef struct {
    unsigned long databases;  /* checked by Xapian's checker */
    unsigned long articles;   /* records read */
    unsigned long passages;   /* documents read */
    unsigned long problems;   /* each told to the callback */
} jf_verify_tally_t;

/* Told each problem found, as one line naming the database or article. */
typedef void (*jf_verify_fn)(const char *problem, void *ctx);

/* Verifies the index INDEX (a directory, unsharded or sharded), telling
 * FN each problem, and counts in *TALLY.  Returns 0 when it could look
 * (the problems, if any, are the finding), or -1 with ERR set when there
 * is no index there to verify. */
int jf_verify(const char *index, jf_verify_fn fn, void *ctx,
              jf_verify_tally_t *tally, jf_error_t *err);

#endif
