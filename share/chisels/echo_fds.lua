-- sharpdig chisel echo_fds: the data every read and write moved, with who moved it.
description = "Prints the data read and written on any file descriptor, each chunk after a line saying its direction, size, fd name and process (red for reads, blue for writes). Add a filter to narrow it down. With -pc the container name and id are shown in brackets, green for the host and cyan for containers."
short_description = "Print the data read and written by processes."
category = "I/O"
args = {
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

require "common"
local terminal = require "ansiterminal"
terminal.enable_color(true)

local f = {}
local with_container = false

function on_set_arg(name, val)
  if name == "disable_color" and val == "disable_color" then terminal.enable_color(false) end
  return true
end

function on_init()
  for _, name in ipairs({ "evt.is_io_read", "evt.rawarg.res", "fd.name", "proc.name", "container.name", "container.id" }) do
    f[name] = chisel.request_field(name)
  end
  with_container = sysdig.is_print_container_data()
  sysdig.set_snaplen(2000)
  chisel.set_filter("evt.is_io=true and evt.dir=< and evt.rawres>0")
  -- the data itself is printed by the event formatter, honouring -A/-X/-b
  chisel.set_event_formatter("%evt.arg.data")
  return true
end

function on_event()
  local bytes = evt.field(f["evt.rawarg.res"])
  if bytes <= 0 then return true end
  local file = evt.field(f["fd.name"]) or "<NA>"
  local proc = evt.field(f["proc.name"])

  local container = ""
  if with_container then
    local name = evt.field(f["container.name"])
    local colour = (name == "host") and terminal.green or terminal.cyan
    container = string.format("%s [%s] [%s]", colour, name, evt.field(f["container.id"]))
  end

  if evt.field(f["evt.is_io_read"]) then
    print(string.format("%s------ Read %s from %s %s %s (%s)", terminal.red, format_bytes(bytes), container,
                        terminal.red, file, proc))
  else
    print(string.format("%s------ Write %s to %s %s %s (%s)", terminal.blue, format_bytes(bytes), container,
                        terminal.blue, file, proc))
  end
  return true
end

function on_capture_end()
  print(terminal.reset)
end
