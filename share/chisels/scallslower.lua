-- sharpdig chisel scallslower: system calls slower than a threshold.
description = "Prints every system call slower than the given number of milliseconds, with its time, process and latency. With -pc the container id and name are shown too. Lines are green for host processes and blue for processes in containers."
short_description = "System calls slower than a threshold"
category = "Performance"
args = {
  { name = "min_ms", description = "only system calls slower than this many milliseconds are shown", argtype = "int", optional = false },
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

local slower = require "slower"
local settings = slower.settings()
local f = {}
local with_container = false

function on_init()
  for _, name in ipairs({ "evt.type", "evt.datetime", "proc.name", "evt.latency", "container.name", "container.id" }) do
    f[name] = chisel.request_field(name)
  end
  with_container = sysdig.is_print_container_data()
  local d20, d23 = string.rep("-", 20), string.rep("-", 23)
  if with_container then
    -- (the title line has two spaces after container.id; the rule line one)
    print(string.format("%-23.23s %-20.20s  %-20.20s %-23.23s %-20s %s", "evt.datetime", "container.id",
                        "container.name", "proc.name", "LATENCY(ms)", "evt.type"))
    print(string.format("%-23.23s %-20.20s %-20.20s %-23.23s %-20s %s", d23, d20, d20, d23, d20, d20))
  else
    print(string.format("%-23.23s %-23.23s %-20s %s", "evt.datetime", "proc.name", "LATENCY(ms)", "evt.type"))
    print(string.format("%-23.23s %-23.23s %-20s %s", d23, d23, d20, d20))
  end
  return true
end

function on_event()
  local ns = evt.field(f["evt.latency"])
  if ns == nil then return end
  local ms = ns / 1000000
  if ms <= settings.threshold_ms then return end
  local container = evt.field(f["container.name"])
  local colour = slower.colour(container)
  -- the latency is printed as a plain Lua number (fractional milliseconds)
  if with_container then
    print(colour .. string.format("%-23.23s %-20.20s %-20.20s %-23.23s %-20s %s", evt.field(f["evt.datetime"]),
      evt.field(f["container.id"]), container, evt.field(f["proc.name"]), ms, evt.field(f["evt.type"])))
  else
    print(colour .. string.format("%-23.23s %-23.23s %-20s %s", evt.field(f["evt.datetime"]),
      evt.field(f["proc.name"]), ms, evt.field(f["evt.type"])))
  end
end
