-- sharpdig chisel lscontainers: the containers known at the start of the capture.
description = "Prints the containers known at the first event of the capture: type, image, name and id. With the argument desc, prints them as a Lua data structure instead."
short_description = "List the running containers"
category = "System State"
args = {
  { name = "desc", description = "pass desc to print the list as a data structure", argtype = "string", optional = true },
}

require "common"
local capturing, as_data = false, false

function on_set_arg(name, val)
  if name == "desc" and val == "desc" then as_data = true; return true end
  return false
end

function on_capture_start() capturing = true; return true end

function on_event()
  sysdig.end_capture()
  return true
end

function on_capture_end()
  if not capturing then return end
  local containers = sysdig.get_container_table()
  if as_data then
    print(st(containers))
    return
  end
  print(extend_string("container.type", 15) .. extend_string("container.image", 16) ..
        extend_string("container.name", 20) .. extend_string("container.id", 13))
  print(extend_string(string.rep("-", 15), 15) .. extend_string(string.rep("-", 16), 16) ..
        extend_string(string.rep("-", 20), 20) .. extend_string(string.rep("-", 13), 13))
  for _, c in ipairs(containers) do
    print(extend_string(tostring(c.type), 15) .. extend_string(tostring(c.image), 16) ..
          extend_string(tostring(c.name), 20) .. extend_string(tostring(c.id), 13))
  end
end
