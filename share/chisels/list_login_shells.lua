-- sharpdig chisel list_login_shells: login shell ids of the commands run.
description = "Prints the login shell id of the last command started in the capture, optionally only among commands whose name contains the first argument (* for any) and whose arguments contain the second. With -pc the container name and id are shown too."
short_description = "List the login shell IDs"
category = "Security"
args = {
  { name = "command", description = "only commands whose name contains this (a Lua pattern; * for any)", argtype = "string", optional = true },
  { name = "arguments", description = "only commands whose arguments contain this (a Lua pattern)", argtype = "string", optional = true },
}

local want_command, want_args
local found = {}   -- fsid, containername, containerid of the last match
local f = {}
local with_container = false

function on_set_arg(name, val)
  if name == "command" then
    if val ~= "*" then want_command = val end
  elseif name == "arguments" then
    want_args = val
  end
  return true
end

function on_init()
  for _, name in ipairs({ "proc.loginshellid", "evt.arg.exe", "evt.arg.args", "container.name", "container.id" }) do
    f[name] = chisel.request_field(name)
  end
  with_container = sysdig.is_print_container_data()
  chisel.set_filter("evt.type=execve")
  return true
end

function on_event()
  local sid, exe, argv = evt.field(f["proc.loginshellid"]), evt.field(f["evt.arg.exe"]), evt.field(f["evt.arg.args"])
  if sid and exe then
    if want_command and string.find(exe, want_command) == nil then return true end
    if want_args and argv and string.find(argv, want_args) == nil then return true end
    found = { fsid = sid, containername = evt.field(f["container.name"]), containerid = evt.field(f["container.id"]) }
  end
  return true
end

function on_capture_end()
  print(want_command and ("Shells containing " .. want_command .. ":") or "All shells:")
  -- sysdig prints the match once per field it holds (its loop runs over that record's fields)
  for _ in pairs(found) do
    if with_container then
      print(found.fsid .. " " .. found.containername .. " " .. found.containerid)
    else
      print(found.fsid)
    end
  end
end
