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

jfindex() { run "$JFINDEX" "$@"; }
jfsearch() { run "$JFSEARCH" "$@"; }

# An index of the bundled corpus, built once per test script.
bundled_index() {
    if [ ! -d "$scratch/bundled" ]; then
        "$JFINDEX" --quiet --index "$scratch/bundled" "$CORPUS" >/dev/null 2>&1
    fi
    echo "$scratch/bundled"
}
