-- sharpdig chisel fileslower: file reads and writes slower than a threshold.
description = "Prints every file read or write (outside /dev) slower than the given number of milliseconds; 0 prints them all. With -pc the container id and name are shown too. Lines are green for host processes and blue for processes in containers."
short_description = "File reads and writes slower than a threshold"
category = "Performance"
args = {
  { name = "min_ms", description = "only I/O slower than this many milliseconds is shown", argtype = "int", optional = false },
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

require("slower").define_io{ filter = "evt.is_io=true and fd.type=file", skip_dev = true }
