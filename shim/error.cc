/* error.cc - statuses and messages: how whatever Xapian or the C++
 * runtime throws becomes a jfx_status_t and one line naming what failed.
 *
 * The words are Xapian's, or a plain statement of what happened to which
 * path or host; what to do about it (build an index with jfindex, say)
 * is for the programs above the shim to add.
 */
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>

#include "jfx-private.h"

namespace jfx {

bool path_exists(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0;
}

void require(bool condition, const char *what)
{
    if (!condition)
        throw Xapian::InvalidArgumentError(what);
}

char *malloc_copy(const std::string &s)
{
    char *copy = static_cast<char *>(malloc(s.size() + 1));
    if (!copy)
        throw std::bad_alloc();
    memcpy(copy, s.data(), s.size());
    copy[s.size()] = '\0';
    return copy;
}

/* Xapian's error classes have no virtual functions, so rethrowing is the
 * way to ask for their type. */
jfx_status_t classify_current(const char *subject)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &) {
        return JFX_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &) {
        return JFX_NOT_FOUND;
    } catch (const Xapian::DocNotFoundError &) {
        return JFX_NOT_FOUND;
    } catch (const Xapian::DatabaseVersionError &) {
        return JFX_CORRUPT;
    } catch (const Xapian::DatabaseCorruptError &) {
        return JFX_CORRUPT;
    } catch (const Xapian::DatabaseOpeningError &e) {
        /* Xapian says "opening" both for a missing path and for one
         * that is not a database. */
        if (!path_exists(subject))
            return JFX_NOT_FOUND;
        return e.get_error_string() ? JFX_IO : JFX_CORRUPT;
    } catch (const Xapian::DatabaseModifiedError &) {
        return JFX_MODIFIED;
    } catch (const Xapian::QueryParserError &) {
        return JFX_BAD_QUERY;
    } catch (const Xapian::NetworkError &) {
        return JFX_NETWORK;
    } catch (const Xapian::InvalidArgumentError &) {
        return JFX_INVALID;
    } catch (const Xapian::InvalidOperationError &) {
        return JFX_INVALID;
    } catch (const Xapian::DatabaseError &e) {
        return e.get_error_string() ? JFX_IO : JFX_INTERNAL;
    } catch (const std::bad_alloc &) {
        return JFX_NO_MEMORY;
    } catch (...) {
        return JFX_INTERNAL;
    }
}

namespace {

bool is_a(const Xapian::Error *e, const char *type)
{
    return e && strcmp(e->get_type(), type) == 0;
}

/* Xapian's own words, without a leading "SUBJECT: " (it often names the
 * path itself) and with the system error when there is one. */
std::string xapian_words(const Xapian::Error &e, const char *subject)
{
    std::string words = e.get_msg();
    if (subject) {
        std::string lead = std::string(subject) + ": ";
        if (words.compare(0, lead.size(), lead) == 0)
            words.erase(0, lead.size());
    }
    if (!e.get_context().empty())
        words += " [" + e.get_context() + "]";
    if (e.get_error_string())
        words += std::string(" (") + e.get_error_string() + ")";
    return words;
}

std::string explain(jfx_status_t status, const Failure &f,
                    const Xapian::Error *e)
{
    std::string where = f.subject ? std::string(f.subject) + ": " : "";
    std::string words = e ? xapian_words(*e, f.subject) : "";
    std::string text;
    switch (status) {
    case JFX_LOCKED:
        text = where + "index is being updated by another writer";
        break;
    case JFX_NOT_FOUND:
        if (is_a(e, "DocNotFoundError"))
            text = where + "no such document: " + words;
        else
            text = where + "no database here";
        break;
    case JFX_CORRUPT:
        if (is_a(e, "DatabaseVersionError"))
            text = where + "index format not supported: " + words;
        else if (e && !is_a(e, "DatabaseCorruptError"))
            text = where + "not an index: " + words;
        else
            text = where + "index is damaged: " + words;
        break;
    case JFX_MODIFIED:
        text = where + "index changed while being read (reopen and retry)";
        break;
    case JFX_BAD_QUERY:
        text = "bad query: " + words;
        break;
    case JFX_NETWORK:
        text = where + "remote index unreachable: " + words;
        break;
    case JFX_NO_MEMORY:
        text = where + "out of memory";
        break;
    case JFX_INTERNAL:
        text = where + (e ? std::string(e->get_type()) + ": " + words
                          : std::string("unexpected C++ exception"));
        break;
    default: /* JFX_IO, JFX_INVALID: Xapian's words say it best */
        text = where + words;
        break;
    }
    if (!f.detail.empty())
        text += " (" + f.detail + ")";
    return text;
}

}  // namespace

/* If the message cannot be built, a short literal (which fits
 * std::string's small buffer, so assigning it does not allocate) is
 * stored instead. */
jfx_status_t report(const Failure &f, jfx_status_t status,
                    const Xapian::Error *e) noexcept
{
    try {
        std::string text = explain(status, f, e);
        if (f.error)
            *f.error = text;
        if (f.message)
            *f.message = strdup(text.c_str());
    } catch (...) {
        if (f.error)
            f.error->assign("out of memory");
        if (f.message)
            *f.message = strdup("out of memory");
    }
    return status;
}

}  // namespace jfx

JFX_API const char *jfx_status_to_string(jfx_status_t status)
{
    switch (status) {
    case JFX_OK: return "success";
    case JFX_LOCKED: return "index locked";
    case JFX_NOT_FOUND: return "not found";
    case JFX_CORRUPT: return "index damaged";
    case JFX_MODIFIED: return "index modified";
    case JFX_BAD_QUERY: return "bad query";
    case JFX_IO: return "input/output error";
    case JFX_NO_MEMORY: return "out of memory";
    case JFX_INVALID: return "invalid argument";
    case JFX_NETWORK: return "network error";
    case JFX_INTERNAL: return "internal error";
    }
    return "unknown status";
}

JFX_API const char *jfx_library_version(void)
{
    return Xapian::version_string();
}
