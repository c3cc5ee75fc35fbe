-- sharpdig chisel topcontainers_cpu: containers by CPU use.
description = "Lists the containers (and the host) that used the most CPU, as a percentage of the capture's duration, from the periodic CPU samples in the capture."
short_description = "Top containers by CPU usage"
category = "CPU Usage"
args = {}

require("toptable").define{
  keys = {"container.name"}, key_names = {"container.name"},
  value = "thread.cpu", value_name = "CPU%", scale = 10000000, keep_zero = true,
  filter = "evt.type=procinfo",
  top = 10, units = "timepct",
}
