-- sharpdig chisel topfiles_errors: files with the most failed operations.
description = "Lists the files whose operations failed most often. With -pc the container of each file is shown too."
short_description = "Files with the most failed operations"
category = "Errors"
args = {}

require("toptable").define{
  key_set = "file",
  value = "evt.count", value_name = "#Errors",
  filter = "fd.type=file and evt.failed=true",
  top = 100, units = "none",
}
