-- tests/19-sysctl-pernetns.t (Lua part): every writable net.* sysctl that netlearn
-- lets a learner or a lesson set is a setting of one namespace. For each: change
-- it in namespace A through netlearn (net.sysctl_set, the one primitive the
-- sysctl command, echo > /proc/sys and lessons reach), read it in namespace B and
-- in the sandbox's host namespace (both unchanged), then put A's value back.
-- Finally the real sysctl, in B and in the host, shows nothing moved. What
-- netlearn refuses is never written; nf_hooks_lwtunnel above all (a one-way
-- switch of the whole machine): if netlearn ever allowed it, this test fails
-- without writing it.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local policy = require("netlearn.sysctlpolicy")

-- never written by this test, whatever netlearn says (and netlearn must refuse them)
local NEVER = { ["net.netfilter.nf_hooks_lwtunnel"] = true, ["net.netfilter.nf_conntrack_max"] = true,
  ["net.netfilter.nf_conntrack_expect_max"] = true, ["net.netfilter.nf_conntrack_buckets"] = true }

t.ok(net.ns_add("swa") and net.ns_add("swb"), "namespaces A and B")

-- the writable files under /proc/sys/net in A, found by the real find
local out = t.nsh("swa", "find /proc/sys/net -type f -perm -200 2>/dev/null")
local keys = {}
for path in out:gmatch("[^\n]+") do
  local rel = path:match("^/proc/sys/(.+)$")
  if rel then
    local parts = {}
    for p in rel:gmatch("[^/]+") do parts[#parts + 1] = (p:gsub("%.", "/")) end
    keys[#keys + 1] = table.concat(parts, ".")
  end
end
table.sort(keys)
t.ok(#keys > 100, "A has " .. #keys .. " writable net.* sysctls")

-- the real sysctl's view of B and of the host, for the end
local function real_all(ns)
  local m = {}
  for name, value in t.nsh(ns, "sysctl -a -r '^net\\.' 2>/dev/null"):gmatch("([^\n]-) = ([^\n]*)") do m[name] = value end
  return m
end
local real_b0, real_h0 = real_all("swb"), real_all("")

-- other values to try for VALUE (as read) of NAME
local function candidates(name, v)
  local c = {}
  if name == "net.ipv4.tcp_congestion_control" then
    for a in (net.sysctl_get("swa", "net.ipv4.tcp_available_congestion_control") or ""):gmatch("%S+") do
      if a ~= v then c[#c + 1] = a end
    end
    return c
  end
  if name == "net.ipv4.tcp_fastopen_key" then
    local first = v:sub(1, 1)
    c[1] = (first == "1" and "2" or "1") .. v:sub(2)
    return c
  end
  if name:match("%.rps_default_mask$") then return { v:match("^0*$") and "1" or "0" } end
  if name:match("^net%.netfilter%.nf_log%.%d+$") then return v ~= "NONE" and { "NONE" } or c end
  if name:match("%.icmp%.ratemask$") then return { v == "0" and "1" or "0" } end
  if name == "net.mptcp.path_manager" then return { v == "kernel" and "userspace" or "kernel" } end
  local nums = {}
  for n in v:gmatch("%S+") do
    if not n:match("^%-?%d+$") then return c end
    nums[#nums + 1] = tonumber(n)
  end
  if #nums == 0 then
    if name == "net.ipv4.ip_local_reserved_ports" then return { "50000" } end
    return c
  end
  local function with(i, x)
    local t2 = {}
    for k, n in ipairs(nums) do t2[k] = tostring(k == i and x or n) end
    return table.concat(t2, " ")
  end
  if #nums == 1 and (nums[1] == 0 or nums[1] == 1) then c[#c + 1] = with(1, 1 - nums[1]) end
  for _, i in ipairs({ 1, #nums }) do
    c[#c + 1] = with(i, nums[i] + 1)
    c[#c + 1] = with(i, nums[i] - 1)
  end
  return c
end

local refused, changed, actions, nochange, leaks = {}, 0, {}, {}, {}
for _, name in ipairs(keys) do
  local allowed, why = policy.check(name, nil)
  if NEVER[name] then
    t.ok(not allowed, name .. ": netlearn refuses it (never written here)", "allowed by netlearn's policy")
    if allowed then leaks[#leaks + 1] = name .. " (allowed by the policy)" end
    local ok2, msg = net.sysctl_set("swa", name, net.sysctl_get("swa", name) or "0")
    t.ok(ok2 == nil and tostring(msg):find("refused", 1, true), name .. ": net.sysctl_set refuses it")
    refused[#refused + 1] = name
  elseif not allowed then
    refused[#refused + 1] = name .. " (" .. tostring(why):sub(1, 40) .. ")"
  else
    local old = net.sysctl_get("swa", name)
    if old == nil then
      actions[#actions + 1] = name            -- write-only: an action (route.flush), nothing to compare
    else
      local b0, h0 = net.sysctl_get("swb", name), net.sysctl_get("", name)
      local done = false
      for _, cand in ipairs(candidates(name, old)) do
        local ok = net.sysctl_set("swa", name, cand)
        local now = net.sysctl_get("swa", name)
        if ok and now ~= old then
          local b1, h1 = net.sysctl_get("swb", name), net.sysctl_get("", name)
          if b1 ~= b0 or h1 ~= h0 then
            leaks[#leaks + 1] = string.format("%s: A %s -> %s, B %s -> %s, host %s -> %s", name, old, now,
              tostring(b0), tostring(b1), tostring(h0), tostring(h1))
          end
          if old ~= "" then net.sysctl_set("swa", name, old) end
          changed = changed + 1
          done = true
          break
        end
      end
      if not done then nochange[#nochange + 1] = name .. " = " .. old end
    end
  end
end

t.is(#leaks, 0, "no value netlearn allows leaks out of A (" .. changed .. " changed in A, each checked in B and the host)")
for _, l in ipairs(leaks) do t.diag("LEAK " .. l) end
t.ok(changed > #keys / 2, "most writable sysctls were really changed in A (" .. changed .. " of " .. #keys .. ")")
t.diag(#refused .. " refused by netlearn: " .. table.concat(refused, ", "))
t.diag(#actions .. " write-only actions, not settings: " .. table.concat(actions, ", "))
t.diag(#nochange .. " took no other value here: " .. table.concat(nochange, ", "))

-- the independent look: the real sysctl in B and in the host
local real_b1, real_h1 = real_all("swb"), real_all("")
local moved = {}
for _, name in ipairs(keys) do
  if real_b0[name] ~= real_b1[name] then moved[#moved + 1] = "B " .. name end
  if real_h0[name] ~= real_h1[name] then moved[#moved + 1] = "host " .. name end
end
t.is(table.concat(moved, ", "), "", "the real sysctl in B and in the host: no writable value moved")
t.done()
