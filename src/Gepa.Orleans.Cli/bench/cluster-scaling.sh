#!/usr/bin/env bash
# Throughput of a RuleWorld run (a SIMULATION) on 1..4 gepa-cluster worker processes on this machine, the task model
# served over HTTP by 'gepa sim serve' with a simulated latency. Starts a throwaway PostgreSQL (as the 'postgres' user
# when run as root), one database per row, and cleans up. Usage (from the repository root, after 'dotnet build'):
#   nice -n 10 src/Gepa.Orleans.Cli/bench/cluster-scaling.sh [latency-ms=200] [workers="1 2 3 4"] [kill=0|1]
# With kill=1 each row also SIGKILLs one worker that does not host the run once a third of the budget is spent.
set -euo pipefail
latency=${1:-200}; counts=${2:-"1 2 3 4"}; kill_one=${3:-0}
root=$(cd "$(dirname "$0")/../../.." && pwd)
cluster="dotnet exec $root/artifacts/bin/Gepa.Orleans.Cli/debug/Gepa.Orleans.Cli.dll"
gepa="dotnet exec $root/artifacts/bin/Gepa.Cli/debug/Gepa.Cli.dll"
bin=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | sort | tail -n1)")
tmp=$(mktemp -d /tmp/gepa-scaling.XXXX); pids=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; as_pg "$bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT

[ "$(id -u)" = 0 ] && chown postgres "$tmp"
pgport=$((20000 + RANDOM % 20000)); simport=$((40000 + RANDOM % 20000))
as_pg "$bin/initdb" -D "$tmp/data" -U gepa --auth=trust -E UTF8 >/dev/null
as_pg "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/pg.log" -w -o "-p $pgport -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
$gepa sim serve --port "$simport" --latency-ms "$latency" --world modules=2 >"$tmp/sim.log" 2>&1 & pids+=($!)
sleep 3
echo "| worker processes | seconds | rollouts | rollouts/s | ideal rollouts/s | of ideal | executions | wasted |" >/dev/null
echo "| worker processes | seconds | rollouts | rollouts/s | ideal rollouts/s | of ideal | executions | wasted |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $counts; do
  db="scale_$n"; cs="Host=127.0.0.1;Port=$pgport;Username=gepa;Database=$db"
  psql -h 127.0.0.1 -p "$pgport" -U gepa -d postgres -qc "CREATE DATABASE $db" >/dev/null
  $cluster init-db --connection "$cs" >/dev/null
  wp=()
  for i in $(seq 1 "$n"); do
    $cluster worker --connection "$cs" --silo-port $((pgport + 100 + 10 * n + i)) --gateway-port $((pgport + 200 + 10 * n + i)) \
      --task-url "http://127.0.0.1:$simport/v1" --max-batches 2 --batch-size 5 --max-concurrent-rollouts 40 --fast-failure-detection >"$tmp/w$n-$i.log" 2>&1 &
    wp+=($!); pids+=($!)
  done
  for i in $(seq 1 "$n"); do until grep -q "is up" "$tmp/w$n-$i.log"; do sleep 0.5; done; done
  $cluster run --connection "$cs" --run-id "scale-$n" --compare-local >"$tmp/run$n.json" 2>"$tmp/run$n.log" & runner=$!
  if [ "$kill_one" = 1 ]; then
    # SIGKILL a worker that does not host the run grain, once a third of the budget is committed.
    until grep -q "is Running on silo" "$tmp/run$n.log"; do sleep 0.2; done
    host=$(sed -nE 's/.*is Running on silo (\S+)\..*/\1/p' "$tmp/run$n.log")
    until grep -qE "iteration [0-9]+: (8[0-9]|9[0-9]|[1-9][0-9][0-9]) rollouts" "$tmp/run$n.log"; do sleep 0.2; done
    for i in $(seq 1 "$n"); do
      if ! grep -q "Worker silo $host " "$tmp/w$n-$i.log"; then kill -9 "${wp[$((i - 1))]}"; echo "killed worker $i at $(date +%T)" >&2; break; fi
    done
  fi
  wait "$runner" || { echo "run scale-$n failed:"; cat "$tmp/run$n.log"; exit 1; }
  line=$(grep -E "^Run scale-$n [A-Za-z]+ in " "$tmp/run$n.log")
  secs=$(sed -E 's/.* in ([0-9.]+) s:.*/\1/' <<<"$line"); rolls=$(sed -E 's/.*: ([0-9]+) rollouts.*/\1/' <<<"$line")
  execs=$(sed -E 's/.* ([0-9]+) executions.*/\1/' <<<"$line"); wasted=$(sed -E 's/.* ([0-9]+) wasted.*/\1/' <<<"$line")
  # Ideal: each worker runs 2 batches of 5 rollouts at once, one model call at a time per batch, capped by the run's 40.
  ideal=$(awk -v n="$n" -v l="$latency" 'BEGIN { c = n * 2 * 5; if (c > 40) c = 40; printf "%.2f", c / (5 * l / 1000) * 1 }')
  awk -v n="$n" -v s="$secs" -v r="$rolls" -v i="$ideal" -v e="$execs" -v w="$wasted" 'BEGIN { printf "| %d | %.1f | %d | %.2f | %.2f | %.0f%% | %d | %d |\n", n, s, r, r / s, i, 100 * r / s / i, e, w }'
  for p in "${wp[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${wp[@]}" 2>/dev/null || true
done
