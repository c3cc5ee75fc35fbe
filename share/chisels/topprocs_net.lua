-- sharpdig chisel topprocs_net: top processes by network i/o.
description = "Lists the processes that sent and received the most bytes over the network. With -pc the container pid and name are shown too."
short_description = "Top processes by network I/O"
category = "Net"
args = {}

require("toptable").define{
  keys = {"proc.name", "proc.pid"}, key_names = {"Process", "PID"},
  container_keys = {"proc.name", "proc.pid", "thread.vtid", "container.name"},
  container_key_names = {"Process", "Host_pid", "Container_pid", "container.name"},
  value = "evt.rawarg.res", value_name = "Bytes",
  filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true",
  top = 100, units = "bytes",
}
