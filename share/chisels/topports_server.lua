-- sharpdig chisel topports_server: server ports with the most bytes.
description = "Lists the server ports whose connections carried the most bytes. With -pc the container is shown too."
short_description = "Server ports with the most bytes"
category = "Net"
args = {}

require("toptable").define{
  keys = {"fd.sport"}, key_names = {"Srv Port"},
  container_keys = {"fd.sport", "container.name"},
  container_key_names = {"Srv Port", "container.name"},
  value = "evt.rawarg.res", value_name = "Bytes",
  filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true",
  top = 100, units = "bytes",
}
