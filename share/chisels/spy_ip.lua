-- sharpdig chisel spy_ip: data exchanged with one IP address.
description = "Prints the data read and written on network sockets with the given IP address. A header line (red for reads, blue for writes) starts each run of data in one direction."
short_description = "Data exchanged with one IP address"
category = "Net"
args = {
  { name = "host_ip", description = "what to watch (fd.ip)", argtype = "ipv4" },
  { name = "disable_color", description = "pass disable_colors to print without colours", argtype = "string", optional = true },
}

-- (sysdig's spy_ip labels written data "Read" too)
require("spy_net").define{ arg = "host_ip", field = "fd.ip", write_label = "Read" }
