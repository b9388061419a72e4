--[[ tests/lib/tap.lua -- TAP output for tests written in Lua and run by `netlearn lua`.

  local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
  t.ok(cond, "name"); t.is(got, want, "name"); t.like(str, pattern, "name")
  t.sh("ip -j link")           -> stdout, code   (a real tool, in the sandbox)
  t.nsh("net1", "ip -j addr")  -> stdout, code   (a real tool inside a namespace)
  t.json(text)                 -> Lua value
  t.done()                     prints the plan and exits non-zero on any failure
]]
local net = require("netlearn.core")
local json = require("netlearn.json")
local T = { n = 0, failed = 0 }

local function emit(ok, name, diag)
  T.n = T.n + 1
  if not ok then T.failed = T.failed + 1 end
  io.stdout:write((ok and "ok " or "not ok "), T.n, " - ", (name or ""):gsub("\n", " "), "\n")
  if not ok and diag then
    io.stdout:write("#   ", tostring(diag):gsub("\n", "\n#   "), "\n")
  end
  io.stdout:flush()
  return ok
end

function T.ok(cond, name, diag) return emit(not not cond, name, diag) end

function T.is(got, want, name)
  return emit(got == want, name, string.format("got:  %s\nwant: %s", tostring(got), tostring(want)))
end

function T.like(got, pat, name)
  return emit(type(got) == "string" and got:find(pat) ~= nil, name,
    string.format("got:  %s\nwant match: %s", tostring(got), pat))
end

function T.unlike(got, pat, name)
  return emit(type(got) == "string" and got:find(pat) == nil, name,
    string.format("got:  %s\nwant no match: %s", tostring(got), pat))
end

-- fails(f(...)) : expected failure (nil, msg, errno) whose message matches pat
function T.fails(pat, name, ...)
  local r, msg, e = ...
  return emit(r == nil and type(msg) == "string" and msg:find(pat) ~= nil and math.type(e) == "integer",
    name, string.format("got: %s, %s, %s\nwant: nil, /%s/, errno", tostring(r), tostring(msg), tostring(e), pat))
end

-- fails_unchanged(state, pat, name, f, ...): f(...) is an expected failure
-- (see fails) and state() reads the same after it as before
function T.fails_unchanged(state, pat, name, f, ...)
  local before = state()
  T.fails(pat, name, f(...))
  return T.is(state(), before, name .. ": nothing changed")
end

function T.diag(...) io.stdout:write("# ", table.concat({ ... }, " "), "\n") end

function T.nsh(ns, cmd)
  local code, out, err = net.run(ns, { "/bin/sh", "-c", cmd }, { capture = true })
  return out or "", code, err
end

function T.sh(cmd) return T.nsh("", cmd) end

function T.json(text) return json.decode(text) end

function T.skip_all(why)
  io.stdout:write("1..0 # SKIP ", why, "\n")
  os.exit(0)
end

function T.done()
  io.stdout:write("1..", T.n, "\n")
  io.stdout:flush()
  os.exit(T.failed == 0 and 0 or 1)
end

return T
