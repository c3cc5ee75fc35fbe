-- sharpdig chisel helper: ANSI terminal escapes.
-- Offers the same names sysdig chisels use (terminal = require "ansiterminal"), so chisels written
-- for sysdig find it here too. Colour fields are strings (empty when colour is disabled).

local ESC = string.char(27) .. "["
local M = {}

local codes = {
  reset = 0, clear = 0, bright = 1, dim = 2, underscore = 4, blink = 5, reverse = 7, hidden = 8,
  black = 30, red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, white = 37,
  onblack = 40, onred = 41, ongreen = 42, onyellow = 43, onblue = 44, onmagenta = 45, oncyan = 46, onwhite = 47,
}

function M.enable_color(on)
  for name, code in pairs(codes) do
    M[name] = (on == true) and (ESC .. code .. "m") or ""
  end
end

local function emit(s) io.write(ESC .. s) end

function M.clearscreen() emit("2J") end
function M.clearline() emit("2K") end
function M.moveto(x, y) emit(tostring(x) .. ";" .. tostring(y) .. "H") end
function M.moveup(n) emit(tostring(n) .. "F") end
function M.hidecursor() emit("?25l") end
function M.showcursor() emit("?25h") end
function M.setfgcol(c) emit("38;5;" .. c .. "m") end
function M.setbgcol(c) emit("48;5;" .. c .. "m") end

return M
