-- sharpdig chisel topscalls: system calls made most often.
description = "Lists the system calls made most often (combine with a filter to look at one process, thread or file). With -pc they are split by container."
short_description = "System calls made most often"
category = "Performance"
args = {}

require("toptable").define{
  key_set = "syscall",
  value = "evt.count", value_name = "# Calls",
  filter = "evt.type!=switch",
  top = 30, units = "none",
}
