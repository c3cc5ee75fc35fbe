-- sharpdig chisel topfiles_time: files with the most time spent in I/O.
description = "Lists the files on which processes spent the most time reading and writing. With -pc the container of each file is shown too."
short_description = "Files with the most time spent in I/O"
category = "I/O"
args = {}

require("toptable").define{
  key_set = "file",
  value = "evt.latency", value_name = "Time",
  filter = "fd.type=file and evt.is_io=true",
  top = 10, units = "time",
}
