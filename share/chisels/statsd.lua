-- sharpdig chisel helper: a small statsd client sending through sysdig.udp_send.
-- local client = require("statsd")({ host = "127.0.0.1", port = 8125, namespace = "app" })
-- client:timer("db.query", 12.5); client:increment("hits"); client:gauge("queue", 7)
-- The peer is set with sysdig.udp_setpeername when the client is created.

local M = {}
M.__index = M

local function message(self, stat, value, kind, rate)
  local prefix = self.namespace and (self.namespace .. ".") or ""
  local suffix = (rate and rate ~= 1) and ("|@" .. rate) or ""
  return prefix .. tostring(stat):gsub("[:|@]", "_") .. ":" .. value .. "|" .. kind .. suffix
end

function M:send(stat, value, kind, rate)
  if rate and rate ~= 1 and math.random() > rate then return end
  return sysdig.udp_send(message(self, stat, value, kind, rate))
end

function M:gauge(stat, value, rate) return self:send(stat, value, "g", rate) end
function M:counter(stat, value, rate) return self:send(stat, value, "c", rate) end
function M:increment(stat, value, rate) return self:send(stat, value or 1, "c", rate) end
function M:decrement(stat, value, rate) return self:send(stat, -(value or 1), "c", rate) end
function M:timer(stat, ms) return self:send(stat, ms, "ms") end
function M:histogram(stat, value) return self:send(stat, value, "h") end
function M:meter(stat, value) return self:send(stat, value, "m") end
function M:set(stat, value) return self:send(stat, value, "s") end

return function(options)
  options = options or {}
  local self = setmetatable({ namespace = options.namespace }, M)
  sysdig.udp_setpeername(options.host or "127.0.0.1", tostring(options.port or 8125))
  return self
end
