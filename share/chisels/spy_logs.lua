-- sharpdig chisel spy_logs: lines written to log files (optionally saving the events around them).
description = "Prints each line written to a log file (a name containing .log, _log or /var/log, compressed files excepted), with the process and file name. On a terminal lines are coloured: yellow for warnings, red for errors. With -pc the container name is shown too. Optionally, writes the events around each log line to a capture file."
short_description = "Lines written to log files (optionally saving the events around them)"
category = "Logs"
args = {
  { name = "dump_file_name", description = "write the events around each log line to this capture file", argtype = "string", optional = true },
  { name = "dump_range_ms", description = "milliseconds kept before and after each log line (default 1000)", argtype = "int", optional = true },
  { name = "disable_color", description = "pass disable_color to print without colours", argtype = "string", optional = true },
}

require "common"
local terminal = require "ansiterminal"

local LOG_FILES = "(fd.name contains .log or fd.name contains _log or fd.name contains /var/log) and not (fd.name contains .gz or fd.name contains .tgz)"

require("log_spy").define{
  fields = { "evt.buffer", "thread.tid", "proc.name", "fd.name", "container.name" },
  snaplen = 2000,
  ascii = true,
  filter = "(" .. LOG_FILES .. ") and evt.is_io_write=true and evt.dir=< and evt.failed=false",
  print = function(f, ctx)
    local container = evt.field(f["container.name"])
    local prefix = evt.field(f["proc.name"]) .. " " .. evt.field(f["fd.name"]) .. " "
    for _, msg in ipairs(split(evt.field(f["evt.buffer"]), "\n")) do
      if #msg ~= 0 then
        local text
        if ctx.tty then
          local colour = terminal.green
          -- (warnings are found case-insensitively, errors only in lower case, as sysdig does)
          if string.find(string.lower(msg), "warn") ~= nil then colour = terminal.yellow
          elseif string.find(msg, "err") then colour = terminal.red end
          if ctx.with_container then
            local c = string.format("%s %s", (container ~= "host") and terminal.blue or colour, container)
            text = string.format("%s %s %s", colour, c, string.format("%s %s%s", colour, prefix, msg))
          else
            text = string.format("%s %s%s", colour, prefix, msg)
          end
        elseif ctx.with_container then
          text = string.format("%s %s%s", container, prefix, msg)
        else
          text = prefix .. msg
        end
        print(text)
      end
    end
  end,
}
