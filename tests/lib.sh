# lib.sh - TAP helpers and fixtures for the shell integration tests.
#
# Sourced by tests/*.test.  Every test gets a fresh scratch directory
# ($scratch, removed on exit) so tests never write into the source tree
# (make distcheck makes it read-only).

set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${JF_RUN:=}"
: "${PYTHON3:=python3}"

JFINDEX="$top_builddir/jfindex"
JFSEARCH="$top_builddir/jfsearch"
JFCOVERAGE="$top_builddir/jfcoverage"
# The deterministic article generator (tests/gencorpus.c): the crash, scale
# and parallel tests build their corpora with it.
GEN_CORPUS="$top_builddir/tests/gencorpus"
CORPUS="$top_srcdir/corpus"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/jftest.XXXXXX")
trap 'chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
export HOME="$scratch/home"   # keep the default index out of the real $HOME
mkdir -p "$HOME"

tap_n=0
tap_failed=0

ok() {    # ok STATUS DESCRIPTION: passes when STATUS is 0
    tap_n=$((tap_n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $tap_n - $2"
    else
        echo "not ok $tap_n - $2"
        tap_failed=$((tap_failed + 1))
    fi
}

is() {    # is GOT WANT DESCRIPTION
    if [ "$1" = "$2" ]; then
        ok 0 "$3"
    else
        ok 1 "$3"
        printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | sed '3,$s/^/#   /'
    fi
}

skip() {  # skip COUNT REASON
    i=0
    while [ "$i" -lt "$1" ]; do
        tap_n=$((tap_n + 1)); i=$((i + 1))
        echo "ok $tap_n # SKIP $2"
    done
}

like() {  # like GOT EXTENDED-REGEX DESCRIPTION
    if printf '%s\n' "$1" | grep -Eq -- "$2"; then
        ok 0 "$3"
    else
        ok 1 "$3"
        printf '%s\n' "$1" | head -n 20 | sed 's/^/#   got: /'
        printf '#   want match: %s\n' "$2"
    fi
}

unlike() { # unlike GOT EXTENDED-REGEX DESCRIPTION
    if printf '%s\n' "$1" | grep -Eq -- "$2"; then
        ok 1 "$3"
        printf '%s\n' "$1" | head -n 20 | sed 's/^/#   got: /'
    else
        ok 0 "$3"
    fi
}

done_testing() {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ]
}

# Runs a program under $JF_RUN (valgrind in `make check-valgrind`),
# leaving its exit status in $rc, stdout in $out, stderr in $err.
run() {
    out=$($JF_RUN "$@" 2>"$scratch/stderr"); rc=$?
    err=$(cat "$scratch/stderr")
}

# strace with its arguments.  LeakSanitizer cannot work in a traced
# process and ends it with status 1, so under `make check-asan` a traced
# run leaves leak checking to the untraced ones.
traced() { ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace "$@"; }

jfindex() { run "$JFINDEX" "$@"; }

# Runs a command as an unprivileged user (nobody, with setpriv from
# util-linux) when the tests run as root, who can read and write
# anything, so that a permission test tests permissions; as the user
# otherwise.  The scratch directory is opened to others for it.
as_user() {
    if [ "$(id -u)" = 0 ]; then
        chmod 755 "$scratch"
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}
jfsearch() { run "$JFSEARCH" "$@"; }

# An index of the bundled corpus, built once per test script.
bundled_index() {
    if [ ! -d "$scratch/bundled" ]; then
        "$JFINDEX" --quiet --index "$scratch/bundled" "$CORPUS" >/dev/null 2>&1
    fi
    echo "$scratch/bundled"
}

# The answers to QUERY... in index $1 (with JF_ANSWER_OPTIONS, more
# jfsearch options, such as more --index), one line per query: its total, the
# spelling correction, and its first 20 results as (path, passage, text,
# score to 6 places).  Two indexes that rank alike print the same.  With
# $2 = ties, results of equal score are put in path order and, when the
# 20 were cut in a group of equal scores, that group is left out: two
# indexes that differ only in how they order ties print the same.
answers() {
    index=$1 order=$2; shift 2
    for q in "$@"; do
        # shellcheck disable=SC2086
        $JF_RUN "$JFSEARCH" --index "$index" ${JF_ANSWER_OPTIONS:-} --json \
            --limit 20 "$q" 2>&1
        echo
    done | "$PYTHON3" -c '
import json, sys
ties = sys.argv[1] == "ties"
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    try:
        d = json.loads(line)
    except ValueError:
        print("not JSON: " + line)
        continue
    results = [[r["path"], r["passage"], r["text"], "%.6f" % r["score"]]
               for r in d["results"]]
    if ties:
        results.sort(key=lambda r: (-float(r[3]), r[0], r[1]))
        if len(results) == 20:
            results = [r for r in results if r[3] != results[-1][3]]
    print(json.dumps([d["query"], d["total"], d["corrected"], results]))' "$order"
}

same() {  # same GOT WANT DESCRIPTION: like is, but shows a diff
    if [ "$1" = "$2" ]; then
        ok 0 "$3"
    else
        ok 1 "$3"
        printf '%s\n' "$1" | tr '[' '\n' >"$scratch/got"
        printf '%s\n' "$2" | tr '[' '\n' >"$scratch/want"
        diff "$scratch/got" "$scratch/want" | head -n 40 | sed 's/^/#   /'
    fi
}
