--[[ netlearn.narrate -- what changed: snapshots of kernel state and their difference.

A snapshot holds, for every namespace of the lab (the host and each named
one): links (type, state, master, MTU, MAC, peer), IPv4 addresses, routes
(every table but local), rules, neighbours, nf_tables rules and chain
policies, and a small watched list of sysctls (ip_forward, rp_filter and
proxy_arp, all/default and per device). Taking one costs a few netlink dumps
per namespace: about 3 ms for a lab of ten namespaces.

  local narrate = require("netlearn.narrate")
  local a = narrate.snapshot()
  ...                                   -- commands, Lua, a lesson step
  local d = narrate.diff(a, narrate.snapshot())
  io.write(narrate.format(d))           -- "+ link veth0 (veth, peer veth1@net1) in host" ...

A diff is a list of changes {op = "+"|"-"|"~"|">", kind = "link"|"addr"|
"route"|"rule"|"neigh"|"nft"|"sysctl"|"netns", ns =, text =, old =, new =};
">" is a link that moved to another namespace. The shell's `set explain on`
prints the diff after every command (see netlearn.cmd.see), and for a net.*
call typed as Lua, the iproute2/iptables command line it stands for
(narrate.command_line).
]]
local net = require("netlearn.core")
local kinds = require("netlearn.kinds")

local M = {}

-- Snapshots use the real namespace names, whatever machine the shell is on
-- (netlearn.machine): `machine m1` changes names, not the kernel, and a view's
-- snapshot compared with another view's narrated changes that never happened.
-- So a change inside machine m1's ns1 is told as "in m1:ns1".
local function real_net()
  local m = package.loaded["netlearn.machine"]
  if type(m) == "table" and m.raw then return m.raw end
  return net
end

M.WATCH = { "net.ipv4.ip_forward", "net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter",
  "net.ipv4.conf.all.proxy_arp" }
M.WATCH_DEV = { "rp_filter", "proxy_arp" }

