-- sharpdig chisel helper: the "slower than a threshold" chisels (fileslower, netlower, scallslower).
--
--   slower.settings()        installs on_set_arg for the min_ms and disable_color arguments and
--                            returns the settings table: { threshold_ms = ..., terminal = ... }
--   slower.define_io(spec)   the whole of an I/O chisel: every returning read or write matching
--                            spec.filter slower than min_ms, in whole milliseconds with the fd name;
--                            spec.skip_dev leaves out files under /dev/

require "common"
local terminal = require "ansiterminal"

local M = {}

function M.settings()
  terminal.enable_color(true)
  local settings = { threshold_ms = 0, terminal = terminal }
  function on_set_arg(name, val)
    if name == "disable_color" and val == "disable_color" then
      terminal.enable_color(false)
    elseif name == "min_ms" then
      settings.threshold_ms = parse_numeric_input(val, name)
    end
    return true
  end
  return settings
end

-- Green for host processes, blue for processes in containers.
function M.colour(container)
  return (container ~= "host") and terminal.blue or terminal.green
end

local LINE = "%-23.23s %-12.12s %-8s %-12s %s"
local LINE_C = "%-23.23s %-20.20s %-20.20s %-12.12s %-8s %-12s %s"

function M.define_io(spec)
  local settings = M.settings()
  local f = {}
  local with_container = false

  function on_init()
    for _, name in ipairs({ "evt.type", "evt.dir", "evt.datetime", "fd.name", "proc.name", "evt.latency",
                            "container.name", "container.id" }) do
      f[name] = chisel.request_field(name)
    end
    with_container = sysdig.is_print_container_data()
    chisel.set_filter(spec.filter)
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
    if evt.field(f["evt.dir"]) ~= "<" or ms <= settings.threshold_ms then return true end
    local file = evt.field(f["fd.name"])
    if spec.skip_dev and file:sub(1, 5) == "/dev/" then return true end

    local container = evt.field(f["container.name"])
    local colour = M.colour(container)
    local whole_ms = math.floor(ms)
    if with_container then
      print(colour .. string.format("%-23.23s %-20.20s %-20.20s %-12.12s %-8s %12d %s", evt.field(f["evt.datetime"]),
        evt.field(f["container.id"]), container, evt.field(f["proc.name"]), evt.field(f["evt.type"]), whole_ms, file))
    else
      print(colour .. string.format("%-23.23s %-12.12s %-8s %12d %s", evt.field(f["evt.datetime"]),
        evt.field(f["proc.name"]), evt.field(f["evt.type"]), whole_ms, file))
    end
    return true
  end
end

return M
