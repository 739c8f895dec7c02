#!/bin/sh
# killtest.sh - kill -9 at random moments of jfindex runs, and what must
# hold after each: no run can lose an index, whatever the moment.
#
#   tests/killtest.sh [--kills N] [--articles A] [--seed S]
#
# (from the top of a built tree; tests/kill.test runs a short version in
# `make check`).  Six kinds of run are killed in turn, each from a known
# old state to a known new one (a corpus of A articles, then a tenth of
# them removed, a tenth changed and a tenth added):
#
#   plain-new, sharded-new            a first build (old state: no index)
#   plain-update, sharded-update      an update in place
#   plain-rebuild, sharded-rebuild    --rebuild
#
# The moment of each kill is uniform over 1.2 times the run's own length,
# measured first.  After each kill:
#   - no process of the run is left (its workers died with it);
#   - the index answers, with the old state's answers or the new one's
#     (searching it, not just opening it).  A sharded update commits each
#     shard on its own (jfindex(1)), so there each shard is checked to be
#     old or new, and the index as a whole to answer;
#   - the same run, started again, completes; the index then answers as
#     a clean build of the new corpus does and --check finds it current;
#   - nothing the killed run made is left beside or inside the index.
# Prints TAP; the summary line counts the kills of each kind.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

kills=${KILLS:-100} articles=${ARTICLES:-1000} seed=${SEED:-1}
while [ $# -gt 0 ]; do
    case $1 in
    --kills) kills=$2; shift 2 ;;
    --articles) articles=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "killtest.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

tenth=$((articles / 10))
queries="senkaku|rare earths|reciprocal access agreement|islands|minister talks"

# ------------------------------------------------------------- corpora
"$GEN_CORPUS" --articles $((articles + tenth)) --out "$scratch/all" \
    >/dev/null || { echo "Bail out! gencorpus failed"; exit 1; }
