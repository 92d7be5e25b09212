#!/usr/bin/env bash
# The canary comparison of 'airisk canary analyze' on two generated prediction logs of ROWS rows each
# (default 5,000,000; see CanaryBench), in a JVM limited to a 256 MiB heap (BENCH_HEAP, e.g. 64m): prints the time and the
# process's peak resident memory (GNU time). The memory must not grow with ROWS:
# run it with 1000000 and 5000000 to compare.
# Usage: src/bench/canary-bench.sh [ROWS]   (BENCH_DIR: scratch folder, default target/bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-5000000}
scratch=${BENCH_DIR:-$PWD/target/bench}
mkdir -p "$scratch"
mvn -B -q -o -Pbench test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp=target/classes:target/test-classes:$(cat target/bench-classpath.txt)
java -cp "$cp" dev.airisk.bench.CanaryBench "$scratch" "$rows" --generate
cat "$scratch"/canary-bench/*-"$rows".csv > /dev/null
/usr/bin/time -f "  peak resident memory %M KiB, %e s wall" java -Xmx${BENCH_HEAP:-256m} -cp "$cp" dev.airisk.bench.CanaryBench "$scratch" "$rows"
