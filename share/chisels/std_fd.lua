-- sharpdig chisel helper: print the data processes move through one standard fd.
-- Used by stdin, stdout and stderr. std_fd.define(fd, printer) installs the callbacks;
-- `printer`, when given, prints each buffer itself (stderr adds the container columns), and
-- `printer.init()` runs at init time to request its fields.

local M = {}

function M.define(fd, printer)
  local data

  function on_init()
    data = chisel.request_field("evt.rawarg.data")
    if printer then printer.init() end
    sysdig.set_snaplen(2000)
    chisel.set_filter("fd.num=" .. fd .. " and evt.is_io=true")
    return true
  end

  function on_event()
    local buf = evt.field(data)
    if buf == nil then return true end
    if printer then printer.print(buf) else print(buf) end
    return true
  end
end

return M
