-- sharpdig chisel netlower: network reads and writes that took longer than a threshold.
description = "Prints every read or write on network sockets slower than the given number of milliseconds. With -pc the container id and name are shown too. Lines are green for host processes and blue for processes in containers."
short_description = "Trace slow network I/0"
category = "Performance"
args = {
  { name = "min_ms", description = "only I/O slower than this many milliseconds is shown", argtype = "int", optional = false },
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

require "common"
local terminal = require "ansiterminal"
terminal.enable_color(true)

local threshold_ms = 0
local f = {}
local with_container = false

function on_set_arg(name, val)
  if name == "disable_color" and val == "disable_color" then
    terminal.enable_color(false)
  elseif name == "min_ms" then
    threshold_ms = parse_numeric_input(val, name)
  end
  return true
end

local LINE = "%-23.23s %-12.12s %-8s %-12s %s"
local LINE_C = "%-23.23s %-20.20s %-20.20s %-12.12s %-8s %-12s %s"

function on_init()
  for _, name in ipairs({ "evt.type", "evt.dir", "evt.datetime", "fd.name", "proc.name", "evt.latency",
                          "container.name", "container.id" }) do
    f[name] = chisel.request_field(name)
  end
  with_container = sysdig.is_print_container_data()
  chisel.set_filter("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6)")
  if with_container then
    print(string.format(LINE_C, "evt.datetime", "container.id", "container.name", "proc.name", "evt.type", "LATENCY(ms)", "fd.name"))
    print(string.format(LINE_C, string.rep("-", 23), string.rep("-", 30), string.rep("-", 30), string.rep("-", 12),
                        string.rep("-", 8), string.rep("-", 12), string.rep("-", 41)))
  else
    print(string.format(LINE, "evt.datetime", "proc.name", "evt.type", "LATENCY(ms)", "fd.name"))
    print(string.format(LINE, string.rep("-", 23), string.rep("-", 12), string.rep("-", 8), string.rep("-", 12),
                        string.rep("-", 41)))
  end
  return true
end

function on_event()
  local ms = evt.field(f["evt.latency"]) / 1000000
  if evt.field(f["evt.dir"]) ~= "<" or ms <= threshold_ms then return true end
  local container = evt.field(f["container.name"])
  local colour = (container ~= "host") and terminal.blue or terminal.green
  local whole_ms = math.floor(ms)
  if with_container then
    print(colour .. string.format("%-23.23s %-20.20s %-20.20s %-12.12s %-8s %12d %s", evt.field(f["evt.datetime"]),
      evt.field(f["container.id"]), container, evt.field(f["proc.name"]), evt.field(f["evt.type"]), whole_ms, evt.field(f["fd.name"])))
  else
    print(colour .. string.format("%-23.23s %-12.12s %-8s %12d %s", evt.field(f["evt.datetime"]),
      evt.field(f["proc.name"]), evt.field(f["evt.type"]), whole_ms, evt.field(f["fd.name"])))
  end
  return true
end
