-- sharpdig chisel fdtime_by: time spent in fd I/O, summed by any field.
description = "Sums the time spent in I/O on file descriptors, grouped by the field given as argument, and lists the largest groups."
short_description = "Time spent in fd I/O, summed by any field"
category = "I/O"
args = {
  { name = "key", description = "the field to group by", argtype = "string" },
}

require("toptable").define_by_key{ value = "evt.latency", value_name = "Time", filter = "evt.is_io=true", top = 10, units = "time" }
