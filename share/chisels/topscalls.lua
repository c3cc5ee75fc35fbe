-- sharpdig chisel topscalls: top system calls by number of calls.
description = "Lists the system calls made most often (combine with a filter to look at one process, thread or file). With -pc they are split by container."
short_description = "Top system calls by number of calls"
category = "Performance"
args = {}

require("toptable").define{
  keys = {"evt.type"}, key_names = {"Syscall"},
  container_keys = {"evt.type", "container.name"},
  container_key_names = {"Syscall", "container.name"},
  value = "evt.count", value_name = "# Calls",
  filter = "evt.type!=switch",
  top = 30, units = "none",
}
