-- sharpdig chisel helper: JSON encoding for chisel output (-j).
-- Named and shaped like the dkjson module sysdig's chisels use: json.encode(value, { indent = true }).
-- Layout (as sysdig's chisels print): arrays stay on one line; with indent, each object member
-- goes on its own line, indented two spaces per nesting level. Tables whose keys are all
-- positive integers are arrays (holes become null, unless very sparse); object members are
-- written in sorted key order.

local M = {}

local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }

local function quote(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return escapes[c] or string.format("\\u%04x", c:byte()) end) .. '"'
end

-- The array length of t, or nil when t is not an array.
local function array_length(t)
  local max, count = 0, 0
  for k in pairs(t) do
    if type(k) ~= "number" or k < 1 or k ~= math.floor(k) then return nil end
    if k > max then max = k end
    count = count + 1
  end
  if max > 10 and max > count * 2 then return nil end
  return max
end

local function encode(v, indent, level, out)
  local kind = type(v)
  if kind == "nil" then out[#out + 1] = "null"
  elseif kind == "boolean" then out[#out + 1] = tostring(v)
  elseif kind == "number" then
    if v ~= v or v == math.huge or v == -math.huge then out[#out + 1] = "null"
    else out[#out + 1] = tostring(v) end
  elseif kind == "string" then out[#out + 1] = quote(v)
  elseif kind == "table" then
    local n = array_length(v)
    if n then
      out[#out + 1] = "["
      for i = 1, n do
        if i > 1 then out[#out + 1] = "," end
        encode(v[i], indent, level + 1, out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
      local pad = indent and ("\n" .. string.rep("  ", level + 1)) or ""
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = pad .. quote(tostring(k)) .. ":"
        encode(v[k], indent, level + 1, out)
      end
      if indent and #keys > 0 then out[#out + 1] = "\n" .. string.rep("  ", level) end
      out[#out + 1] = "}"
    end
  else
    error("cannot encode a " .. kind .. " as JSON")
  end
end

function M.encode(value, state)
  local out = {}
  encode(value, state and state.indent, 0, out)
  return table.concat(out)
end

return M
