-- sharpdig chisel spy_users: what users do in their shells.
description = "Prints every program users start from an interactive shell, and every directory change made in a shell, indented by the depth below the user's first shell. With -pc the container name is shown too, and lines are green for the host and blue for containers."
short_description = "Display interactive user activity"
category = "Security"
args = {
  { name = "max_depth", description = "deepest level of the process tree to show", argtype = "int", optional = true },
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

require "common"
local terminal = require "ansiterminal"
terminal.enable_color(true)

local ANCESTORS = 16
local max_depth = -1
local f = {}
local with_container = false
local anc_name, anc_pid = {}, {}
-- Each directory change moves the ancestor lookups one level further (sysdig's spy_users shifts
-- its handle arrays on every chdir); kept so that the output is the same.
local chdir_shift = 0

-- pid -> { depth below the first shell, pid of that shell }; depth -1 = not under a shell
local tree = {}

function on_set_arg(name, val)
  if name == "max_depth" then
    max_depth = parse_numeric_input(val, name)
  elseif name == "disable_color" and val == "disable_color" then
    terminal.enable_color(false)
  end
  return true
end

function on_init()
  for _, name in ipairs({ "evt.type", "proc.exe", "proc.args", "evt.arg.path", "user.name", "evt.time.s",
                          "proc.pid", "proc.ppid", "container.name", "container.id" }) do
    f[name] = chisel.request_field(name)
  end
  with_container = sysdig.is_print_container_data()
  chisel.set_filter("((evt.type=execve and evt.dir=<) or (evt.type=chdir and evt.dir=< and proc.name contains sh and not proc.name contains sshd)) and evt.failed=false")
  for j = 0, ANCESTORS do
    anc_name[j] = chisel.request_field("proc.aname[" .. j .. "]")
    anc_pid[j] = chisel.request_field("proc.apid[" .. j .. "]")
  end
  return true
end

local function ancestor(handles, j)
  if j < chdir_shift then return nil end
  return evt.field(handles[j - chdir_shift])
end

-- Finds the shell ancestors of `ppid`'s process once, and records its depth below the first shell.
local function place(ppid)
  tree[ppid] = { -1 }
  for j = 1, ANCESTORS do
    local name = ancestor(anc_name, j)
    if name == nil then
      if ancestor(anc_pid, j) == nil then break end
    elseif #name >= 2 and name:sub(-2) == "sh" then
      local shell = ancestor(anc_pid, j)
      if tree[shell] then tree[ppid] = { j - 1, shell } else tree[ppid] = { 0, shell } end
    end
  end
end

function on_event()
  local colour = with_container and terminal.green or ""
  local user = evt.field(f["user.name"]) or "<NA>"
  local when = evt.field(f["evt.time.s"])
  local pid, ppid = evt.field(f["proc.pid"]), evt.field(f["proc.ppid"])
  local is_cd = evt.field(f["evt.type"]) == "chdir"
  local container = evt.field(f["container.name"])
  local correction = 1
  if is_cd then
    ppid = pid
    chdir_shift = chdir_shift + 1
    correction = 0
  end

  if not tree[ppid] then place(ppid) end
  if tree[ppid][1] == -1 then return true end
  if not tree[pid] then tree[pid] = { 1 + tree[ppid][1], tree[ppid][2] } end
  local depth, shell = tree[pid][1] - correction, tree[pid][2]
  if max_depth ~= -1 and depth > max_depth then return true end

  local who = user
  if with_container then
    if container ~= "host" then colour = terminal.blue end
    who = user .. "@" .. container
  end
  -- sysdig indents commands by 3 spaces a level without -pc and by 4 with it (and always 4 for cd)
  local indent = (is_cd or with_container) and 4 or 3
  local what = is_cd and ("cd " .. evt.field(f["evt.arg.path"]))
                      or (evt.field(f["proc.exe"]) .. " " .. evt.field(f["proc.args"]))
  print(colour .. extend_string("", indent * depth) .. shell .. " " .. when .. " " .. who .. ") " .. what)
  return true
end

function on_capture_end()
  print(terminal.reset)
end
