-- sharpdig chisel helper: the terminal heat map drawn by spectrogram and subsecoffset.
-- One line per interval: each column's colour and shade say how many events fell in its bucket.

require "common"
local terminal = require "ansiterminal"

local M = {}

local COLOURS = { 22, 28, 64, 34, 2, 76, 46, 118, 154, 191, 227, 226, 11, 220, 209, 208, 202, 197, 9, 1 }
local SHADES = { " ", "░", "▒", "░" }

-- Foreground colour, background colour and character for a bucket of n events.
function M.cell(n, per_second)
  local level = math.log10(n * per_second + 1) / math.log10(1.6)
  if level < 1 then level = 1 elseif level > #COLOURS then level = #COLOURS end
  local lo, hi = math.floor(level), math.ceil(level)
  local frac = level - lo
  local ch = SHADES[math.floor(1 + frac * #SHADES)]
  if frac > .75 then return COLOURS[hi], COLOURS[lo], ch end
  return COLOURS[lo], COLOURS[hi], ch
end

-- Draws one row of `width` buckets (1-based keys of counts); empty buckets are black.
-- `blank` says which colour call paints an empty cell ("fg" or "bg") besides the background.
function M.row(counts, width, per_second, empty_fg)
  terminal.moveup(1)
  for x = 1, width do
    local n = counts[x]
    local ch
    if n == nil or n == 0 then
      if empty_fg then terminal.setfgcol(0) else terminal.setbgcol(0) end
      terminal.setbgcol(0)
      ch = " "
    else
      local fg, bg
      fg, bg, ch = M.cell(n, per_second)
      terminal.setfgcol(fg)
      terminal.setbgcol(bg)
    end
    io.write(ch)
  end
  io.write(terminal.reset .. "\n")
end


-- Installs the callbacks of a heat map chisel: one row per interval (refresh_time argument, in
-- ms) on an ANSI terminal, then an axis line.
--
--   interval_ns           the default interval
--   init(interval_ns)     requests the fields and sets the filter (at init time)
--   banner                printed once after init (optional)
--   bucket(width, interval_ns)   the column of the current event, or nil to skip it
--   axis_label(x, width, interval_ns)   the label starting at column x, or nil for a blank
--   empty_fg              passed to M.row
--   final_row             draw the last (partial) interval at the end of the capture
function M.define(spec)
  terminal.enable_color(true)
  local interval_ns = spec.interval_ns
  local per_second = 1000000000 / interval_ns
  local counts = {}
  local width, tty

  function on_set_arg(name, val)
    if name ~= "refresh_time" then return false end
    interval_ns = parse_numeric_input(val, name) * 1000000
    per_second = 1000000000 / interval_ns
    return true
  end

  function on_init()
    tty = sysdig.is_tty()
    if not tty then
      print("This chisel only works on ANSI terminals. Aborting.")
      return false
    end
    width = sysdig.get_terminal_info().width
    spec.init(interval_ns)
    terminal.hidecursor()
    if spec.banner then print(spec.banner) end
    return true
  end

  function on_capture_start()
    chisel.set_interval_ns(interval_ns)
    return true
  end

  function on_event()
    local x = spec.bucket(width, interval_ns)
    if x == nil then return true end
    counts[x] = (counts[x] or 0) + 1
    return true
  end

  function on_interval()
    M.row(counts, width, per_second, spec.empty_fg)
    local x = 0
    while x < width do
      local label = spec.axis_label(x, width, interval_ns)
      if label then
        io.write(label)
        x = x + #label
      else
        io.write(" ")
        x = x + 1
      end
    end
    io.write("\n")
    counts = {}
    return true
  end

  function on_capture_end()
    if tty then
      if spec.final_row then on_interval() end
      print(terminal.reset)
      terminal.showcursor()
    end
    return true
  end
end

return M
