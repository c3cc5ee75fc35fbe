-- sharpdig chisel spy_port: the data exchanged with connections on the given port.
description = "Prints the data read and written on network sockets with connections on the given port. A header line (red for reads, blue for writes) starts each run of data in one direction."
short_description = "Show the data exchanged using the given IP port number"
category = "Net"
args = {
  { name = "host_port", description = "what to watch (fd.port)", argtype = "int" },
  { name = "disable_color", description = "pass disable_colors to print without colours", argtype = "string", optional = true },
}

require "common"
local terminal = require "ansiterminal"
terminal.enable_color(true)

local target
local f_data, f_read, f_res
local last_dir, header

function on_set_arg(name, val)
  if name == "host_port" then target = val; return true end
  if name == "disable_color" then
    if val == "disable_colors" then terminal.enable_color(false) end
    return true
  end
  return false
end

function on_init()
  f_data = chisel.request_field("evt.arg.data")
  f_read = chisel.request_field("evt.is_io_read")
  f_res = chisel.request_field("evt.rawarg.res")
  sysdig.set_snaplen(1000)
  chisel.set_filter("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6) and fd.port=" .. target)
  return true
end

-- The header is made when the direction changes and repeated (unchanged) before each chunk.
function on_event()
  local n, data = evt.field(f_res), evt.field(f_data)
  if n == nil or n <= 0 or data == nil then return true end
  local is_read = evt.field(f_read)
  if is_read and last_dir ~= "r" then
    header, last_dir = string.format("%s------ Read %s", terminal.red, format_bytes(n)), "r"
  elseif not is_read and last_dir ~= "w" then
    header, last_dir = string.format("%s------ Write %s", terminal.blue, format_bytes(n)), "w"
  end
  print(header)
  print(data)
  return true
end

function on_capture_end()
  print(terminal.reset)
end
