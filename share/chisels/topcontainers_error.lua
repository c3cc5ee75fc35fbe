-- sharpdig chisel topcontainers_error: containers with the most failed calls.
description = "Lists the containers whose system calls failed most often (the host is left out)."
short_description = "Containers with the most failed calls"
category = "Errors"
args = {}

require("toptable").define{
  keys = {"container.name"}, key_names = {"container.name"},
  value = "evt.count", value_name = "#Errors",
  filter = "evt.failed=true and container.name!=host",
  top = 100, units = "none",
}
