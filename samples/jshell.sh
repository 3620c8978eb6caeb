#!/usr/bin/env bash
# Opens JShell with colo4j on the class path and samples/colo.jsh loaded: main types imported, a sample
# spec, and a feedback mode that prints whole values (spec.plan(), argv). SLF4J is bound to slf4j-simple
# at INFO, one short line per event (samples/src/main/resources/simplelogger.properties).
# Run from anywhere after `mvn -q install -DskipTests` at the repository root.
# Artifacts installed into another local repository: MAVEN_OPTS=-Dmaven.repo.local=/that/repo samples/jshell.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
(cd "$here" && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$list" >/dev/null)
cp="$(tr ':' '\n' < "$list" | grep '\.jar$' | paste -sd: -)"
# The samples' resources hold the logging configuration the demo uses too.
jshell --feedback colo --class-path "$cp:$here/src/main/resources" "$here/colo.jsh" "$@"
