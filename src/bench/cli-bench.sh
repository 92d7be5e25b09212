#!/usr/bin/env bash
# Command-line benchmarks of the packaged target/airisk against reference tools, in the same run:
#   startup   airisk --version            vs a bare picocli hello-world on the same JVM
#   store     register of one big file    vs cp FILE DEST && sync
#             register again (blob stored) vs openssl dgst -sha256 FILE
#             verify                      vs openssl dgst -sha256 FILE
#             verify of 4 x 512 MiB       with 2 hashing threads vs 1 thread
#   registry  list and show on a generated registry of 10,000 models x 10 versions
#   scan      airisk scan of torch.save checkpoints (PyTorch from BENCH_PYTHONPATH; else PyTorch-style zips) of
#             256 MiB and 1 GiB, in place and streamed from a tar: throughput and peak RSS vs cat and sha256sum
#   s3        register of one 2 GiB file into an S3 store vs aws s3 cp of the same file, both to one
#             S3Proxy on loopback (filesystem backend), a fresh bucket per run (needs the awscli package)
#   release   promote, rollback and approve of a 4 MiB model, every gate included, on a registry of 10,000
#             models x 10 versions where the model has 1,000 history entries, with the key agent
#             holding the keys and without it, in turns
#   notify    one 'airisk notify' run (own JVM) delivering 1,000 due, HMAC-signed notices to a webhook on loopback
#   remote    the same registry served by 'git daemon' on loopback: clone, then promote and rollback
#             through --registry git://... (fetch, gates, signed commit, push with the expected old id)
#   firstrun  the first 'airisk status' and 'airisk approve' in a fresh AIRISK_HOME (no class-data archive
#             yet, as a new cron host), and a steady 'airisk approve' with the JIT the launcher picks
#             (full tiered: C1 and C2) vs C1 only
#   history   verified reads: 'airisk status' on a host that has never seen a registry of 10,000 signed
#             commits (every commit checked from the first), and on a 10,000 x 10 registry with 1,000
#             new commits since this host's trust anchor, and with none
# Usage: src/bench/cli-bench.sh [startup|firstrun|store|registry|release|remote|history|scan|notify|s3|all]
#   (BENCH_REUSE=1 with 'release': keep its registry and homes, and time again on them in a later run)
#   (BENCH_DIR: scratch folder, default under target/; BENCH_AIRISK: the executable to measure, default target/airisk)
# Needs a few GiB of free disk for 'store'. Prints one line per measurement; ratios are wall-time ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
scratch=${BENCH_DIR:-$PWD/target/bench}
mkdir -p "$scratch"
[ -x target/airisk ] || mvn -B -q package -DskipTests
airisk=${BENCH_AIRISK:-$PWD/target/airisk}
export AIRISK_HOME=$scratch/home AIRISK_KEY_PASSPHRASE=bench-passphrase

