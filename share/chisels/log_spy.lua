-- sharpdig chisel helper: the log-watching chisels (spy_logs, spy_syslog).
-- Both print each matching write and may save the events around each of them to a capture file
-- (dump_file_name, dump_range_ms); log_spy.define{...} installs the callbacks.
--
--   fields        fields to request (must include thread.tid); handles go into the table `f`
--   snaplen       capture snap length
--   ascii         switch the output format to ascii (optional)
--   filter        the chisel's filter
--   print(f, ctx) prints one event; ctx has tty and with_container

require "common"
local terminal = require "ansiterminal"
local export = require "export_around"

local M = {}

function M.define(spec)
  terminal.enable_color(true)
  local dump_file, range_ms = nil, "1000"
  local state
  local f = {}
  local ctx = { tty = false, with_container = false }
  local capturing = false

  function on_set_arg(name, val)
    if name == "dump_file_name" then dump_file = val; return true end
    if name == "dump_range_ms" then range_ms = val; return true end
    if name == "disable_color" and val == "disable_color" then terminal.enable_color(false); return true end
    return false
  end

  function on_init()
    for _, name in ipairs(spec.fields) do f[name] = chisel.request_field(name) end
    ctx.with_container = sysdig.is_print_container_data()
    sysdig.set_snaplen(spec.snaplen)
    if spec.ascii then sysdig.set_output_format("ascii") end
    chisel.set_filter(spec.filter)
    ctx.tty = sysdig.is_tty()
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
    spec.print(f, ctx)
    if dump_file then export.remember(state, evt.field(f["thread.tid"])) end
    return true
  end

  function on_capture_end()
    if ctx.tty then print(terminal.reset) end
    if dump_file and capturing then
      print("Writing events for " .. #state.entries .. " log entries")
      sysdig.run_app(export.run_args(state, dump_file))
    end
  end
end

return M
