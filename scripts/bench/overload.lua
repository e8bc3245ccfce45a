-- wrk script for scripts/bench/overload.sh: POSTs the WAV named by $CLIP (Content-Type audio/wav) on a fixed
-- schedule, and tallies statuses, 503s without Retry-After, and socket errors.
-- Schedule: each wrk thread sends one request every $INTERVAL_MS ms (0 = as fast as its connections allow):
-- before each request, delay() claims the thread's next slot and waits until it is due. While a connection is
-- free this is open loop (slow answers do not slow the sender); only when every connection waits for an answer
-- does sending fall behind, and it catches up as connections free up. Give it enough connections.
local f = assert(io.open(os.getenv("CLIP"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "audio/wav"
local interval_ms = tonumber(os.getenv("INTERVAL_MS") or "0")

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long sec; long nsec; } overload_timespec;
  int clock_gettime(int clock, overload_timespec *t);
]]
local ts = ffi.new("overload_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.sec) * 1000 + tonumber(ts.nsec) / 1e6
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  without_retry_after = 0
  next_due = now_ms()
end

function delay()
  if interval_ms <= 0 then
    return 0
  end
  local due = next_due
  next_due = next_due + interval_ms
  local wait = due - now_ms()
  return wait > 0 and math.floor(wait) or 0
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 503 and headers["Retry-After"] == nil and headers["retry-after"] == nil then
    without_retry_after = without_retry_after + 1
  end
end

function done(summary, latency, requests)
  local total, missing = {}, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do
      total[k] = (total[k] or 0) + v
    end
    missing = missing + t:get("without_retry_after")
  end
  io.write("RESULT statuses")
  for k, v in pairs(total) do
    io.write(string.format(" %d=%d", k, v))
  end
  io.write("\n")
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_s=%.1f no_retry_after=%d socket_errors=%d "
    .. "(connect %d read %d write %d timeout %d) p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, missing, e.connect + e.read + e.write + e.timeout,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
