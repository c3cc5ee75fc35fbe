-- sharpdig chisel fdbytes_by: bytes read and written on fds, summed by any field.
description = "Sums the bytes read and written on file descriptors, grouped by the field given as argument (for example fd.name, proc.name or fd.sport), and lists the largest groups."
short_description = "Bytes read and written on fds, summed by any field"
category = "I/O"
args = {
  { name = "key", description = "the field to group by", argtype = "string" },
}

require("toptable").define_by_key{ value = "evt.rawarg.res", value_name = "Bytes", filter = "evt.is_io=true and evt.failed=false", top = 30, units = "bytes" }
