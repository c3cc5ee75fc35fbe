-- sharpdig chisel stdin: echoes what processes read or write on fd 0.
description = "Prints the data that processes move through their standard input (fd 0). Add a filter to follow one process or pid."
short_description = "Print stdin of processes"
category = "I/O"
args = {}

local data

function on_init()
  data = chisel.request_field("evt.rawarg.data")
  sysdig.set_snaplen(2000)
  chisel.set_filter("fd.num=0 and evt.is_io=true")
  return true
end

function on_event()
  local buf = evt.field(data)
  if buf ~= nil then print(buf) end
  return true
end
