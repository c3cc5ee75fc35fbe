-- sharpdig chisel helper: print the data moved on network sockets selected by one argument.
-- Used by spy_ip and spy_port. A chisel calls spy_net.define{...} at load time; this installs
-- its callbacks.
--
--   arg            name of the chisel argument holding what to watch
--   field          the filter field compared with that argument (fd.ip, fd.port)
--   write_label    the word in the header of a run of written data

require "common"
local terminal = require "ansiterminal"

local M = {}

function M.define(spec)
  terminal.enable_color(true)
  local target
  local f_data, f_read, f_res
  local last_dir, header

  function on_set_arg(name, val)
    if name == spec.arg then target = val; return true end
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
    chisel.set_filter("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6) and " .. spec.field .. "=" .. target)
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
      header, last_dir = string.format("%s------ %s %s", terminal.blue, spec.write_label, format_bytes(n)), "w"
    end
    print(header)
    print(data)
    return true
  end

  function on_capture_end()
    print(terminal.reset)
  end
end

return M
