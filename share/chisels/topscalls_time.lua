-- sharpdig chisel topscalls_time: top system calls by time.
description = "Lists the system calls in which processes spent the most time (combine with a filter to narrow it down). With -pc they are split by container."
short_description = "Top system calls by time"
category = "Performance"
args = {}

require("toptable").define{
  keys = {"evt.type"}, key_names = {"Syscall"},
  container_keys = {"evt.type", "container.name"},
  container_key_names = {"Syscall", "container.name"},
  value = "evt.latency", value_name = "Time",
  filter = "",
  top = 30, units = "time",
}
