-- sharpdig chisel bottlenecks: the slowest system calls of the capture.
description = "At the end of the capture, prints the 10 slowest system calls, slowest first, each as two lines: its enter event and its exit event (event number, latency, process, thread, type and arguments)."
short_description = "Slowest system calls"
category = "Performance"
args = {}

local HOW_MANY = 10
local slowest = {}      -- { latency, enter line, exit line }, slowest first
local last_enter = {}   -- tid -> line of its last enter event
local f = {}

function on_init()
  for _, name in ipairs({ "evt.num", "evt.type", "evt.args", "evt.latency", "proc.name", "thread.tid" }) do
    f[name] = chisel.request_field(name)
  end
  return true
end

local function line(arrow, seconds, nanos, kind)
  return string.format("%d) %d.%.9d %s (%d) %s %s %s", evt.field(f["evt.num"]), seconds, nanos,
    evt.field(f["proc.name"]) or "", evt.field(f["thread.tid"]), arrow, kind, evt.field(f["evt.args"]))
end

function on_event()
  local latency, tid, kind = evt.field(f["evt.latency"]), evt.field(f["thread.tid"]), evt.field(f["evt.type"])
  if kind == "switch" then return true end
  if latency == 0 then
    last_enter[tid] = line(">", 0, 0, kind)
  elseif latency ~= nil then
    for j = 1, HOW_MANY do
      if slowest[j] == nil or latency > slowest[j][1] then
        table.insert(slowest, j, { latency, last_enter[tid], line("<", math.floor(latency / 1000000000), latency % 1000000000, kind) })
        break
      end
    end
    if #slowest > HOW_MANY then table.remove(slowest) end
  end
  return true
end

function on_capture_end()
  for _, s in ipairs(slowest) do
    print(s[2])
    print(s[3])
  end
  return true
end
