-- wrk's script for `scripts/bench http`: each request asks the next query
-- of the file named by MOJIFINDER_QUERIES (one a line) at PATH?q=, or,
-- without it, the URL given to wrk; at the end, one line of JSON with the
-- figures (latency in microseconds).
local prefix = os.getenv("MOJIFINDER_PATH") or "/search?q="
local file = os.getenv("MOJIFINDER_QUERIES")
local paths = {}

local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

if file then
  for line in io.lines(file) do
    if #line > 0 then paths[#paths + 1] = prefix .. encode(line) end
  end
end

local next_path = 0
request = function()
  if #paths == 0 then return wrk.request() end
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

-- No response() hook: wrk counts statuses over 399 itself (errors.status),
-- and a hook would make it parse every response in Lua.
done = function(summary, latency)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"errors":%d,"bad_status":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
