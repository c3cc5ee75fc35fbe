-- sharpdig chisel topprocs_errors: processes with the most failed calls.
description = "Lists the processes whose system calls failed most often. With -pc the container pid and name are shown too."
short_description = "Processes with the most failed calls"
category = "Errors"
args = {}

require("toptable").define{
  key_set = "process",
  value = "evt.count", value_name = "#Errors",
  filter = "evt.failed=true",
  top = 100, units = "none",
}
