-- sharpdig chisel around: save the events around the moments a filter matches.
description = "For each event matching the command-line filter (which is required), prints its time, process and thread; at the end, writes to the given file every event of the same thread within the given range (1000 ms by default) before and after each of them. Works on capture files only."
short_description = "Export to file the events around the time range where the given filter matches."
category = "Misc"
args = {
  { name = "dump_file_name", description = "the capture file to write", argtype = "string", optional = false },
  { name = "dump_range_ms", description = "milliseconds kept before and after each match (default 1000)", argtype = "int", optional = true },
}

require "common"
local terminal = require "ansiterminal"
local export = require "export_around"
terminal.enable_color(true)

local dump_file, range_ms = nil, "1000"
local state
local f = {}
local tty, capturing = false, false

function on_set_arg(name, val)
  if name == "dump_file_name" then dump_file = val; return true end
  if name == "dump_range_ms" then range_ms = val; return true end
  return false
end

function on_init()
  for _, name in ipairs({ "proc.name", "thread.tid", "evt.time" }) do f[name] = chisel.request_field(name) end
  tty = sysdig.is_tty()
  if sysdig.get_filter() == "" then
    print("no filter specified")
    return false
  end
  state = export.new(range_ms)
  return true
end

function on_capture_start()
  if sysdig.is_live() then
    print("live capture not supported")
    return false
  end
  capturing = true
  return true
end

function on_event()
  local tid = evt.field(f["thread.tid"])
  print(evt.field(f["evt.time"]) .. " " .. (evt.field(f["proc.name"]) or "<NA>") .. "(" .. tid .. ")")
  export.remember(state, tid)
  return true
end

function on_capture_end()
  if tty then print(terminal.reset) end
  if not capturing then return end
  print("\nSaving events around " .. #state.entries .. " syslog entries to " .. dump_file)
  sysdig.run_app(export.run_args(state, dump_file))
end
