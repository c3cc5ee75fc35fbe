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

return M
