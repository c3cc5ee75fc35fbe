-- sharpdig chisel topprocs_cpu: processes by CPU use.
description = "Lists the processes that used the most CPU, as a percentage of the capture's duration, from the periodic CPU samples in the capture. With -pc the container pid and name are shown too."
short_description = "Top processes by CPU usage"
category = "CPU Usage"
args = {}

-- thread.cpu samples are scaled so that the sum over the capture, divided by its duration in
-- ns, gives a percentage.
require("toptable").define{
  keys = {"proc.name", "proc.pid"}, key_names = {"Process", "PID"},
  container_keys = {"proc.name", "proc.pid", "proc.vpid", "container.name"},
  container_key_names = {"Process", "Host_pid", "Container_pid", "container.name"},
  value = "thread.cpu", value_name = "CPU%", scale = 10000000, keep_zero = true,
  filter = "evt.type=procinfo",
  top = 10, units = "timepct",
}
