/* csv.c - CSV fields (see csv.h). */
#include "csv.h"

#include <string.h>

/* Whether a spreadsheet would read S as a formula. */
static bool formula_like(const char *s)
{
    s += strspn(s, "\t\r");
    return *s == '=' || *s == '+' || *s == '-' || *s == '@';
}

void jf_csv_field(jf_buf_t *b, const char *s, bool last)
{
    bool guard = formula_like(s);
    bool quote = guard || strpbrk(s, ",\"\r\n") ||
                 (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '));
    if (quote) {
        jf_buf_putc(b, '"');
        if (guard)
            jf_buf_putc(b, '\'');
        for (; *s; s++) {
            if (*s == '"')
                jf_buf_putc(b, '"');
            jf_buf_putc(b, *s);
        }
        jf_buf_putc(b, '"');
    } else {
        jf_buf_puts(b, s);
    }
    jf_buf_puts(b, last ? "\r\n" : ",");
}
