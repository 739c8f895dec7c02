/* records.h - what an index run knows of each article: the records of the
 * last run, and what this run has seen.
 *
 * The article records of the last commit are loaded once into a table
 * keyed by article id, which follows the content (schema.h); each file of
 * this run is then one lookup.  A second table maps each recorded path to
 * its id, so new content at a known path counts as an update of that
 * article, and known content at a new path is a rename.  The id table
 * also remembers which articles this run saw, so those it did not can be
 * removed at the end.
 */
#ifndef JF_RECORDS_H
#define JF_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "jfx.h"
#include "schema.h"

/* What is known about one article id. */
typedef struct {
    uint64_t id;
    char *path;          /* where this run found it, else from the stored
                            record; NULL if neither */
    uint32_t crc;
    uint64_t size;
    unsigned passages;
    char *acronyms;      /* the article's "raa=...;..." pairs; NULL if none */
    char *stat;          /* its files' state when read (or as the state
                            table has it since: states.h); NULL if none */
    char *fresh_stat;    /* newer state of an unchanged file (touched):
                            written to the state table when this run
                            commits */
    bool stat_from_table; /* stat is the state table's, not the
                            record's */
    bool state_dirty;    /* its path's state or article changed in this
                            run: its state table bucket is rewritten */
    bool used;           /* the slot holds an entry */
    bool recorded;       /* the index holds this article */
    bool record_valid;   /* and its record could be read */
    bool seen;           /* handed over in this run */
    bool superseded;     /* new content at its path was handed over: its
                            removal is that article's update */
} jf_record_t;

typedef struct jf_path_slot jf_path_slot_t;

typedef struct {
    jf_record_t *table;     /* open addressing; capacity a power of two */
    size_t cap, count;
    jf_path_slot_t *paths;  /* likewise; built once the records are loaded */
    size_t paths_cap;
    int state_bits;         /* the state table's layout (states.h); -1:
                               none, or more than one */
    unsigned state_layouts; /* bit B: keys of layout B were found */
} jf_records_t;

#define JF_RECORDS_INIT { NULL, 0, 0, NULL, 0, -1, 0 }

/* The entry of article ID, added (zeroed but for its id) if there is none. */
jf_record_t *jf_records_get(jf_records_t *r, uint64_t id);

/* The entry of article ID, or NULL if there is none. */
jf_record_t *jf_records_find(jf_records_t *r, uint64_t id);

/* The recorded article now at PATH, or NULL. */
jf_record_t *jf_records_at(jf_records_t *r, const char *path);

/* The next entry after *I (start from 0), or NULL after the last. */
jf_record_t *jf_records_next(jf_records_t *r, size_t *i);

/* Loads the article records DB holds, then builds the path table.  A
 * record that does not decode is loaded as recorded but not valid (the
 * article is then rewritten, or removed).  Returns 0, or -1 with ERR. */
int jf_records_load(jf_records_t *r, jfx_db_t *db, jf_error_t *err);

/* Rewrites with W only the record of article ID, as DB (the last commit)
 * holds it: its path, mtime and stat data change (a rename, or a touched
 * file), every passage stays.  INDEX names the index in messages. */
int jf_records_move(jfx_db_t *db, jfx_writer_t *w, const char *index,
                    const char *id, const char *path, int64_t mtime,
                    const char *stat, jf_error_t *err);

void jf_records_free(jf_records_t *r);

/* An article id as a number and back: the id is 16 hex digits. */
void jf_record_id_string(uint64_t id, char out[JF_ARTICLE_ID_LEN + 1]);
bool jf_record_parse_id(const char *s, uint64_t *id);

#endif
