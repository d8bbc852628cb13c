#!/usr/bin/env bash
# Wall time against the critical path, over HTTP with a latency on every model call, in the SIMULATED RuleWorld.
#
# Starts `gepa sim serve --latency-ms 200` on a free port, runs latency-http.yaml under each configuration, concurrency
# and repeat, and prints one line per run: the process's wall time and CPU, the machine's load before and after, and
# critical_path.py's line (the run's own wall time, both critical paths, the score, the rollouts and a fingerprint of
# every decision, which must not depend on the concurrency). docs/benchmarks.md ("Wall time against the critical
# path") has the results.
#
# usage: bench/rule-world/wall_time.sh [OUT_DIR] [CONCURRENCIES] [CONFIGS] [REPEATS]
#   defaults: runs/wall-time "16 4 1" "fixed adaptive ind4 ind4a" 2
#   configs: fixed, adaptive (budget.policy), ind4 / ind4a (independent(4) proposals, selection best, under fixed /
#   adaptive); GEPA overrides the command (default: the Release build of src/Gepa.Cli), BUDGET the rollouts (1000).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-runs/wall-time}
concurrencies=${2:-16 4 1}
configs=${3:-fixed adaptive ind4 ind4a}
repeats=${4:-2}
gepa=${GEPA:-dotnet artifacts/bin/Gepa.Cli/release/Gepa.Cli.dll}
latency=200
budget=${BUDGET:-1000}
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$out"

$gepa sim serve --port "$port" --latency-ms "$latency" > "$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/v1/models" > /dev/null 2>&1 && break
  sleep 0.2
done

for repeat in $(seq "$repeats"); do
  for c in $concurrencies; do
    for config in $configs; do
      case $config in
        fixed) extra=(--set budget.policy=fixed) ;;
        adaptive) extra=(--set budget.policy=adaptive) ;;
        ind4) extra=(--set budget.policy=fixed --set 'engine.proposals.sampling=independent(4)' --set engine.proposals.selection=best) ;;
        ind4a) extra=(--set budget.policy=adaptive --set 'engine.proposals.sampling=independent(4)' --set engine.proposals.selection=best) ;;
        *) echo "unknown configuration '$config' (fixed, adaptive, ind4, ind4a)" >&2; exit 2 ;;
      esac
      run="$out/$config-c$c-r$repeat"
      rm -rf "$run"
      load_before=$(cut -d' ' -f1 /proc/loadavg)
      start=$(date +%s.%N)
      /usr/bin/time -o "$run.time" -f "%U+%S" $gepa optimize bench/rule-world/latency-http.yaml --out "$run" \
        --set "task-model.base-url=http://127.0.0.1:$port/v1" --set "reflection-model.base-url=http://127.0.0.1:$port/v1" \
        --set "engine.max-metric-calls=$budget" --set "task-model.max-concurrency=$c" --set "reflection-model.max-concurrency=$c" \
        "${extra[@]}" > "$run.log" 2>&1
      end=$(date +%s.%N)
      load_after=$(cut -d' ' -f1 /proc/loadavg)
      printf '%s c=%s repeat %s: process %.1f s, cpu %s s, load %s..%s :: %s\n' "$config" "$c" "$repeat" \
        "$(echo "$end - $start" | bc)" "$(tail -n1 "$run.time")" "$load_before" "$load_after" \
        "$(python3 bench/rule-world/critical_path.py "$run" "$latency")"
    done
  done
done
