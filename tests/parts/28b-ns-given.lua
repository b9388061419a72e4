-- tests/28b-ns-given.t (Lua part): what the kernel gives a namespace when it is
-- made. netlearn records the values its baseline had to change (net.ns_given);
-- the oracle is a namespace made by the real `ip netns add` at the same moment,
-- which keeps what the kernel gave it. Then the narration of `ip netns add`
-- says what was copied from the machine (MACHINE_IP_FORWARD: the machine's
-- ip_forward, read by the .t outside netlearn), and the sysctl_given claim holds.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local baseline = require("netlearn.baseline")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
local function run(line)
  local st, out, err = cmdline.run(line)
  return st, out .. err
end

t.ok(net.ns_add("mine"), "netlearn makes a namespace")
local _, c = t.sh("ip netns add theirs")
t.is(c, 0, "the real ip makes one beside it")
local names = 0
for _, e in ipairs(baseline.fresh_list()) do
  local name = e[3]
  if not name:find("*", 1, true) then
    local real = t.nsh("theirs", "sysctl -n " .. name .. " 2>/dev/null"):gsub("%s+$", "")
    if real ~= "" then
      names = names + 1
      t.is(baseline.given("mine", name), real, name .. ": what netlearn says the kernel gave = what the kernel gives")
    end
  end
end
t.ok(names >= 5, "(" .. names .. " values compared)")
t.is(net.ns_given("nosuch"), nil, "a namespace this session did not make: nil")
t.is(baseline.given("", "net.ipv4.ip_forward"), nil, "the sandbox's own namespace: nil")
-- a namespace made again under the same name: the new record
assert(net.ns_del("mine"))
assert(net.ns_add("mine"))
t.ok(type(net.ns_given("mine")) == "table", "made again: recorded again")

-- the narration of ip netns add
local machine = os.getenv("MACHINE_IP_FORWARD")
-- typed at the shell, which prints the narration after the command
local function typed(lines)
  local S = require("netlearn.shell")
  local tmp = os.tmpname()
  local f = assert(io.open(tmp, "w"))
  local real = io.stdout
  io.stdout = f
  for _, l in ipairs(lines) do S.feed(l) end
  io.stdout = real
  f:close()
  local text = io.open(tmp):read("a")
  os.remove(tmp)
  return text
end
local out = typed({ "set explain on", "ip netns add told", "set explain off" })
local rp = os.getenv("MACHINE_RP_FILTER")
local line = out:match("%+ netns told[^\n]*") or ""
if machine == "1" then
  t.like(line, "^%+ netns told %(the kernel copied the machine's net%.ipv4%.ip_forward = 1[^\n]* into it; " ..
    "netlearn's baseline set net%.ipv4%.ip_forward = 0", "explain: the machine's ip_forward 1, copied, then set to 0")
else
  t.unlike(line, "ip_forward", "explain: the machine's ip_forward is 0, nothing to say of it")
end
if rp ~= "0" then
  t.like(line, "net%.ipv4%.conf%.all%.rp_filter = " .. tostring(rp), "explain: the machine's rp_filter " .. tostring(rp) .. " copied")
else
  t.unlike(line, "rp_filter", "explain: the machine's rp_filter is 0, nothing to say of it")
end
if machine ~= "1" and rp == "0" then t.is(line, "+ netns told", "explain: nothing copied worth saying") end

-- the claim
local claims = require("netlearn.claims")
local lab = { net = net, lang = "en", exec = function(l) return run(l) end }
local c = claims.kinds.sysctl_given({ ns = "told", name = "net.ipv4.ip_forward" })
local ok, seen = claims.check(c, lab)
t.ok(ok, "sysctl_given holds on this machine", seen)
t.like(seen, "the kernel gave net%.ipv4%.ip_forward = " .. tostring(machine), "and it saw the machine's value")
c = claims.kinds.sysctl_given({ ns = "theirs", name = "net.ipv4.ip_forward" })
t.ok(not claims.check(c, lab), "sysctl_given of a namespace netlearn did not make fails")
t.sh("ip netns del theirs")
t.done()
