-- sharpdig chisel proc_exec_time: how long each process that exited had run.
description = "When a process exits, prints how long it ran, with its name and arguments: green below 3 seconds (blue for processes in containers), yellow above 3 seconds, red above 10. With -pc the container id and name are shown too."
short_description = "Show process execution time"
category = "Performance"
args = {
  { name = "disable_color", description = "pass disable_colors to print without colours", argtype = "string", optional = true },
}

require "common"
local terminal = require "ansiterminal"
terminal.enable_color(true)

local YELLOW_NS, RED_NS = 3000000000, 10000000000
local f = {}
local with_container = false

function on_set_arg(name, val)
  if val == "disable_colors" then terminal.enable_color(false) end
  return true
end

function on_init()
  for _, name in ipairs({ "proc.name", "proc.args", "proc.duration", "container.name", "container.id" }) do
    f[name] = chisel.request_field(name)
  end
  with_container = sysdig.is_print_container_data()
  chisel.set_filter("evt.type=procexit")
  if with_container then
    print(string.format("%-13.13s %-20.20s %-20.20s %-12.12s %s", "proc.duration", "container.id", "container.name", "proc.name", "proc.args"))
    print(string.format("%-13.13s %-20.20s %-20.20s %-12.12s %s", string.rep("-", 13), string.rep("-", 20),
                        string.rep("-", 20), string.rep("-", 12), string.rep("-", 20)))
  else
    print(string.format("%-13.13s %-12.12s %s", "proc.duration", "proc.name", "proc.args"))
    print(string.format("%-13.13s %-12.12s %s", string.rep("-", 13), string.rep("-", 12), string.rep("-", 20)))
  end
  return true
end

function on_event()
  local ran = evt.field(f["proc.duration"])
  if ran == nil then return true end
  local colour = terminal.green
  if ran > RED_NS then colour = terminal.red
  elseif ran > YELLOW_NS then colour = terminal.yellow
  elseif evt.field(f["container.name"]) ~= "host" then colour = terminal.blue end
  if with_container then
    print(colour .. string.format("%-13.13s %-20.20s %-20.20s %-12.12s %s", format_time_interval(ran),
      evt.field(f["container.id"]), evt.field(f["container.name"]), evt.field(f["proc.name"]), evt.field(f["proc.args"])))
  else
    print(colour .. string.format("%-13.13s %-12.12s %s", format_time_interval(ran), evt.field(f["proc.name"]),
      evt.field(f["proc.args"])))
  end
  return true
end

function on_capture_end()
  print(terminal.reset)
end
