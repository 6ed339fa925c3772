-- Numbers each thread, and prints one JSON line of results for bench/run.py.
local threads = {}
function setup(thread)
  thread:set("thread_id", #threads)
  thread:set("last_index", -1)
  table.insert(threads, thread)
end
function done(summary, latency, requests)
  local last = -1
  for _, t in ipairs(threads) do
    local l = t:get("last_index")
    if l and l > last then last = l end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,' ..
    '"max_ms":%.3f,"errors":%d,"non_2xx":%d,"last_index":%d,"bytes":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, e.status, last, summary.bytes))
end
