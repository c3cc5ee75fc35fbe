-- sharpdig chisel fdtime_by: FD time group by.
description = "Sums the time spent in I/O on file descriptors, grouped by the field given as argument, and lists the largest groups."
short_description = "FD time group by"
category = "I/O"
args = {
  { name = "key", description = "the field to group by", argtype = "string" },
}

local spec = { value = "evt.latency", value_name = "Time", filter = "evt.is_io=true", top = 10, units = "time" }

function on_set_arg(name, val)
  if name ~= "key" then return false end
  spec.keys, spec.key_names = { val }, { val }
  return true
end

require("toptable").define(spec)
