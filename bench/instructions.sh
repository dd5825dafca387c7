#!/usr/bin/env bash
# Counts the instructions of one call (request overhead) and one decode (10,000 DNS records),
# through the SDK and through its hand-written baseline, with valgrind's callgrind: the count
# of `times` iterations minus the count of `base` iterations, divided by the difference, so
# that setup is left out. Instruction counts repeat from run to run, unlike times on a shared
# machine; they do not weigh cache misses or waiting, which the criterion benchmarks do.
#
#   bash bench/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
binary="$(cargo bench --no-run --bench instructions 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)"
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" "$1" "$2" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_call() {
    local base more
    base="$(count "$1" "$2")"
    more="$(count "$1" "$3")"
    echo $(( (more - base) / ($3 - $2) ))
}
raw="$(per_call request-raw 200 1200)"
sdk="$(per_call request-sdk 200 1200)"
echo "request: raw ${raw} instructions per call, sdk ${sdk}, sdk/raw $(python3 -c "print(f'{$sdk / $raw:.3f}')")"
hand="$(per_call decode-hand 2 7)"
sdk="$(per_call decode-sdk 2 7)"
echo "decode 10,000 DNS records: hand ${hand} instructions, sdk ${sdk}, sdk/hand $(python3 -c "print(f'{$sdk / $hand:.3f}')")"
