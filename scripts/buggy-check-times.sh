#!/usr/bin/env bash
# `cluster-chaos check` at its defaults on each buggy program (the tutorial's three and fixtures/buggy/), one line
# each: exit code, seconds, how far the counterexample shrank, its replay line. After `npm run build`.
# Any extra arguments go to every check (e.g. --runs 50).
cd "$(dirname "$0")/.."
report=$(mktemp -d)
trap 'rm -rf "$report"' EXIT
for program in tutorial/round-robin tutorial/shared-handle tutorial/restart buggy/never-restarts buggy/restarts-once \
  buggy/dead-in-rotation buggy/exit-race buggy/restart-storm buggy/slow-restart buggy/orphan-workers buggy/stops-listening-after-crash; do
  started=$(date +%s.%N)
  out=$(node dist/cli/main.js check "$program" --report "$report" "$@" 2>&1)
  code=$?
  ended=$(date +%s.%N)
  printf '%-36s exit %s %6.1f s  %s | %s\n' "$program" "$code" "$(echo "$ended - $started" | bc)" \
    "$(echo "$out" | grep -m1 -o 'from [0-9]* steps\? to [0-9]*')" "$(echo "$out" | grep -m1 '^Replay:')"
done
