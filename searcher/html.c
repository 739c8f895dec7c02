/* html.c - escaping for HTML and for links (see html.h). */
#include "html.h"

#include <string.h>

#include "text.h"

void jf_html_escape(jf_buf_t *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t n = jf_utf8_char_len(s + i, len - i);
        unsigned char c = (unsigned char)s[i];
        if (!jf_utf8_valid(s + i, n) ||
            (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
            jf_buf_puts(b, "\xEF\xBF\xBD");
        else if (c == '&')
            jf_buf_puts(b, "&amp;");
        else if (c == '<')
            jf_buf_puts(b, "&lt;");
        else if (c == '>')
            jf_buf_puts(b, "&gt;");
        else if (c == '"')
            jf_buf_puts(b, "&quot;");
        else if (c == '\'')
            jf_buf_puts(b, "&#39;");
        else
            jf_buf_append(b, s + i, n);
        i += n;
    }
}

void jf_html_puts(jf_buf_t *b, const char *s)
{
    jf_html_escape(b, s, strlen(s));
}

void jf_html_snippet(jf_buf_t *b, const jf_snippet_t *s)
{
    size_t at = 0;
    for (size_t i = 0; i < s->nspans; i++) {
        const jf_span_t *span = &s->spans[i];
        jf_html_escape(b, s->text + at, span->start - at);
        jf_buf_puts(b, "<mark>");
        jf_html_escape(b, s->text + span->start, span->end - span->start);
        jf_buf_puts(b, "</mark>");
        at = span->end;
    }
    jf_html_escape(b, s->text + at, s->len - at);
}

void jf_url_encode(jf_buf_t *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~') {
            jf_buf_putc(b, (char)c);
        } else if (c == ' ') {
            jf_buf_putc(b, '+');
        } else {
            char enc[3] = { '%', hex[c >> 4], hex[c & 15] };
            jf_buf_append(b, enc, 3);
        }
    }
}

void jf_url_param(jf_buf_t *url, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    jf_buf_putc(url, url->data && strchr(url->data, '?') ? '&' : '?');
    jf_buf_puts(url, name);
    jf_buf_putc(url, '=');
    jf_url_encode(url, value, strlen(value));
}
