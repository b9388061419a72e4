-- tests/08-baseline.t (Lua part): every namespace netlearn makes, the sandbox's own
-- included, holds netlearn's baseline; the real sysctl, inside each namespace, is
-- the oracle. One test per baseline setting, checked in: the host, a fresh
-- namespace, a namespace made after the host was set the way a Docker host is,
-- and a namespace whose every value was changed (real sysctl) and re-applied.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local baseline = require("netlearn.baseline")
local commands = require("netlearn.commands")

local function run(line)
  local out = {}
  local ctx = commands.context({ ns = "", stdout = function(s) out[#out + 1] = s end,
    stderr = function(s) out[#out + 1] = s end })
  local ok, _, st = pcall(commands.execute, line, ctx)
  return ok and (tonumber(st) or 0) or 1, table.concat(out)
end

-- every net.* value of NS, as the real sysctl prints it
local function real_all(ns)
  local out = t.nsh(ns, "sysctl -a -r '^net\\.' 2>/dev/null")
  local m = {}
  for name, value in out:gmatch("([^\n]-) = ([^\n]*)") do m[name] = value end
  return m
end

-- the baseline expanded over the devices a namespace has: {name, value}
local function expected(vals)
  local out = {}
  for _, e in ipairs(baseline.list()) do
    local name, value = e[3], e[2]
    local pre, post = name:match("^(.-)%*(.*)$")
    if pre then
      for k in pairs(vals) do
        if k:sub(1, #pre) == pre and k:sub(-#post) == post then
          local dev = k:sub(#pre + 1, #k - #post)
          if dev ~= "all" and dev ~= "default" and not dev:find(".", 1, true) then out[#out + 1] = { k, value } end
        end
      end
    elseif vals[name] ~= nil or not name:find("^net%.bridge%.") then
      -- (net.bridge.* exists only while br_netfilter is loaded: absent is not wrong)
      out[#out + 1] = { name, value }
    end
  end
  table.sort(out, function(a, b) return a[1] < b[1] end)
  return out
end

-- 1. the host and a fresh namespace
t.ok(net.ns_add("fresh"), "ip netns add fresh")
-- 2. the host set as a Docker host / Ubuntu sets the machine, then a new namespace
local code = select(2, t.sh("sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=2 " ..
  "net.ipv4.conf.default.rp_filter=2 net.ipv4.conf.default.promote_secondaries=1 net.ipv4.conf.lo.arp_ignore=1"))
t.is(code, 0, "the sandbox host set like a Docker host (real sysctl)")
local st = run("ip netns add after")
t.is(st, 0, "ip netns add after (after the host changed)")
local host_now = real_all("")
t.is(host_now["net.ipv4.conf.default.rp_filter"], "2", "creating a namespace leaves the host's own values alone")

-- 3. a namespace whose every baseline value was changed behind netlearn's back
t.ok(net.ns_add("changed"), "ip netns add changed")
local before = real_all("changed")
local cmds = {}
for _, e in ipairs(expected(before)) do
  local v = e[2]
  local other = v == "0" and "1" or v == "1" and "0" or "0"
  if before[e[1]] then cmds[#cmds + 1] = e[1] .. "=" .. other end
end
local _, c2 = t.nsh("changed", "sysctl -q -w " .. table.concat(cmds, " ") .. " 2>&1")
t.is(c2, 0, "every baseline value of 'changed' set to something else (" .. #cmds .. " values, real sysctl)")
local mid = real_all("changed")
local moved = 0
for _, e in ipairs(expected(mid)) do if mid[e[1]] ~= e[2] then moved = moved + 1 end end
t.ok(moved > #cmds / 2, "most of them now differ from the baseline (" .. moved .. ")")
local n, err = baseline.apply("changed")
t.ok(n and n > 0, "baseline.apply('changed') writes them back (" .. tostring(n or err) .. " written)")
local n2 = baseline.apply("changed")
t.is(n2, 0, "applying again writes nothing: only differing values are written")

-- one test per setting: in every namespace, what the real sysctl reads
local spaces = { host = real_all(""), fresh = real_all("fresh"), after = real_all("after"), changed = real_all("changed") }
-- the host's Docker-like values were the learner's: only the ones untouched count there
local touched = { ["net.ipv4.ip_forward"] = true, ["net.ipv4.conf.all.rp_filter"] = true,
  ["net.ipv4.conf.default.rp_filter"] = true, ["net.ipv4.conf.default.promote_secondaries"] = true,
  ["net.ipv4.conf.lo.arp_ignore"] = true, ["net.ipv4.conf.all.forwarding"] = true,
  ["net.ipv4.conf.default.forwarding"] = true, ["net.ipv4.conf.lo.forwarding"] = true,
  ["net.ipv4.conf.lo.rp_filter"] = true, ["net.ipv4.conf.lo.promote_secondaries"] = true,
  -- the kernel turns conf/all/accept_redirects off when ip_forward goes on (a router takes no redirects)
  ["net.ipv4.conf.all.accept_redirects"] = true }
local checked = 0
for _, e in ipairs(expected(spaces.fresh)) do
  local bad = {}
  for _, where in ipairs({ "host", "fresh", "after", "changed" }) do
    local v = spaces[where][e[1]]
    -- ip_forward=1 turns every device's forwarding on (tunl0 too, where ipip is loaded)
    local learners = touched[e[1]] or e[1]:find("^net%.ipv4%.conf%.[^.]+%.forwarding$")
    if not (where == "host" and learners) and v ~= e[2] then
      bad[#bad + 1] = where .. ": " .. tostring(v)
    end
  end
  t.ok(#bad == 0, e[1] .. " = " .. e[2] .. " in the host and in every new namespace", table.concat(bad, "; "))
  checked = checked + 1
end
t.ok(checked >= 60, "every baseline setting checked (" .. checked .. ")")
t.ok(spaces.fresh["net.ipv4.conf.lo.rp_filter"] ~= nil, "lo's own settings are among them")
-- what the baseline does not set stays the kernel's: lo's loopback-only values
t.is(spaces.fresh["net.ipv4.conf.lo.disable_policy"], "1", "lo keeps the kernel's disable_policy 1 (not the default's 0)")
t.is(spaces.fresh["net.ipv6.conf.lo.accept_dad"], "-1", "lo keeps the kernel's accept_dad -1")

-- 4. reset puts the host back at the baseline
st = run("reset")
t.is(st, 0, "reset")
local h = real_all("")
t.is(h["net.ipv4.ip_forward"] .. " " .. h["net.ipv4.conf.default.rp_filter"] .. " " ..
  h["net.ipv4.conf.all.rp_filter"] .. " " .. h["net.ipv4.conf.lo.arp_ignore"], "0 0 0 0",
  "after reset the host holds the baseline again (ip_forward, rp_filter, lo arp_ignore)")

-- baseline.value reads the list by name, and follows the lab's declaration
t.is(baseline.value("net.ipv4.ip_forward"), "0", "baseline.value: ip_forward 0")
t.is(baseline.value("net.bridge.bridge-nf-call-iptables"), "0", "baseline.value: bridge-nf-call-iptables 0 (no declaration)")
baseline.br_netfilter = true
t.is(baseline.value("net.bridge.bridge-nf-call-iptables"), "1", "baseline.value follows a declared br_netfilter: 1")
baseline.br_netfilter = false
t.is(baseline.value("net.bridge.bridge-nf-call-iptables"), "0", "... and its withdrawal: 0")
t.is(baseline.value("net.ipv4.no_such_key"), nil, "baseline.value: nil for a name the baseline lacks")

-- 5. br_netfilter: off in every lab namespace unless the lab declares it
if not baseline.br_netfilter_loaded() then
  t.diag("br_netfilter is not loaded on this machine: its keys do not exist, nothing to set")
  t.ok(not net.sysctl_get("", "net.bridge.bridge-nf-call-iptables"), "no bridge-nf keys in the sandbox either")
else
  local function br(ns) return (t.nsh(ns, "cat /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/bridge/bridge-nf-call-ip6tables /proc/sys/net/bridge/bridge-nf-call-arptables"):gsub("%s+", " "):gsub(" $", "")) end
  t.ok(net.ns_add("br1"), "ip netns add br1")
  t.is(br("br1"), "0 0 0", "a new namespace: bridge-nf-call-iptables/ip6tables/arptables 0 (the kernel's default is 1)")
  t.is(br(""), "0 0 0", "the host: 0 0 0")
  t.ok(baseline.set_br_netfilter(true), "the lab declares br_netfilter")
  t.is(br("br1"), "1 1 1", "an existing namespace follows: 1 1 1")
  t.is(br(""), "1 1 1", "the host follows: 1 1 1")
  t.ok(net.ns_add("br2"), "ip netns add br2")
  t.is(br("br2"), "1 1 1", "a namespace made now: 1 1 1")
  t.ok(baseline.set_br_netfilter(false), "the lab declares no br_netfilter")
  t.is(br("br1") .. "|" .. br("br2") .. "|" .. br(""), "0 0 0|0 0 0|0 0 0", "every namespace back to 0")
end
t.done()
