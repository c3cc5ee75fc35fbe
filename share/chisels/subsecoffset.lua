-- sharpdig chisel subsecoffset: a live heat map of when, within each second, system calls start.
description = "Draws, on an ANSI terminal, one line per interval (1 s by default) showing how many system calls started at each offset within the interval, to reveal periodic patterns that per-second averages hide. The colour is the call rate (black none, green tens per second, yellow hundreds, red thousands). Combine with a filter to look at one process or kind of I/O."
short_description = "Visualize subsecond offset execution time."
category = "CPU Usage"
args = {
  { name = "refresh_time", description = "milliseconds between lines (the width of the horizontal axis)", argtype = "int", optional = true },
}

require "common"
local terminal = require "ansiterminal"
local heatmap = require "heatmap"
terminal.enable_color(true)

local interval_ns = 1000000000
local per_second = 1000000000 / interval_ns
local counts = {}
local width, tty, label_room
local f_time

function on_set_arg(name, val)
  if name ~= "refresh_time" then return false end
  interval_ns = parse_numeric_input(val, name) * 1000000
  per_second = 1000000000 / interval_ns
  return true
end

function on_init()
  tty = sysdig.is_tty()
  if not tty then
    print("This chisel only works on ANSI terminals. Aborting.")
    return false
  end
  width = sysdig.get_terminal_info().width
  label_room = string.len("|" .. (0.9 * interval_ns / 10000000) .. "ms")
  chisel.set_filter("evt.dir=>")
  f_time = chisel.request_field("evt.rawtime")
  terminal.hidecursor()
  print("Tracing syscalls... red (hot) == high frequency <-> green == low frequency.\n")
  return true
end

function on_capture_start()
  chisel.set_interval_ns(interval_ns)
  return true
end

function on_event()
  local t = evt.field(f_time)
  local x = math.floor((((t * 1000 / interval_ns) % 1000) / 1000) * width)
  counts[x] = (counts[x] or 0) + 1
  return true
end

function on_interval()
  heatmap.row(counts, width, per_second, false)
  local x = 0
  while x < width do
    if math.floor(x * 10 / width) ~= math.floor((x - 1) * 10 / width) and x <= width - label_room then
      local label = "|" .. (math.floor(10 * x / width) * interval_ns / 10000000) .. "ms"
      io.write(label)
      x = x + string.len(label)
    else
      io.write(" ")
      x = x + 1
    end
  end
  io.write("\n")
  counts = {}
  return true
end

function on_capture_end()
  if tty then
    print(terminal.reset)
    terminal.showcursor()
  end
  return true
end
