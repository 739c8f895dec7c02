/* test_json.c - the JSON writer: escapes, broken UTF-8, numbers.
 *
 * Besides fixed cases, 10,000 random byte strings are written and checked
 * with a strict JSON string validator written here (the test's own oracle,
 * sharing no code with json.c), and random valid UTF-8 is decoded back from
 * the output to show nothing is lost.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "tap.h"
#include "text.h"

#define FFFD "\xEF\xBF\xBD"

/* S[0..LEN) as a JSON string; the caller frees. */
static char *json_of(const char *s, size_t len)
{
    jf_buf_t b = JF_BUF_INIT;
    jf_json_string(&b, s, len);
    return jf_buf_release(&b);
}

static void check_string(const char *s, size_t len, const char *want,
                         const char *what)
{
    char *got = json_of(s, len);
    is_str(got, want, "%s", what);
    free(got);
}

static void check_number(double v, const char *want, const char *what)
{
    jf_buf_t b = JF_BUF_INIT;
    jf_json_number(&b, v);
    is_str(b.data, want, "%s", what);
    jf_buf_free(&b);
}

/* ------------------------------------------------------------ the oracle */

/* Decodes one UTF-8 character from S[0..LEN) by its bit patterns into *CP;
 * returns its length, or 0 if it is not valid UTF-8 (RFC 3629). */
