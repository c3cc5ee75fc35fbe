-- sharpdig chisel iobytes_file: bytes in and out per second, files.
description = "Once per second of capture time, prints the bytes read (in), written (out) and their total on files during that second."
short_description = "Bytes in and out per second, files"
category = "I/O"
args = {}

require("iobytes_rate").define("evt.is_io=true and fd.type=file")
