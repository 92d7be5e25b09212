#!/usr/bin/env bash
# End to end: 'airisk monitor evaluate' (the packaged target/airisk, JVM start and registry read included)
# of a generated CSV prediction log of 1 GiB (10 features and a score; see MonitorBench) against
# src/bench/psi_reference.py, plain python3, on the same file in the same run. Checks that every PSI
# agrees to 1e-9 and that airisk is at least 5 times faster; exits 1 otherwise.
# Usage: src/bench/monitor-bench.sh [MiB]   (BENCH_DIR: scratch folder, default target/bench; BENCH_AIRISK:
#   the executable, default target/airisk). The generated files are kept in BENCH_DIR/monitor-bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."
mib=${1:-1024}
scratch=${BENCH_DIR:-$PWD/target/bench}
mkdir -p "$scratch"
[ -x target/airisk ] || mvn -B -q package -DskipTests
airisk=${BENCH_AIRISK:-$PWD/target/airisk}
data=$scratch/monitor-bench
log=$data/predictions-${mib}m.csv
[ -f "$log" ] && [ -f "$data/sample.csv" ] || mvn -B -q -Pbench test-compile exec:exec \
  -Dbench.main=dev.airisk.bench.MonitorBench -Dbench.args="--generate $scratch $mib" >/dev/null

work=$scratch/monitor-e2e
rm -rf "$work"; mkdir -p "$work/model"
export AIRISK_HOME=$work/home AIRISK_KEY_PASSPHRASE=bench-passphrase
reg=$work/registry.git
echo weights > "$work/model/weights.bin"
cat > "$work/META.yaml" <<'META'
owner: bench@example.com
risk_tier: limited
input_schema:
  features: [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9]
META
cat > "$work/policy.yaml" <<'POLICY'
tiers:
  limited:
    monitoring:
      min_rows: 1000
      max_feature_psi: 0.2
      max_score_psi: 0.2
      max_null_rate: 0.05
POLICY
"$airisk" keys generate --name bench >/dev/null
"$airisk" init --registry "$reg" >/dev/null
"$airisk" policy set "$work/policy.yaml" --registry "$reg" >/dev/null
"$airisk" register "$work/model" --registry "$reg" --model bench --version 1.0.0 --meta "$work/META.yaml" >/dev/null
sha=$("$airisk" profile bench@1.0.0 --from "$data/sample.csv" --registry "$reg" --format json \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["sha256"])')
profile=$reg.store/sha256/${sha:0:2}/${sha:2}
[ -f "$profile" ] || profile=$(find "$reg.store" -path "*${sha:2}" | head -1)

cat "$log" > /dev/null   # in the page cache for both
now() { date +%s%N; }
t0=$(now)
set +e
"$airisk" monitor evaluate bench --env dev --version 1.0.0 --predictions "$log" --registry "$reg" --format json > "$work/airisk.json"
code=$?
set -e
t1=$(now)
python3 src/bench/psi_reference.py "$profile" "$log" > "$work/python.json"
t2=$(now)
[ "$code" -le 3 ] || { echo "monitor evaluate failed with exit $code" >&2; exit 1; }
python3 - "$work/airisk.json" "$work/python.json" "$(( t1 - t0 ))" "$(( t2 - t1 ))" "$(stat -c %s "$log")" <<'CMP'
import json, sys
ours, ref = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
t_ours, t_ref, size = int(sys.argv[3]) / 1e9, int(sys.argv[4]) / 1e9, int(sys.argv[5]) / 2**20
fig = ours["figures"]
psi = {f["name"]: f["psi"] for f in fig["features"]}
psi["score"] = fig["score_psi"]
worst = max(abs(psi[k] - v) for k, v in ref["psi"].items())
ok = ours["rows"] == ref["rows"] and set(psi) == set(ref["psi"]) and worst <= 1e-9 and t_ref / t_ours >= 5
print(f"monitor evaluate of {size:.0f} MiB, {ours['rows']} rows: airisk {t_ours:.2f} s ({size / t_ours:.0f} MiB/s)   "
      f"python {t_ref:.2f} s ({size / t_ref:.0f} MiB/s)   ratio {t_ref / t_ours:.1f}x (target >= 5)   "
      f"largest |PSI difference| {worst:.1e} (target <= 1e-9)   healthy {ours['healthy']}")
sys.exit(0 if ok else 1)
CMP
