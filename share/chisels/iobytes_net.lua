-- sharpdig chisel iobytes_net: bytes in and out per second, network.
description = "Once per second of capture time, prints the bytes read (in), written (out) and their total on network sockets during that second."
short_description = "Bytes in and out per second, network"
category = "Net"
args = {}

require("iobytes_rate").define("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6)")
