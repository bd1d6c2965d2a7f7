#!/usr/bin/env bash
# Run one fuzz target for a time budget: fuzz/run.sh TARGET SECONDS [libFuzzer options]
# TARGET is the part of fuzz/fuzz_TARGET.py after "fuzz_" (csv, jsonl, json_array, xlsx,
# mapping, ...). New inputs go to a scratch corpus, so the committed seeds stay as they are;
# a crash is written to fuzz/crashes/ and makes the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: fuzz/run.sh TARGET SECONDS}"
seconds="${2:?usage: fuzz/run.sh TARGET SECONDS}"
shift 2
python="${PYTHON:-.venv/bin/python}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p fuzz/crashes
seeds="fuzz/corpus/$target"
[ -d "$seeds" ] || seeds=""
"$python" "fuzz/fuzz_$target.py" -max_total_time="$seconds" -artifact_prefix=fuzz/crashes/ \
  -rss_limit_mb=2048 -timeout=10 "$@" "$scratch" $seeds
