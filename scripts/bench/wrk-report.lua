-- wrk script for scripts/bench: an optional request body from the environment, and one machine-readable
-- summary line (WRK_RESULT key=value ...) that run-all.sh parses. wrk measures closed-loop: each connection
-- sends its next request only after the previous response.
--   WRK_BODY_FILE     send this file as the body of a POST
--   WRK_CONTENT_TYPE  its Content-Type (default audio/wav)

local body_file = os.getenv("WRK_BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = os.getenv("WRK_CONTENT_TYPE") or "audio/wav"
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local function ms(us) return us / 1000.0 end
  io.write(string.format(
    "WRK_RESULT requests=%d duration_s=%.3f rps=%.2f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "mean_ms=%.3f connect_errors=%d read_errors=%d write_errors=%d timeouts=%d non2xx=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)), ms(latency.max),
    ms(latency.mean), e.connect, e.read, e.write, e.timeout, e.status))
end
