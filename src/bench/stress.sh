#!/usr/bin/env bash
# Stress run of the packaged target/airisk, for longer than the tests (ConcurrentWritersIT, CrashSafetyIT):
#   writers  P processes, each running N commands (register, promote, rollback --yes) one after another,
#            all against one registry; every command is a fresh target/airisk process
#   crash    C trials alternating register of a 4 MiB model and promote, each killed with kill -9 at a
#            random moment of the command
# then checks: every command that reported success (its commit) is in 'airisk log' exactly once, no
# commit that no writer reported is; replaying the log's promote and rollback entries gives exactly
# 'airisk status'; git fsck --full --strict is clean; 'airisk audit verify' and 'airisk verify --all'
# pass; every blob under sha256/ of the store hashes to its name; a later register and promote work.
# Usage: src/bench/stress.sh [-p PROCESSES] [-n OPERATIONS] [-c CRASH_TRIALS] [-m MODELS] [-s SEED]
#                            [-r REGISTRY] [-g GIT_DIR]
#   -r  where to create the registry with 'airisk init' (its key is made here): a path (default: under
#       STRESS_DIR) or, once remote registries exist, a URL such as git://127.0.0.1:PORT/reg.git
#   -g  the bare repository to run git fsck on (default: the registry when it is a path)
# STRESS_DIR: scratch folder (default target/stress, emptied first). Exit 1 when an invariant fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
procs=8 ops=50 trials=50 models=3 seed=$RANDOM registry= gitdir=
while getopts p:n:c:m:s:r:g: opt; do
  case $opt in
    p) procs=$OPTARG ;; n) ops=$OPTARG ;; c) trials=$OPTARG ;; m) models=$OPTARG ;; s) seed=$OPTARG ;;
    r) registry=$OPTARG ;; g) gitdir=$OPTARG ;;
    *) sed -n '2,16p' "$0"; exit 2 ;;
  esac
