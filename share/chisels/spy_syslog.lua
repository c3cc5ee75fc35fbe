-- sharpdig chisel spy_syslog: messages written to syslog (optionally saving the events around them).
description = "Prints each message written to /dev/log: facility, severity, process, thread and text. On a terminal, warnings are yellow, errors red, messages from containers blue. With -pc the container id and name are shown too. Optionally, writes the events around each message to a capture file."
short_description = "Messages written to syslog (optionally saving the events around them)"
category = "Logs"
args = {
  { name = "dump_file_name", description = "write the events around each message to this capture file", argtype = "string", optional = true },
  { name = "dump_range_ms", description = "milliseconds kept before and after each message (default 1000)", argtype = "int", optional = true },
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

require "common"
local terminal = require "ansiterminal"

require("log_spy").define{
  fields = { "syslog.facility.str", "syslog.severity.str", "syslog.severity", "syslog.message",
             "thread.tid", "proc.name", "container.name", "container.id" },
  snaplen = 1000,
  filter = "fd.name contains /dev/log and evt.is_io_write=true and evt.dir=< and evt.failed=false",
  print = function(f, ctx)
    local fac, sev, msg = evt.field(f["syslog.facility.str"]), evt.field(f["syslog.severity.str"]), evt.field(f["syslog.message"])
    local code, tid, proc = evt.field(f["syslog.severity"]), evt.field(f["thread.tid"]), evt.field(f["proc.name"])
    local cname, cid = evt.field(f["container.name"]), evt.field(f["container.id"])
    local line
    if ctx.tty then
      local colour = terminal.green
      if code == 4 then colour = terminal.yellow
      elseif code < 4 then colour = terminal.red
      elseif cname ~= "host" then colour = terminal.blue end
      if ctx.with_container then
        line = string.format("%s%-20s %-20s %s.%s %s[%u] %s", colour, cid, cname, fac, sev, proc, tid, msg)
      else
        line = string.format("%s%s.%s %s[%u] %s", colour, fac, sev, proc, tid, msg)
      end
    elseif ctx.with_container then
      -- (sysdig prints the facility first here, before the container id and name)
      line = string.format("%-20s %-20s %s.%s %s[%u] %s", fac, cid, cname, sev, proc, tid, msg)
    else
      line = string.format("%s.%s %s[%u] %s", fac, sev, proc, tid, msg)
    end
    print(line)
  end,
}
