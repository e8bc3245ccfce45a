#!/usr/bin/env bash
# Prints the Markdown tables (and the issue-6 target checks) for one results directory of run-all.sh.
# usage: report.sh RESULTS_DIR
set -euo pipefail
dir=${1:?usage: report.sh RESULTS_DIR}

if [[ -f "$dir/env.txt" ]]; then
  echo "Run: $(grep '^date_utc' "$dir/env.txt" | cut -d' ' -f2-) UTC; $(grep '^host' "$dir/env.txt" | cut -d' ' -f2-);"
  echo "load average at start $(grep '^load_average' "$dir/env.txt" | cut -d' ' -f2-); $(grep '^command' "$dir/env.txt" | cut -d' ' -f2-)"
  echo
fi

if [[ -f "$dir/waits.csv" ]]; then
  echo "### Three ways to wait (ms=100; wrk closed loop; /health/live p99 from the open-loop prober at the same time)"
  echo
  awk -F, '
    NR == 1 { next }
    {
      key = $2 SUBSEP $3
      if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      rps[$1, key] = $5; p50[$1, key] = $6; p99[$1, key] = $8; h99[$1, key] = $15
      herr[$1, key] = $17; bad[$1, key] = $11 + $12 + $13; req[$1, key] = $10; blk[$1, key] = $18; has[$1] = 1
    }
    function cell(s, k, what) {
      if (!((s, k) in rps)) return "-"
      if (what == "rps") return sprintf("%.0f", rps[s, k]) (bad[s, k] > 0 ? " (" bad[s, k] " err)" : "")
      if (what == "lat") return req[s, k] == 0 ? "no response" : sprintf("%.0f / %.0f", p50[s, k], p99[s, k])
      if (what == "h99") return (h99[s, k] == "" ? "-" : sprintf(h99[s, k] < 10 ? "%.1f" : "%.0f", h99[s, k])) (herr[s, k] > 0 ? " (" herr[s, k] " err)" : "")
      if (what == "blk") return blk[s, k] == "" ? "n/a" : blk[s, k]
    }
    END {
      print "| route | c | audio-insight req/s | p50 / p99 ms | /health p99 ms | blocked-thread events | FastAPI req/s | p50 / p99 ms | /health p99 ms |"
      print "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
      for (i = 1; i <= n; i++) {
        k = order[i]; split(k, part, SUBSEP)
        route = part[1] == "health" ? "/health/live" : "/ping/" part[1]
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", route, part[2], cell("vertx", k, "rps"),
          cell("vertx", k, "lat"), cell("vertx", k, "h99"), cell("vertx", k, "blk"), cell("fastapi", k, "rps"),
          cell("fastapi", k, "lat"), cell("fastapi", k, "h99")
      }
      print ""
      # the targets of issue 6
      a = "async" SUBSEP 100; a1k = "async" SUBSEP 1000; w = "worker" SUBSEP 100; h = "health" SUBSEP 100
      maxblk = 0; for (c in blk) { split(c, q, SUBSEP); if (q[1] == "vertx" && q[2] == "blocking" && blk[c] > maxblk) maxblk = blk[c] }
      print "Targets (issue 6):"
      print ""
      t("/ping/async c=100 >= 900 req/s", rps["vertx", a] >= 900, sprintf("%.0f req/s", rps["vertx", a]))
      t("/ping/async c=100 p99 <= 120 ms", ("vertx", a) in p99 && p99["vertx", a] <= 120, sprintf("%.1f ms", p99["vertx", a]))
      t("/health p99 <= 2 ms during /ping/async c=100", h99["vertx", a] != "" && h99["vertx", a] <= 2, sprintf("%.2f ms", h99["vertx", a]))
      t("/ping/worker c=100 bounded by its pool (4 threads x 1000/100 ms = 40 req/s; 28..44 accepted)", rps["vertx", w] >= 28 && rps["vertx", w] <= 44, sprintf("%.0f req/s", rps["vertx", w]))
      t("/health p99 <= 2 ms during /ping/worker c=100", h99["vertx", w] != "" && h99["vertx", w] <= 2, sprintf("%.2f ms", h99["vertx", w]))
      t("/ping/blocking counted by the checker (> 0)", maxblk > 0, sprintf("max %d events in one run", maxblk))
      if (has["fastapi"]) {
        t("/health/live c=100 >= 5x FastAPI", rps["fastapi", h] > 0 && rps["vertx", h] >= 5 * rps["fastapi", h], ratio(h))
        t("/ping/async c=100 >= 5x FastAPI (both capped at 1000 req/s by ms=100, c=100)", rps["fastapi", a] > 0 && rps["vertx", a] >= 5 * rps["fastapi", a], ratio(a))
        if (("vertx", a1k) in rps) t("/ping/async c=1000 >= 5x FastAPI", rps["fastapi", a1k] > 0 && rps["vertx", a1k] >= 5 * rps["fastapi", a1k], ratio(a1k))
      }
      print ""
    }
    function t(name, ok, got) { printf "- %s %s: %s\n", ok ? "MET" : "MISSED", name, got }
    function ratio(k) { return rps["fastapi", k] > 0 ? sprintf("%.1fx (%.0f vs %.0f req/s)", rps["vertx", k] / rps["fastapi", k], rps["vertx", k], rps["fastapi", k]) : "FastAPI answered nothing" }
  ' "$dir/waits.csv"
fi

if [[ -f "$dir/scaling.csv" ]]; then
  echo "### Scaling: /v1/analyze (10 s clip) 2xx req/s, wrk closed loop at c=$(awk -F, 'NR == 2 { print $3 }' "$dir/scaling.csv")"
  echo
  awk -F, '
    NR == 1 { next }
    { v[$1, $2] = $6; if (!($1 in P)) { P[$1] = 1; pools[++np] = $1 } if (!($2 in I)) { I[$2] = 1; inst[++ni] = $2 } n2[$1, $2] = $10 }
    END {
      printf "| inference.pool_size |"; for (j = 1; j <= ni; j++) printf " http.instances=%s |", inst[j]; print ""
      printf "|--:|"; for (j = 1; j <= ni; j++) printf "--:|"; print ""
      for (i = 1; i <= np; i++) {
        printf "| %s |", pools[i]
        for (j = 1; j <= ni; j++) printf " %s |", ((pools[i], inst[j]) in v) ? sprintf("%.1f", v[pools[i], inst[j]]) (n2[pools[i], inst[j]] > 0 ? " (" n2[pools[i], inst[j]] " non-2xx)" : "") : "-"
        print ""
      }
      print ""
    }' "$dir/scaling.csv"
fi

if [[ -f "$dir/load.csv" ]]; then
  echo "### Latency against offered load: /v1/analyze (10 s clip), open loop, defaults (closed-loop capacity $(cat "$dir/load-capacity.txt" 2>/dev/null || echo '?') req/s)"
  echo
  awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    NR == 2 { print "| offered req/s | answered req/s | 2xx req/s | p50 ms | p90 ms | p99 ms | max ms | statuses | errors |"; print "|--:|--:|--:|--:|--:|--:|--:|---|---|" }
    { printf "| %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %s | %s |\n", $c["rate_rps"], $c["throughput_rps"], $c["ok_rps"],
        $c["p50_ms"], $c["p90_ms"], $c["p99_ms"], $c["max_ms"], $c["status_counts"], ($c["error_kinds"] == "" ? "0" : $c["error_kinds"]) }
    END { print "" }' "$dir/load.csv"
fi