done
scratch=${STRESS_DIR:-$PWD/target/stress}
rm -rf "$scratch"
mkdir -p "$scratch"
[ -x target/airisk ] || mvn -B -q package -DskipTests
airisk=$PWD/target/airisk
registry=${registry:-$scratch/registry.git}
if [ -z "$gitdir" ] && [ -d "$(dirname "$registry")" ] && [[ $registry != *://* ]]; then gitdir=$registry; fi
export AIRISK_HOME=$scratch/home AIRISK_KEY_PASSPHRASE=stress-passphrase AIRISK_REGISTRY=$registry
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
now() { date +%s%N; }
secs() { awk -v d="$1" 'BEGIN {printf "%.1f", d/1e9}'; }

echo "stress: $procs writers x $ops commands, $trials crash trials, $models models, seed $seed, registry $registry"
"$airisk" keys generate --name stress >/dev/null
"$airisk" init >/dev/null
printf 'gates:\n  lineage: warn\n  path: off\n' > "$scratch/policy.yaml"
"$airisk" policy set "$scratch/policy.yaml" >/dev/null
printf 'owner: stress@example.com\nrisk_tier: minimal\n' > "$scratch/META.yaml"
store=$(git --git-dir="${gitdir:-$registry}" show main:registry.yaml 2>/dev/null | sed -n 's/^store: *//p' || true)
store=${store:-$registry.store}
"$airisk" log --format json | jq -r '.operations[].commit' > "$scratch/baseline"
# Warm the class-data archive once, so the writers do not all train it.
"$airisk" --version >/dev/null
for _ in $(seq 30); do ls "$AIRISK_HOME"/cache/cds/*.jsa "$AIRISK_HOME"/cache/cds/*.aot >/dev/null 2>&1 && break; sleep 1; done

commit_of() { jq -r '.commit // "-"' "$1" 2>/dev/null || echo -; }

# One writer: N commands; one line per command: exit op model version env commit.
writer() {
  local w=$1 i op model version env code registered=() out=$scratch/w$w.out
  RANDOM=$((seed + w))
  for ((i = 0; i < ops; i++)); do
    model=m$((RANDOM % models)) env=$(echo dev staging prod | cut -d' ' -f$((RANDOM % 3 + 1))) kind=$((RANDOM % 10))
    if [ ${#registered[@]} -eq 0 ] || [ $kind -lt 3 ]; then
      op=register version=1.$w.$i env=-
      mkdir -p "$scratch/model-$w-$i"
      echo "writer $w command $i" > "$scratch/model-$w-$i/weights.bin"
      set -- register "$scratch/model-$w-$i" --model "$model" --version "$version" --meta "$scratch/META.yaml"
    elif [ $kind -lt 8 ]; then
      op=promote ref=${registered[RANDOM % ${#registered[@]}]}
      model=${ref%@*} version=${ref#*@}
      set -- promote "$ref" --to "$env"
    else
      op=rollback version=-
      set -- rollback "$model" --env "$env" --reason "stress $w/$i" --yes
    fi
    code=0
    "$airisk" "$@" --format json > "$out" 2>>"$scratch/w$w.err" </dev/null || code=$?
    if [ $code -eq 0 ]; then
      [ $op = register ] && registered+=("$model@$version")
      [ $op = rollback ] && version=$(jq -r .version "$out")
    fi
    echo "$code $op $model $version $env $( [ $code -eq 0 ] && commit_of "$out" || echo -)"
  done > "$scratch/w$w.tsv"
}

t0=$(now)
pids=()
for ((w = 0; w < procs; w++)); do writer $w & pids+=($!); done
for pid in "${pids[@]}"; do wait "$pid"; done
t1=$(now)
cat "$scratch"/w*.tsv > "$scratch/writers.tsv"
echo "writers: $((procs * ops)) commands in $(secs $((t1 - t0))) s; by outcome (count, exit, op):"
awk '{print $1, $2}' "$scratch/writers.tsv" | sort | uniq -c | sed 's/^/  /'
while read -r line; do fail "unexpected failure: $line"; done \
  < <(awk '$1 != 0 && $1 != 6 && !($1 == 5 && $2 == "rollback")' "$scratch/writers.tsv" | head -5)

# History against what the writers reported, and the state against the replay of the history.
check_history() {
  "$airisk" log --format json > "$scratch/log.json"
  "$airisk" status --format json > "$scratch/status.json"
  python3 - "$scratch" "$1" <<'PY'
import json, sys
scratch, with_writers = sys.argv[1], sys.argv[2] == "yes"
log = json.load(open(f"{scratch}/log.json"))["operations"][::-1]
problems = []
seen = {}
for e in log:
    if e["commit"] in seen:
        problems.append(f"commit {e['commit']} twice in the log")
    seen[e["commit"]] = e
if with_writers:
    baseline = set(open(f"{scratch}/baseline").read().split())
    reported = set()
    for line in open(f"{scratch}/writers.tsv"):
        code, op, model, version, env, commit = line.split()
        if code != "0" or commit == "-":
            continue
        if commit in reported:
            problems.append(f"commit {commit} reported twice")
        reported.add(commit)
        e = seen.get(commit)
        want = [op, model, version, None if env == "-" else env]
        if e is None:
            problems.append(f"reported success not in the log: {line.strip()}")
        elif [e["op"], e["model"], e["version"], e["env"]] != want:
            problems.append(f"log entry {e['op']} {e['model']} {e['version']} {e['env']} for reported {line.strip()}")
    unreported = set(seen) - baseline - reported
    if unreported:
        problems.append(f"{len(unreported)} commits in the log that no writer reported, e.g. {sorted(unreported)[0]}")
state = {}
for e in log:
    if e["op"] not in ("promote", "rollback"):
        continue
    st, prev, rb = state.get((e["model"], e["env"]), (None, [], []))
    if e["trailers"].get("Airisk-From") != st:
        problems.append(f"{e['commit']}: from {e['trailers'].get('Airisk-From')}, replay has {st}")
    v = e["version"]
    if e["op"] == "promote":
        state[(e["model"], e["env"])] = (v, ([st] if st else []) + [p for p in prev if p != v], [r for r in rb if r != v])
    elif v in prev:
        state[(e["model"], e["env"])] = (v, prev[prev.index(v) + 1:], ([st] if st else []) + rb)
    else:
        problems.append(f"{e['commit']}: rollback to {v}, not among {prev}")
status = {}
for m in json.load(open(f"{scratch}/status.json"))["models"]:
    for env, s in m["environments"].items():
        got = ((s["stable"] or {}).get("version"), [p["version"] for p in s["previous"]], [r["version"] for r in s["rolled_back"]])
        if got != (None, [], []):
            status[(m["model"], env)] = got
if status != {k: (a, b, c) for k, (a, b, c) in state.items()}:
    problems.append(f"status differs from the replay of the log: {status} vs {state}")
for p in problems[:10]:
    print("FAIL:", p)
print(f"history: {len(log)} commits; {sum(1 for e in log if e['op'] in ('promote', 'rollback'))} promote/rollback replayed onto "
      f"{len(state)} model environments: {'same as status' if not problems else 'PROBLEMS'}")
sys.exit(1 if problems else 0)
PY
}

check_store_and_git() {
  if [ -n "$gitdir" ]; then
    out=$(git --git-dir="$gitdir" fsck --full --strict --no-dangling --no-progress 2>&1) && [ -z "$out" ] \
      && echo "git fsck --full --strict: clean" || fail "git fsck: $out"
  else
    echo "git fsck: skipped (pass -g GIT_DIR for a remote registry)"
  fi
  "$airisk" audit verify >"$scratch/audit.out" 2>&1 && echo "audit verify: $(cat "$scratch/audit.out")" || fail "audit verify: $(cat "$scratch/audit.out")"
  "$airisk" verify --all --format json > "$scratch/verify.json" 2>/dev/null && echo "verify --all: $(jq '.versions | length' "$scratch/verify.json") versions ok" \
    || fail "verify --all: $(jq -c '[.versions[] | select(.files[].status != "ok") | .ref]' "$scratch/verify.json")"
  local bad=0 n=0 f
  while IFS= read -r f; do
    n=$((n + 1))
    [ "$(sha256sum < "$f" | cut -c1-64)" = "$(basename "$(dirname "$f")")$(basename "$f")" ] || { bad=$((bad + 1)); fail "partial or damaged blob $f"; }
  done < <(find "$store/sha256" -type f 2>/dev/null)
  echo "store: $n blobs, $bad partial; $(find "$store/tmp" -type f 2>/dev/null | wc -l) temp files under tmp/"
}

check_history yes || failures=$((failures + 1))
check_store_and_git

# Crash trials: kill -9 at a random moment of register (4 MiB, new blobs) and promote.
if [ "$trials" -gt 0 ]; then
  mkdir -p "$scratch/crash"
  head -c $((4 << 20)) /dev/urandom > "$scratch/crash/seed.bin"
  crash_model() { mkdir -p "$scratch/crash/m$1"; { echo "$1"; cat "$scratch/crash/seed.bin"; } > "$scratch/crash/m$1/weights.bin"; }
  crash_model 0
  t=$(now); "$airisk" register "$scratch/crash/m0" --model crash --version 1.0.0 --meta "$scratch/META.yaml" >/dev/null; reg_ns=$(($(now) - t))
  t=$(now); "$airisk" promote crash@1.0.0 --to dev >/dev/null; pro_ns=$(($(now) - t))
  killed=0 finished=0 locks=0
  RANDOM=$seed
  for ((i = 1; i <= trials; i++)); do
    if ((i % 2)); then
      crash_model $i
      set -- register "$scratch/crash/m$i" --model crash --version "1.0.$i" --meta "$scratch/META.yaml"; ns=$reg_ns
    else
      v=$("$airisk" list crash --format json | jq -r '.[].ref' | shuf -n1 --random-source=<(yes $i))
      set -- promote "$v" --to "$(echo dev staging prod | cut -d' ' -f$((RANDOM % 3 + 1)))"; ns=$pro_ns
    fi
    delay=$(awk -v r=$RANDOM -v ns="$ns" 'BEGIN {printf "%.3f", r / 32768 * 1.2 * ns / 1e9}')
    "$airisk" "$@" >/dev/null 2>"$scratch/crash/$i.err" </dev/null & pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    code=0; wait "$pid" 2>/dev/null || code=$?
    if [ $code -ne 0 ] && [ $code -ne 137 ]; then
      grep -q 'main.lock has been there for' "$scratch/crash/$i.err" || fail "crash trial $i ($1): exit $code: $(head -1 "$scratch/crash/$i.err")"
    fi
    if [ $code -eq 137 ]; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
    [ -e "$registry/refs/heads/main.lock" ] && locks=$((locks + 1))
  done
  echo "crash: $trials trials (register $(secs $reg_ns) s, promote $(secs $pro_ns) s uninterrupted): $killed killed, $finished finished first, main.lock left $locks times"
  sleep_for_lock=$( [ -e "$registry/refs/heads/main.lock" ] && echo 11 || echo 0 ); sleep "$sleep_for_lock"
  check_history no || failures=$((failures + 1))
  check_store_and_git
  crash_model later
  "$airisk" register "$scratch/crash/mlater" --model crash --version 2.0.0 --meta "$scratch/META.yaml" >/dev/null \
    && "$airisk" promote crash@2.0.0 --to prod >/dev/null && echo "later register and promote: ok" || fail "later register or promote"
fi

echo "stress: $((procs * ops)) writer commands in $(secs $((t1 - t0))) s, $trials crash trials; $failures failures (seed $seed; scratch $scratch)"
[ $failures -eq 0 ]
