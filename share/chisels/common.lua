-- sharpdig chisel helpers: formatting and sorting shared by the chisels in this folder.
-- The global function names match the helpers sysdig's chisels expect from `require "common"`,
-- so a chisel written for sysdig can run against this folder too.

local floor = math.floor
local NS_PER_S, NS_PER_MS, NS_PER_US = 1000000000, 1000000, 1000
ONE_S_IN_NS, ONE_MS_IN_NS, ONE_US_IN_NS = NS_PER_S, NS_PER_MS, NS_PER_US

-- Pads `s` with spaces to `width`; a string that does not fit is cut to width-1 plus a space.
function extend_string(s, width)
  local len = #s
  if len < width then return s .. string.rep(" ", width - len) end
  if width <= 0 then return "" end
  return s:sub(1, width - 1) .. " "
end

-- Splits `s` at every occurrence of `sep` (a Lua pattern), keeping empty pieces.
function split(s, sep)
  local parts = {}
  for piece in (s .. sep):gmatch("(.-)" .. sep) do parts[#parts + 1] = piece end
  return parts
end

function starts_with(s, prefix) return prefix == "" or s:sub(1, #prefix) == prefix end
function ends_with(s, suffix) return suffix == "" or s:sub(-#suffix) == suffix end

-- Byte counts: plain up to 1024, then K/M/G/T/P with two decimals (KB for kilobytes).
local KB = 1024
local byte_units = {
  { KB * KB * KB * KB * KB, "P" }, { KB * KB * KB * KB, "T" }, { KB * KB * KB, "G" }, { KB * KB, "M" }, { KB, "KB" },
}
function format_bytes(n)
  for _, u in ipairs(byte_units) do
    if n > u[1] then return string.format("%.2f%s", n / u[1], u[2]) end
  end
  return string.format("%dB", n)
end

-- Nanosecond durations: "1.23s", "456ms", "7.89ms", "12us", "3.40us", "999ns".
function format_time_interval(ns)
  if ns >= NS_PER_S then
    return string.format("%d.%02ds", floor(ns / NS_PER_S), floor((ns % NS_PER_S) / 10000000))
  elseif ns >= NS_PER_S / 100 then
    return string.format("%dms", floor(ns / NS_PER_MS))
  elseif ns >= NS_PER_MS then
    return string.format("%d.%02dms", floor(ns / NS_PER_MS), floor((ns % NS_PER_MS) / 10000))
  elseif ns >= NS_PER_S / 100000 then
    return string.format("%dus", floor(ns / NS_PER_US))
  elseif ns >= NS_PER_US then
    return string.format("%d.%02dus", floor(ns / NS_PER_US), floor((ns % NS_PER_US) / 10))
  end
  return string.format("%dns", ns)
end

-- Iterates the `limit` (0 = all) entries of table t with the largest values, as ordered by
-- before(t, a, b) (true when key a goes first). Ties are ordered by key, so output is stable.
function pairs_top_by_val(t, limit, before)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if before(t, a, b) then return true end
    if before(t, b, a) then return false end
    return tostring(a) < tostring(b)
  end)
  local i = 0
  return function()
    i = i + 1
    if (limit == 0 or i <= limit) and keys[i] ~= nil then return keys[i], t[keys[i]] end
  end
end

function ts_to_str(s, ns) return string.format("%u%.9u", s, ns) end

-- Prints a key -> value table sorted by value, largest first, as a fixed-width text table
-- (or as JSON when -j was given). viz describes it: key_fld/key_desc (lists), value_fld,
-- value_desc, value_units ("none", "bytes", "time", "timepct"), top_number, output_format.
local KEY_SEP = "\001\001"
local COLUMN = 20
local RULE = string.rep("-", 80)

local function render_value(v, units, timedelta)
  if units == "bytes" then return format_bytes(v) end
  if units == "time" then return format_time_interval(v) end
  if units == "timepct" then
    if timedelta > 0 then return string.format("%.2f%%", v / timedelta * 100) end
    return "0.00%"
  end
  return tostring(v)
end

function print_sorted_table(t, ts_s, ts_ns, timedelta, viz)
  local rows = pairs_top_by_val(t, viz.top_number, function(tt, a, b) return tt[a] > tt[b] end)
  if viz.output_format == "json" then
    local json = require "dkjson"
    local data = {}
    for k, v in rows do
      local cells = split(k, KEY_SEP)
      cells[#cells + 1] = v
      data[#data + 1] = cells
    end
    local info = {}
    for i, name in ipairs(viz.key_fld) do info[i] = { name = name, desc = viz.key_desc[i], is_key = true } end
    info[#info + 1] = { name = viz.value_fld, desc = viz.value_desc, is_key = false }
    print(json.encode({ ts = sysdig.make_ts(ts_s, ts_ns), data = data, info = info }, { indent = true }))
    return
  end

  local header = extend_string(viz.value_desc, COLUMN)
  for _, d in ipairs(viz.key_desc) do header = header .. extend_string(d, COLUMN) end
  print(header)
  print(RULE)
  for k, v in rows do
    local cells = split(k, KEY_SEP)
    local line = extend_string(render_value(v, viz.value_units, timedelta), COLUMN)
    for i, cell in ipairs(cells) do
      if i < #cells then line = line .. extend_string(cell:sub(1, COLUMN), COLUMN) else line = line .. cell end
    end
    print(line)
  end
end

-- tonumber() of a chisel argument, or a message and exit when it is not a number.
function parse_numeric_input(value, name)
  local n = tonumber(value)
  if n == nil then
    print(string.format("Input %s must be a number.", name))
    os.exit()
  end
  return n
end

function copytable(v)
  if type(v) ~= "table" then return v end
  local c = {}
  for k, x in next, v, nil do c[copytable(k)] = copytable(x) end
  return setmetatable(c, copytable(getmetatable(v)))
end

function concattable(dst, src)
  for i = 1, #src do dst[#dst + 1] = src[i] end
  return dst
end

function typeof(v)
  local t = type(v)
  if t ~= "table" and t ~= "userdata" then return t end
  local mt = getmetatable(v)
  if mt ~= nil and mt._NAME ~= nil then return mt._NAME end
  return t
end

-- Serializes a value as Lua-like text (tables recursively, one entry per line unless
-- `compact`), for debugging and for lscontainers' desc mode.
function st(v, name, compact, depth)
  depth = depth or 0
  local nl = compact and "" or "\n"
  local out = string.rep(" ", depth) .. (name and (tostring(name) .. " = ") or "")
  local t = type(v)
  if t == "table" then
    out = out .. "{" .. nl
    for k, x in pairs(v) do out = out .. st(x, k, compact, depth + 1) .. "," .. nl end
    return out .. string.rep(" ", depth) .. "}"
  elseif t == "number" then return out .. tostring(v)
  elseif t == "string" then return out .. string.format("%q", v)
  elseif t == "boolean" then return out .. (v and "true" or "false")
  end
  return out .. "\"[inserializeable datatype:" .. t .. "]\""
end