static size_t decode_utf8(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t n;
    uint32_t c, min;
    if (s[0] < 0x80)
        n = 1, c = s[0], min = 0;
    else if ((s[0] & 0xE0) == 0xC0)
        n = 2, c = s[0] & 0x1F, min = 0x80;
    else if ((s[0] & 0xF0) == 0xE0)
        n = 3, c = s[0] & 0x0F, min = 0x800;
    else if ((s[0] & 0xF8) == 0xF0)
        n = 4, c = s[0] & 0x07, min = 0x10000;
    else
        return 0;
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

static void put_utf8(uint32_t c, char *out, size_t *n)
{
    if (c < 0x80) {
        out[(*n)++] = (char)c;
    } else if (c < 0x800) {
        out[(*n)++] = (char)(0xC0 | c >> 6);
        out[(*n)++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out[(*n)++] = (char)(0xE0 | c >> 12);
        out[(*n)++] = (char)(0x80 | (c >> 6 & 0x3F));
        out[(*n)++] = (char)(0x80 | (c & 0x3F));
    } else {
        out[(*n)++] = (char)(0xF0 | c >> 18);
        out[(*n)++] = (char)(0x80 | (c >> 12 & 0x3F));
        out[(*n)++] = (char)(0x80 | (c >> 6 & 0x3F));
        out[(*n)++] = (char)(0x80 | (c & 0x3F));
    }
}

/* Checks that J is exactly one JSON string (RFC 8259) holding valid
 * Unicode, with no raw U+2028/U+2029, and decodes it into OUT (room for
 * strlen(J) bytes) and *OUTLEN.  Returns false on any violation. */
static bool parse_json_string(const char *j, char *out, size_t *outlen)
{
    const unsigned char *p = (const unsigned char *)j;
    size_t len = strlen(j), i = 1, n = 0;
    if (len < 2 || p[0] != '"')
        return false;
    while (i < len && p[i] != '"') {
        uint32_t c;
        if (p[i] < 0x20)
            return false;
        if (p[i] != '\\') {
            size_t k = decode_utf8(p + i, len - i, &c);
            if (k == 0 || c == 0x2028 || c == 0x2029)
                return false;
            memcpy(out + n, p + i, k);
            n += k;
            i += k;
            continue;
        }
        if (++i >= len)
            return false;
        const char *simple = strchr("\"\\/bfnrt", p[i]);
        if (simple && p[i]) {
            out[n++] = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
            i++;
            continue;
        }
        if (p[i] != 'u' || i + 4 >= len)
            return false;
        char hex[5] = { 0 };
        memcpy(hex, p + i + 1, 4);
        if (strspn(hex, "0123456789abcdefABCDEF") != 4)
            return false;
        c = (uint32_t)strtoul(hex, NULL, 16);
        if (c >= 0xD800 && c <= 0xDFFF) /* never written by json.c */
            return false;
        put_utf8(c, out, &n);
        i += 5;
    }
    if (i != len - 1)
        return false;
    *outlen = n;
    return true;
}

/* ------------------------------------------------------------ randomness */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* Random bytes biased towards the interesting ones: controls, quotes,
 * lead and continuation bytes, and pieces of real sequences. */
static size_t random_bytes(char *s, size_t max)
{
    static const char *pieces[] = {
        "\xE2\x80\xA8", "\xE2\x80\xA9", "\xED\xA0\x80", "\xF4\x90\x80\x80",
        "\xC0\xAF", "\xE0\x80\xAF", "\xF0\x9F\x98\x80", "\xE2\x82", "\xC3",
        "\"", "\\", "\xEF\xBF\xBD", "\xEF\xBF\xBF",
    };
    size_t n = 0, want = rng() % max;
    while (n < want) {
        uint32_t kind = rng() % 4;
        if (kind == 0) {
            const char *p = pieces[rng() % (sizeof pieces / sizeof *pieces)];
            size_t k = strlen(p);
            if (n + k > want)
                break;
            memcpy(s + n, p, k);
            n += k;
        } else if (kind == 1) {
            s[n++] = (char)(rng() % 0x20);
        } else {
            s[n++] = (char)(rng() % 256);
        }
    }
    return n;
}

/* Random valid UTF-8, code points from every length class. */
static size_t random_utf8(char *s, size_t max_chars)
{
    size_t n = 0, count = rng() % max_chars;
    for (size_t k = 0; k < count; k++) {
        uint32_t c;
        switch (rng() % 5) {
        case 0: c = rng() % 0x80; break;
        case 1: c = 0x80 + rng() % (0x800 - 0x80); break;
        case 2: c = 0x2020 + rng() % 16; break; /* around U+2028 */
        case 3: c = 0x800 + rng() % (0x10000 - 0x800); break;
        default: c = 0x10000 + rng() % (0x110000 - 0x10000);
        }
        if (c >= 0xD800 && c <= 0xDFFF)
            c = 0xFFFD;
        put_utf8(c, s, &n);
    }
    return n;
}

/* A JSON number per RFC 8259's grammar. */
static bool is_json_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return false;
    if (*s == '.') {
        if (!(*++s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        if (*++s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

/* ------------------------------------------------------------- the tests */

static void test_escapes(void)
{
    check_string("", 0, "\"\"", "empty string is \"\"");
    check_string("Japan, France", 13, "\"Japan, France\"", "plain ASCII copied");
    check_string("say \"RAA\"", 9, "\"say \\\"RAA\\\"\"", "quotes escaped");
    check_string("a\\b/c", 5, "\"a\\\\b/c\"", "backslash escaped, slash not");
    check_string("\n\t\r\b\f", 5, "\"\\n\\t\\r\\b\\f\"",
                 "short escapes for newline, tab, CR, backspace, form feed");
    check_string("\x01\x1f\x1b[0m", 6, "\"\\u0001\\u001f\\u001b[0m\"",
                 "other controls as \\u00XX (terminal escapes defused)");
    check_string("del\x7f", 4, "\"del\x7f\"", "DEL copied as it is");
    check_string("a\0b", 3, "\"a\\u0000b\"", "embedded NUL written as \\u0000");
    check_string("\0", 1, "\"\\u0000\"", "a lone NUL");
    check_string("Élysée 5€ 😀", strlen("Élysée 5€ 😀"), "\"Élysée 5€ 😀\"",
                 "valid 2-, 3- and 4-byte characters copied");
    check_string("China’s", strlen("China’s"), "\"China’s\"",
                 "curly apostrophe copied");
    check_string("a\xE2\x80\xA8z\xE2\x80\xA9", 8, "\"a\\u2028z\\u2029\"",
                 "U+2028 and U+2029 escaped for JavaScript");
    check_string("\xEF\xBF\xBF\xEF\xBF\xBE", 6, "\"\xEF\xBF\xBF\xEF\xBF\xBE\"",
                 "noncharacters U+FFFF, U+FFFE are valid UTF-8, copied");
    check_string("\xF4\x8F\xBF\xBF", 4, "\"\xF4\x8F\xBF\xBF\"", "U+10FFFF copied");
}

static void test_invalid_utf8(void)
{
    check_string("\xFF", 1, "\"" FFFD "\"", "byte FF is U+FFFD");
    check_string("a\x80z", 3, "\"a" FFFD "z\"", "stray continuation byte");
    check_string("\xE2\x82", 2, "\"" FFFD "\"",
                 "truncated 3-byte sequence at the end: one U+FFFD");
    check_string("\xE2\x82x", 3, "\"" FFFD "x\"",
                 "truncated sequence before ASCII: U+FFFD, then the ASCII");
    check_string("\xE2\x82\"", 3, "\"" FFFD "\\\"\"",
                 "truncated sequence before a quote: the quote still escaped");
    check_string("\xF0\x9F\x98", 3, "\"" FFFD "\"", "truncated 4-byte sequence");
    check_string("\xC3\xC3\xA9", 3, "\"" FFFD "é\"",
                 "lead byte then a new character: U+FFFD then the character");
    check_string("\xC0\xAF", 2, "\"" FFFD FFFD "\"",
                 "overlong '/' (C0 AF): two U+FFFD");
    check_string("\xE0\x80\xAF", 3, "\"" FFFD FFFD FFFD "\"",
                 "overlong 3-byte '/': three U+FFFD");
    check_string("\xF0\x80\x80\xAF", 4, "\"" FFFD FFFD FFFD FFFD "\"",
                 "overlong 4-byte '/': four U+FFFD");
    check_string("\xED\xA0\x80", 3, "\"" FFFD FFFD FFFD "\"",
                 "surrogate U+D800: three U+FFFD");
    check_string("\xF4\x90\x80\x80", 4, "\"" FFFD FFFD FFFD FFFD "\"",
                 "U+110000 (above U+10FFFF): four U+FFFD");
    check_string("\xF5\x80", 2, "\"" FFFD FFFD "\"", "lead byte F5 is never valid");
    check_string("\xE2\x80\xA8"
                 "\xE2\x80",
                 5, "\"\\u2028" FFFD "\"",
                 "U+2028 then a truncated sequence");
}

static void test_numbers(void)
{
    check_number(0, "0", "zero");
    check_number(-0.0, "-0", "negative zero keeps its sign");
    check_number(42, "42", "integer without a decimal point");
    check_number(123456789012345, "123456789012345", "15-digit integer exact");
    check_number(1.5, "1.5", "1.5");
    check_number(0.1, "0.1", "0.1 short, not 0.10000000000000001");
    check_number(0.1 + 0.2, "0.30000000000000004",
                 "0.1+0.2 needs 17 digits to read back");
    check_number(1.0 / 3, "0.33333333333333331", "1/3 needs 17 digits");
    check_number(-2.5e-7, "-2.5e-07", "small negative in exponent form");
    check_number(1e300, "1e+300", "large in exponent form");
    check_number(5e-324, "4.94065645841247e-324", "smallest subnormal reads back");
    check_number(NAN, "null", "NaN is null");
    check_number(INFINITY, "null", "infinity is null");
    check_number(-INFINITY, "null", "minus infinity is null");

    int bad = 0;
    for (int k = 0; k < 10000; k++) {
        uint64_t bits = (uint64_t)rng() << 32 | rng();
        double v;
        memcpy(&v, &bits, sizeof v);
        jf_buf_t b = JF_BUF_INIT;
        jf_json_number(&b, v);
        bool good = isfinite(v) ? is_json_number(b.data) && strtod(b.data, NULL) == v
                                : strcmp(b.data, "null") == 0;
        if (!good && bad++ < 5)
            printf("# bits %016llx gave %s\n", (unsigned long long)bits, b.data);
        jf_buf_free(&b);
    }
    is_int(bad, 0, "10,000 random doubles: JSON numbers that read back exactly");
}

static void test_random_bytes(void)
{
    char in[64], out[64 * 6 + 8];
    int invalid = 0, lost = 0, inputs_invalid = 0;
    for (int k = 0; k < 10000; k++) {
        size_t len = random_bytes(in, sizeof in), outlen;
        char *j = json_of(in, len);
        if (!jf_utf8_valid(in, len))
            inputs_invalid++;
        if (!parse_json_string(j, out, &outlen)) {
            if (invalid++ < 5)
                printf("# not a valid JSON string: %s\n", j);
        } else if (jf_utf8_valid(in, len) &&
                   (outlen != len || memcmp(out, in, len) != 0)) {
            if (lost++ < 5)
                printf("# valid input changed: %s\n", j);
        }
        free(j);
    }
    is_int(invalid, 0, "10,000 random byte strings all give valid JSON strings");
    is_int(lost, 0, "random byte strings that are valid UTF-8 read back unchanged");
    ok(inputs_invalid > 5000, "most random inputs were invalid UTF-8 (%d)",
       inputs_invalid);

    lost = 0;
    char utf8[40 * 4];
    for (int k = 0; k < 10000; k++) {
        size_t len = random_utf8(utf8, 40), outlen;
        char *j = json_of(utf8, len);
        if (!parse_json_string(j, out, &outlen) || outlen != len ||
            memcmp(out, utf8, len) != 0) {
            if (lost++ < 5)
                printf("# did not round-trip: %s\n", j);
        }
        free(j);
    }
    is_int(lost, 0, "10,000 random valid UTF-8 strings round-trip through JSON");
}

int main(void)
{
    test_escapes();
    test_invalid_utf8();
    test_numbers();
    test_random_bytes();
    return done_testing();
}
