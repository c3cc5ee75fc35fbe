-- sharpdig chisel subsecoffset: live heat map of when calls start within each second.
description = "Draws, on an ANSI terminal, one line per interval (1 s by default) showing how many system calls started at each offset within the interval, to reveal periodic patterns that per-second averages hide. The colour is the call rate (black none, green tens per second, yellow hundreds, red thousands). Combine with a filter to look at one process or kind of I/O."
short_description = "Live heat map of when calls start within each second"
category = "CPU Usage"
args = {
  { name = "refresh_time", description = "milliseconds between lines (the width of the horizontal axis)", argtype = "int", optional = true },
}

require "common"
local f_time, label_room

-- Columns are offsets within the interval; the axis is labelled in tenths of it.
require("heatmap").define{
  interval_ns = 1000000000,
  init = function(interval_ns)
    label_room = string.len("|" .. (0.9 * interval_ns / 10000000) .. "ms")
    chisel.set_filter("evt.dir=>")
    f_time = chisel.request_field("evt.rawtime")
  end,
  banner = "Tracing syscalls... red (hot) == high frequency <-> green == low frequency.\n",
  bucket = function(width, interval_ns)
    local t = evt.field(f_time)
    return math.floor((((t * 1000 / interval_ns) % 1000) / 1000) * width)
  end,
  axis_label = function(x, width, interval_ns)
    if math.floor(x * 10 / width) == math.floor((x - 1) * 10 / width) or x > width - label_room then return nil end
    return "|" .. (math.floor(10 * x / width) * interval_ns / 10000000) .. "ms"
  end,
  empty_fg = false,
}
