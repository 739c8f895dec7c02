/* shards.c - a sharded index on disk: its stub file, its shards' paths,
 * and which shard an article lands in (see shards.h).
 *
 * jfindex reads back only stubs it wrote itself ("auto shard-K", K from
 * 0 up, one a line): a stub listing remote shards or other databases was
 * written by hand for searching, and updating it would lose that.
 */
#include "shards.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "files.h"
#include "hash.h"
#include "stub.h"

static char *stub_path(const char *index)
{
    return jf_strprintf("%s/%s", index, JF_STUB_NAME);
}

char *jf_shard_path(const char *index, unsigned k)
{
    return jf_strprintf("%s/shard-%u", index, k);
}

unsigned jf_shard_of(const char *relative_path, unsigned n)
{
    return (unsigned)(jf_hash_string(relative_path) % n);
}

bool jf_shards_unsharded(const char *index)
{
    struct stat st;
    char *glass = jf_strprintf("%s/iamglass", index);
    bool exists = stat(glass, &st) == 0;
    free(glass);
    return exists;
}

int jf_shards_count(const char *index, unsigned *count, jf_error_t *err)
{
    char line[256];
    unsigned n = 0, k;
    char end;

    *count = 0;
    if (jf_failed(err))
        return -1;
    char *path = stub_path(index);
    FILE *f = fopen(path, "r");
    if (!f) {
        free(path);
        return 0; /* no stub: not a sharded index */
    }
    while (fgets(line, sizeof line, f) && !jf_failed(err))
        if (sscanf(line, "auto shard-%u%c", &k, &end) != 2 || end != '\n' ||
            k != n || ++n > JF_SHARDS_MAX)
            jf_fail(err, JFX_INVALID, "%s: not a stub file jfindex wrote (it "
                    "updates only its own local shards)", path);
    fclose(f);
    free(path);
    if (jf_failed(err))
        return -1;
    *count = n;
    return 0;
}

int jf_shards_write_stub(const char *index, unsigned n, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    char *path = stub_path(index);
    char *temp = jf_strprintf("%s.new", path);
    FILE *f = fopen(temp, "w");
    int status = -1;

    if (f) {
        for (unsigned k = 0; k < n; k++)
            fprintf(f, "auto shard-%u\n", k);
        if (fflush(f) == 0 && fsync(fileno(f)) == 0 && fclose(f) == 0) {
            f = NULL;
            status = rename(temp, path);
        }
    }
    if (status != 0) {
        jf_fail(err, JFX_IO, "%s: cannot write the stub file: %s", path,
                strerror(errno));
        /* Already failing: the half-written temporary file is only
         * cleared away, and the stub in place is untouched. */
        if (f)
            fclose(f);
        unlink(temp);
    }
    free(temp);
    free(path);
    return status == 0 ? 0 : -1;
}
