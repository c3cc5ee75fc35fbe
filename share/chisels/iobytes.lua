-- sharpdig chisel iobytes: bytes in and out per second, all fds.
description = "Once per second of capture time, prints the bytes read (in), written (out) and their total on every kind of file descriptor during that second."
short_description = "Bytes in and out per second, all fds"
category = "I/O"
args = {}

require("iobytes_rate").define("evt.is_io=true")
