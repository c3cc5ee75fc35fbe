-- sharpdig chisel fdcount_by: open file descriptors counted by any field.
description = "Counts the distinct file descriptors in use, grouped by the field given as argument (for example proc.name for descriptors per process, or fd.cip for connections per client address), and prints each group with its count, largest first."
short_description = "FD count, aggregated by an arbitrary filter field"
category = "I/O"
args = {
  { name = "key", description = "the field to group by", argtype = "string" },
}

require "common"

local key_field = ""
local groups = {}     -- key -> { fds = set of "<num><name>", count = n }
local f_key, f_num, f_name

function on_set_arg(name, val)
  if name ~= "key" then return false end
  key_field = val
  return true
end

function on_init()
  f_key = chisel.request_field(key_field)
  f_num = chisel.request_field("fd.num")
  f_name = chisel.request_field("fd.name")
  return true
end

function on_event()
  local key, num, name = evt.field(f_key), evt.field(f_num), evt.field(f_name)
  if key == nil or num == nil or num <= 0 or name == nil or name == "" then return true end
  local g = groups[key]
  if g == nil then
    g = { fds = {}, count = 0 }
    groups[key] = g
  end
  local id = tostring(num) .. name
  if not g.fds[id] then
    g.fds[id] = true
    g.count = g.count + 1
  end
  return true
end

function on_capture_end()
  for key, g in pairs_top_by_val(groups, 0, function(t, a, b) return t[a].count > t[b].count end) do
    print(key, g.count)
  end
  return true
end
