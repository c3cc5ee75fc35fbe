-- sharpdig chisel iobytes: bytes read and written per second on every kind of file descriptor.
description = "Once per second of capture time, prints the bytes read (in), written (out) and their total on every kind of file descriptor during that second."
short_description = "Sum of I/O bytes on any type of FD"
category = "I/O"
args = {}

local f_bytes, f_time, f_read
local total, bytes_in, bytes_out = 0, 0, 0

function on_init()
  f_bytes = chisel.request_field("evt.rawarg.res")
  f_time = chisel.request_field("evt.time.s")
  f_read = chisel.request_field("evt.is_io_read")
  chisel.set_filter("evt.is_io=true")
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
