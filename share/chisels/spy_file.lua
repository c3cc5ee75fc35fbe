-- sharpdig chisel spy_file: every read and write on files, with the data.
description = "Prints each successful read and write on files (terminals excepted) with time, process, direction, size, file name and the data in ASCII. Optional arguments: R, W or RW to choose the direction, and a file name to watch just that file."
short_description = "Echo reads and writes on files (optionally one file), with their data."
category = "I/O"
args = {
  { name = "read_or_write", description = "R for reads only, W for writes only, RW (default) for both", argtype = "string", optional = true },
  { name = "spy_on_file_name", description = "watch only this file", argtype = "string", optional = true },
}

require "common"

local only_file, direction
local f = {}

function on_set_arg(name, val)
  if name == "read_or_write" then direction = val
  elseif name == "spy_on_file_name" then only_file = val
  else return false end
  return true
end

function on_init()
  for _, name in ipairs({ "evt.arg.data", "fd.name", "evt.is_io_write", "proc.pid", "proc.name", "evt.rawarg.res", "evt.time" }) do
    f[name] = chisel.request_field(name)
  end
  sysdig.set_snaplen(2000)
  sysdig.set_output_format("ascii")

  local filter
  if only_file ~= nil and only_file ~= "" then
    filter = "(fd.name=" .. only_file .. ") and "
  else
    filter = "(not fd.name contains /dev/pt and not fd.name contains /dev/tty) and "
  end
  if direction == "R" or direction == "r" then filter = filter .. "evt.is_io_read=true and "
  elseif direction == "W" or direction == "w" then filter = filter .. "evt.is_io_write=true and "
  else filter = filter .. "evt.is_io=true and " end
  chisel.set_filter(filter .. "fd.type=file and evt.dir=< and evt.failed=false")
  return true
end

function on_event()
  local rw = (evt.field(f["evt.is_io_write"]) == true) and "W" or "R"
  print(string.format("%s %s(%s) %s %s %s %s", evt.field(f["evt.time"]), evt.field(f["proc.name"]), evt.field(f["proc.pid"]),
    rw, format_bytes(evt.field(f["evt.rawarg.res"])), evt.field(f["fd.name"]), evt.field(f["evt.arg.data"])))
  return true
end
