-- sharpdig chisel topconns: top network connections by total bytes.
description = "Lists the network connections that carried the most bytes, with their protocol. With -pc the container of each connection is shown too."
short_description = "Top network connections by total bytes"
category = "Net"
args = {}

require("toptable").define{
  keys = {"fd.l4proto", "fd.name"}, key_names = {"Proto", "Conn"},
  container_keys = {"container.name", "fd.l4proto", "fd.name"},
  container_key_names = {"container.name", "Proto", "Conn"},
  value = "evt.rawarg.res", value_name = "Bytes",
  filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true",
  top = 30, units = "bytes",
}
