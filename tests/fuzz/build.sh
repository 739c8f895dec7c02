#!/bin/sh
# build.sh SRCDIR OUTDIR [HARNESS...] - builds the libFuzzer harnesses of
# tests/fuzz/ with clang, AddressSanitizer and UndefinedBehaviorSanitizer,
# compiling the product sources they exercise along with them (the regular
# build uses gcc, whose objects libFuzzer cannot instrument).  Prints the
# path of each harness built; exits 77 when clang or libFuzzer is missing,
# 1 when a build fails.
set -eu
src=$1 out=$2; shift 2
harnesses=${*:-"text query clean html form topics synonyms meta records"}
CC=${FUZZ_CC:-clang} CXX=${FUZZ_CXX:-clang++}
command -v "$CC" >/dev/null 2>&1 && command -v "$CXX" >/dev/null 2>&1 || {
    echo "build.sh: $CC/$CXX not found (Debian: apt-get install clang)" >&2; exit 77; }
mkdir -p "$out"
probe="$out/probe.c"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)(n & 0); }' >"$probe"
"$CC" -fsanitize=fuzzer "$probe" -o "$out/probe" 2>/dev/null || {
    echo "build.sh: $CC cannot link libFuzzer (Debian: apt-get install libclang-rt-14-dev)" >&2; exit 77; }

flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
inc="-I$src/lib -I$src/shim -I$src/indexer -I$src/searcher -DJF_PKGDATADIR=\"/nonexistent\""
xapian_cflags=$(pkg-config --cflags xapian-core) xapian_libs=$(pkg-config --libs xapian-core)
utf8proc_cflags=$(pkg-config --cflags libutf8proc 2>/dev/null || true)

# Product sources each harness needs (besides lib/ and the shim, which all
# link): the engine files under test.
sources_for() {
    case $1 in
    text) echo "" ;;
    query|topics|synonyms)
           ls "$src"/searcher/*.c | grep -v -e '/jf[a-z]*\.c$' -e '/cli\.c$' \
               -e '/render\.c$' -e '/coverage_\(html\|render\)\.c$' \
               -e '/serve_[a-z]*\.c$' ;;
    clean|meta|records) ls "$src"/indexer/*.c | grep -v '/jfindex\.c$' ;;
    html) echo "$src/searcher/html.c" ;;
    form) echo "$src/searcher/serve_form.c $src/searcher/html.c" ;;
    esac
}

objs="$out/obj"
mkdir -p "$objs"
# compile FILE: compiles it (or exits the script on an error) and appends
# its object to $objects.
compile() {
    o="$objs/$(echo "$1" | sed "s|^$src/||; s|/|_|g").o"
    case $1 in
    *.cc) "$CXX" $flags -std=gnu++17 $inc $xapian_cflags -c "$1" -o "$o" ;;
    *) "$CC" $flags -std=gnu11 $inc $utf8proc_cflags -c "$1" -o "$o" ;;
    esac || exit 1
    objects="$objects $o"
}
objects=""
for f in "$src"/lib/*.c "$src"/shim/*.cc; do compile "$f"; done
base=$objects
for h in $harnesses; do
    objects=""
    compile "$src/tests/fuzz/fuzz_$h.c"
    for f in $(sources_for "$h"); do compile "$f"; done
    "$CXX" -fsanitize=fuzzer,address,undefined $objects $base $xapian_libs -lstemmer $(pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc) \
        -lz -o "$out/fuzz_$h"
    echo "$out/fuzz_$h"
done
