-- sharpdig chisel helper: bytes read, written and in total per second of capture time.
-- Used by iobytes, iobytes_file and iobytes_net, which differ only in which fds they count:
-- iobytes_rate.define(filter) installs the callbacks, counting the I/O events matching `filter`.

local M = {}

function M.define(filter)
  local f_bytes, f_time, f_read
  local total, bytes_in, bytes_out = 0, 0, 0

  function on_init()
    f_bytes = chisel.request_field("evt.rawarg.res")
    f_time = chisel.request_field("evt.time.s")
    f_read = chisel.request_field("evt.is_io_read")
    chisel.set_filter(filter)
    chisel.set_interval_s(1)
    return true
  end

  function on_event()
    local n = evt.field(f_bytes)
    if n ~= nil and n > 0 then
      total = total + n
      if evt.field(f_read) then bytes_in = bytes_in + n else bytes_out = bytes_out + n end
    end
    return true
  end

  -- The line is stamped with the time of the event that opened the new second.
  function on_interval()
    print(evt.field(f_time) .. " in:" .. bytes_in .. " out:" .. bytes_out .. " tot:" .. total)
    total, bytes_in, bytes_out = 0, 0, 0
    return true
  end
end

return M
