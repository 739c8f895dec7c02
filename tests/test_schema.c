/* test_schema.c - the index layout: article ids, passage data, records. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "hash.h"
#include "schema.h"
#include "tap.h"

/* Published FNV-1a 64 test vectors ("", "a", "foobar") and a path hashed
 * with a few lines of python3, so the hashes never depend on this code. */
static void test_ids(void)
{
    char id[JF_ARTICLE_ID_LEN + 1];

    is_int(jf_hash_string("") == UINT64_C(0xcbf29ce484222325), 1,
           "hash of the empty path is the FNV basis");
    is_int(jf_hash_string("a") == UINT64_C(0xaf63dc4c8601ec8c), 1,
           "hash of \"a\" is the FNV-1a 64 vector");
    is_int(jf_hash_string("foobar") == UINT64_C(0x85944171f73967e8), 1,
           "hash of \"foobar\" is the FNV-1a 64 vector");
    is_int(jf_hash_string("corpus/\xc3\x89lys\xc3\xa9" "e.txt") ==
           UINT64_C(0x0e9828d4f5574dd7), 1, "a UTF-8 path hashes its bytes");

    /* zlib's checksums of "" are 0 and 1. */
    jf_article_id(0, 1, id);
    is_str(id, "0000000000000001", "id of empty content");
    jf_article_id(0x9ef61f95, 0x08ab027a, id);
    is_str(id, "9ef61f9508ab027a", "an id is the CRC-32, then the Adler-32");
    is_int(strlen(id), JF_ARTICLE_ID_LEN, "an id is 16 hex digits");
}

static void test_terms(void)
{
    char term[JF_ID_TERM_MAX];

    jf_unique_term(term, "4b99c37394b3ae83", 12);
    is_str(term, "Q4b99c37394b3ae83:12", "unique term of passage 12");
    jf_unique_term(term, "4b99c37394b3ae83", 4294967295u);
    is_str(term, "Q4b99c37394b3ae83:4294967295",
           "the largest passage number fits a term buffer");
    jf_article_term(term, "4b99c37394b3ae83");
    is_str(term, "A4b99c37394b3ae83", "article term");
}

