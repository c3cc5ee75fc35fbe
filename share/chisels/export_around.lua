-- sharpdig chisel helper: remembers (time, thread) of interesting events and, at the end,
-- asks for a second run that writes the events around each of them to a file
-- (sysdig.run_app with an evt.around filter).

require "common"
local M = {}

function M.new(range_ms)
  return { entries = {}, range_ms = range_ms or "1000" }
end

function M.remember(state, tid)
  local s, ns = evt.get_ts()
  table.insert(state.entries, { s, ns, tid })
end

-- The command line of the second run: read the same capture, keep the events around each entry.
function M.run_args(state, dump_file)
  local args = "-F -r" .. sysdig.get_evtsource_name() .. " -w" .. dump_file .. " "
  for i, e in ipairs(state.entries) do
    if i ~= 1 then args = args .. " or " end
    args = args .. "(evt.around[" .. ts_to_str(e[1], e[2]) .. "]=" .. state.range_ms .. " and thread.tid=" .. e[3] .. ")"
  end
  return args
end

return M
