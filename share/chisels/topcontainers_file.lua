-- sharpdig chisel topcontainers_file: top containers by r+w disk bytes.
description = "Lists the containers that read and wrote the most bytes to files (the host is left out)."
short_description = "Top containers by R+W disk bytes"
category = "I/O"
args = {}

require("toptable").define{
  keys = {"container.name"}, key_names = {"container.name"},
  value = "evt.rawarg.res", value_name = "Bytes",
  filter = "fd.type=file and evt.is_io=true and container.name!=host",
  top = 10, units = "bytes",
}
