-- wrk's load for the rolling-restart tests (tests/support/wrk_load.hpp): GETs of the URL's path,
-- and every Nth request a POST of a JSON body to another path, so the load has writes, which no
-- proxy may send twice; then every answer counted by status, printed as "status <code> <count>".
-- Arguments (after wrk's `--`): N (0: GETs only), the POST's path, its body.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  every = tonumber(args[1] or "0")
  statuses = {}
  sent = 0
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  get_request = wrk.format("GET", wrk.path, headers)
  if every > 0 then
    headers["Content-Type"] = "application/json"
    post_request = wrk.format("POST", args[2], headers, args[3])
  end
end

function request()
  sent = sent + 1
  if every > 0 and sent % every == 0 then
    return post_request
  end
  return get_request
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d %d\n", status, count))
  end
end
