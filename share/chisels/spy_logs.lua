-- sharpdig chisel spy_logs: every line processes write to log files.
description = "Prints each line written to a log file (a name containing .log, _log or /var/log, compressed files excepted), with the process and file name. On a terminal lines are coloured: yellow for warnings, red for errors. With -pc the container name is shown too. Optionally, writes the events around each log line to a capture file."
short_description = "Echo writes to log files, optionally exporting the events around them."
category = "Logs"
args = {
  { name = "dump_file_name", description = "write the events around each log line to this capture file", argtype = "string", optional = true },
  { name = "dump_range_ms", description = "milliseconds kept before and after each log line (default 1000)", argtype = "int", optional = true },
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

require "common"
local terminal = require "ansiterminal"
local export = require "export_around"
terminal.enable_color(true)

local LOG_FILES = "(fd.name contains .log or fd.name contains _log or fd.name contains /var/log) and not (fd.name contains .gz or fd.name contains .tgz)"
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
  for _, name in ipairs({ "evt.buffer", "thread.tid", "proc.name", "fd.name", "container.name" }) do
    f[name] = chisel.request_field(name)
  end
  with_container = sysdig.is_print_container_data()
  sysdig.set_snaplen(2000)
  sysdig.set_output_format("ascii")
  chisel.set_filter("(" .. LOG_FILES .. ") and evt.is_io_write=true and evt.dir=< and evt.failed=false")
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
  local container = evt.field(f["container.name"])
  local prefix = evt.field(f["proc.name"]) .. " " .. evt.field(f["fd.name"]) .. " "
  for _, msg in ipairs(split(evt.field(f["evt.buffer"]), "\n")) do
    if #msg ~= 0 then
      local text
      if tty then
        local colour = terminal.green
        -- (warnings are found case-insensitively, errors only in lower case, as sysdig does)
        if string.find(string.lower(msg), "warn") ~= nil then colour = terminal.yellow
        elseif string.find(msg, "err") then colour = terminal.red end
        if with_container then
          local c = string.format("%s %s", (container ~= "host") and terminal.blue or colour, container)
          text = string.format("%s %s %s", colour, c, string.format("%s %s%s", colour, prefix, msg))
        else
          text = string.format("%s %s%s", colour, prefix, msg)
        end
      elseif with_container then
        text = string.format("%s %s%s", container, prefix, msg)
      else
        text = prefix .. msg
      end
      print(text)
    end
  end
  if dump_file then export.remember(state, evt.field(f["thread.tid"])) end
  return true
end

function on_capture_end()
  if tty then print(terminal.reset) end
  if dump_file and capturing then
    print("Writing events for " .. #state.entries .. " log entries")
    sysdig.run_app(export.run_args(state, dump_file))
  end
end
