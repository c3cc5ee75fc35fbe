-- sharpdig chisel spy_syslog: every message written to syslog.
description = "Prints each message written to /dev/log: facility, severity, process, thread and text. On a terminal, warnings are yellow, errors red, messages from containers blue. With -pc the container id and name are shown too. Optionally, writes the events around each message to a capture file."
short_description = "Print syslog messages, optionally exporting the events around them."
category = "Logs"
args = {
  { name = "dump_file_name", description = "write the events around each message to this capture file", argtype = "string", optional = true },
  { name = "dump_range_ms", description = "milliseconds kept before and after each message (default 1000)", argtype = "int", optional = true },
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

require "common"
local terminal = require "ansiterminal"
local export = require "export_around"
terminal.enable_color(true)

local dump_file, range_ms = nil, "1000"
local state
local f = {}
local tty, with_container, capturing = false, false, false

function on_set_arg(name, val)
  if name == "dump_file_name" then dump_file = val; return true end
  if name == "dump_range_ms" then range_ms = val; return true end
  if name == "disable_color" and val == "disable_color" then terminal.enable_color(false); return true end
  return false
end

function on_init()
  for _, name in ipairs({ "syslog.facility.str", "syslog.severity.str", "syslog.severity", "syslog.message",
                          "thread.tid", "proc.name", "container.name", "container.id" }) do
    f[name] = chisel.request_field(name)
  end
  with_container = sysdig.is_print_container_data()
  sysdig.set_snaplen(1000)
  chisel.set_filter("fd.name contains /dev/log and evt.is_io_write=true and evt.dir=< and evt.failed=false")
  tty = sysdig.is_tty()
  state = export.new(range_ms)
  return true
end

function on_capture_start()
  if dump_file and sysdig.is_live() then
    print("events export not supported on live captures")
    return false
  end
  capturing = true
  return true
end

function on_event()
  local fac, sev, msg = evt.field(f["syslog.facility.str"]), evt.field(f["syslog.severity.str"]), evt.field(f["syslog.message"])
  local code, tid, proc = evt.field(f["syslog.severity"]), evt.field(f["thread.tid"]), evt.field(f["proc.name"])
  local cname, cid = evt.field(f["container.name"]), evt.field(f["container.id"])
  local line
  if tty then
    local colour = terminal.green
    if code == 4 then colour = terminal.yellow
    elseif code < 4 then colour = terminal.red
    elseif cname ~= "host" then colour = terminal.blue end
    if with_container then
      line = string.format("%s%-20s %-20s %s.%s %s[%u] %s", colour, cid, cname, fac, sev, proc, tid, msg)
    else
      line = string.format("%s%s.%s %s[%u] %s", colour, fac, sev, proc, tid, msg)
    end
  elseif with_container then
    -- (sysdig prints the facility first here, before the container id and name)
    line = string.format("%-20s %-20s %s.%s %s[%u] %s", fac, cid, cname, sev, proc, tid, msg)
  else
    line = string.format("%s.%s %s[%u] %s", fac, sev, proc, tid, msg)
  end
  print(line)
  if dump_file then export.remember(state, tid) end
  return true
end

function on_capture_end()
  if tty then print(terminal.reset) end
  if dump_file and capturing then
    print("Writing events for " .. #state.entries .. " log entries")
    sysdig.run_app(export.run_args(state, dump_file))
  end
end