now() { date +%s%N; }
# median wall seconds of N runs of a command (output discarded)
median() {
  local n=$1; shift
  local ts=()
  for _ in $(seq "$n"); do
    local t0; t0=$(now)
    "$@" >/dev/null 2>&1
    ts+=($(( $(now) - t0 )))
  done
  printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1e9}'
}
once() { local t0; t0=$(now); "$@" >/dev/null 2>&1; awk -v d=$(( $(now) - t0 )) 'BEGIN {printf "%.3f", d/1e9}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
report() { printf '%-52s %8ss   reference %8ss   ratio %5s   (target %s)\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$4"; }

startup() {
  local v repo cp
  v=$(sed -n 's:.*<picocli.version>\(.*\)</picocli.version>.*:\1:p' pom.xml)
  repo=$(mvn -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout | sed 's/\x1b\[[0-9;]*m//g')
  cp=$repo/info/picocli/picocli/$v/picocli-$v.jar
  mkdir -p "$scratch/hello"
  javac -d "$scratch/hello" -cp "$cp" -proc:none src/bench/java/dev/airisk/bench/Hello.java
  "$airisk" --version >/dev/null   # a first run trains the class-data archive in the background
  sleep 10
  local hello_v hello_h airisk_t
  hello_v=$(median 21 java -cp "$scratch/hello:$cp" dev.airisk.bench.Hello --version)
  airisk_t=$(median 21 "$airisk" --version)
  report "airisk --version (median of 21)" "$airisk_t" "$hello_v" "<= 1.3"
  airisk_t=$(AIRISK_CDS=0 median 21 "$airisk" --version)
  report "airisk --version without class-data sharing" "$airisk_t" "$hello_v" "(no target)"
  hello_h=$(median 21 java -cp "$scratch/hello:$cp" dev.airisk.bench.Hello --help)
  airisk_t=$(median 21 "$airisk" --help)
  report "airisk --help, whole command tree (median of 21)" "$airisk_t" "$hello_h" "(no target)"
}

store() {
  local big=$scratch/big.bin model=$scratch/model4 reg=$scratch/store-registry.git
  rm -rf "$reg" "$reg.store" "$scratch/home" "$scratch/copy.bin" "$model"
  [ -f "$big" ] || head -c $((2 * 1024 * 1024 * 1024)) /dev/urandom > "$big"
  "$airisk" keys generate --name bench >/dev/null
  "$airisk" init --registry "$reg" >/dev/null
  sleep 15   # let a first run's background training of the class-data archive finish
  sync                      # no dirty pages of the generated file left for the contenders to flush
  cat "$big" > /dev/null   # cached, for every contender alike
  local cp_t reg_t dgst_t again_t verify_t
  cp_t=$(once sh -c "cp '$big' '$scratch/copy.bin' && sync")
  rm -f "$scratch/copy.bin"; sync
  reg_t=$(once "$airisk" register "$big" --registry "$reg" --model big --version 1.0.0 --meta samples/META.yaml)
  report "register 2 GiB (new blob, fsync)" "$reg_t" "$cp_t" "<= 1.2 x cp+sync"
  dgst_t=$(median 3 openssl dgst -sha256 "$big")
  again_t=$(median 3 "$airisk" register "$big" --registry "$reg" --model big --version 1.0.1 --meta samples/META.yaml)
  report "register 2 GiB again (blob already stored)" "$again_t" "$dgst_t" "<= 1.3 x openssl"
  verify_t=$(median 3 "$airisk" verify big@1.0.0 --registry "$reg")
  report "verify 2 GiB" "$verify_t" "$dgst_t" "<= 1.3 x openssl"

  mkdir -p "$model"
  for i in 1 2 3 4; do head -c $((512 * 1024 * 1024)) /dev/urandom > "$model/part$i.bin"; done
  "$airisk" register "$model" --registry "$reg" --model four --version 1.0.0 --meta samples/META.yaml >/dev/null
  local par one
  one=$(AIRISK_JAVA_OPTS=-XX:ActiveProcessorCount=1 median 3 "$airisk" verify four@1.0.0 --registry "$reg")
  par=$(median 3 "$airisk" verify four@1.0.0 --registry "$reg")
  report "verify 4 x 512 MiB, 2 threads vs 1 thread" "$par" "$one" "<= 0.75"
  rm -rf "$reg" "$reg.store" "$model" "$big"
}

firstrun() {
  local dir=$scratch/firstrun runs=${BENCH_RUNS:-3} keys
  rm -rf "$dir"; mkdir -p "$dir"
  keys=$dir/keys-home
  # a registry with one version registered by 'bench' and an approver key 'risk', trained homes kept apart
  AIRISK_HOME=$keys AIRISK_CDS=0 "$airisk" keys generate --name bench >/dev/null 2>&1
  AIRISK_HOME=$keys AIRISK_CDS=0 "$airisk" keys generate --name risk >/dev/null 2>&1
  AIRISK_HOME=$keys AIRISK_CDS=0 "$airisk" keys set-default bench >/dev/null 2>&1
  AIRISK_HOME=$keys AIRISK_CDS=0 "$airisk" init --registry "$dir/registry.git" >/dev/null 2>&1
  AIRISK_HOME=$keys AIRISK_CDS=0 "$airisk" keys export-public --name risk > "$dir/risk.pub.pem" 2>/dev/null
  AIRISK_HOME=$keys AIRISK_CDS=0 "$airisk" keys trust "$dir/risk.pub.pem" --role approver \
    --registry "$dir/registry.git" >/dev/null 2>&1
  AIRISK_HOME=$keys AIRISK_CDS=0 "$airisk" register samples/churn-model --registry "$dir/registry.git" --model churn --version 1.0.0 \
    --meta samples/META.yaml >/dev/null 2>&1
  # a fresh home holding only the keys; waits for the training the run started to finish
  fresh() {
    rm -rf "$dir/home"; mkdir -p "$dir/home"; cp -a "$keys/keys" "$dir/home/keys"
  }
  settle() {
    local i
    for i in $(seq 600); do
      ls "$dir"/home/cache/cds/*.lock >/dev/null 2>&1 || return 0
      sleep 0.5
    done
  }
  local st=() ap=()
  for _ in $(seq "$runs"); do
    fresh; st+=("$(AIRISK_HOME=$dir/home once "$airisk" status --registry "$dir/registry.git")"); settle
    fresh; ap+=("$(AIRISK_HOME=$dir/home AIRISK_KEY=risk once "$airisk" approve churn@1.0.0 --for prod --role approver \
      --registry "$dir/registry.git")"); settle
  done
  echo "firstrun: status runs (s): ${st[*]}   approve runs (s): ${ap[*]}"
  local c2 c1
  c2=$(AIRISK_HOME=$dir/home AIRISK_KEY=risk median 7 "$airisk" approve churn@1.0.0 --for prod --role approver \
    --registry "$dir/registry.git")
  c1=$(AIRISK_HOME=$dir/home AIRISK_KEY=risk AIRISK_JAVA_OPTS=-XX:TieredStopAtLevel=1 median 7 "$airisk" approve churn@1.0.0 \
    --for prod --role approver --registry "$dir/registry.git")
  report "approve, archive trained, launcher's JIT (median of 7)" "$c2" "$c1" "vs C1 only: < 1"
}

registry() {
  local reg=$scratch/big-registry.git
  if [ ! -d "$reg" ]; then
    mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.airisk.bench.RegistryGenerator -Dbench.args="$reg 10000 10" >/dev/null
  fi
  # the generated registry is one commit made without a key: this host trusts it as it is
  export AIRISK_TRUST_ANCHOR; AIRISK_TRUST_ANCHOR=$(git -C "$reg" rev-parse refs/heads/main)
  local name list_t show_t
  name=$("$airisk" list --registry "$reg" | awk 'NR == 5001 {print $1}')
  list_t=$(median 5 "$airisk" list --registry "$reg")
  show_t=$(median 5 "$airisk" show "$name" --registry "$reg")
  printf '%-52s %8ss   (target <= 1 s)\n' "list, 10,000 models x 10 versions (median of 5)" "$list_t"
  printf '%-52s %8ss   (target <= 0.5 s)\n' "show one model of 10,000 (median of 5)" "$show_t"
}

notify() {
  # target: <= 10 s wall for the run; receipts batched (a handful of commits, not one per delivery)
  for _ in 1 2 3; do
    mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.airisk.bench.NotifyBench -Dbench.args="$scratch 1000"
  done
}

# large_registry REG STORE MODEL: a key 'bench', a generated registry of 10,000 models x 10 versions
# trusting it, and a 4 MiB model registered as churn-bench 1.0.0 and 1.1.0
large_registry() {
  local reg=$1 store=$2 model=$3
  "$airisk" keys generate --name bench >/dev/null
  "$airisk" keys export-public --name bench > "$scratch/bench.pub.pem"
  mkdir -p "$store"
  mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.airisk.bench.RegistryGenerator \
    -Dbench.args="$reg 10000 10 $scratch/bench.pub.pem $store" >/dev/null
  # the generated registry is one commit made without airisk's rules: this host trusts it as it is
  export AIRISK_TRUST_ANCHOR; AIRISK_TRUST_ANCHOR=$(git -C "$reg" rev-parse refs/heads/main)
  mkdir -p "$model"
  cp samples/churn-model/* "$model/"
  head -c $((4 * 1024 * 1024)) /dev/urandom > "$model/model.safetensors.bin"
  "$airisk" register "$model" --registry "$reg" --model churn-bench --version 1.0.0 --meta samples/META.yaml >/dev/null
  printf '{"hidden": 64}\n' > "$model/config.json"
  "$airisk" register "$model" --registry "$reg" --model churn-bench --version 1.1.0 --meta samples/META.yaml >/dev/null
}

release() {
  local reg=$scratch/release-registry.git model=$scratch/release-model plain=$scratch/home-plain
  if [ "${BENCH_REUSE:-0}" = 1 ] && [ -d "$reg" ] && [ -d "$plain" ]; then
    # BENCH_REUSE=1: time again on the registry and homes a run with BENCH_REUSE=1 left
    export AIRISK_TRUST_ANCHOR; AIRISK_TRUST_ANCHOR=$(cat "$scratch/release-anchor")
  else
    rm -rf "$reg" "$reg.store" "$scratch/home" "$plain" "$model"
    large_registry "$reg" "$reg.store" "$model"
    echo "$AIRISK_TRUST_ANCHOR" > "$scratch/release-anchor"
    mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.airisk.bench.ReleaseHistory \
      -Dbench.args="$reg $AIRISK_HOME bench churn-bench 1000"
    # an approver key other than the registrant (separation of duties)
    "$airisk" keys generate --name risk >/dev/null
    "$airisk" keys set-default bench >/dev/null
    "$airisk" keys export-public --name risk > "$scratch/risk.pub.pem"
    "$airisk" keys trust "$scratch/risk.pub.pem" --role approver --registry "$reg" --key bench >/dev/null
    sleep 10   # let a first run's background training of the class-data archive finish
    # two homes alike (keys, class-data archive, trust anchor): the agent serves one, the other has none
    cp -a "$AIRISK_HOME" "$plain"
  fi
  local entries; entries=$("$airisk" log --registry "$reg" --model churn-bench --format json \
    | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["operations"]))')
  "$airisk" agent start --keys bench,risk --ttl 1h >/dev/null
  local load0; load0=$(cut -d' ' -f1-3 /proc/loadavg)
  local i p r a from ts_p=() ts_r=() ts_a=() ap=() ar=() aa=() cpu_p=() cpu_ap=() cpu_a=() cpu_aa=()
  # wall and CPU seconds (user + system) of a command, output discarded
  timed() {
    /usr/bin/time -f '%e %U %S' -o "$scratch/time.txt" "$@" >/dev/null 2>&1
    awk '{printf "%.3f %.3f", $1, $2 + $3}' "$scratch/time.txt"
  }
  # the runs with and without the agent take turns, so a busy machine weighs on both alike
  for i in 1 2 3 4 5; do
    for home in "$plain" "$AIRISK_HOME"; do
      # roll back to the previous stable version, then promote the version rolled back from again
      r=$(AIRISK_HOME=$home timed sh -c "'$airisk' rollback churn-bench --registry '$reg' --env prod --reason benchmark --yes --format json > '$scratch/out.json'")
      from=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["changed"]; print(r["from"])' "$scratch/out.json")
      p=$(AIRISK_HOME=$home timed sh -c "'$airisk' promote churn-bench@$from --registry '$reg' --to prod --format json > '$scratch/out.json'")
      python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["changed"]' "$scratch/out.json"
      # a new approval each time (expiring later than the standing one): a statement and a commit signed
      a=$(AIRISK_HOME=$home AIRISK_KEY=risk timed sh -c "'$airisk' approve churn-bench@1.1.0 --for prod --role approver --expires $(( $(date +%s) - 1700000000 ))s --registry '$reg' --format json > '$scratch/out.json'")
      python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["changed"]' "$scratch/out.json"
      if [ "$home" = "$plain" ]; then
        ts_r+=("${r% *}"); ts_p+=("${p% *}"); ts_a+=("${a% *}"); cpu_p+=("${p#* }"); cpu_a+=("${a#* }")
      else
        ar+=("${r% *}"); ap+=("${p% *}"); aa+=("${a% *}"); cpu_ap+=("${p#* }"); cpu_aa+=("${a#* }")
      fi
    done
  done
  local rss; rss=$(ps -o rss= -p "$("$airisk" agent status --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')")
  echo "release: the agent's resident memory: $(( rss / 1024 )) MiB"
  local signed; signed=$("$airisk" agent status --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["signatures"])')
  "$airisk" agent stop >/dev/null
  mid() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
  local c k
  c=$(median 5 "$airisk" check churn-bench@1.0.0 --registry "$reg" --to prod)
  mvn -B -q -Pbench test-compile >/dev/null   # the benchmark's classes, also when reusing a run's registry
  k=$(median 5 java -XX:+UseSerialGC -cp "$(echo target/airisk-*-all.jar):target/test-classes" dev.airisk.bench.Unlock "$AIRISK_HOME" bench)
  echo "release: load average before: $load0, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-60s %8ss   (target <= 0.5 s)\n' "promote, agent, 4 MiB model, $entries history entries (median of 5)" "$(mid "${ap[@]}")"
  printf '%-60s %8ss   (no target: the same runs without the agent)\n' "promote, no agent, same registry (median of 5)" "$(mid "${ts_p[@]}")"
  printf '%-60s %8ss   (target <= 0.5 s)\n' "rollback, agent (median of 5)" "$(mid "${ar[@]}")"
  printf '%-60s %8ss\n' "rollback, no agent (median of 5)" "$(mid "${ts_r[@]}")"
  printf '%-60s %8ss   (target <= 0.4 s)\n' "approve, agent (median of 5)" "$(mid "${aa[@]}")"
  printf '%-60s %8ss\n' "approve, no agent (median of 5)" "$(mid "${ts_a[@]}")"
  printf '%-60s %8ss   (no agent: %ss)\n' "CPU seconds (user + system) of promote, agent, median" "$(mid "${cpu_ap[@]}")" "$(mid "${cpu_p[@]}")"
  printf '%-60s %8ss   (no agent: %ss)\n' "CPU seconds (user + system) of approve, agent, median" "$(mid "${cpu_aa[@]}")" "$(mid "${cpu_a[@]}")"
  printf '%-60s %8s\n' "signatures the agent made in those runs" "$signed"
  printf '%-60s %8ss   (no target: the same gates, no key)\n' "check, same version and registry (median of 5)" "$c"
  printf '%-60s %8ss   (no target: PBKDF2-HMAC-SHA256, 600,000 iterations)\n' "unlock the acting key alone, new JVM (median of 5)" "$k"
  [ "${BENCH_REUSE:-0}" = 1 ] || rm -rf "$reg" "$reg.store" "$model" "$plain"
}

# median wall seconds of N runs of 'airisk status' on a host with no anchor yet (a fresh AIRISK_HOME each run)
fresh_status() {
  local n=$1 reg=$2 anchor=$3 ts=() t0
  for _ in $(seq "$n"); do
    rm -rf "$scratch/fresh-home"
    t0=$(now)
    AIRISK_HOME=$scratch/fresh-home AIRISK_TRUST_ANCHOR=$anchor "$airisk" status churn-bench --registry "$reg" >/dev/null
    ts+=($(( $(now) - t0 )))
  done
  printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1e9}'
}

history() {
  local reg=$scratch/history-registry.git model=$scratch/history-model commits t a
  # 1. a registry of 10,000 signed commits made by airisk (init, two versions, release operations)
  rm -rf "$reg" "$reg.store" "$scratch/home" "$model"
  "$airisk" keys generate --name bench >/dev/null
  "$airisk" init --registry "$reg" >/dev/null
  mkdir -p "$model"
  cp samples/churn-model/* "$model/"
  "$airisk" register "$model" --registry "$reg" --model churn-bench --version 1.0.0 --meta samples/META.yaml >/dev/null
  printf '{"hidden": 64}\n' > "$model/config.json"
  "$airisk" register "$model" --registry "$reg" --model churn-bench --version 1.1.0 --meta samples/META.yaml >/dev/null
  mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.airisk.bench.ReleaseHistory \
    -Dbench.args="$reg $AIRISK_HOME bench churn-bench 9997"
  commits=$(git -C "$reg" rev-list --count refs/heads/main)
  sleep 10   # let a first run's background training of the class-data archive finish
  t=$(fresh_status 3 "$reg" "")
  a=$(median 3 "$airisk" audit verify --registry "$reg")
  printf '%-60s %8ss   (target <= 10 s)\n' "status, no anchor: $commits commits verified (median of 3)" "$t"
  printf '%-60s %8ss   (no target)\n' "audit verify of the same $commits commits (median of 3)" "$a"
  t=$(median 5 "$airisk" status churn-bench --registry "$reg")
  printf '%-60s %8ss   (no target)\n' "status, anchor at main: nothing to verify (median of 5)" "$t"
  rm -rf "$reg" "$reg.store" "$model"
  # 2. the generated 10,000 x 10 registry, then 1,000 release operations since the anchor
  reg=$scratch/release-registry.git model=$scratch/release-model
  rm -rf "$reg" "$reg.store" "$scratch/home" "$model"
  large_registry "$reg" "$reg.store" "$model"
  local base; base=$(git -C "$reg" rev-parse refs/heads/main)
  mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.airisk.bench.ReleaseHistory \
    -Dbench.args="$reg $AIRISK_HOME bench churn-bench 1000"
  commits=$(git -C "$reg" rev-list --count "$base..refs/heads/main")
  t=$(fresh_status 3 "$reg" "$base")
  printf '%-60s %8ss   (no target)\n' "status, 10,000 x 10 registry, $commits commits since the anchor (median of 3)" "$t"
  AIRISK_HOME=$scratch/fresh-home "$airisk" status churn-bench --registry "$reg" >/dev/null
  t=$(AIRISK_HOME=$scratch/fresh-home median 5 "$airisk" status churn-bench --registry "$reg")
  printf '%-60s %8ss   (no target)\n' "status, same registry, anchor at main (median of 5)" "$t"
  unset AIRISK_TRUST_ANCHOR
  rm -rf "$reg" "$reg.store" "$model" "$scratch/fresh-home"
}

scan() {
  # With PyTorch importable (BENCH_PYTHONPATH, e.g. a folder pip installed torch into with --target), the checkpoints
  # are real torch.save state_dicts; without it, PyTorch-style zips written with Python's standard library.
  local mib zip t rss cat_t sha_t tar tar_t tar_rss how
  for mib in 256 1024; do
    zip=$scratch/checkpoint-$mib.pt
    if PYTHONPATH=${BENCH_PYTHONPATH:-} python3 -c 'import torch' 2>/dev/null; then
      how="torch.save"
      # 64 MiB float32 tensors: archive/data.pkl (the state_dict's pickle) and archive/data/N, as torch.save writes them
      PYTHONPATH=${BENCH_PYTHONPATH:-} python3 - "$zip" "$mib" <<'PY'
import collections, sys, torch
path, mib = sys.argv[1], int(sys.argv[2])
torch.manual_seed(0)
state = collections.OrderedDict((f"layer{i}.weight", torch.randn(4096, 4096)) for i in range(mib // 64))
torch.save(state, path)
PY
    else
      how="PyTorch-style zip"
      # archive/data.pkl (an OrderedDict pickle in protocol 2) and stored tensor entries archive/data/N of 64 MiB each
      python3 - "$zip" "$mib" <<'PY'
import collections, os, pickle, sys, zipfile
path, mib = sys.argv[1], int(sys.argv[2])
with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
    z.writestr("archive/data.pkl", pickle.dumps(collections.OrderedDict((f"layer{i}.weight", i) for i in range(mib // 64)), protocol=2))
    z.writestr("archive/version", "3\n")
    block = os.urandom(1 << 20)
    for i in range(mib // 64):
        with z.open(f"archive/data/{i}", "w", force_zip64=True) as f:
            for _ in range(64):
                f.write(block)
PY
    fi
    sync; cat "$zip" > /dev/null
    "$airisk" scan "$zip" > /dev/null 2>&1 || true   # warm the page cache and the class-data archive
    t=$(median 3 "$airisk" scan "$zip")
    rss=$( { /usr/bin/time -f '%M' "$airisk" scan "$zip" > /dev/null; } 2>&1 | tail -n 1)
    cat_t=$(median 3 sh -c "cat '$zip' > /dev/null")
    sha_t=$(median 3 sha256sum "$zip")
    printf '%-58s %8ss   %6.0f MB/s   peak RSS %6.1f MiB   cat %ss   sha256sum %ss   (target >= 500 MB/s, flat memory)\n' \
      "scan, $how of $mib MiB, read in place (median of 3)" "$t" "$(awk -v m="$mib" -v t="$t" 'BEGIN {print m * 1.048576 / t}')" \
      "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$cat_t" "$sha_t"
    # The same checkpoint as a member of a tar: it reaches the scanner as a stream (as from the store) and is
    # copied to a temporary file to be read through its central directory.
    tar=$scratch/checkpoint-$mib.tar
    tar -C "$scratch" -cf "$tar" "checkpoint-$mib.pt"
    sync; cat "$tar" > /dev/null
    tar_t=$(median 3 "$airisk" scan "$tar")
    tar_rss=$( { /usr/bin/time -f '%M' "$airisk" scan "$tar" > /dev/null; } 2>&1 | tail -n 1)
    printf '%-58s %8ss   %6.0f MB/s   peak RSS %6.1f MiB   (streamed, copied to a temporary file)\n' \
      "scan, the same inside a .tar (median of 3)" "$tar_t" "$(awk -v m="$mib" -v t="$tar_t" 'BEGIN {print m * 1.048576 / t}')" \
      "$(awk -v k="$tar_rss" 'BEGIN {print k / 1024}')"
    rm -f "$zip" "$tar"
  done
}

remote() {
  local served=$scratch/remote-served reg model=$scratch/remote-model port url
  reg=$served/registry.git
  rm -rf "$served" "$scratch/remote-store" "$scratch/home" "$model"
  mkdir -p "$served"
  large_registry "$reg" "$scratch/remote-store" "$model"
  "$airisk" promote churn-bench@1.0.0 --registry "$reg" --to dev >/dev/null
  "$airisk" promote churn-bench@1.1.0 --registry "$reg" --to dev >/dev/null
  # A served repository is maintained as Git servers maintain theirs (git gc after pushes, which
  # writes reachability bitmaps for a bare repository); REMOTE_SERVER_GC=0 serves it as generated.
  local server_gc=${REMOTE_SERVER_GC:-1}
  [ "$server_gc" = 0 ] || git -C "$reg" gc --quiet
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  git daemon --reuseaddr --base-path="$served" --export-all --enable=receive-pack --listen=127.0.0.1 --port="$port" "$served" &
  local daemon=$!
  trap "kill $daemon 2>/dev/null" RETURN
  sleep 1
  url=git://127.0.0.1:$port/registry.git
  local c; c=$(once "$airisk" clone "$url")
  sleep 10   # let a first run's background training of the class-data archive finish
  local ts_p=() ts_r=() ts_l=() ts_cpu=() p r l cpu
  for _ in 1 2 3 4 5; do
    ts_r+=("$(once "$airisk" rollback churn-bench --registry "$url" --env dev --reason benchmark --yes)")
    ts_p+=("$(once "$airisk" promote churn-bench@1.1.0 --registry "$url" --to dev)")
    "$airisk" rollback churn-bench --registry "$url" --env dev --reason benchmark --yes >/dev/null
    ts_cpu+=("$( { /usr/bin/time -f '%U %S' "$airisk" promote churn-bench@1.1.0 --registry "$url" --to dev >/dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.2f", $1 + $2}')")
    ts_l+=("$(once "$airisk" status churn-bench --registry "$url" --refresh)")
  done
  p=$(printf '%s\n' "${ts_p[@]}" | sort -n | sed -n 3p)
  r=$(printf '%s\n' "${ts_r[@]}" | sort -n | sed -n 3p)
  l=$(printf '%s\n' "${ts_l[@]}" | sort -n | sed -n 3p)
  cpu=$(printf '%s\n' "${ts_cpu[@]}" | sort -n | sed -n 3p)
  [ "$("$airisk" status churn-bench --registry "$url" --refresh --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["models"][0]["environments"]["dev"]["stable"]["version"])')" = 1.1.0 ]
  git -C "$reg" fsck --no-dangling >/dev/null
  local ts_lp=() lp
  for _ in 1 2 3 4 5; do
    "$airisk" rollback churn-bench --registry "$reg" --env dev --reason benchmark --yes >/dev/null
    ts_lp+=("$(once "$airisk" promote churn-bench@1.1.0 --registry "$reg" --to dev)")
  done
  lp=$(printf '%s\n' "${ts_lp[@]}" | sort -n | sed -n 3p)
  printf '%-52s %8ss   (no target: fetches the whole registry once, then packs it with bitmaps)\n' "clone of the 10,000 x 10 registry over git daemon" "$c"
  printf '%-52s %8s\n' "server repository maintained with git gc (REMOTE_SERVER_GC)" "$server_gc"
  printf '%-52s %8ss   (target <= 1 s)\n' "promote through git://, same registry (median of 5)" "$p"
  printf '%-52s %8ss   (target <= 1 s)\n' "rollback through git://, same registry (median of 5)" "$r"
  printf '%-52s %8ss   (no target: user + system CPU of the client)\n' "promote through git://, client CPU time (median of 5)" "$cpu"
  printf '%-52s %8s    (load average of the machine meanwhile)\n' "load average (1 min) at the end" "$(cut -d' ' -f1 /proc/loadavg)"
  printf '%-52s %8ss   (no target)\n' "status --refresh through git:// (median of 5)" "$l"
  printf '%-52s %8ss   (no target: the same write on the path)\n' "promote through the served path (median of 5)" "$lp"
  rm -rf "$served" "$scratch/remote-store" "$model"
}

s3() {
  command -v aws >/dev/null || { echo "s3: needs the aws command (apt-get install awscli)" >&2; return 1; }
  [ -f target/s3proxy/s3proxy.jar ] || mvn -B -q generate-test-resources
  local big=$scratch/s3-model/big.bin data=$scratch/s3proxy-data port=${S3_PORT:-18321} runs=${S3_RUNS:-5}
  mkdir -p "$(dirname "$big")"
  if [ ! -f "$big" ] || [ "$(stat -c %s "$big")" != 2147483648 ]; then head -c 2147483648 /dev/urandom > "$big"; fi
  rm -rf "$data"; mkdir -p "$data"
  printf '%s\n' "s3proxy.endpoint=http://127.0.0.1:$port" s3proxy.authorization=aws-v2-or-v4 s3proxy.identity=bench-access \
    s3proxy.credential=bench-secret jclouds.provider=filesystem-nio2 "jclouds.filesystem.basedir=$data" \
    jclouds.identity=unused jclouds.credential=unused > "$scratch/s3proxy.conf"
  LOG_LEVEL=warn java -Xmx1g -jar target/s3proxy/s3proxy.jar --properties "$scratch/s3proxy.conf" > "$scratch/s3proxy.log" 2>&1 &
  local proxy=$!
  trap "kill $proxy 2>/dev/null" RETURN
  local endpoint=http://127.0.0.1:$port
  export AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret AWS_REGION=us-east-1 AWS_PAGER=""
  for _ in $(seq 100); do aws --endpoint-url "$endpoint" s3 ls >/dev/null 2>&1 && break; sleep 0.2; done
  "$airisk" keys generate --name bench >/dev/null 2>&1 || true
  local meta=$scratch/s3-meta.yaml
  printf 'owner: bench@example.com\nrisk_tier: minimal\n' > "$meta"
  cat "$big" > /dev/null
  local ta=() tr=() i
  ref_run() {
    aws --endpoint-url "$endpoint" s3 mb "s3://ref-$1" >/dev/null
    tr+=("$(once aws --endpoint-url "$endpoint" s3 cp "$big" "s3://ref-$1/big.bin")")
    [ -n "$(find "$data/ref-$1" -type f -size 2097152k)" ] || { echo "s3: aws did not store the file" >&2; return 1; }
    rm -rf "${data:?}/ref-$1"; sync
  }
  airisk_run() {
    aws --endpoint-url "$endpoint" s3 mb "s3://air-$1" >/dev/null
    rm -rf "$scratch/s3-registry-$1.git"
    "$airisk" init --registry "$scratch/s3-registry-$1.git" --store "s3://air-$1/models" --s3-endpoint "$endpoint" --s3-path-style >/dev/null
    ta+=("$(once "$airisk" register "$(dirname "$big")" --registry "$scratch/s3-registry-$1.git" --model big --version 1.0.0 --meta "$meta")")
    [ -n "$(find "$data/air-$1" -type f -size 2097152k)" ] || { echo "s3: airisk did not store the blob" >&2; return 1; }
    rm -rf "${data:?}/air-$1" "$scratch/s3-registry-$1.git"; sync
  }
  for i in $(seq "$runs"); do
    # a fresh bucket per tool and run, so nothing is skipped as already stored; the server's disk is
    # emptied after each upload; the two tools take turns going first
    if [ $((i % 2)) = 1 ]; then ref_run "$i"; airisk_run "$i"; else airisk_run "$i"; ref_run "$i"; fi
  done
  local ma mr
  ma=$(printf '%s\n' "${ta[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${tr[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "s3: airisk register runs (s): ${ta[*]}   aws s3 cp runs (s): ${tr[*]}"
  echo "s3: median of the per-run ratios: $(for i in "${!ta[@]}"; do ratio "${ta[$i]}" "${tr[$i]}"; echo; done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  report "register 2 GiB into S3Proxy vs aws s3 cp (median of $runs)" "$ma" "$mr" "<= 1.5"
}

case $what in
  startup) startup ;;
  s3) s3 ;;
  scan) scan ;;
  store) store ;;
  registry) registry ;;
  release) release ;;
  notify) notify ;;
  remote) remote ;;
  history) history ;;
  firstrun) firstrun ;;
  all) startup; firstrun; registry; release; remote; history; scan; notify; store; s3 ;;
  *) echo "usage: $0 [startup|firstrun|store|registry|release|remote|history|scan|notify|s3|all]" >&2; exit 2 ;;
esac
