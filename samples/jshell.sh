#!/usr/bin/env bash
# Opens JShell with colo4j on the class path and samples/colo.jsh loaded (main types imported, a sample spec).
# Run from anywhere after `mvn -q install -DskipTests` at the repository root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
(cd "$here" && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$list" >/dev/null)
cp="$(tr ':' '\n' < "$list" | grep '\.jar$' | paste -sd: -)"
jshell --class-path "$cp" "$here/colo.jsh" "$@"
