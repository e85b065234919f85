-- wrk's summary as one line that bench/live_pages.py reads: requests, seconds, median and
-- 95th percentile in milliseconds, non-2xx/3xx answers, socket errors.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.3f %.3f %d %d\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