mkdir "$scratch/old" "$scratch/new"
i=0
for f in "$scratch"/all/*.txt; do
    [ "$i" -lt "$articles" ] && cp -p "$f" "$scratch/old/"
    [ "$i" -ge "$tenth" ] && cp -p "$f" "$scratch/new/"
    i=$((i + 1))
done
i=0
for f in "$scratch"/new/*.txt; do  # a tenth changed
    [ $((i % 10)) -eq 0 ] && printf '\nA paragraph added in an update.\n' >>"$f"
    i=$((i + 1))
done

# The answers of index $1 to the queries, one line each (lib.sh).
state() {
    old_ifs=$IFS; IFS='|'
    # shellcheck disable=SC2086
    answers "$1" ties $queries 2>&1
    IFS=$old_ifs
}

# Clean builds of each corpus, unsharded and sharded, and their answers.
for c in old new; do
    "$JFINDEX" --quiet --index "$scratch/clean-$c-plain" "$scratch/$c" >/dev/null
    "$JFINDEX" --quiet --shards 3 --index "$scratch/clean-$c-sharded" \
        "$scratch/$c" >/dev/null
    state "$scratch/clean-$c-plain" >"$scratch/answers-$c"
    state "$scratch/clean-$c-sharded" >"$scratch/answers-$c-sharded"
    for k in 0 1 2; do
        state "$scratch/clean-$c-sharded/shard-$k" >"$scratch/answers-$c-shard-$k"
    done
done
same "$(cat "$scratch/answers-old-sharded")" "$(cat "$scratch/answers-old")" \
    "(3 shards answer as one index does)"

# ---------------------------------------------------------------- runs
idx="$scratch/work/index"
mkdir "$scratch/work"

# Puts the old state of KIND in place.
setup_old() {
    rm -rf "$scratch/work" && mkdir "$scratch/work"
    case $1 in
    plain-new|sharded-new) ;;
    plain-*) cp -a "$scratch/clean-old-plain" "$idx" ;;
    sharded-*) cp -a "$scratch/clean-old-sharded" "$idx" ;;
    esac
}

# The arguments of the run of KIND (the scratch path has no spaces).
args_of() {
    case $1 in
    plain-new|*-update) echo "--quiet --index $idx $scratch/new" ;;
    sharded-new) echo "--quiet --shards 3 --index $idx $scratch/new" ;;
    *-rebuild) echo "--quiet --rebuild --index $idx $scratch/new" ;;
    esac
}

# The run of KIND, in the foreground.
run_kind() {
    # shellcheck disable=SC2046
    "$JFINDEX" $(args_of "$1")
}

now_ms() { date +%s%N | cut -c1-13; }

setup_old plain-new
none_state=$(state "$idx")  # "no index there"

kinds="plain-new sharded-new plain-update sharded-update plain-rebuild sharded-rebuild"
for kind in $kinds; do  # how long each takes, to spread the kills over
    setup_old "$kind"
    start=$(now_ms)
    run_kind "$kind" >/dev/null 2>&1
    eval "length_$(echo "$kind" | tr - _)=$(($(now_ms) - start))"
done

# Processes still running the killed run (their command line names it).
survivors() {
    ps -eo pid=,args= | grep -F -- "--index $idx " | grep -v -e grep -e ps || true
}

# What a killed run may have left: scratch beside the index, a
# half-written lexicon or stub inside it.
leftovers() {
    ls -a "$scratch/work" | grep -v -e '^\.$' -e '^\.\.$' -e '^index$'
    [ -d "$idx" ] && ls -a "$idx" | grep -e '^\.lexicon' -e '\.new$'
}

# Whether the index answers as the old state or the new one of KIND.  A
# sharded update commits each shard on its own, so there the index must
# answer (no error) and each shard be old or new.
answers_old_or_new() {
    got=$(state "$idx")
    case $1 in
    *-new) old=$none_state ;;
    *) old=$(cat "$scratch/answers-old") ;;
    esac
    if [ "$1" != sharded-update ]; then
        [ "$got" = "$old" ] || [ "$got" = "$(cat "$scratch/answers-new")" ]
        return
    fi
    printf '%s\n' "$got" | grep -q '^not JSON' && return 1
    for k in 0 1 2; do
        got=$(state "$idx/shard-$k")
        [ "$got" = "$(cat "$scratch/answers-old-shard-$k")" ] ||
            [ "$got" = "$(cat "$scratch/answers-new-shard-$k")" ] || return 1
    done
}

rng=$seed
random_below() {  # a pseudo-random number in [0, $1), from $rng
    rng=$(( (rng * 1103515245 + 12345) % 2147483648 ))
    echo $(( rng % $1 ))
}

n=0 bad_survivors=0 bad_answer=0 bad_finish=0 bad_equal=0 bad_left=0
counts=""
while [ "$n" -lt "$kills" ]; do
    kind=$(echo $kinds | cut -d' ' -f$((n % 6 + 1)))
    length=$(eval echo "\$length_$(echo "$kind" | tr - _)")
    delay=$(random_below $((length * 12 / 10 + 1)))
    setup_old "$kind"
    # Started directly, not through a function, so $! is jfindex itself.
    # shellcheck disable=SC2046
    "$JFINDEX" $(args_of "$kind") >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    n=$((n + 1))
    what="kill $n ($kind at ${delay} ms of ${length})"
    i=0
    while [ -n "$(survivors)" ] && [ "$i" -lt 10 ]; do sleep 0.1; i=$((i + 1)); done
    if [ -n "$(survivors)" ]; then
        bad_survivors=$((bad_survivors + 1)); echo "# $what: workers outlived it"
    fi
    if ! answers_old_or_new "$kind"; then
        bad_answer=$((bad_answer + 1)); echo "# $what: neither the old nor the new answers"
        state "$idx" | head -n 3 | cut -c1-160 | sed 's/^/#   /'
    fi
    if ! run_kind "$kind" >"$scratch/rerun.out" 2>&1; then
        bad_finish=$((bad_finish + 1)); echo "# $what: the next run failed"
        sed 's/^/#   /' "$scratch/rerun.out"
    elif [ "$(state "$idx")" != "$(cat "$scratch/answers-new")" ] ||
         ! "$JFINDEX" --check --quiet --index "$idx" "$scratch/new" >/dev/null 2>&1; then
        bad_equal=$((bad_equal + 1)); echo "# $what: the finished index is not a clean build's"
    fi
    if [ -n "$(leftovers)" ]; then
        bad_left=$((bad_left + 1)); echo "# $what: left $(leftovers | tr '\n' ' ')"
    fi
    counts="$counts $kind"
done

summary=$(for k in $kinds; do
    printf '%s %s, ' "$(printf '%s\n' $counts | grep -cx "$k")" "$k"; done)
echo "# $n kills of $articles-article runs: ${summary%, }"
is "$bad_survivors" 0 "after $n kills -9, no worker outlived its jfindex"
is "$bad_answer" 0 "after each, the index answers with the old or the new state"
is "$bad_finish" 0 "the next run completes"
is "$bad_equal" 0 "and leaves an index that answers as a clean build, current by --check"
is "$bad_left" 0 "and nothing of the killed run is left beside or in the index"
done_testing
