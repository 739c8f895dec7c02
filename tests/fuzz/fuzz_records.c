/* fuzz_records.c - libFuzzer harness for what jfindex reads back from an
 * index's metadata: article records (lib/schema.c) and state table
 * buckets (indexer/states.c).  A damaged index hands it any bytes.
 *
 * As a record: the brief decode jfindex loads every record with accepts
 * exactly what the full decode accepts, and agrees with it on every field
 * it keeps.  As a bucket, over two known records: it never crashes or
 * leaks, and a record takes a state from it only where the bytes hold
 * that record's id, the state and the record's own path as one entry.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "records.h"
#include "schema.h"
#include "states.h"

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_record(const char *text, size_t size)
{
    jf_article_record_t full, brief;
    int a = jf_article_record_decode(text, size, &full);
    int b = jf_article_record_decode_brief(text, size, &brief);
    if (a != b)
        abort();
    if (a == 0 &&
        (!same(full.path, brief.path) || full.crc != brief.crc ||
         full.size != brief.size || full.mtime != brief.mtime ||
         full.passages != brief.passages ||
         !same(full.acronyms, brief.acronyms) ||
         !same(full.stat, brief.stat) || brief.title || brief.source ||
         brief.byline || brief.dateline || brief.date))
        abort();
    if (a == 0) {
        jf_article_record_free(&full);
        jf_article_record_free(&brief);
    }
}

/* Whether DATA[0..SIZE) holds ID, STATE and PATH as one entry. */
static bool holds_entry(const char *data, size_t size, const char *id,
                        const char *state, const char *path)
{
    jf_buf_t entry = JF_BUF_INIT;
    jf_buf_append(&entry, id, strlen(id) + 1);
    jf_buf_append(&entry, state, strlen(state) + 1);
    jf_buf_append(&entry, path, strlen(path) + 1);
    bool found = memmem(data, size, entry.data, entry.len) != NULL;
    jf_buf_free(&entry);
    return found;
}

static void check_bucket(const char *text, size_t size)
{
    static const struct {
        uint64_t id;
        const char *path;
    } known[] = { { UINT64_C(0x0123456789abcdef), "corpus/a.txt" },
                  { UINT64_C(0xfedcba9876543210), "corpus/b c.txt" } };
    jf_records_t r = JF_RECORDS_INIT;
    for (size_t i = 0; i < 2; i++) {
        jf_record_t *e = jf_records_get(&r, known[i].id);
        e->path = jf_strdup(known[i].path);
        e->stat = jf_strdup("old");
    }
    jf_states_read_bucket(JF_METADATA_STATES "0:0", text, size, &r);
    for (size_t i = 0; i < 2; i++) {
        jf_record_t *e = jf_records_find(&r, known[i].id);
        char id[JF_ARTICLE_ID_LEN + 1];
        jf_record_id_string(known[i].id, id);
        if (!e || !e->stat)
            abort();
        if (e->stat_from_table &&
            (!*e->stat || !holds_entry(text, size, id, e->stat, e->path)))
            abort();
        if (!e->stat_from_table && strcmp(e->stat, "old") != 0)
            abort();
    }
    jf_records_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_record((const char *)data, size);
    check_bucket((const char *)data, size);
    return 0;
}
