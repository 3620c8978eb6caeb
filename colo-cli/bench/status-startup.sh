#!/bin/sh
# Wall time of `colo4j status` from process start, against a minimal python3 QMP client doing the
# same queries, on a live pair on loopback (BENCHMARKS.md, "colo4j status start-up").
# usage: colo-cli/bench/status-startup.sh [RUNS]   (after `mvn -q -pl colo-cli -am package -DskipTests`)
set -eu
runs=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
colo4j=$here/../target/colo4j
dir=$(mktemp -d /tmp/colo4j-bench.XXXXXX)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
for img in primary secondary-active secondary-hidden; do qemu-img create -q -f qcow2 "$dir/$img.qcow2" 64M; done
cp "$dir/primary.qcow2" "$dir/secondary-parent.qcow2"
sed -e "s|/tmp/colo-pair|$dir|g" -e '/hostfwd/d' -e '/nicBackends:/d' -e '/Two QEMUs on one host/d' -e '/other would exit with/d' \
    "$here/../../samples/pair-files/loopback.yaml" > "$dir/pair.yaml"
for node in primary secondary; do
  line=$("$colo4j" argv --pair "$dir/pair.yaml" --node "$node")
  eval "set -- $line -global rtl8139.romfile="
  "$@" >"$dir/$node.log" 2>&1 &
  pids="$pids $!"
  sleep 0.5
done
until "$colo4j" status --pair "$dir/pair.yaml" --node secondary >/dev/null 2>&1; do sleep 0.2; done

measure() {  # measure NAME COMMAND...: median and mean wall ms of RUNS runs
  name=$1; shift
  "$@" >/dev/null 2>&1 || { echo "$name failed: $*" >&2; exit 1; }
  i=0; : > "$dir/t"
  while [ $i -lt "$runs" ]; do
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 )) >> "$dir/t"; i=$((i + 1))
  done
  sort -n "$dir/t" | awk -v n="$name" '{a[NR]=$1; s+=$1} END {printf "%-40s median %5d ms  mean %5d ms  min %5d ms  (%d runs)\n", n, a[int((NR+1)/2)], s/NR, a[1], NR}'
}
measure "java -version (the JVM's floor)" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version
measure "python3 qmp_status.py" python3 "$here/qmp_status.py" "$dir/primary.qmp" "$dir/secondary.qmp"
measure "colo4j status (AppCDS)" "$colo4j" status --pair "$dir/pair.yaml"
COLO4J_JAVA_OPTS=-XX:SharedArchiveFile=/dev/null/none measure "colo4j status (no AppCDS: JDK's CDS)" "$colo4j" status --pair "$dir/pair.yaml"
measure "colo4j status --node secondary --state" "$colo4j" status --pair "$dir/pair.yaml" --node secondary --state
