-- sharpdig chisel httptop: hTTP requests by calls, bytes or time.
description = "Groups the HTTP transactions seen on sockets by method and URL and lists the top 30 by number of calls (default), response bytes (by=bytes) or average latency (by=time). With -pc they are split by container."
short_description = "HTTP requests by calls, bytes or time"
category = "Application"
args = {
  { name = "by", description = "ncalls (default), bytes or time", argtype = "string", optional = true },
}

require "common"
local toptable = require "toptable"
require "http"

local viz = { key_fld = { "method", "url" }, key_desc = { "method", "url" }, value_fld = "ncalls", value_desc = "ncalls",
              value_units = "none", top_number = 30, output_format = "normal" }
local by = "ncalls"
local units = { ncalls = "none", bytes = "bytes", time = "time" }
local with_container = false
local groups = {}

function on_set_arg(name, val)
  if name ~= "by" then return end
  if units[val] == nil then
    print("Invalid argument! Valid options: ncalls, bytes, time")
    return false
  end
  by = val
  viz.value_fld, viz.value_desc, viz.value_units = val, val, units[val]
  return true
end

function on_init()
  http_init()
  with_container = sysdig.is_print_container_data()
  if with_container then
    table.insert(viz.key_fld, 1, "container")
    table.insert(viz.key_desc, 1, "container")
  end
  return true
end

local function collect(t)
  local key = string.format("%s\001\001%s", t.request.method, t.request.url)
  if with_container then key = t.container .. "\001\001" .. key end
  groups[key] = groups[key] or {}
  table.insert(groups[key], t)
end

function on_event()
  run_http_parser(evt, collect)
end

-- Reduces each group to its value: count, summed response bytes, or mean latency.
local function totals()
  local out = {}
  for key, list in pairs(groups) do
    if by == "ncalls" then
      out[key] = #list
    elseif by == "bytes" then
      local sum = 0
      for _, t in ipairs(list) do sum = sum + t.response.length end
      out[key] = sum
    else
      local sum = 0
      for _, t in ipairs(list) do sum = sum + t.response.ts - t.request.ts end
      out[key] = sum / #list
    end
  end
  return out
end

toptable.install_output(viz, totals, function() groups = {} end)