static void test_passages(void)
{
    jf_buf_t buf = JF_BUF_INIT;
    jf_passage_t p;
    const char *text = "Tokyo: the talks\tbegan.\nSecond line";

    jf_passage_encode(&buf, "00000000000000ff", 3, text, strlen(text));
    is_str(buf.data, "00000000000000ff\t3\nTokyo: the talks\tbegan.\n"
           "Second line", "passage data layout");
    ok(jf_passage_decode(buf.data, buf.len, &p) == 0, "passage decodes");
    is_str(p.article_id, "00000000000000ff", "decoded article id");
    is_int(p.passage, 3, "decoded passage number");
    ok(p.text_len == strlen(text) && memcmp(p.text, text, p.text_len) == 0,
       "decoded text keeps tabs and newlines");

    jf_buf_reset(&buf);
    jf_passage_encode(&buf, "0123456789abcdef", 0, "", 0);
    ok(jf_passage_decode(buf.data, buf.len, &p) == 0 && p.passage == 0 &&
       p.text_len == 0, "an empty passage text round-trips");

    /* Decoding must not read past LEN: the text is not NUL-terminated. */
    char unterminated[] = { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
                            'a', 'b', 'c', 'd', 'e', 'f', '\t', '7', '\n', 'x' };
    ok(jf_passage_decode(unterminated, sizeof unterminated, &p) == 0 &&
       p.passage == 7 && p.text_len == 1 && p.text[0] == 'x',
       "decoding stays within LEN");

    static const char *const bad[] = {
        "",
        "0123456789abcdef",                 /* no tab */
        "0123456789abcdef\t3",              /* no newline */
        "0123456789abcde\t3\ntext",         /* id too short */
        "0123456789abcdef0\t3\ntext",       /* id too long */
        "0123456789ABCDEF\t3\ntext",        /* upper-case id */
        "0123456789abcdeg\t3\ntext",        /* not hex */
        "0123456789abcdef\t\ntext",         /* no number */
        "0123456789abcdef\t-1\ntext",       /* sign */
        "0123456789abcdef\t 3\ntext",       /* space */
        "0123456789abcdef\t3x\ntext",       /* junk after the number */
        "0123456789abcdef\t4294967296\ntext", /* above 32 bits */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ok(jf_passage_decode(bad[i], strlen(bad[i]), &p) == -1,
           "malformed passage data %zu rejected", i);
    jf_buf_free(&buf);
}

static void test_records(void)
{
    jf_buf_t buf = JF_BUF_INIT;
    jf_article_record_t in = {
        "corpus/a b.txt", "Japan, France\tmull\nties", 0x0badf00d,
        UINT64_C(18446744073709551615), INT64_C(-1700000000), 9,
        "Reuters", "John Irish", "HIROSHIMA, Japan", "2023-05-18",
        "raa=reciprocal access agreement;ccp=chinese communist party",
        "2049:131:2359:1700000000.390980099:1700000001.000000001|-"
    };
    jf_article_record_t out;

    jf_article_record_encode(&buf, &in);
    is_str(buf.data, "path\tcorpus/a b.txt\n"
           "title\tJapan, France mull ties\n"
           "crc\t0badf00d\n"
           "size\t18446744073709551615\n"
           "mtime\t-1700000000\n"
           "passages\t9\n"
           "source\tReuters\n"
           "byline\tJohn Irish\n"
           "dateline\tHIROSHIMA, Japan\n"
           "date\t2023-05-18\n"
           "acronyms\traa=reciprocal access agreement;ccp=chinese communist "
           "party\n"
           "stat\t2049:131:2359:1700000000.390980099:1700000001.000000001|-\n",
           "record layout; tab and newline in a value become spaces");
    ok(jf_article_record_decode(buf.data, buf.len, &out) == 0,
       "record decodes");
    is_str(out.path, "corpus/a b.txt", "path round-trips");
    is_str(out.title, "Japan, France mull ties", "title round-trips");
    ok(out.crc == 0x0badf00d, "crc round-trips");
    ok(out.size == UINT64_C(18446744073709551615), "largest size round-trips");
    ok(out.mtime == INT64_C(-1700000000), "negative mtime round-trips");
    is_int(out.passages, 9, "passage count round-trips");
    is_str(out.source, "Reuters", "source round-trips");
    is_str(out.byline, "John Irish", "byline round-trips");
    is_str(out.dateline, "HIROSHIMA, Japan", "dateline round-trips");
    is_str(out.date, "2023-05-18", "date round-trips");
    is_str(out.acronyms,
           "raa=reciprocal access agreement;ccp=chinese communist party",
           "acronyms round-trip");
    is_str(out.stat, "2049:131:2359:1700000000.390980099:1700000001.000000001|-",
           "stat data round-trips");
    jf_article_record_free(&out);
    ok(jf_article_record_decode_brief(buf.data, buf.len, &out) == 0 &&
       out.crc == 0x0badf00d && out.passages == 9 &&
       strcmp(out.path, "corpus/a b.txt") == 0 &&
       strncmp(out.acronyms, "raa=", 4) == 0 && strncmp(out.stat, "2049:", 5) == 0,
       "a brief decode (what jfindex loads of every record) has the fields "
       "an index run uses");
    ok(!out.title && !out.source && !out.byline && !out.dateline && !out.date,
       "and not those only a reader shows");
    jf_article_record_free(&out);

    jf_article_record_t bare = { "p", "T", 1, 2, 3, 4, NULL, "", NULL, NULL,
                                 NULL, NULL };
    jf_buf_reset(&buf);
    jf_article_record_encode(&buf, &bare);
    is_str(buf.data, "path\tp\ntitle\tT\ncrc\t00000001\nsize\t2\nmtime\t3\n"
           "passages\t4\n", "unknown metadata is left out of the record");
    ok(jf_article_record_decode(buf.data, buf.len, &out) == 0 &&
       !out.source && !out.byline && !out.dateline && !out.date &&
       !out.acronyms && !out.stat, "and decodes as NULL");
    jf_article_record_free(&out);

    const char *later = "path\tp.txt\ntitle\tT\nlanguage\ten\ncrc\tffffffff\n"
                        "size\t0\nmtime\t0\npassages\t1";
    ok(jf_article_record_decode(later, strlen(later), &out) == 0 &&
       out.crc == 0xffffffffu && out.passages == 1 &&
       strcmp(out.path, "p.txt") == 0,
       "unknown fields are ignored, last newline optional");
    jf_article_record_free(&out);

    const char *empty_title = "path\tp\ntitle\t\ncrc\t0\nsize\t1\nmtime\t2\n"
                              "passages\t3\n";
    ok(jf_article_record_decode(empty_title, strlen(empty_title), &out) == 0 &&
       strcmp(out.title, "") == 0, "an empty title decodes");
    jf_article_record_free(&out);

    static const char *const bad[] = {
        "",
        "path\tp\ntitle\tT\ncrc\t0\nsize\t1\nmtime\t2\n",          /* no passages */
        "path\tp\ntitle\tT\ncrc\t0\nsize\t1\nmtime\t2\npassages\tx\n",
        "path\tp\ntitle\tT\ncrc\t123456789\nsize\t1\nmtime\t2\npassages\t3\n",
        "path\tp\ntitle\tT\ncrc\tXYZ\nsize\t1\nmtime\t2\npassages\t3\n",
        "path\tp\ntitle\tT\ncrc\t0\nsize\t18446744073709551616\nmtime\t2\n"
        "passages\t3\n",                                          /* size > 64 bits */
        "path\tp\ntitle\tT\ncrc\t0\nsize\t-1\nmtime\t2\npassages\t3\n",
        "path\tp\ntitle\tT\ncrc\t0\nsize\t1\nmtime\t--2\npassages\t3\n",
        "path\tp\ntitle\tT\ncrc\t0\nsize\t1\nmtime\t2\npassages\t3\n"
        "path\tq\n",                                              /* twice */
        "path\tp\ntitle\tT\ncrc\t0\nsize\t1\nmtime\t2\npassages\t3\n"
        "garbage line\n",                                         /* no tab */
        "path\tp\ntitle\tT\ncrc\t0\nsize\t1\nmtime\t2\npassages\t3\n"
        "\tvalue\n",                                              /* no key */
        "path\tp\ntitle\tT\ncrc\t0\nsize\t1\nmtime\t2\npassages\t3\n"
        "date\t2023-05-18\ndate\t2023-05-19\n",                    /* twice */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ok(jf_article_record_decode(bad[i], strlen(bad[i]), &out) == -1 &&
           out.path == NULL && out.title == NULL,
           "malformed record %zu rejected, nothing left allocated", i);
        ok(jf_article_record_decode_brief(bad[i], strlen(bad[i]), &out) == -1,
           "and by a brief decode too (a date given twice included)");
    }
    const char nul_inside[] = "path\tp\0q\ntitle\tT\ncrc\t0\nsize\t1\nmtime\t2\n"
                              "passages\t3\n";
    ok(jf_article_record_decode(nul_inside, sizeof nul_inside - 1, &out) == -1,
       "a record holding a NUL byte is rejected");
    jf_buf_free(&buf);
}

int main(void)
{
    test_ids();
    test_terms();
    test_passages();
    test_records();
    return done_testing();
}
