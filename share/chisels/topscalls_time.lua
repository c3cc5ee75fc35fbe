-- sharpdig chisel topscalls_time: system calls taking the most time.
description = "Lists the system calls in which processes spent the most time (combine with a filter to narrow it down). With -pc they are split by container."
short_description = "System calls taking the most time"
category = "Performance"
args = {}

require("toptable").define{
  key_set = "syscall",
  value = "evt.latency", value_name = "Time",
  filter = "",
  top = 30, units = "time",
}
