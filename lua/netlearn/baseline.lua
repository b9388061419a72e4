--[[ netlearn.baseline -- the kernel settings every lab namespace starts from.

A new network namespace copies its IPv4 settings (ip_forward, conf/all and
conf/default: rp_filter, send_redirects, arp_*, ...) from the machine's own
namespace, and with net.core.devconf_inherit_init_net = 1 its IPv6 ones too;
br_netfilter makes new namespaces pass bridged frames through iptables. So
the same lesson would behave differently on a Docker host (ip_forward 1),
Ubuntu (rp_filter 2) and a bare VM. netlearn sets every namespace it makes,
and the sandbox's own "host" namespace, to the values below: the kernel's
own defaults of a fresh boot, and bridged frames kept out of iptables unless
the lesson declares `br_netfilter = true`. docs/baseline.md says why each.

This module holds the table (policy); the C side (net.sysctl_baseline /
net.sysctl_apply, taken out of the public `net` by install) writes it: inside
each new namespace as ns_add makes it, reading each file first and writing
only the values that differ.

  local baseline = require("netlearn.baseline")
  baseline.install(core)          -- once, before the sandbox and before anything copies `net`
  baseline.apply_host()           -- once, right after the sandbox is entered
  baseline.set_br_netfilter(true) -- the lab's declaration; existing namespaces follow
  for _, kv in ipairs(baseline.list()) do print(kv[1], kv[2]) end
]]
local M = {}

-- net.* values of the namespace itself: {name, value}
M.NETNS = {
  { "net.ipv4.ip_forward", "0" },
}

-- per-interface settings: {family, key, all, default, devices}; devices=true
-- also sets every interface existing when the namespace is made (lo), which
-- the kernel copied from the inherited default.
M.CONF = {
  { "ipv4", "forwarding", "0", "0", true },
  { "ipv4", "rp_filter", "0", "0", true },
  { "ipv4", "accept_local", "0", "0", true },
  { "ipv4", "route_localnet", "0", "0", true },
  { "ipv4", "send_redirects", "1", "1", true },
  { "ipv4", "accept_redirects", "1", "1", true },
  { "ipv4", "secure_redirects", "1", "1", true },
  { "ipv4", "accept_source_route", "0", "1", true },
  { "ipv4", "proxy_arp", "0", "0", true },
  { "ipv4", "proxy_arp_pvlan", "0", "0", true },
  { "ipv4", "arp_filter", "0", "0", true },
  { "ipv4", "arp_ignore", "0", "0", true },
  { "ipv4", "arp_announce", "0", "0", true },
  { "ipv4", "arp_accept", "0", "0", true },
  { "ipv4", "arp_notify", "0", "0", true },
  { "ipv4", "drop_gratuitous_arp", "0", "0", true },
  { "ipv4", "promote_secondaries", "0", "0", true },
  { "ipv4", "log_martians", "0", "0", true },
  { "ipv4", "bc_forwarding", "0", "0", true },
  { "ipv4", "src_valid_mark", "0", "0", true },
  { "ipv4", "ignore_routes_with_linkdown", "0", "0", true },
  { "ipv4", "shared_media", "1", "1", true },
  { "ipv6", "disable_ipv6", "0", "0", true },
  { "ipv6", "forwarding", "0", "0", true },
  { "ipv6", "accept_dad", "0", "1", false },
  { "ipv6", "dad_transmits", "1", "1", false },
  { "ipv6", "optimistic_dad", "0", "0", false },
  { "ipv6", "accept_ra", "1", "1", false },
  { "ipv6", "autoconf", "1", "1", false },
  { "ipv6", "use_tempaddr", "0", "0", false },
  { "ipv6", "addr_gen_mode", "0", "0", false },
  { "ipv6", "keep_addr_on_down", "0", "0", false },
  { "ipv6", "proxy_ndp", "0", "0", false },
}

-- Whether bridged frames traverse iptables/ip6tables/arptables: part of the
-- lab's definition (the kernel makes a new namespace default to 1). Present
-- only while the br_netfilter module is loaded on the machine.
M.BR_NETFILTER = {
  "net.bridge.bridge-nf-call-iptables",
  "net.bridge.bridge-nf-call-ip6tables",
  "net.bridge.bridge-nf-call-arptables",
}
M.br_netfilter = false       -- the current lab's declaration

local function slashed(dotted) return (dotted:gsub("%.", "/")) end

