-- sharpdig chisel topprocs_file: processes reading and writing the most file bytes.
description = "Lists the processes that read and wrote the most bytes to files. With -pc the container pid and name are shown too."
short_description = "Processes reading and writing the most file bytes"
category = "I/O"
args = {}

require("toptable").define{
  key_set = "process",
  value = "evt.rawarg.res", value_name = "Bytes",
  filter = "fd.type=file and evt.is_io=true",
  top = 10, units = "bytes",
}
