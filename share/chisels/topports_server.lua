-- sharpdig chisel topports_server: top tcp/udp server ports by r+w bytes.
description = "Lists the server ports whose connections carried the most bytes. With -pc the container is shown too."
short_description = "Top TCP/UDP server ports by R+W bytes"
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
