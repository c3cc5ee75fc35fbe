-- sharpdig chisel ps: processes at the start of the capture (like ps), optionally filtered.
description = "Prints the threads known at the first event of the capture (or at the first event matching the command-line filter), like ps: tid, pid, user, virtual and resident memory, fd limit and command. An optional filter argument keeps the threads that have an fd matching it, e.g. 'fd.name contains /etc'."
short_description = "Processes at the start of the capture (like ps), optionally filtered"
category = "System State"
args = {
  { name = "filter", description = "keep threads with at least one fd matching this filter", argtype = "filter", optional = true },
}

require "common"
local snapshot = require "snapshot"
snapshot.define_filtered(function(threads)
  print(extend_string("TID", 8) .. extend_string("PID", 8) .. extend_string("USER", 12) .. extend_string("VIRT", 11) ..
        extend_string("RES", 11) .. extend_string("FDLIMIT", 10) .. extend_string("CMD", 20))
  for _, tid in ipairs(snapshot.sorted_keys(threads)) do
    local t = threads[tid]
    print(extend_string(tostring(tid), 8) .. extend_string(tostring(t.pid), 8) .. extend_string(t.username, 12) ..
          extend_string(format_bytes(t.vmsize_kb * 1024), 11) .. extend_string(format_bytes(t.vmrss_kb * 1024), 11) ..
          extend_string(tostring(t.fdlimit), 10) .. t.comm)
  end
end)
