-- sharpdig chisel: the generic top-N table, driven by its arguments. Hidden from -cl; chisels
-- written for sysdig reach it with chisel.exec("table_generator", ...).
description = "Sums a value field over the events grouped by one or more key fields, and prints the groups with the largest sums."
short_description = "Table of a value summed by keys"
category = "Filter"
hidden = true

args = {
  { name = "keys", description = "key fields, separated by commas", argtype = "string" },
  { name = "keydescs", description = "column titles of the keys, separated by commas", argtype = "string" },
  { name = "value", description = "the field summed for each key", argtype = "string" },
  { name = "valuedesc", description = "column title of the value", argtype = "string" },
  { name = "filter", description = "only events matching this filter count", argtype = "string" },
  { name = "top_number", description = "how many rows to print (0 for all)", argtype = "string" },
  { name = "value_units", description = "none, bytes, time or timepct", argtype = "string" },
}

require "common"
local spec = { keys = {}, key_names = {}, value = "", value_name = "", filter = "", top = 0, units = "none" }

function on_set_arg(name, val)
  if name == "keys" then spec.keys = split(val, ",")
  elseif name == "keydescs" then spec.key_names = split(val, ",")
  elseif name == "value" then spec.value = val
  elseif name == "valuedesc" then spec.value_name = val
  elseif name == "filter" then spec.filter = val
  elseif name == "top_number" then spec.top = tonumber(val)
  elseif name == "value_units" then spec.units = val
  else return false end
  return true
end

require("toptable").define(spec)
