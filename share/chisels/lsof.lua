-- sharpdig chisel lsof: open fds at the start of the capture (like lsof), optionally filtered.
description = "Prints the file descriptors open at the first event of the capture (or at the first event matching the command-line filter), like lsof: command, pid, tid, user, fd number, type and name. An optional filter argument restricts the list, e.g. 'proc.name=nginx and fd.type=ipv4'."
short_description = "Open fds at the start of the capture (like lsof), optionally filtered"
category = "System State"
args = {
  { name = "filter", description = "only fds matching this filter are listed", argtype = "filter", optional = true },
}

require "common"
local snapshot = require "snapshot"
snapshot.define_filtered(function(threads)
  print(extend_string("COMMAND", 20) .. extend_string("PID", 8) .. extend_string("TID", 8) .. extend_string("USER", 8) ..
        extend_string("FD", 8) .. extend_string("TYPE", 12) .. "NAME")
  for _, tid in ipairs(snapshot.sorted_keys(threads)) do
    local t = threads[tid]
    for _, fd in ipairs(snapshot.sorted_keys(t.fdtable)) do
      local info = t.fdtable[fd]
      print(extend_string(t.comm, 20) .. extend_string(tostring(t.pid), 8) .. extend_string(tostring(tid), 8) ..
            extend_string(t.username, 8) .. extend_string(tostring(fd), 8) .. extend_string(tostring(info.type), 12) ..
            tostring(info.name))
    end
  end
end)
