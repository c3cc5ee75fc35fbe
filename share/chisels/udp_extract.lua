-- sharpdig chisel udp_extract: UDP payloads written to one file per connection.
description = "Writes the data of every UDP read and write to a file per connection, named after the fd (':' becomes '_', '>' becomes '-'), in the folder ./udp_dump_files. Works on capture files only."
short_description = "extract data from UDP streams to files."
category = "I/O"
args = {}

local OUT_DIR = "./udp_dump_files"
local files = {}
local f_data, f_name

function on_init()
  f_data = chisel.request_field("evt.rawarg.data")
  f_name = chisel.request_field("fd.name")
  os.execute("mkdir " .. OUT_DIR .. " 2> /dev/null")
  sysdig.set_snaplen(16384)
  chisel.set_filter("evt.dir=< and evt.rawres>=0 and fd.l4proto=udp and evt.is_io=true")
  return true
end

function on_capture_start()
  if sysdig.is_live() then
    print("live capture not supported")
    return false
  end
  return true
end

function on_event()
  local name = evt.field(f_name)
  local out = files[name]
  if not out then
    local path = (OUT_DIR .. "/" .. name):gsub(":", "_"):gsub(">", "-")
    out = io.open(path, "w")
    files[name] = out
  end
  out:write(evt.field(f_data))
  return true
end
