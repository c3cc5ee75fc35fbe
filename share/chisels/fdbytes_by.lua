-- sharpdig chisel fdbytes_by: I/O bytes, aggregated by an arbitrary filter field.
description = "Sums the bytes read and written on file descriptors, grouped by the field given as argument (for example fd.name, proc.name or fd.sport), and lists the largest groups."
short_description = "I/O bytes, aggregated by an arbitrary filter field"
category = "I/O"
args = {
  { name = "key", description = "the field to group by", argtype = "string" },
}

local spec = { value = "evt.rawarg.res", value_name = "Bytes", filter = "evt.is_io=true and evt.failed=false", top = 30, units = "bytes" }

function on_set_arg(name, val)
  if name ~= "key" then return false end
  spec.keys, spec.key_names = { val }, { val }
  return true
end

require("toptable").define(spec)
