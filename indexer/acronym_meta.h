/* acronym_meta.h - the index-wide acronym synonyms, kept equal to what a
 * rebuild would write.
 *
 * Each article's record holds the acronyms it defines (acronyms.h); the
 * "syn:<acronym>" metadata keys (schema.h) hold, per acronym, the long
 * forms of every article in the index.  They are rewritten from the
 * records whenever the index changes, and a key no article supports any
 * more is deleted, so the keys of the last commit are read first.
 */
#ifndef JF_ACRONYM_META_H
#define JF_ACRONYM_META_H

#include "error.h"
#include "jfx.h"
#include "records.h"
#include "vec.h"

typedef struct {
    JF_VEC(char *) old_keys; /* the synonym keys of the last commit */
} jf_acronym_meta_t;

#define JF_ACRONYM_META_INIT { { NULL, 0, 0 } }

/* Reads the synonym keys DB holds. */
int jf_acronym_meta_load(jf_acronym_meta_t *m, jfx_db_t *db,
                         jf_error_t *err);

/* Writes with W the synonym keys of the articles RECORDS says are in the
 * index after this run (those seen), deleting the old keys of acronyms
 * none of them defines. */
int jf_acronym_meta_write(const jf_acronym_meta_t *m, jf_records_t *records,
                          jfx_writer_t *w, jf_error_t *err);

void jf_acronym_meta_free(jf_acronym_meta_t *m);

#endif
