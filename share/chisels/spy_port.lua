-- sharpdig chisel spy_port: data exchanged on one port.
description = "Prints the data read and written on network sockets with connections on the given port. A header line (red for reads, blue for writes) starts each run of data in one direction."
short_description = "Data exchanged on one port"
category = "Net"
args = {
  { name = "host_port", description = "what to watch (fd.port)", argtype = "int" },
  { name = "disable_color", description = "pass disable_colors to print without colours", argtype = "string", optional = true },
}

require("spy_net").define{ arg = "host_port", field = "fd.port", write_label = "Write" }
