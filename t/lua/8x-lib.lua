-- Shared by t/80..t/84: run a lab script (t/data/*.cmds: command lines, Lua
-- lines starting with "net.", # comments) and capture a command's output.
local commands = require("netlearn.commands")
local L = {}
L.data = os.getenv("TESTLIB") .. "/../data"

function L.run(line, ns)
  local out, err = {}, {}
  local ctx = commands.context({ ns = ns or "", stdout = function(s) out[#out + 1] = s end,
    stderr = function(s) err[#err + 1] = s end })
  local ok, status = commands.execute(line, ctx)
  return table.concat(out), ok, table.concat(err), status, ctx
end

function L.build(name)
  local f = assert(io.open(L.data .. "/" .. name, "r"))
  local failed = {}
  for line in f:lines() do
    if line:match("^net%.") then
      local chunk = assert(load("return " .. line, "=" .. name, "t", { net = net }))
      local r, e = chunk()
      if not r then failed[#failed + 1] = line .. ": " .. tostring(e) end
    elseif not line:match("^%s*#") and not line:match("^%s*$") then
      local _, ok, err = L.run(line)
      if not ok then failed[#failed + 1] = line .. ": " .. err end
    end
  end
  f:close()
  return #failed == 0, table.concat(failed, "\n")
end

function L.read(name)
  local f = io.open(L.data .. "/" .. name, "r")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

-- compare with the reviewed expected text; NETLEARN_REGEN=1 writes it instead
function L.expect(t, got, name, what)
  if os.getenv("NETLEARN_REGEN") then
    local f = assert(io.open(L.data .. "/" .. name, "w"))
    f:write(got)
    f:close()
  end
  local want = L.read(name)
  if got == want then return t.ok(true, what) end
  return t.ok(false, what, "got:\n" .. got .. "\nwant (t/data/" .. name .. "):\n" .. tostring(want))
end

return L
