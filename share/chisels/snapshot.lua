-- sharpdig chisel helper: "state snapshot" chisels (ps, lsof, netstat).
-- They stop the capture at the first event (that matches the command-line filter) and print
-- the thread table as it is then.

local M = {}

-- Installs the callbacks; print_table(threads) is called with sysdig.get_thread_table(filter()).
function M.define(filter, print_table)
  local capturing, matched = false, false
  function on_capture_start() capturing = true; return true end
  function on_event()
    sysdig.end_capture()
    matched = true
    return false
  end
  function on_capture_end()
    if not capturing then return end
    if not matched then
      print("empty capture or no event matching the filter")
      return
    end
    print_table(sysdig.get_thread_table(filter()))
  end
end

-- Like define, for chisels with an optional "filter" argument: the fd filter is `base` (nil:
-- none) until the argument is given, then join(base, argument), or the argument alone.
function M.define_filtered(print_table, base, join)
  local fd_filter = base
  function on_set_arg(name, val)
    if name ~= "filter" then return false end
    fd_filter = join and join(fd_filter, val) or val
    return true
  end
  M.define(function() return fd_filter end, print_table)
end

-- The keys of t in ascending order.
function M.sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

return M