-- Every value, in the order they are applied: {path under /proc/sys, value, dotted name}
function M.list()
  local out = {}
  local function add(dotted, value)
    out[#out + 1] = { slashed(dotted), value, dotted }
  end
  for _, kv in ipairs(M.NETNS) do add(kv[1], kv[2]) end
  for _, c in ipairs(M.CONF) do
    local base = "net." .. c[1] .. ".conf."
    add(base .. "all." .. c[2], c[3])
    add(base .. "default." .. c[2], c[4])
    if c[5] then add(base .. "*." .. c[2], c[4]) end
  end
  for _, k in ipairs(M.BR_NETFILTER) do add(k, M.br_netfilter and "1" or "0") end
  return out
end

-- What the kernel can have copied into a namespace it makes now, by the
-- machine's net.core.devconf_inherit_init_net (read before the sandbox is
-- entered; nil when unknown): 0 = IPv4 from the machine, IPv6 the kernel's
-- defaults; 2 = neither; 1 or 3 = both. Only those values are checked in a
-- new namespace (the rest are the kernel's defaults, which the baseline
-- repeats); the sandbox's own namespace gets the whole list.
M.inherit = nil

function M.fresh_list()
  local skip_v4 = M.inherit == "2"
  local skip_v6 = M.inherit == "0" or M.inherit == "2"
  local out = {}
  for _, e in ipairs(M.list()) do
    local fam = e[3]:match("^net%.(ipv[46])%.")
    if not ((fam == "ipv4" and skip_v4) or (fam == "ipv6" and skip_v6)) then out[#out + 1] = e end
  end
  return out
end

local raw = {}               -- the C functions, kept out of the public `net`

local function register()
  if raw.baseline then raw.baseline(M.fresh_list()) end
end

-- Once, before anything copies the `net` module: the write policy, and the
-- baseline registered with the C side (every ns_add applies it).
function M.install(core)
  core = core or require("netlearn.core")
  if raw.core then return end
  raw.core = core
  if M.inherit == nil then
    local f = io.open("/proc/sys/net/core/devconf_inherit_init_net", "r")
    M.inherit = f and f:read("l") or nil
    if f then f:close() end
  end
  raw.apply, raw.baseline = core.sysctl_apply, core.sysctl_baseline
  core.sysctl_apply, core.sysctl_baseline = nil, nil
  require("netlearn.sysctlpolicy").install(core)
  register()
end

-- Apply the baseline to namespace NS ("" = the sandbox's host): how many
-- values were written, or nil and why.
function M.apply(ns)
  if not raw.apply then return nil, "the baseline is not installed" end
  return raw.apply(ns or "", M.list())
end

-- Right after the sandbox is entered: its own namespace was made by the
-- kernel from the machine's values, as any other.
function M.apply_host()
  local n, e = M.apply("")
  if not n then return nil, "cannot give the sandbox netlearn's baseline: " .. tostring(e) end
  return n
end

-- Is br_netfilter loaded (do the lab's namespaces have the keys)?
function M.br_netfilter_loaded()
  local f = io.open("/proc/sys/" .. slashed(M.BR_NETFILTER[1]), "r")
  if f then f:close() return true end
  return false
end

-- "lab": the lab sets it per namespace; "machine": the module is loaded but
-- the kernel (before Linux 5.3) keeps one machine-wide setting no lab
-- namespace sees; "absent": bridged frames never traverse iptables.
function M.br_netfilter_state()
  if M.br_netfilter_loaded() then return "lab" end
  local f = io.open("/sys/module/br_netfilter/refcnt", "r")
  if f then f:close() return "machine" end
  return "absent"
end

-- The lab's br_netfilter setting: new namespaces get it, and so do the host
-- and every namespace the lab has now.
function M.set_br_netfilter(on)
  on = on and true or false
  M.br_netfilter = on
  register()
  if not raw.apply then return 0 end
  local list = {}
  for _, k in ipairs(M.BR_NETFILTER) do list[#list + 1] = { slashed(k), on and "1" or "0" } end
  local n, e = raw.apply("", list)
  if not n then return nil, e end
  local core = raw.core
  for _, ns in ipairs(core.ns_list() or {}) do
    local k = raw.apply(ns, list)
    if k then n = n + k end
  end
  return n
end

local NOTE = {
  en = "this lesson's lab passes bridged frames through iptables (br_netfilter), but the br_netfilter module is not " ..
    "loaded on this machine, so here they skip iptables and the claims about it may fail; as root, outside netlearn: " ..
    "modprobe br_netfilter",
  zh = "本课的实验让经过网桥的帧经过 iptables（br_netfilter），但这台机器没有加载 br_netfilter 模块，所以这里它们不经过 " ..
    "iptables，相关的说法可能不成立；可以在 netlearn 之外以 root 运行：modprobe br_netfilter",
}
M.NOTE = NOTE
local NOTE_MACHINE = {
  en = "this lesson's lab passes bridged frames through iptables (br_netfilter), but this kernel (before Linux 5.3) " ..
    "keeps one br_netfilter setting for the whole machine, which a lab cannot choose: bridged frames follow the " ..
    "machine's net.bridge.bridge-nf-call-iptables, and the claims about it may fail",
  zh = "本课的实验让经过网桥的帧经过 iptables（br_netfilter），但这个内核（Linux 5.3 之前）整台机器只有一个 br_netfilter " ..
    "设置，实验无法自己选择：经过网桥的帧按机器的 net.bridge.bridge-nf-call-iptables 处理，相关的说法可能不成立",
}
M.NOTE_MACHINE = NOTE_MACHINE

-- The lesson runtime calls this when a lesson starts (its `br_netfilter =`
-- declaration, default false). R: the run, to say once what the machine
-- cannot give.
function M.declare(L, R)
  local want = type(L) == "table" and L.br_netfilter == true
  M.set_br_netfilter(want)
  local state = want and R and M.br_netfilter_state()
  if state and state ~= "lab" then
    local note = state == "machine" and NOTE_MACHINE or NOTE
    local lang = (R.lang == "zh") and "zh" or "en"
    if R.mode == "check" then
      io.stdout:write("# ", L.id or "lesson", ": ", note.en, "\n")
    else
      R:say("⚠ " .. note[lang])
    end
  end
end

---------------------------------------------------------------------------
-- The machine's own values, for `netlearn doctor`: read before the sandbox
-- is entered (inside it, /proc/sys/net is the sandbox's).
---------------------------------------------------------------------------
M.machine = nil

local function read(dotted)
  local f = io.open("/proc/sys/" .. slashed(dotted), "r")
  if not f then return nil end
  local v = f:read("a")
  f:close()
  return v and (v:gsub("%s+$", "")) or nil
end

function M.snapshot_machine()
  local t = { values = {} }
  for _, e in ipairs(M.list()) do
    if not e[3]:find("*", 1, true) then t.values[e[3]] = read(e[3]) end
  end
  t.inherit = read("net.core.devconf_inherit_init_net")
  M.inherit = M.inherit or t.inherit
  t.br_netfilter = read(M.BR_NETFILTER[1]) ~= nil
  M.machine = t
  return t
end

-- What the kernel gives a namespace it makes for the value NAME (dotted): a
-- copy of the machine's own (devconf_inherit_init_net 0 or 1; IPv6 only with
-- 1), or nil when netlearn cannot say (2: the kernel's built-in defaults; 3:
-- the making namespace's; no snapshot of the machine).
function M.kernel_gives(name)
  local snap, inh = M.machine, M.inherit
  if not snap or inh == "2" or inh == "3" then return nil end
  if name:match("^net%.ipv6%.") and inh ~= "1" then return nil end
  return snap.values[name]
end

-- What the kernel copied into NS, a namespace this session made, where the
-- baseline had to change it (recorded by ns_add): for each of NAMES (dotted)
-- that it changed, { name =, given = what the kernel gave, value = the
-- baseline's }, in NAMES' order. nil for a namespace this session did not make.
function M.copied(ns, names)
  local g = ns ~= "" and require("netlearn.core").ns_given(ns)
  if not g then return nil end
  local out = {}
  for _, k in ipairs(names) do
    if g[k] then out[#out + 1] = { name = k, given = g[k], value = M.value(k) } end
  end
  return out
end

-- What the kernel gave NS for NAME when this session made it: the recorded
-- value where the baseline changed it; any other value of the list held the
-- baseline's already. nil for a namespace this session did not make.
function M.given(ns, name)
  local c = M.copied(ns, { name })
  if not c then return nil end
  return c[1] and c[1].given or M.value(name)
end

-- The baseline's value of NAME (dotted), or nil when the baseline has none.
-- The list by name is made once for each br_netfilter declaration.
local by_name = { bnf = nil, map = nil }
function M.value(name)
  if not by_name.map or by_name.bnf ~= M.br_netfilter then
    by_name.map, by_name.bnf = {}, M.br_netfilter
    for _, e in ipairs(M.list()) do by_name.map[e[3]] = by_name.map[e[3]] or e[2] end
  end
  return by_name.map[name]
end

-- {name, machine, lab} for every baseline value the machine holds otherwise
-- (bridge keys compared with the default lab: off).
function M.machine_differences(snap)
  snap = snap or M.machine
  local diff = {}
  if not snap then return diff end
  for _, e in ipairs(M.list()) do
    local v = snap.values[e[3]]
    local want = e[2]
    if e[3]:match("^net%.bridge%.") then want = "0" end
    if v and v ~= want then diff[#diff + 1] = { name = e[3], machine = v, lab = want } end
  end
  return diff
end

return M
