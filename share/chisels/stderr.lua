-- sharpdig chisel stderr: what processes write to stderr.
description = "Prints the data that processes move through their standard error (fd 2). Add a filter to follow one process or pid. With -pc each line starts with the container id and name, green for the host and blue for containers."
short_description = "What processes write to stderr"
category = "I/O"
args = {
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

local terminal = require "ansiterminal"
terminal.enable_color(true)

local cname, cid
local with_container = false

function on_set_arg(name, val)
  if name == "disable_color" and val == "disable_color" then terminal.enable_color(false) end
  return true
end

-- With -pc each buffer is prefixed by the container id and name.
require("std_fd").define(2, {
  init = function()
    cname = chisel.request_field("container.name")
    cid = chisel.request_field("container.id")
    with_container = sysdig.is_print_container_data()
  end,
  print = function(buf)
    if with_container then
      local name = evt.field(cname)
      local colour = (name ~= "host") and terminal.blue or terminal.green
      print(colour .. string.format("%-20.20s %-20.20s %s", evt.field(cid), name, buf))
    else
      print(buf)
    end
  end,
})
