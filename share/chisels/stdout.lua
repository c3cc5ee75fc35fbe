-- sharpdig chisel stdout: echoes what processes read or write on fd 1.
description = "Prints the data that processes move through their standard output (fd 1). Add a filter to follow one process or pid."
short_description = "Print stdout of processes"
category = "I/O"
args = {}

local data

function on_init()
  data = chisel.request_field("evt.rawarg.data")
  sysdig.set_snaplen(2000)
  chisel.set_filter("fd.num=1 and evt.is_io=true")
  return true
end

function on_event()
  local buf = evt.field(data)
  if buf ~= nil then print(buf) end
  return true
end
