-- sharpdig chisel spectrogram: a live heat map of system call latencies.
description = "Draws, on an ANSI terminal, one line per interval (500 ms by default) showing how many system calls returned with each latency: the horizontal axis is latency from 1 ns to 100 s on a log scale, the colour is the call rate (black none, green tens per second, yellow hundreds, red thousands). Combine with a filter to look at one process or kind of I/O."
short_description = "Visualize OS latency in real time."
category = "CPU Usage"
args = {
  { name = "refresh_time", description = "milliseconds between lines", argtype = "int", optional = true },
}

require "common"
local terminal = require "ansiterminal"
local heatmap = require "heatmap"
terminal.enable_color(true)

local interval_ns = 500000000
local per_second = 1000000000 / interval_ns
local counts = {}
local width, tty
local f_latency

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
  chisel.set_filter("evt.dir=<")
  f_latency = chisel.request_field("evt.latency")
  terminal.hidecursor()
  return true
end

function on_capture_start()
  chisel.set_interval_ns(interval_ns)
  return true
end

function on_event()
  local ns = evt.field(f_latency)
  if ns == 0 then return true end
  local decades = math.log10(ns)
  if decades > 11 then decades = 11 end
  local x = math.floor(decades * width / 11) + 1
  counts[x] = (counts[x] or 0) + 1
  return true
end

function on_interval()
  heatmap.row(counts, width, per_second, true)
  -- the axis: a label at each power of ten
  local x = 0
  while x < width do
    if math.floor(x * 11 / width) ~= math.floor((x - 1) * 11 / width) then
      local label = format_time_interval(math.pow(10, math.floor(x * 11 / width)))
      io.write("|" .. label)
      x = x + #label + 1
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
    on_interval()
    print(terminal.reset)
    terminal.showcursor()
  end
  return true
end
