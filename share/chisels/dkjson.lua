-- sharpdig chisel helper: JSON encoding for chisel output (-j).
-- Named and shaped like the dkjson module sysdig's chisels use: json.encode(value, { indent = true }).
-- Tables whose keys are 1..n are arrays; other tables are objects with keys in sorted order.

local M = {}

local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }

local function quote(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return escapes[c] or string.format("\\u%04x", c:byte()) end) .. '"'
end

local function is_array(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for i = 1, n do if t[i] == nil then return false end end
  return true, n
end

local function encode(v, indent, depth, out)
  local kind = type(v)
  if kind == "nil" then out[#out + 1] = "null"
  elseif kind == "boolean" then out[#out + 1] = tostring(v)
  elseif kind == "number" then
    if v ~= v or v == math.huge or v == -math.huge then out[#out + 1] = "null"
    else out[#out + 1] = string.format("%.14g", v) end
  elseif kind == "string" then out[#out + 1] = quote(v)
  elseif kind == "table" then
    local pad = indent and ("\n" .. string.rep("  ", depth + 1)) or ""
    local close = indent and ("\n" .. string.rep("  ", depth)) or ""
    local array, n = is_array(v)
    if array then
      out[#out + 1] = "["
      for i = 1, n do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = pad
        encode(v[i], indent, depth + 1, out)
      end
      out[#out + 1] = (n > 0 and close or "") .. "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = tostring(k) end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = pad .. quote(k) .. (indent and ": " or ":")
        local value = v[k]
        if value == nil then value = v[tonumber(k)] end
        encode(value, indent, depth + 1, out)
      end
      out[#out + 1] = (#keys > 0 and close or "") .. "}"
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