-- The learner's language: the words around names and addresses are
-- Chinese under --lang zh (object words such as link, addr, route stay:
-- they are the commands' own).
local function zh()
  local i18n = package.loaded["netlearn.i18n"]
  return type(i18n) == "table" and i18n.lang == "zh"
end
local function W(en, zh_text) return zh() and zh_text or en end

local function label(ns) return ns == "" and "host" or ns end
-- " in NS", or (zh) "（在 NS 里）"; extra: one more remark in the same brackets
local function where(ns, extra)
  if zh() then return "（在 " .. label(ns) .. " 里" .. (extra and ("，" .. extra) or "") .. "）" end
  return " in " .. label(ns) .. (extra and (" (" .. extra .. ")") or "")
end
-- ": " after a where(): full width after the Chinese bracket
local function colon() return zh() and "：" or ": " end

-- the state is kept in English in a snapshot, worded when told
local function state_of(l)
  if not l.up then return "DOWN" end
  if l.lower_up == false then return "UP (no carrier)" end
  return "UP"
end
local function state_words(s)
  if s == "UP (no carrier)" and zh() then return "UP（无载波）" end
  return s
end

local function route_text(r)
  local s = r.dst
  if r.type and r.type ~= "unicast" then s = r.type .. " " .. s end
  if r.gateway then s = s .. " via " .. r.gateway end
  if r.dev then s = s .. " dev " .. r.dev end
  if r.table and r.table ~= 254 then s = s .. " table " .. r.table end
  if r.metric and r.metric ~= 0 then s = s .. " metric " .. r.metric end
  if r.src and r.protocol ~= "kernel" then s = s .. " src " .. r.src end
  return s
end
M.route_text = route_text

local function rule_text(r)
  local s = tostring(r.priority) .. ": from " .. tostring(r.from or "all")
  if r.to then s = s .. " to " .. r.to end
  if r.iif then s = s .. " iif " .. r.iif end
  if r.oif then s = s .. " oif " .. r.oif end
  if r.fwmark then s = s .. " fwmark " .. r.fwmark end
  if r.action == "lookup" or not r.action then s = s .. " lookup " .. tostring(r.table_name or r.table)
  else s = s .. " " .. r.action end
  return s
end

local function nft_text(r)
  local topo = require("netlearn.topo")
  return "iptables " .. topo.rule_text(r)
end

-- What the kernel copied from the machine into a namespace netlearn just made,
-- where the baseline changed it (ip_forward 1 on a Docker host): the article's
-- "net1 forwarded from the start", said when it happens.
local GIVEN_SAID = { "net.ipv4.ip_forward", "net.ipv4.conf.all.rp_filter" }
local function given_words(ns)
  local c = require("netlearn.baseline").copied(ns, GIVEN_SAID)
  if not c then return "" end
  local copied, set = {}, {}
  for _, e in ipairs(c) do
    copied[#copied + 1] = e.name .. " = " .. e.given
    set[#set + 1] = e.name .. " = " .. tostring(e.value)
  end
  if #copied == 0 then return "" end
  return W(" (the kernel copied the machine's " .. table.concat(copied, ", ") .. " into it; netlearn's baseline set " ..
    table.concat(set, ", ") .. ")",
    "（内核把机器上的 " .. table.concat(copied, "，") .. " 复制了进来；netlearn 的基线把它设成了 " .. table.concat(set, "，") .. "）")
end

-- One namespace.
local function snap_ns(ns, net)
  local s = { links = {}, addrs = {}, routes = {}, rules = {}, neigh = {}, nft = {}, sysctl = {} }
  local links = net.link_list(ns)
  if not links then return nil end
  for _, l in ipairs(links) do
    s.links[l.name] = { name = l.name, ifindex = l.ifindex, type = l.type, state = state_of(l), master = l.master,
      mtu = l.mtu, address = l.address, peer_ns = l.peer_ns, peer_name = l.peer_name, link = l.link, mode = l.mode }
  end
  -- a listing that fails makes the namespace unknown (nil), never empty: an
  -- empty one would be narrated as everything deleted
  local addrs = net.addr_list(ns)
  if not addrs then return nil end
  for _, a in ipairs(addrs) do
    if a.family == "inet" then s.addrs[a.address .. "/" .. a.prefixlen .. " on " .. a.dev] = true end
  end
  local routes = net.route_list(ns, { table = "all" })
  if not routes then return nil end
  for _, r in ipairs(routes) do
    if r.table ~= 255 then s.routes[route_text(r)] = r.protocol == "kernel" and "kernel" or true end
  end
  local rules = net.rule_list(ns)
  if not rules then return nil end
  for _, r in ipairs(rules) do s.rules[rule_text(r)] = true end
  local neigh = net.neigh_list(ns)
  if not neigh then return nil end
  for _, n in ipairs(neigh) do
    if n.lladdr then s.neigh[n.dst .. " dev " .. n.dev] = n.lladdr end
  end
  local l = net.nft_list(ns)
  if l then
    for _, c in ipairs(l.chains or {}) do
      if c.policy then s.nft["policy " .. c.table .. " " .. c.chain] = c.policy end
    end
    for _, r in ipairs(l.rules or {}) do s.nft[nft_text(r)] = true end
  end
  for _, k in ipairs(M.WATCH) do s.sysctl[k] = net.sysctl_get(ns, k) end
  for name, l in pairs(s.links) do
    if l.type ~= "loopback" then
      for _, k in ipairs(M.WATCH_DEV) do
        local key = "net.ipv4.conf." .. name:gsub("%.", "/") .. "." .. k
        s.sysctl[key] = net.sysctl_get(ns, key)
      end
    end
  end
  return s
end

-- -> snapshot {order = {...}, ns = {[name] = ...}, time = seconds taken}
function M.snapshot(opts)
  opts = opts or {}
  local net = real_net()
  local t0 = os.clock()
  local snap = { order = {}, ns = {}, unknown = {} }
  local list = opts.namespaces
  if not list then
    list = { "" }
    local names = net.ns_list()
    if not names then snap.incomplete = true end    -- which namespaces exist is unknown
    for _, n in ipairs(names or {}) do list[#list + 1] = n end
  end
  for _, ns in ipairs(list) do
    local s = snap_ns(ns, net)
    if s then
      snap.order[#snap.order + 1] = ns
      snap.ns[ns] = s
    elseif net.ns_exists == nil or ns == "" or net.ns_exists(ns) then
      snap.unknown[ns] = true                        -- there, but a listing failed
    end
  end
  snap.time = os.clock() - t0
  return snap
end

local sorted_keys = require("netlearn.util").sorted_keys

local function link_desc(l, ns)
  local parts = { l.type or "ether" }
  if l.mode then parts[1] = parts[1] .. " " .. l.mode end
  if (kinds.get(l.type) or {}).pair then
    if l.peer_name then
      parts[#parts + 1] = W("peer ", "对端 ") .. l.peer_name .. "@" .. label(l.peer_ns or ns)
    elseif l.link then
      parts[#parts + 1] = W("peer ", "对端 ") .. l.link
    end
  elseif l.link and (kinds.get(l.type) or {}).wire == "child" then
    parts[#parts + 1] = W("on ", "基于 ") .. l.link
  end
  if l.master then parts[#parts + 1] = "master " .. l.master end
  if zh() then return "（" .. table.concat(parts, "，") .. "）" end
  return "(" .. table.concat(parts, ", ") .. ")"
end

function M.diff(a, b)
  local d = {}
  local function add(op, kind, ns, text, old, new)
    d[#d + 1] = { op = op, kind = kind, ns = ns, text = text, old = old, new = new }
  end
  local empty = { links = {}, addrs = {}, routes = {}, rules = {}, neigh = {}, nft = {}, sysctl = {} }
  -- what a failed listing left unknown is not narrated: better nothing than
  -- "deleted" for what is still there
  if a.incomplete or b.incomplete then return d end
  local order, seen = {}, {}
  for _, s in ipairs({ a, b }) do
    for _, ns in ipairs(s.order) do
      if not seen[ns] and not (a.unknown and a.unknown[ns]) and not (b.unknown and b.unknown[ns]) then
        seen[ns] = true order[#order + 1] = ns
      end
    end
  end
  -- links that left one namespace and arrived in another (same MAC and type)
  local moved_from, moved_to = {}, {}
  for _, ns in ipairs(order) do
    local A, B = a.ns[ns] or empty, b.ns[ns] or empty
    for name, l in pairs(A.links) do
      if not B.links[name] or B.links[name].ifindex ~= l.ifindex then
        for _, ns2 in ipairs(order) do
          if ns2 ~= ns and b.ns[ns2] then
            for name2, l2 in pairs(b.ns[ns2].links) do
              local was = a.ns[ns2] and a.ns[ns2].links[name2]
              if not was and l2.address == l.address and l2.type == l.type and l.address and
                l.address ~= "00:00:00:00:00:00" then
                moved_from[ns .. "\0" .. name] = true
                moved_to[ns2 .. "\0" .. name2] = { ns = ns, name = name }
              end
            end
          end
        end
      end
    end
  end
  for _, ns in ipairs(order) do
    if not a.ns[ns] then add("+", "netns", ns, "netns " .. label(ns) .. given_words(ns)) end
  end
  local removed_peer, printed_peer = {}, {}
  local DEFAULT_RULES = { ["0: from all lookup local"] = true, ["32766: from all lookup main"] = true,
    ["32767: from all lookup default"] = true }
  for _, ns in ipairs(order) do
    local A, B = a.ns[ns] or empty, b.ns[ns] or empty
    local gone_ns = not b.ns[ns]
    -- links
    for _, name in ipairs(sorted_keys(B.links)) do
      local l, o = B.links[name], A.links[name]
      if o and o.ifindex ~= l.ifindex then o = nil end          -- deleted and made again
      local mv = moved_to[ns .. "\0" .. name]
      if not o and mv then
        local s = zh() and ("link " .. mv.name .. " 从 " .. label(mv.ns) .. " 移到了 " .. label(ns))
          or ("link " .. mv.name .. " moved from " .. label(mv.ns) .. " to " .. label(ns))
        if mv.name ~= name then s = s .. W(" (now named " .. name .. ")", "（改名为 " .. name .. "）") end
        add(">", "link", ns, s)
        local ol = a.ns[mv.ns].links[mv.name]
        if ol.state ~= l.state then
          add("~", "link", ns, "link " .. name .. where(ns) .. colon() .. state_words(ol.state) .. " -> " .. state_words(l.state))
        end
      elseif not o and not a.ns[ns] and name == "lo" and l.state == "DOWN" then
        -- every new namespace has a loopback device, DOWN: not news
      elseif not o then
        -- a new veth pair: one line for both ends
        if not printed_peer[ns .. "\0" .. name] then
          add("+", "link", ns, "link " .. name .. W(" ", "") .. link_desc(l, ns) .. where(ns))
          local pns, pname = l.peer_ns or ns, l.peer_name or l.link
          if (kinds.get(l.type) or {}).pair and pname then printed_peer[pns .. "\0" .. pname] = true end
        end
        if l.state ~= "DOWN" then add("~", "link", ns, "link " .. name .. where(ns) .. colon() .. "DOWN -> " .. state_words(l.state)) end
      else
        for _, f in ipairs({ "state", "master", "mtu", "address" }) do
          if o[f] ~= l[f] then
            local old, new = o[f], l[f]
            if f == "master" then old, new = old or W("none", "无"), new or W("none", "无") end
            if f == "state" then old, new = state_words(old), state_words(new) end
            add("~", "link", ns, "link " .. name .. where(ns) .. colon() ..
              (f == "state" and "" or f .. " ") .. tostring(old) .. " -> " .. tostring(new), o[f], l[f])
          end
        end
      end
    end
    for _, name in ipairs(sorted_keys(A.links)) do
      local o, l = A.links[name], B.links[name]
      if (not l or l.ifindex ~= o.ifindex) and not moved_from[ns .. "\0" .. name] and not gone_ns and
        not removed_peer[ns .. "\0" .. name] then
        local what = o.type or "ether"
        local pns, pname = o.peer_ns or ns, o.peer_name or o.link
        if (kinds.get(o.type) or {}).pair and pname then
          local pb = b.ns[pns]
          if not pb or not pb.links[pname] then
            what = W("veth, and its peer ", "veth，连同对端 ") .. pname .. (pns ~= ns and ("@" .. label(pns)) or "")
            removed_peer[pns .. "\0" .. pname] = true
          end
        end
        add("-", "link", ns, "link " .. name .. W(" (" .. what .. ")", "（" .. what .. "）") .. where(ns))
      end
    end
    if not gone_ns then
      -- addresses, routes, rules, neighbours, nft
      local function sets(kind, field, fmt)
        for _, k in ipairs(sorted_keys(B[field])) do
          if A[field][k] == nil then add("+", kind, ns, fmt(k, B[field][k], "+")) end
        end
        for _, k in ipairs(sorted_keys(A[field])) do
          if B[field][k] == nil then add("-", kind, ns, fmt(k, A[field][k], "-")) end
        end
      end
      sets("addr", "addrs", function(k)
        return "addr " .. (zh() and k:gsub(" on ", " dev ", 1) or k) .. where(ns)
      end)
      sets("route", "routes", function(k, v, op)
        if v ~= "kernel" then return "route " .. k .. where(ns) end
        if zh() then return "route " .. k .. where(ns, op == "+" and "内核自动添加" or "内核自动删除") end
        return "route " .. k .. where(ns) .. (op == "+" and " (added by the kernel)" or " (removed by the kernel)")
      end)
      if a.ns[ns] then
        sets("rule", "rules", function(k) return "rule " .. k .. where(ns) end)
      else
        for _, k in ipairs(sorted_keys(B.rules)) do
          if not DEFAULT_RULES[k] then add("+", "rule", ns, "rule " .. k .. where(ns)) end
        end
      end
      for _, k in ipairs(sorted_keys(B.neigh)) do
        if A.neigh[k] == nil then add("+", "neigh", ns, "neigh " .. k .. " lladdr " .. B.neigh[k] .. where(ns))
        elseif A.neigh[k] ~= B.neigh[k] then
          add("~", "neigh", ns, "neigh " .. k .. where(ns) .. colon() .. "lladdr " .. A.neigh[k] .. " -> " .. B.neigh[k])
        end
      end
      for _, k in ipairs(sorted_keys(A.neigh)) do
        if B.neigh[k] == nil then add("-", "neigh", ns, "neigh " .. k .. where(ns)) end
      end
      for _, k in ipairs(sorted_keys(B.nft)) do
        local v, o = B.nft[k], A.nft[k]
        if k:match("^policy ") then
          local t, c = k:match("^policy (%S+) (%S+)")
          if o and o ~= v then
            add("~", "nft", ns, W("policy of " .. t .. " " .. c, t .. " " .. c .. " 的默认策略") .. where(ns) .. colon() ..
              o .. " -> " .. v)
          elseif not o and v ~= "ACCEPT" then
            add("~", "nft", ns, W("policy of " .. t .. " " .. c, t .. " " .. c .. " 的默认策略") .. where(ns) .. colon() ..
              "ACCEPT -> " .. v)
          end
        elseif o == nil then
          add("+", "nft", ns, k .. where(ns))
        end
      end
      for _, k in ipairs(sorted_keys(A.nft)) do
        if B.nft[k] == nil and not k:match("^policy ") then add("-", "nft", ns, k .. where(ns)) end
      end
      for _, k in ipairs(sorted_keys(B.sysctl)) do
        local o, v = A.sysctl[k], B.sysctl[k]
        if o ~= nil and o ~= v then
          add("~", "sysctl", ns, "sysctl " .. k .. where(ns) .. colon() .. tostring(o) .. " -> " .. tostring(v), o, v)
        end
      end
    end
  end
  for _, ns in ipairs(order) do
    if not b.ns[ns] then
      add("-", "netns", ns, "netns " .. label(ns) .. W(" (and everything in it)", "（连同其中的一切）"))
    end
  end
  return d
end

function M.format(d, opts)
  opts = opts or {}
  local out = {}
  for _, c in ipairs(d) do out[#out + 1] = c.op .. " " .. c.text end
  if #out == 0 then return opts.quiet and "" or W("(nothing changed in the kernel)\n", "（内核里什么都没有变）\n") end
  return table.concat(out, "\n") .. "\n"
end

---------------------------------------------------------------------------
-- net.* calls as the command lines they stand for.
---------------------------------------------------------------------------
local function nsp(ns)
  if ns == nil or ns == "" then return "ip " end
  return "ip -n " .. ns .. " "
end

local function ipt(ns)
  if ns == nil or ns == "" then return "iptables " end
  return "ip netns exec " .. ns .. " iptables "
end

local CMD = {}
function CMD.ns_add(name) return "ip netns add " .. tostring(name) end
function CMD.ns_del(name) return "ip netns delete " .. tostring(name) end
function CMD.link_add(ns, s)
  if type(s) ~= "table" then return nil end
  local c = nsp(ns) .. "link add "
  local k = kinds.get(s.type) or {}
  if s.link and not k.link_in_args then c = c .. "link " .. s.link .. " " end
  c = c .. tostring(s.name)
  if s.address then c = c .. " address " .. s.address end
  if s.mtu then c = c .. " mtu " .. s.mtu end
  c = c .. " type " .. tostring(s.type)
  if k.args then c = c .. k.args(s) end
  if s.up then c = c .. "\n" .. nsp(ns) .. "link set " .. s.name .. " up" end
  return c
end
function CMD.link_set(ns, dev, s)
  if type(s) ~= "table" then return nil end
  local c = nsp(ns) .. "link set " .. tostring(dev)
  if s.netns then c = c .. " netns " .. (s.netns == "" and "1" or s.netns) end
  if s.name then c = c .. " name " .. s.name end
  if s.master == false then c = c .. " nomaster" elseif s.master then c = c .. " master " .. s.master end
  if s.mtu then c = c .. " mtu " .. s.mtu end
  if s.address then c = c .. " address " .. s.address end
  if s.up == true then c = c .. " up" elseif s.up == false then c = c .. " down" end
  return c
end
function CMD.link_del(ns, dev) return nsp(ns) .. "link delete " .. tostring(dev) end
function CMD.addr_add(ns, dev, p, o)
  local c = nsp(ns) .. "addr add " .. tostring(p)
  if type(o) == "table" and o.broadcast then c = c .. " brd " .. o.broadcast end
  c = c .. " dev " .. tostring(dev)
  if type(o) == "table" and o.label then c = c .. " label " .. o.label end
  if type(o) == "table" and o.scope then c = c .. " scope " .. o.scope end
  if type(o) == "table" and o.nodad then c = c .. " nodad" end
  if type(o) == "table" and o.noprefixroute then c = c .. " noprefixroute" end
  return c
end
function CMD.neigh_set(ns, op, s)
  if type(s) ~= "table" then return nsp(ns) .. "neigh " .. tostring(op) end
  local c = nsp(ns) .. "neigh " .. tostring(op) .. " " .. tostring(s.dst)
  if s.lladdr then c = c .. " lladdr " .. s.lladdr end
  c = c .. " dev " .. tostring(s.dev)
  if s.nud then c = c .. " nud " .. s.nud end
  if s.router then c = c .. " router" end
  return c
end
function CMD.addr_del(ns, dev, p) return nsp(ns) .. "addr del " .. tostring(p) .. " dev " .. tostring(dev) end
function CMD.addr_flush(ns, dev) return nsp(ns) .. "addr flush dev " .. tostring(dev) end
local function route_args(r)
  if type(r) ~= "table" then return "?" end
  local c = ""
  if r.type and r.type ~= "unicast" then c = r.type .. " " end
  c = c .. tostring(r.dst)
  if r.via or r.gateway then c = c .. " via " .. (r.via or r.gateway) end
  if r.dev then c = c .. " dev " .. r.dev end
  if r.metric then c = c .. " metric " .. r.metric end
  if r.table then c = c .. " table " .. r.table end
  if r.src then c = c .. " src " .. r.src end
  if r.scope then c = c .. " scope " .. r.scope end
  if r.proto or r.protocol then c = c .. " proto " .. (r.proto or r.protocol) end
  if r.onlink then c = c .. " onlink" end
  return c
end
function CMD.route_add(ns, r) return nsp(ns) .. "route add " .. route_args(r) end
function CMD.route_replace(ns, r) return nsp(ns) .. "route replace " .. route_args(r) end
function CMD.route_change(ns, r) return nsp(ns) .. "route change " .. route_args(r) end
function CMD.route_del(ns, r) return nsp(ns) .. "route del " .. route_args(r) end
local function rule_args(r)
  if type(r) ~= "table" then return "?" end
  local c = {}
  if r.from then c[#c + 1] = "from " .. r.from end
  if r.to then c[#c + 1] = "to " .. r.to end
  if r.iif then c[#c + 1] = "iif " .. r.iif end
  if r.oif then c[#c + 1] = "oif " .. r.oif end
  if r.fwmark then c[#c + 1] = "fwmark " .. r.fwmark end
  if r.priority then c[#c + 1] = "priority " .. r.priority end
  if r.table or r.lookup then c[#c + 1] = "table " .. (r.table or r.lookup) end
  if r.action and r.action ~= "lookup" then c[#c + 1] = r.action end
  return table.concat(c, " ")
end
function CMD.rule_add(ns, r) return nsp(ns) .. "rule add " .. rule_args(r) end
function CMD.rule_del(ns, r) return nsp(ns) .. "rule del " .. rule_args(r) end
function CMD.neigh_flush(ns, o)
  return nsp(ns) .. "neigh flush " .. ((type(o) == "table" and o.dev) and ("dev " .. o.dev) or "all")
end
function CMD.sysctl_set(ns, name, v)
  local c = "sysctl -w " .. tostring(name):gsub("/", ".") .. "=" .. tostring(v)
  if ns and ns ~= "" then c = "ip netns exec " .. ns .. " " .. c end
  return c
end
local function ipt_rule(table_name, r)
  if type(r) ~= "table" then return "?" end
  local topo = require("netlearn.topo")
  local x = {}
  for k, v in pairs(r) do x[k] = v end
  x.table = table_name
  local s = topo.rule_text(x)
  if r.position == "insert" then s = s:gsub("%-A ", "-I ", 1) end
  return s
end
function CMD.nat_add(ns, r) return ipt(ns) .. ipt_rule("nat", r) end
function CMD.filter_add(ns, r) return ipt(ns) .. ipt_rule("filter", r) end
function CMD.chain_policy(ns, chain, policy) return ipt(ns) .. "-P " .. tostring(chain) .. " " .. tostring(policy) end
function CMD.nft_flush(ns, o)
  local c = ipt(ns)
  if type(o) == "table" and o.table and o.table ~= "filter" then c = c .. "-t " .. o.table .. " " end
  c = c .. "-F"
  if type(o) == "table" and o.chain then c = c .. " " .. o.chain end
  return c
end
function CMD.nft_del(ns, o)
  if type(o) ~= "table" then return nil end
  return "nft delete rule ip " .. tostring(o.table) .. " " .. tostring(o.chain or "CHAIN") .. " handle " ..
    tostring(o.handle) .. ((ns and ns ~= "") and ("   (in " .. ns .. ")") or "")
end
function CMD.ping(ns, dest, o)
  local c = "ping -c " .. ((type(o) == "table" and o.count) or 1) .. " " .. tostring(dest)
  if ns and ns ~= "" then c = "ip netns exec " .. ns .. " " .. c end
  return c
end
function CMD.ipip_user_add(ns, s)
  if type(s) ~= "table" then return nil end
  return nsp(ns) .. "tunnel add " .. tostring(s.name) .. " mode ipip remote " .. tostring(s.remote) ..
    (s["local"] and (" local " .. s["local"]) or "") .. W("   (netlearn's user-space stand-in)", "   （netlearn 用户态的替身）")
end
M.CMD = CMD

-- The command line a net.* call stands for, or nil when there is none.
function M.command_line(fname, ...)
  local f = CMD[fname]
  if not f then return nil end
  local ok, s = pcall(f, ...)
  if ok then return s end
  return nil
end

-- A copy of `net` whose functions print their command line first (explain mode).
function M.explaining_net(print_fn)
  local proxy = {}
  for k, v in pairs(net) do
    if type(v) == "function" and CMD[k] then
      proxy[k] = function(...)
        local line = M.command_line(k, ...)
        if line then print_fn(line) end
        return v(...)
      end
    else
      proxy[k] = v
    end
  end
  return proxy
end

return M
