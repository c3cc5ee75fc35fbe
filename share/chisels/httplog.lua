-- sharpdig chisel httplog: one line per HTTP request/response pair.
description = "Prints each HTTP transaction seen on sockets: time, direction, method, URL, response code, latency and response size. With -pc the container name is shown too."
short_description = "HTTP requests log"
category = "Application"
args = {}

require "http"
local with_container = false

function on_init()
  http_init()
  with_container = sysdig.is_print_container_data()
  return true
end

local function log(t)
  local container = with_container and (" " .. t.container .. " ") or " "
  print(string.format("%s%s%s method=%s url=%s response_code=%d latency=%dms size=%dB", evt.field(datetime_field),
    container, t.dir, t.request.method, t.request.url, t.response.code,
    math.floor((t.response.ts - t.request.ts) / 1000000), t.response.length))
end

function on_event()
  run_http_parser(evt, log)
end
