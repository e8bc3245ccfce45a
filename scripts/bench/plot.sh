#!/usr/bin/env bash
# Renders the PNG charts of one run-all.sh results directory with gnuplot:
#   bench-three-ways.png       throughput and /health/live p99 per demo route and concurrency, both servers
#   bench-scaling.png          /v1/analyze req/s against inference.pool_size, one line per http.instances
#   bench-latency-vs-load.png  /v1/analyze p50/p99 against offered rate (open loop)
# usage: plot.sh RESULTS_DIR [IMAGE_DIR (default RESULTS_DIR)]
set -euo pipefail
dir=${1:?usage: plot.sh RESULTS_DIR [IMAGE_DIR]}
img=${2:-$dir}
mkdir -p "$img"
command -v gnuplot >/dev/null || { echo "plot.sh: gnuplot is required (apt-get install gnuplot)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
stamp=$(grep '^date_utc' "$dir/env.txt" 2>/dev/null | cut -d' ' -f2- || date -u '+%Y-%m-%d %H:%M')
machine="$(nproc) cpus, load avg at start $(grep '^load_average' "$dir/env.txt" 2>/dev/null | cut -d' ' -f2 || echo '?')"

if [[ -f "$dir/waits.csv" ]]; then
  # one row per (route, c): label vertx_rps fastapi_rps vertx_health_p99 fastapi_health_p99 ("-" = missing)
  awk -F, 'NR > 1 {
      k = $2 " c=" $3; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
      rps[$1, k] = $5; h[$1, k] = ($15 == "" ? "-" : ($15 < 0.01 ? 0.01 : $15))
    }
    END { for (i = 1; i <= n; i++) { k = order[i]
      printf "\"%s\" %s %s %s %s\n", k, ((("vertx", k) in rps) ? rps["vertx", k] : "-"), ((("fastapi", k) in rps) ? rps["fastapi", k] : "-"),
        ((("vertx", k) in h) ? h["vertx", k] : "-"), ((("fastapi", k) in h) ? h["fastapi", k] : "-") } }' \
    "$dir/waits.csv" >"$tmp/waits.dat"
  gnuplot <<GP
set terminal pngcairo size 1200,820 font "sans,10" noenhanced
set output "$img/bench-three-ways.png"
set datafile missing "-"
set multiplot layout 2,1 title "Three ways to wait: audio-insight (Vert.x) vs FastAPI, ms=100 ($stamp UTC, $machine)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set grid ytics
set xtics rotate by -30 scale 0
set key top left
set ylabel "requests/s (wrk, closed loop)"
set title "Throughput"
plot "$tmp/waits.dat" using 2:xtic(1) title "audio-insight" lc rgb "#2b6cb0", '' using 3 title "FastAPI (uvicorn)" lc rgb "#dd6b20"
set yrange [0.1:*]
set ylabel "/health/live p99 ms (open-loop prober)"
set title "Liveness p99 measured at the same time (lower is better; 2 ms target line)"
set arrow 1 from graph 0, first 2 to graph 1, first 2 nohead dt 2 lc rgb "#c53030"
plot "$tmp/waits.dat" using 4:xtic(1) title "audio-insight" lc rgb "#2b6cb0", '' using 5 title "FastAPI (uvicorn)" lc rgb "#dd6b20"
unset multiplot
GP
  echo "plot.sh: wrote $img/bench-three-ways.png" >&2
fi

if [[ -f "$dir/scaling.csv" ]]; then
  insts=$(awk -F, 'NR > 1 && !($2 in s) { s[$2] = 1; printf "%s ", $2 }' "$dir/scaling.csv")
  plots=""
  for i in $insts; do
    awk -F, -v i="$i" 'NR > 1 && $2 == i { print $1, $6 }' "$dir/scaling.csv" | sort -n >"$tmp/scaling-$i.dat"
    plots+="${plots:+, }\"$tmp/scaling-$i.dat\" using 1:2 with linespoints lw 2 pt 7 title \"http.instances=$i\""
  done
  gnuplot <<GP
set terminal pngcairo size 900,560 font "sans,10" noenhanced
set output "$img/bench-scaling.png"
set title "/v1/analyze (10 s clip) throughput vs inference.pool_size ($stamp UTC, $machine)"
set xlabel "inference.pool_size (worker threads)"
set ylabel "2xx requests/s (wrk closed loop)"
set xtics (1, 2, 4)
set logscale x 2
set yrange [0:*]
set grid
set key bottom right
plot $plots
GP
  echo "plot.sh: wrote $img/bench-scaling.png" >&2
fi

if [[ -f "$dir/load.csv" ]]; then
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { print $c["rate_rps"], $c["p50_ms"], $c["p99_ms"], $c["ok_rps"] }' "$dir/load.csv" >"$tmp/load.dat"
  capacity=$(cat "$dir/load-capacity.txt" 2>/dev/null || echo 0)
  gnuplot <<GP
set terminal pngcairo size 900,560 font "sans,10" noenhanced
set output "$img/bench-latency-vs-load.png"
set title "/v1/analyze latency vs offered load, open loop ($stamp UTC, $machine)"
set xlabel "offered load (requests/s, fixed rate)"
set ylabel "latency from intended send time (ms)"
set y2label "2xx responses/s"
set logscale y
set y2range [0:*]
set ytics nomirror
set y2tics
set grid
set key top left
set arrow 1 from $capacity, graph 0 to $capacity, graph 1 nohead dt 2 lc rgb "#718096"
set label 1 "closed-loop capacity" at $capacity, graph 0.95 right offset -0.5,0 tc rgb "#718096"
plot "$tmp/load.dat" using 1:2 with linespoints lw 2 pt 7 title "p50", \
     '' using 1:3 with linespoints lw 2 pt 5 title "p99", \
     '' using 1:4 axes x1y2 with linespoints dt 3 pt 6 lc rgb "#38a169" title "2xx/s (right axis)"
GP
  echo "plot.sh: wrote $img/bench-latency-vs-load.png" >&2
fi
