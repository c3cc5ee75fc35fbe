-- sharpdig chisel helper: pairs HTTP requests and responses seen in socket I/O.
-- Offers the functions (and globals) sysdig's http chisels use from `require "http"`:
-- http_init(), parse_request(buf), parse_response(buf), run_http_parser(evt, on_transaction).
-- A transaction is { request = {method, url, ts}, response = {code, length, ts}, dir, container },
-- keyed by process and fd; dir is "<" when the request was read, ">" when it was written.

partial_transactions = {}

function http_init()
  chisel.set_filter("evt.is_io = true and evt.buflen > 0 and (fd.sockfamily = ip or fd.sockfamily = unix)")
  buffer_field = chisel.request_field("evt.buffer")
  fd_field = chisel.request_field("fd.num")
  pid_field = chisel.request_field("proc.pid")
  rawtime_field = chisel.request_field("evt.rawtime")
  datetime_field = chisel.request_field("evt.datetime")
  dir_field = chisel.request_field("evt.io_dir")
  container_field = chisel.request_field("container.name")
  sysdig.set_snaplen(1024)
end

function parse_request(buf)
  local method, url = string.match(buf, "^(%u+) (%g+)")
  if not (method and url) then return nil end
  local host = string.match(buf, "Host: (%g+)%.%.")
  if host then url = host .. url end
  return { method = method, url = url }
end

function parse_response(buf)
  local code = string.match(buf, "HTTP/[%g]+ (%d+)")
  if not code then return nil end
  local length = string.match(buf, "Content%-Length: (%d+)%.%.") or 0
  return { code = tonumber(code), length = tonumber(length) }
end

function run_http_parser(e, on_transaction)
  local buf, fd, pid = e.field(buffer_field), e.field(fd_field), e.field(pid_field)
  local io_dir = e.field(dir_field)
  local key = string.format("%d\001\001%d", pid, fd)
  local now = e.field(rawtime_field)
  local pending = partial_transactions[key]
  if not pending then
    local request = parse_request(buf)
    if request then
      local dir = "<NA>"
      if io_dir == "read" then dir = "<" elseif io_dir == "write" then dir = ">" end
      request.ts = now
      partial_transactions[key] = { request = request, dir = dir, container = e.field(container_field) }
    end
  else
    local response = parse_response(buf)
    if response then
      pending.response = response
      response.ts = now
      on_transaction(pending)
      partial_transactions[key] = nil
    end
  end
end
