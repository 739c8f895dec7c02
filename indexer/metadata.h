/* metadata.h - what is known about an article besides its passages.
 *
 * Cleaning (clean.c) detects a headline, source, byline, dateline and
 * date in the text; an editor can state any of them in a sidecar file
 * NAME.meta next to NAME.txt or NAME.txt.gz, one "key: value" line each
 * (keys: title, source, byline, dateline, date; blank lines and lines
 * starting with '#' are ignored).  A sidecar value always wins over a
 * detected one, and an empty value clears what was detected.
 */
#ifndef JF_METADATA_H
#define JF_METADATA_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

typedef enum {
    JF_META_TITLE,
    JF_META_SOURCE,
    JF_META_BYLINE,
    JF_META_DATELINE,
    JF_META_DATE,      /* ISO 8601 YYYY-MM-DD */
    JF_META_CAPTION,   /* the photo captions, " / " between them: not
                          article text, but searchable */
    JF_META_FIELDS
} jf_meta_field_t;

typedef enum {
    JF_META_UNKNOWN,   /* nothing found */
    JF_META_DETECTED,  /* found in the text by clean.c */
    JF_META_SIDECAR    /* stated in the .meta file */
} jf_meta_origin_t;

typedef struct {
    char *value[JF_META_FIELDS];          /* malloc'd; NULL when unknown */
    jf_meta_origin_t origin[JF_META_FIELDS];
    int rank[JF_META_FIELDS];             /* how strong the detected clue is */
} jf_metadata_t;

/* The sidecar key of FIELD ("title", "source", ...). */
const char *jf_meta_field_name(jf_meta_field_t field);

/* Records a detected VALUE[0..LEN) for FIELD, unless a clue of a higher
 * or equal RANK was found before (so the first of equal clues wins). */
void jf_metadata_detect(jf_metadata_t *meta, jf_meta_field_t field,
                        const char *value, size_t len, int rank);
/* Adds a detected VALUE[0..LEN) to FIELD's (after " / "), unless the
 * sidecar set the field. */
void jf_metadata_append(jf_metadata_t *meta, jf_meta_field_t field,
                        const char *value, size_t len);
void jf_metadata_free(jf_metadata_t *meta);

/* Applies the sidecar TEXT[0..LEN) (UTF-8) over META.  Returns true, or
 * false when the sidecar is not valid, with a one-line explanation in
 * REASON ("line 3: unknown key 'titel'"): the article is then skipped. */
bool jf_metadata_apply_sidecar(jf_metadata_t *meta, const char *text,
                               size_t len, jf_buf_t *reason);

/* The sidecar path of an article path (NAME.txt, NAME.txt.gz ->
 * NAME.meta), malloc'd; NULL for any other name. */
char *jf_metadata_sidecar_path(const char *article_path);

#endif
