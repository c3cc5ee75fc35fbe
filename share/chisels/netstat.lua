-- sharpdig chisel netstat: network connections at the start of the capture (like netstat), optionally filtered.
description = "Prints the IPv4 and IPv6 sockets open at the first event of the capture (or at the first event matching the command-line filter), like netstat: protocol, server and client address, state and the owning thread. An optional filter argument restricts the list, e.g. 'fd.port=80'."
short_description = "Network connections at the start of the capture (like netstat), optionally filtered"
category = "System State"
args = {
  { name = "filter", description = "only sockets matching this filter are listed", argtype = "filter", optional = true },
}

require "common"
local snapshot = require "snapshot"
-- the user's filter is appended right after the closing parenthesis, as sysdig's netstat does
local function add_user_filter(base, val) return base .. "and (" .. val .. ")" end

snapshot.define_filtered(function(threads)
  print(extend_string("Proto", 6) .. extend_string("Server Address", 25) .. extend_string("Client Address", 25) ..
        extend_string("State", 15) .. "TID/PID/Program Name")
  for _, tid in ipairs(snapshot.sorted_keys(threads)) do
    local t = threads[tid]
    for _, fd in ipairs(snapshot.sorted_keys(t.fdtable)) do
      local s = t.fdtable[fd]
      local client, state = (s.cip or "") .. ":" .. tostring(s.cport), "ESTABLISHED"
      if s.cip == nil then client, state = "0.0.0.0:*", "LISTEN" end
      print(extend_string(s.l4proto, 6) .. extend_string(s.sip .. ":" .. s.sport, 25) .. extend_string(client, 25) ..
            extend_string(state, 15) .. tid .. "/" .. t.pid .. "/" .. t.comm)
    end
  end
end, "(fd.type=ipv4 or fd.type=ipv6)", add_user_filter)
