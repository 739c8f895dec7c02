/* json.c - JSON strings and numbers (see json.h).
 *
 * Strings: the bytes are decoded as strict UTF-8 (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF).  Valid characters are copied as
 * they are, except " \ and the control characters below U+0020, which
 * JSON requires escaped, and U+2028/U+2029, which are legal in JSON but end
 * a line in older JavaScript string literals.  Invalid input becomes
 * U+FFFD by the Unicode "maximal subpart" rule (the WHATWG decoder's): a
 * lead byte followed by a proper prefix of a valid sequence is one U+FFFD,
 * and any other invalid byte is one U+FFFD on its own.  So "\xE2\x82" gives
 * one U+FFFD, "\xC0\xAF" (an overlong '/') gives two.
 *
 * Numbers: the shortest of %.15g and %.17g that reads back as the same
 * double, so 0.1 prints as 0.1 and not 0.10000000000000001.  The programs
 * never call setlocale, so the decimal point is '.'.
 */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the valid UTF-8 sequence at S[0..LEN), or 0 if it is invalid;
 * then *BAD is the length of the maximal invalid subpart to replace. */
static size_t utf8_sequence(const unsigned char *s, size_t len, size_t *bad)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */

    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong below U+0800 */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates U+D800..U+DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong below U+10000 */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        *bad = 1; /* a continuation byte, C0, C1 or F5..FF */
        return 0;
    }
    for (size_t i = 1; i < need; i++) {
        unsigned char min = i == 1 ? lo : 0x80, max = i == 1 ? hi : 0xBF;
        if (i >= len || s[i] < min || s[i] > max) {
            *bad = i;
            return 0;
        }
    }
    return need;
}

void jf_json_string(jf_buf_t *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0; /* start of the bytes not yet appended */
    size_t i = 0;

    jf_buf_putc(b, '"');
    while (i < len) {
        unsigned char c = p[i];
        char esc[8];
        const char *out;
        size_t skip = 1;

        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        if (c < 0x80) {
            switch (c) {
            case '"': out = "\\\""; break;
            case '\\': out = "\\\\"; break;
            case '\b': out = "\\b"; break;
            case '\f': out = "\\f"; break;
            case '\n': out = "\\n"; break;
            case '\r': out = "\\r"; break;
            case '\t': out = "\\t"; break;
            default:
                snprintf(esc, sizeof esc, "\\u%04x", c);
                out = esc;
            }
        } else {
            size_t bad = 0, n = utf8_sequence(p + i, len - i, &bad);
            if (n == 3 && c == 0xE2 && p[i + 1] == 0x80 &&
                (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
                out = p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
                skip = 3;
            } else if (n) {
                i += n;
                continue;
            } else {
                out = replacement;
                skip = bad;
            }
        }
        jf_buf_append(b, p + run, i - run);
        jf_buf_puts(b, out);
        i += skip;
        run = i;
    }
    jf_buf_append(b, p + run, i - run);
    jf_buf_putc(b, '"');
}

void jf_json_number(jf_buf_t *b, double v)
{
    if (!isfinite(v)) {
        jf_buf_puts(b, "null");
        return;
    }
    char text[32];
    snprintf(text, sizeof text, "%.15g", v);
    if (strtod(text, NULL) != v)
        snprintf(text, sizeof text, "%.17g", v);
    jf_buf_puts(b, text);
}
