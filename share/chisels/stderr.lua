-- sharpdig chisel stderr: echoes what processes read or write on fd 2.
description = "Prints the data that processes move through their standard error (fd 2). Add a filter to follow one process or pid. With -pc each line starts with the container id and name, green for the host and blue for containers."
short_description = "Print stderr of processes"
category = "I/O"
args = {
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

local terminal = require "ansiterminal"
terminal.enable_color(true)

local data, cname, cid
local with_container = false

function on_set_arg(name, val)
  if name == "disable_color" and val == "disable_color" then terminal.enable_color(false) end
  return true
end

function on_init()
  data = chisel.request_field("evt.rawarg.data")
  cname = chisel.request_field("container.name")
  cid = chisel.request_field("container.id")
  with_container = sysdig.is_print_container_data()
  sysdig.set_snaplen(2000)
  chisel.set_filter("fd.num=2 and evt.is_io=true")
  return true
end

function on_event()
  local buf = evt.field(data)
  if buf == nil then return true end
  if with_container then
    local name = evt.field(cname)
    local colour = (name ~= "host") and terminal.blue or terminal.green
    print(colour .. string.format("%-20.20s %-20.20s %s", evt.field(cid), name, buf))
  else
    print(buf)
  end
  return true
end
