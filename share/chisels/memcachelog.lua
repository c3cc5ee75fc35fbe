-- sharpdig chisel memcachelog: memcached get/set commands as they go by.
description = "Prints each memcached get or set request seen in socket I/O (port 11211 or the memcached process): time, method, object size and key. Optional arguments: get or set to show one method, then a minimum object size for sets (e.g. 'set 1000')."
short_description = "memcached requests log"
category = "Application"
args = {
  { name = "method", description = "get or set: show only this method", optional = true },
  { name = "size", description = "with set: show only objects at least this large", optional = true },
}

local only_method, min_size
local f_data, f_time

local function words(s)
  local out = {}
  for w in (s .. " "):gmatch("(.-) ") do out[#out + 1] = w end
  return out
end

function on_set_arg(name, val)
  if name == "method" then only_method = val; return true end
  if name == "size" then min_size = tonumber(val); return true end
  return false
end

function on_init()
  sysdig.set_filter("(fd.sport=11211 or proc.name=memcached) and evt.is_io=true")
  sysdig.set_snaplen(4096)
  f_data = chisel.request_field("evt.arg[1]")
  f_time = chisel.request_field("evt.datetime")
  return true
end

function on_event()
  local w = words(evt.field(f_data))
  if string.match(w[1], "^[gs]et") == nil then return true end
  local method, key, size = w[1], w[2], tonumber(w[5]) or 0
  if key == nil then return true end
  if only_method ~= nil and only_method ~= method then return true end
  if only_method == "set" and size < min_size then return true end
  print(string.format("%s method=%s size=%dB key=%s", evt.field(f_time), method, size, key))
  return true
end
