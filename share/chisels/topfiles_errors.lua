-- sharpdig chisel topfiles_errors: top files by number of errors.
description = "Lists the files whose operations failed most often. With -pc the container of each file is shown too."
short_description = "Top files by number of errors"
category = "Errors"
args = {}

require("toptable").define{
  keys = {"fd.name"}, key_names = {"Filename"},
  container_keys = {"fd.name", "container.name"},
  container_key_names = {"Filename", "container.name"},
  value = "evt.count", value_name = "#Errors",
  filter = "fd.type=file and evt.failed=true",
  top = 100, units = "none",
}
