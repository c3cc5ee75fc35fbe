-- sharpdig chisel topcontainers_net: top containers by network i/o.
description = "Lists the containers that sent and received the most bytes over the network (the host is left out)."
short_description = "Top containers by network I/O"
category = "Net"
args = {}

require("toptable").define{
  keys = {"container.name"}, key_names = {"container.name"},
  value = "evt.rawarg.res", value_name = "Bytes",
  filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true and container.name!=host",
  top = 100, units = "bytes",
}
