-- sharpdig chisel topfiles_bytes: top files by r+w bytes.
description = "Lists the files that were read or written the most, by bytes transferred. With -pc the container of each file is shown too."
short_description = "Top files by R+W bytes"
category = "I/O"
args = {}

require("toptable").define{
  keys = {"fd.name"}, key_names = {"Filename"},
  container_keys = {"container.name", "fd.name"},
  container_key_names = {"container.name", "Filename"},
  value = "evt.rawarg.res", value_name = "Bytes",
  filter = "fd.type=file and evt.is_io=true",
  top = 10, units = "bytes",
}
