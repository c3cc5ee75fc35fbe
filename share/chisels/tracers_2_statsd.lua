-- sharpdig chisel tracers_2_statsd: tracer span durations sent to statsd.
description = "Sends the duration of every tracer span that ends (in milliseconds, named after the span's tags) to a statsd server as a timer, by UDP. Arguments: the server address (default 127.0.0.1) and port (default 8125)."
short_description = "Export spans duration as statds metrics."
category = "Tracers"
args = {
  { name = "server_addr", description = "address of the statsd server", argtype = "string", optional = true },
  { name = "server_port", description = "UDP port of the statsd server", argtype = "string", optional = true },
}

local new_client = require "statsd"
local host, port = "127.0.0.1", 8125
local client, f_tags, f_duration

function on_set_arg(name, val)
  if name == "server_addr" then host = val; return true end
  if name == "server_port" then port = tonumber(val); return true end
  return false
end

function on_init()
  client = new_client({ host = host, port = port })
  f_tags = chisel.request_field("span.tags")
  f_duration = chisel.request_field("span.duration")
  chisel.set_filter("evt.type=tracer and evt.dir=<")
  return true
end

function on_event()
  local ns = evt.field(f_duration)
  if ns then client:timer(evt.field(f_tags), tonumber(ns) / 1000000) end
  return true
end
