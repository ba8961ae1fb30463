-- wrk script of bench/load.py: counts the answers by status and prints one JSON line.
--
--   wrk -t1 -c1 -d10s -s bench/wrk_report.lua URL -- 200
--
-- The argument after "--" is the status every answer should have (200, or 304 for a
-- conditional request); any other status, and every socket error, is an error.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected = tonumber(args[1]) or 200
  statuses = {}
  unexpected = 0
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local counts = {}
  local wrong = 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + n
    end
    wrong = wrong + thread:get("unexpected")
  end
  local parts = {}
  for status, n in pairs(counts) do
    table.insert(parts, string.format('"%s": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "socket_errors": %d, '
      .. '"unexpected_status": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean,
    e.connect + e.read + e.write + e.timeout, wrong, table.concat(parts, ", ")
  ))
end
