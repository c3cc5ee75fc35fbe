-- sharpdig chisel helper: the "top N" table chisel.
-- A chisel calls toptable.define{...} at load time; this installs its callbacks. Each event that
-- matches `filter` and has every key field adds its value field to the row of its key; at the
-- end (or every second when live) the rows are printed largest first.
--
--   keys, key_names       lists of key fields and their column titles
--   container_keys, container_key_names   used instead when -pc is given (optional)
--   value, value_name     the summed field and its column title
--   filter                the chisel's filter ("" for none)
--   top                   rows to print (0 = all)
--   units                 "none", "bytes", "time" or "timepct"
--   scale                 multiplier applied to each value (optional, default 1)
--   keep_zero             count values of 0 too, creating their rows (optional)
--   key_set               name of a shared set of keys (see KEY_SETS) used instead of the four above
--
-- toptable.define_by_key(spec) is the same with a `key` argument naming the one key field.

require "common"
local terminal = require "ansiterminal"

local M = {}

-- Installs the output callbacks of a top table (also used by httptop): live, the table is
-- printed every second on a cleared screen; from a file, once at the end. rows() returns the
-- table to print (joined key -> value); clear() empties it after each interval.
function M.install_output(viz, rows, clear)
  local live = false

  function on_capture_start()
    live = sysdig.is_live()
    viz.output_format = sysdig.get_output_format()
    if live then
      chisel.set_interval_s(1)
      if viz.output_format ~= "json" then
        terminal.clearscreen()
        terminal.hidecursor()
      end
    end
    return true
  end

  function on_interval(ts_s, ts_ns, delta)
    if viz.output_format ~= "json" then
      terminal.clearscreen()
      terminal.moveto(0, 0)
    end
    print_sorted_table(rows(), ts_s, 0, delta, viz)
    clear()
    return true
  end

  function on_capture_end(ts_s, ts_ns, delta)
    if live and viz.output_format ~= "json" then
      terminal.clearscreen()
      terminal.moveto(0, 0)
      terminal.showcursor()
      return true
    end
    print_sorted_table(rows(), ts_s, 0, delta, viz)
    return true
  end
end

-- Key columns shared by several chisels.
local KEY_SETS = {
  -- a process: name and pid; with -pc the pid inside its container and the container too
  process = {
    keys = {"proc.name", "proc.pid"}, key_names = {"Process", "PID"},
    container_keys = {"proc.name", "proc.pid", "thread.vtid", "container.name"},
    container_key_names = {"Process", "Host_pid", "Container_pid", "container.name"},
  },
  -- a system call type (with -pc: and the container)
  syscall = {
    keys = {"evt.type"}, key_names = {"Syscall"},
    container_keys = {"evt.type", "container.name"}, container_key_names = {"Syscall", "container.name"},
  },
  -- a file name (with -pc: and the container)
  file = {
    keys = {"fd.name"}, key_names = {"Filename"},
    container_keys = {"fd.name", "container.name"}, container_key_names = {"Filename", "container.name"},
  },
}

function M.define(spec)
  if spec.key_set then
    for k, v in pairs(KEY_SETS[spec.key_set]) do spec[k] = v end
  end
  local viz = { output_format = "normal" }
  local rows = {}
  local key_handles = {}
  local value_handle
  local scale = spec.scale or 1
  local keep_zero = spec.keep_zero == true
  -- chisel.sum_by (a sharpdig extension) makes the host do what on_event below does, with the
  -- same rules, without a Lua call per event; sum_rows gives back the same nested rows.
  local native = chisel.sum_by ~= nil
  local sums

  -- The spec is read at init time: table_generator fills it from its arguments after define().
  function on_init()
    viz.key_fld, viz.key_desc = spec.keys, spec.key_names
    viz.value_fld, viz.value_desc = spec.value, spec.value_name
    viz.value_units, viz.top_number = spec.units or "none", spec.top or 0
    if spec.container_keys and sysdig.is_print_container_data() then
      viz.key_fld, viz.key_desc = spec.container_keys, spec.container_key_names
    end
    if #viz.key_fld ~= #viz.key_desc then
      print("error: number of entries in keys different from number entries in keydescs")
      return false
    end
    for i, name in ipairs(viz.key_fld) do key_handles[i] = chisel.request_field(name) end
    value_handle = chisel.request_field(viz.value_fld)
    if spec.filter and spec.filter ~= "" then chisel.set_filter(spec.filter) end
    if native then sums = chisel.sum_by(key_handles, value_handle, scale, keep_zero) end
    return true
  end

  -- Rows are kept in nested tables, one level per key field (rows[name][pid] = sum), so no key
  -- string is built per event; they are joined with "\001\001" when printed.
  -- The common shapes (one or two keys) read the keys and the value in one call (evt.fields is a
  -- sharpdig extension); a missing key skips the event, as it does for longer keys.
  local function add(node, last, v)
    if v ~= nil and (v > 0 or (keep_zero and v == 0)) then
      node[last] = (node[last] or 0) + v * scale
    end
  end

  local function on_each_event()
    local n = #key_handles
    if n == 1 then
      local k, v = evt.fields(key_handles[1], value_handle)
      if k ~= nil then add(rows, k, v) end
      return true
    elseif n == 2 then
      local k1, k2, v = evt.fields(key_handles[1], key_handles[2], value_handle)
      if k1 == nil or k2 == nil then return true end
      local node = rows[k1]
      if node == nil then node = {}; rows[k1] = node end
      add(node, k2, v)
      return true
    end
    local node = rows
    for i = 1, n - 1 do
      local part = evt.field(key_handles[i])
      if part == nil then return end
      local next_node = node[part]
      if next_node == nil then
        next_node = {}
        node[part] = next_node
      end
      node = next_node
    end
    local last, v = evt.fields(key_handles[n], value_handle)
    if last == nil then return end
    add(node, last, v)
    return true
  end

  -- The nested rows as one table keyed by the joined key strings.
  local function flatten(node, depth, prefix, out)
    for k, v in pairs(node) do
      local key = prefix == nil and tostring(k) or (prefix .. "\001\001" .. tostring(k))
      if depth == 1 then out[key] = (out[key] or 0) + v else flatten(v, depth - 1, key, out) end
    end
    return out
  end

  if not native then on_event = on_each_event end
  M.install_output(viz,
    function() return flatten(native and chisel.sum_rows(sums) or rows, #key_handles, nil, {}) end,
    function() if native then chisel.sum_clear(sums) else rows = {} end end)
end

-- The key field comes from the chisel's `key` argument.
function M.define_by_key(spec)
  function on_set_arg(name, val)
    if name ~= "key" then return false end
    spec.keys, spec.key_names = { val }, { val }
    return true
  end
  M.define(spec)
end

return M
