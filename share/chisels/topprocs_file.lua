-- sharpdig chisel topprocs_file: top processes by r+w disk bytes.
description = "Lists the processes that read and wrote the most bytes to files. With -pc the container pid and name are shown too."
short_description = "Top processes by R+W disk bytes"
category = "I/O"
args = {}

require("toptable").define{
  keys = {"proc.name", "proc.pid"}, key_names = {"Process", "PID"},
  container_keys = {"proc.name", "proc.pid", "thread.vtid", "container.name"},
  container_key_names = {"Process", "Host_pid", "Container_pid", "container.name"},
  value = "evt.rawarg.res", value_name = "Bytes",
  filter = "fd.type=file and evt.is_io=true",
  top = 10, units = "bytes",
}
