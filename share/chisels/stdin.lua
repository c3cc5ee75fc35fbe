-- sharpdig chisel stdin: what processes read from stdin.
description = "Prints the data that processes move through their standard input (fd 0). Add a filter to follow one process or pid."
short_description = "What processes read from stdin"
category = "I/O"
args = {}

require("std_fd").define(0)
