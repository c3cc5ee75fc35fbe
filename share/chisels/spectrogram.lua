-- sharpdig chisel spectrogram: live heat map of system call latencies.
description = "Draws, on an ANSI terminal, one line per interval (500 ms by default) showing how many system calls returned with each latency: the horizontal axis is latency from 1 ns to 100 s on a log scale, the colour is the call rate (black none, green tens per second, yellow hundreds, red thousands). Combine with a filter to look at one process or kind of I/O."
short_description = "Live heat map of system call latencies"
category = "CPU Usage"
args = {
  { name = "refresh_time", description = "milliseconds between lines", argtype = "int", optional = true },
}

require "common"
local f_latency

-- Columns are latencies on a log scale, from 1 ns to 100 s.
require("heatmap").define{
  interval_ns = 500000000,
  init = function()
    chisel.set_filter("evt.dir=<")
    f_latency = chisel.request_field("evt.latency")
  end,
  bucket = function(width)
    local ns = evt.field(f_latency)
    if ns == 0 then return nil end
    local decades = math.log10(ns)
    if decades > 11 then decades = 11 end
    return math.floor(decades * width / 11) + 1
  end,
  -- a label at each power of ten
  axis_label = function(x, width)
    if math.floor(x * 11 / width) == math.floor((x - 1) * 11 / width) then return nil end
    return "|" .. format_time_interval(math.pow(10, math.floor(x * 11 / width)))
  end,
  empty_fg = true,
  final_row = true,
}
