/* serve_page.c - what every page of jfserve shares: the frame around its
 * content, the one stylesheet, and the error pages.
 *
 * Pages carry no script and no inline style (the Content-Security-Policy
 * allows only /style.css), so every look is a class in the stylesheet.
 */
#include <stdio.h>
#include <string.h>

#include "coverage_html.h"
#include "html.h"
#include "serve.h"

static const char stylesheet[] =
":root{color-scheme:light}\n"
"*{box-sizing:border-box}\n"
"body{font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
"color:#1f2328;background:#fff;margin:0}\n"
"header.top{display:flex;align-items:baseline;gap:1.5rem;"
"padding:.6rem 1.5rem;border-bottom:1px solid #d0d7de;background:#f6f8fa}\n"
"header.top .brand{font-weight:700;font-size:1.15rem;color:#1f2328;"
"text-decoration:none}\n"
"header.top nav a{margin-right:1.2rem;color:#0969da;text-decoration:none}\n"
"header.top nav a[aria-current]{font-weight:600;color:#1f2328}\n"
"main{max-width:84rem;margin:1.2rem auto 3rem;padding:0 1.5rem}\n"
"h1{font-size:1.45rem;margin:.3rem 0 .6rem}\n"
"h2{font-size:1.2rem;margin:1.6rem 0 .4rem}\n"
"form.query{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;"
"margin:.4rem 0 1.2rem}\n"
"form.query label{display:flex;flex-direction:column;font-size:.85rem;"
"color:#57606a}\n"
"form.query label.wide{flex:1 1 24rem}\n"
"input,textarea{font:inherit;color:inherit;padding:.35rem .5rem;"
"border:1px solid #8c959f;border-radius:6px;background:#fff}\n"
"input.date{width:9.5rem}input.source{width:12rem}input.number{width:5rem}\n"
"textarea{font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;"
"width:100%;min-height:9rem}\n"
"button{font:inherit;padding:.35rem 1.1rem;border-radius:6px;"
"border:1px solid #1a7f37;background:#1f883d;color:#fff}\n"
".notice{margin:.3rem 0;color:#3d444d}\n"
".error{border-left:4px solid #cf222e;background:#fff5f5;"
"padding:.5rem 1rem;margin:.6rem 0}\n"
".count{color:#57606a;margin:1rem 0}\n"
".meta{color:#57606a;font-size:.9rem}\n"
"ol.hits{list-style:none;padding:0;margin:0}\n"
"ol.hits li{margin:0 0 1.3rem}\n"
"ol.hits h3{font-size:1.08rem;margin:0;font-weight:600}\n"
"ol.hits h3 a{color:#0969da;text-decoration:none}\n"
"ol.hits h3 a:hover{text-decoration:underline}\n"
"ol.hits .rank{color:#57606a;font-weight:400;margin-right:.3rem}\n"
".snippet{margin:.15rem 0 0}\n"
"h2.partial{font-size:1rem;color:#57606a;margin:1.6rem 0 .8rem}\n"
"mark{background:#ffe36e;color:inherit;padding:0 .1em;border-radius:2px}\n"
"nav.pager{margin:1.5rem 0;display:flex;gap:1.5rem}\n"
"dl.record{display:grid;grid-template-columns:max-content 1fr;"
"gap:.15rem 1rem;margin:.5rem 0 1rem}\n"
"dl.record dt{color:#57606a}dl.record dd{margin:0}\n"
"ol.passages{padding-left:2.2rem}\n"
"ol.passages li{margin:.5rem 0;padding:.2rem .5rem;border-radius:4px}\n"
"ol.passages li.headline{font-weight:600}\n"
"ol.passages li.match{border-left:3px solid #d4a72c}\n"
"ol.passages li:target{background:#fff8c5}\n"
"ul.uncovered li{margin:.2rem 0}\n"
".req{color:#cf222e;font-weight:700;font-size:.85em}\n"
"code{background:#f6f8fa;padding:0 .3em;border-radius:3px}\n"
"footer{max-width:84rem;margin:0 auto 2rem;padding:0 1.5rem;"
"color:#57606a;font-size:.85rem}\n";

void jf_reply_stylesheet(jf_reply_t *r)
{
    r->status = 200;
    r->type = "text/css; charset=utf-8";
    r->cacheable = true;
    jf_buf_puts(&r->body, stylesheet);
    jf_buf_puts(&r->body, jf_coverage_pivot_css);
}

void jf_page_begin(jf_buf_t *b, const char *title, const char *section)
{
    jf_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                   "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                   "content=\"width=device-width, initial-scale=1\">\n"
                   "<title>");
    jf_html_puts(b, title);
    jf_buf_puts(b, " \u00b7 jfsearch</title>\n<link rel=\"stylesheet\" "
                   "href=\"/style.css\">\n</head>\n<body>\n"
                   "<header class=\"top\"><a class=\"brand\" href=\"/\">"
                   "jfsearch</a><nav>");
    static const char *const links[][2] = { { "/", "Search" },
                                            { "/coverage", "Coverage" } };
    for (size_t i = 0; i < 2; i++)
        jf_buf_printf(b, "<a href=\"%s\"%s>%s</a>", links[i][0],
                      section && strcmp(section, links[i][1]) == 0
                          ? " aria-current=\"page\"" : "",
                      links[i][1]);
    jf_buf_puts(b, "</nav></header>\n<main>\n");
}

void jf_page_end(jf_buf_t *b)
{
    jf_buf_puts(b, "</main>\n<footer>jfsearch " PACKAGE_VERSION
                   " \u00b7 passages ranked by BM25 over Xapian</footer>\n"
                   "</body>\n</html>\n");
}

static const char *reason(unsigned status)
{
    switch (status) {
    case 400: return "Bad request";
    case 404: return "Not found";
    case 405: return "Method not allowed";
    case 413: return "Request body not accepted";
    case 414: return "Request too long";
    case 503: return "Index unavailable";
    default: return "Server error";
    }
}

void jf_reply_error(jf_reply_t *r, unsigned status, const char *message)
{
    jf_buf_reset(&r->body);
    r->status = status;
    r->type = "text/html; charset=utf-8";
    jf_page_begin(&r->body, reason(status), NULL);
    jf_buf_printf(&r->body, "<h1>%s</h1>\n<p class=\"error\">",
                  reason(status));
    jf_html_puts(&r->body, message);
    jf_buf_printf(&r->body, "</p>\n<p><a href=\"/\">Search</a> \u00b7 "
                            "<a href=\"/coverage\">Coverage</a></p>\n");
    jf_page_end(&r->body);
}

unsigned jf_status_of(const jf_error_t *err)
{
    return err->status == JFX_INVALID || err->status == JFX_BAD_QUERY ? 400
                                                                      : 503;
}
