-- sharpdig chisel topcontainers_error: top containers by number of errors.
description = "Lists the containers whose system calls failed most often (the host is left out)."
short_description = "Top containers by number of errors"
category = "Errors"
args = {}

require("toptable").define{
  keys = {"container.name"}, key_names = {"container.name"},
  value = "evt.count", value_name = "#Errors",
  filter = "evt.failed=true and container.name!=host",
  top = 100, units = "none",
}
