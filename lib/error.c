/* error.c - the sticky error record (see error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdlib.h>

#include "buf.h"

int jf_fail_take(jf_error_t *err, jfx_status_t status, char *message)
{
    if (jf_failed(err)) {
        free(message);
        return -1;
    }
    err->status = status == JFX_OK ? JFX_INTERNAL : status;
    err->message = message;
    return -1;
}

int jf_fail(jf_error_t *err, jfx_status_t status, const char *fmt, ...)
{
    if (jf_failed(err))
        return -1;
    jf_buf_t b = JF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    jf_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return jf_fail_take(err, status, jf_buf_release(&b));
}

const char *jf_error_message(const jf_error_t *err)
{
    return err->message ? err->message : "";
}

void jf_error_clear(jf_error_t *err)
{
    free(err->message);
    err->message = NULL;
    err->status = JFX_OK;
}
