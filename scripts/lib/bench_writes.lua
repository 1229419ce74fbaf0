-- wrk script of scripts/bench-writes.sh (phase 1b): audited progress writes without the
-- Python load generator. Each wrk thread writes the progress record of one (action, town)
-- pair of WRK_TARGETS ("path|cookie|csrf;path|cookie|csrf;…", one per thread, round robin)
-- with If-Match: * (RFC 9110: any current version), so no ETag has to be carried between
-- requests; the result text changes with every request. Non-200 answers are counted.
local targets = {}
for t in string.gmatch(os.getenv("WRK_TARGETS") or "", "[^;]+") do
  local path, cookie, csrf = string.match(t, "([^|]+)|([^|]+)|([^|]+)")
  table.insert(targets, {path = path, cookie = cookie, csrf = csrf})
end
local next_thread = 0
local threads = {}

function setup(thread)
  next_thread = next_thread + 1
  local t = targets[((next_thread - 1) % #targets) + 1]
  thread:set("path", t.path)
  thread:set("cookie", t.cookie)
  thread:set("csrf", t.csrf)
  table.insert(threads, thread)
end

local n = 0
refused = 0

function request()
  n = n + 1
  local body = '{"status":"in_progress","result":"wrk ' .. n .. '","participants":' .. (n % 500) .. '}'
  return wrk.format("PUT", path, {
    ["Cookie"] = cookie,
    ["X-CSRF-Token"] = csrf,
    ["If-Match"] = "*",
    ["Content-Type"] = "application/json",
  }, body)
end

local shown = false
function response(status, headers, body)
  if status ~= 200 then
    refused = refused + 1
    if not shown then
      shown = true
      io.stderr:write("wrk: first refusal: " .. status .. " " .. path .. " " .. string.sub(body or "", 1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local r = 0
  for _, t in ipairs(threads) do r = r + (t:get("refused") or 0) end
  io.write(string.format("wrk: %d requests in %.1f s = %.0f/s, %d not 200 (errors: connect %d, read %d, status %d, timeout %d)\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), r,
    summary.errors.connect, summary.errors.read, summary.errors.status, summary.errors.timeout))
  io.write(string.format("wrk latency: p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
