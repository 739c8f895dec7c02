/* fuzz_html.c - libFuzzer harness for the one HTML escaper
 * (searcher/html.c), which every page of jfcoverage --html and jfserve
 * puts text through.
 *
 * Any bytes: the escaped text must be valid UTF-8 holding none of < > "
 * ' raw, every & must start one of the five entities the escaper writes,
 * and no control character but tab and newline may remain.  So escaped
 * text can neither open a tag nor leave a quoted attribute, whatever the
 * headline, query or parameter held.  jf_url_encode's output must be
 * only unreserved characters, '+' and %XX.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "text.h"

static const char *const entities[] = { "&amp;", "&lt;", "&gt;", "&quot;",
                                        "&#39;" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jf_buf_t b = JF_BUF_INIT;
    jf_html_escape(&b, (const char *)data, size);
    const char *s = b.data ? b.data : "";
    if (!jf_utf8_valid(s, b.len) || strlen(s) != b.len)
        abort();
    for (size_t i = 0; i < b.len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'' || c == 0x7f ||
            (c < 0x20 && c != '\t' && c != '\n'))
            abort();
        if (c == '&') {
            size_t k = 0;
            while (k < 5 && strncmp(s + i, entities[k],
                                    strlen(entities[k])) != 0)
                k++;
            if (k == 5)
                abort();
        }
    }
    jf_buf_free(&b);

    jf_buf_t u = JF_BUF_INIT;
    jf_url_encode(&u, (const char *)data, size);
    for (size_t i = 0; i < u.len; i++) {
        char c = u.data[i];
        if (c == '%') {
            if (i + 2 >= u.len || !strchr("0123456789ABCDEF", u.data[i + 1]) ||
                !strchr("0123456789ABCDEF", u.data[i + 2]))
                abort();
            i += 2;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
              c == '~' || c == '+'))
            abort();
    }
    jf_buf_free(&u);
    return 0;
}
