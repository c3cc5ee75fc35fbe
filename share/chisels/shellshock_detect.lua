-- sharpdig chisel shellshock_detect: shells started with a function definition in their environment.
description = "Watches shells being started and prints those whose environment defines a function (the shellshock attack pattern): time, parent process name, parent pid and the definition."
short_description = "print shellshock attacks"
category = "Security"
args = {}

require "common"
local f = {}
local PATTERN = "%(%) ?{.+"

function on_init()
  for _, name in ipairs({ "proc.pname", "proc.ppid", "proc.pid", "evt.arg.environment", "evt.time" }) do
    f[name] = chisel.request_field(name)
  end
  -- (as in sysdig, `and` binds tighter: any bash event, or sh execve events)
  chisel.set_filter("proc.name=bash or proc.name=sh and evt.type=execve")
  print(extend_string("TIME", 22) .. extend_string("PROCNAME", 22) .. extend_string("PID", 8) .. "FUNCTION")
  return true
end

function on_event()
  local env = evt.field(f["evt.arg.environment"])
  if env == nil or not string.find(env, PATTERN) then return true end
  local thread = sysdig.get_thread_table()[evt.field(f["proc.pid"])]
  for _, v in ipairs(thread.env) do
    if string.find(v, PATTERN) then
      print(extend_string(evt.field(f["evt.time"]), 22) .. extend_string(evt.field(f["proc.pname"]), 22) ..
            extend_string(tostring(evt.field(f["proc.ppid"])), 8) .. string.match(v, "%(%).+"))
      break
    end
  end
  return true
end
