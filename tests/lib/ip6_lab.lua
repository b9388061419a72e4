--[[ tests/lib/ip6_lab.lua -- for the IPv6 / neighbour tests (tests/lua/23b, 25b, 26b):
a namespace with a veth pair, and `same`: one line through netlearn and through
the real ip in the same namespace, compared (stdout, stderr's first line, the exit
status). The kernel moves under us for a moment after a link comes up (IPv6 DAD
makes link-local addresses "tentative" for 1-2 s): a pair that differs is taken
again, for up to 3 s, and must then agree.

  local lab = dofile(os.getenv("TESTLIB") .. "/ip6_lab.lua")
  lab.veth(t, "a")                       -- namespace a: e0 <-> e1, both up
  lab.same(t, "a", "ip -6 addr")         -- one TAP line
  lab.mod(t, "a", "ip -6 addr add 2001:db8::1/64 dev e0 nodad")   -- netlearn changes, must succeed
]]
local net = require("netlearn.core")
local C = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")
local L = {}

function L.veth(t, ns)
  assert(net.ns_add(ns))
  assert(net.link_add(ns, { name = "e0", type = "veth", peer = "e1", up = true }))
  assert(net.link_set(ns, "e1", { up = true }))
  assert(net.link_set(ns, "lo", { up = true }))
end

local function first_line(s) return (s or ""):match("^[^\n]*") end

-- netlearn's and the real tool's answer to LINE, as one comparable string each
local function both(ns, line)
  local st, out, err = C.nl(line, ns)
  local code, rout, rerr = C.real(line, ns)
  return string.format("status %s\n%s%s", tostring(st), out, first_line(err)),
         string.format("status %s\n%s%s", tostring(code), rout, first_line(rerr))
end

-- a line that changes nothing (a listing or a bad line): the two must agree
function L.same(t, ns, line, name)
  local mine, theirs = both(ns, line)
  for _ = 1, 30 do
    if mine == theirs then break end
    net.sleep(0.1)
    mine, theirs = both(ns, line)
  end
  return t.is(mine, theirs, name or ("same as the real ip: " .. line))
end

-- a change made through netlearn
function L.mod(t, ns, line)
  local st, out, err = C.nl(line, ns)
  return t.is(st, 0, "netlearn: " .. line .. (st ~= 0 and (" (" .. out .. err .. ")") or ""))
end

-- the same change made through the real ip (for an error the second attempt gives)
function L.real(t, ns, line)
  local code, out, err = C.real(line, ns)
  return t.is(code, 0, "real ip: " .. line .. (code ~= 0 and (" (" .. out .. err .. ")") or ""))
end

-- The namespace's state stops moving by itself: links settled (operstate, qdisc:
-- the kernel's link watch) and no IPv6 address still tentative (DAD takes 1-2 s,
-- and adds its local route when it ends; one that failed DAD stays as it is).
-- Up to 5 s: a slow VM needs that.
local function quiet(ns)
  net.links_settle(ns, 5)
  for _ = 1, 50 do
    local _, tentative = C.real("ip -6 addr show tentative -dadfailed", ns)
    if tentative == "" then return end
    net.sleep(0.1)
  end
end

-- a bad line: netlearn changes nothing and prints one error line and a hint
function L.bad(t, ns, line, state_cmd)
  quiet(ns)
  local before = select(2, C.real(state_cmd, ns))
  local st, out, err = C.nl(line, ns)
  local after = select(2, C.real(state_cmd, ns))
  t.ok(st ~= 0 and out == "" and err:match("^[^\n]+\nhint: [^\n]+\n$"), "one error line and a hint: " .. line, err)
  t.is(after, before, "nothing changed: " .. line)
  L.same(t, ns, line)
end

return L
