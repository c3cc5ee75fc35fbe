-- sharpdig chisel topprocs_net: processes moving the most network bytes.
description = "Lists the processes that sent and received the most bytes over the network. With -pc the container pid and name are shown too."
short_description = "Processes moving the most network bytes"
category = "Net"
args = {}

require("toptable").define{
  key_set = "process",
  value = "evt.rawarg.res", value_name = "Bytes",
  filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true",
  top = 100, units = "bytes",
}
