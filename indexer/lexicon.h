/* lexicon.h - what did-you-mean and acronym synonyms need, kept where a
 * searcher of remote shards can reach it.
 *
 * Xapian's remote backend serves documents and metadata but not the
 * spelling dictionary, so a searcher whose shards are all remote would
 * lose did-you-mean.  A sharded index therefore also keeps INDEX/lexicon:
 * a database with no documents (so listing it among the shards changes no
 * score) holding the spelling dictionary of all shards, the acronym
 * synonyms of all shards, and the schema version.  Copied to the host
 * that searches, and listed in its stub file beside the remote shards, it
 * gives that searcher the same suggestions and expansions as the local
 * index.
 */
#ifndef JF_LEXICON_H
#define JF_LEXICON_H

#include "error.h"

/* INDEX/lexicon, malloc'd. */
char *jf_lexicon_path(const char *index);

/* Rewrites INDEX/lexicon from the shards the stub INDEX lists, in one
 * commit (a reader sees the old lexicon or the new). */
int jf_lexicon_write(const char *index, unsigned lock_timeout_ms,
                     jf_error_t *err);

#endif
