-- sharpdig chisel topfiles_time: top files by time.
description = "Lists the files on which processes spent the most time reading and writing. With -pc the container of each file is shown too."
short_description = "Top files by time"
category = "I/O"
args = {}

require("toptable").define{
  keys = {"fd.name"}, key_names = {"Filename"},
  container_keys = {"fd.name", "container.name"},
  container_key_names = {"Filename", "container.name"},
  value = "evt.latency", value_name = "Time",
  filter = "fd.type=file and evt.is_io=true",
  top = 10, units = "time",
}
