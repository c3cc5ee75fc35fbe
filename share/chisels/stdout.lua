-- sharpdig chisel stdout: what processes write to stdout.
description = "Prints the data that processes move through their standard output (fd 1). Add a filter to follow one process or pid."
short_description = "What processes write to stdout"
category = "I/O"
args = {}

require("std_fd").define(1)
