-- sharpdig chisel topprocs_errors: top processes by number of errors.
description = "Lists the processes whose system calls failed most often. With -pc the container pid and name are shown too."
short_description = "top processes by number of errors"
category = "Errors"
args = {}

require("toptable").define{
  keys = {"proc.name", "proc.pid"}, key_names = {"Process", "PID"},
  container_keys = {"proc.name", "proc.pid", "thread.vtid", "container.name"},
  container_key_names = {"Process", "Host_pid", "Container_pid", "container.name"},
  value = "evt.count", value_name = "#Errors",
  filter = "evt.failed=true",
  top = 100, units = "none",
}
