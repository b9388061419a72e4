--[[ netlearn.why_model -- the lab as `why` sees it: one snapshot of every
namespace's links, addresses, sysctls and nf_tables rules, and the kernel's
decisions over it that do not depend on where a packet is in its walk: the
route the kernel picks (described), which neighbour could take a packet,
whether a wire joins two devices (veth peers, bridge ports, macvlan modes),
how an iptables chain judges one packet, whether an interface forwards (IPv4
asks only the incoming interface), whether a bridge's frames go through
iptables (br_netfilter). netlearn.why walks a packet over it.

  local WM = require("netlearn.why_model")
  local L = WM.new_lab(msg)          -- msg(lang, key, ...) -> text; L.failed says why a listing failed
  L.lang = "en"
  L:forwarding("net1", "veth2")      -- on, conf.veth2.forwarding, ip_forward
  L:filter("", "FORWARD", pkt, "br0", "br0")  -- ok, text, fix
  local owner, path, block = L:l2(L:link("", "veth3"), "192.167.3.1")
]]
local net = require("netlearn.core")
local ipv4 = require("netlearn.ipv4")
local kinds = require("netlearn.kinds")
local XM = require("netlearn.cmd.iptables_match")

-- the kind description of device L (netlearn.kinds), {} for one netlearn has none of
local function kind_of(l) return kinds.get(l.type) or {} end

local M = {}

---------------------------------------------------------------------------
-- Addresses
---------------------------------------------------------------------------
local ip2int, network, contains, same_subnet = ipv4.to_int, ipv4.network, ipv4.contains, ipv4.same_subnet
M.ip2int = ip2int

---------------------------------------------------------------------------
-- The lab, read once per diagnosis
---------------------------------------------------------------------------
local function label(ns) return (ns == nil or ns == "") and "host" or ns end
local function inns(ns) return (ns == nil or ns == "") and "" or ("ip netns exec " .. ns .. " ") end

local Lab = {}
Lab.__index = Lab

local function new_lab(msgf)
  local L = setmetatable({ nss = { "" }, links = {}, byname = {}, byindex = {}, addrs = {},
    owners = {}, sysctls = {}, nfts = {}, children = {}, msgf = msgf }, Lab)
  -- a listing that fails is remembered (L.failed), never read as an empty lab
  local function listed(list, e)
    if not list then L.failed = L.failed or tostring(e) end
    return list or {}
  end
  for _, n in ipairs(listed(net.ns_list())) do L.nss[#L.nss + 1] = n end
  for _, ns in ipairs(L.nss) do
    local ls = listed(net.link_list(ns))
    L.links[ns], L.byname[ns], L.byindex[ns] = ls, {}, {}
    for _, l in ipairs(ls) do
      l.ns = ns
      L.byname[ns][l.name] = l
      L.byindex[ns][l.ifindex] = l
    end
    local as = {}
    for _, a in ipairs(listed(net.addr_list(ns))) do
      if a.family == "inet" then
        a.ns = ns
        as[#as + 1] = a
        local o = L.owners[a.address] or {}
        o[#o + 1] = a
        L.owners[a.address] = o
      end
    end
    L.addrs[ns] = as
  end
  -- the other end of a veth, the parent of a macvlan: {ns, name}
  for _, ns in ipairs(L.nss) do
    for _, l in ipairs(L.links[ns]) do
      if l.peer_ns and l.peer_name then
        l.other = L.byname[l.peer_ns] and L.byname[l.peer_ns][l.peer_name]
      elseif l.link then
        l.other = L.byname[ns][l.link]
      elseif l.link_index and not l.link_netnsid then
        l.other = L.byindex[ns][l.link_index]
      end
      if kind_of(l).shares_wire and l.other then
        local p = l.other
        L.children[p] = L.children[p] or {}
        table.insert(L.children[p], l)
      end
    end
  end
  return L
end

-- a message in the diagnosis' language
function Lab:t(key, ...) return self.msgf(self.lang, key, ...) end

function Lab:link(ns, name) return self.byname[ns] and self.byname[ns][name] end

function Lab:sysctl(ns, name)
  local key = ns .. "\0" .. name
  if self.sysctls[key] == nil then self.sysctls[key] = net.sysctl_get(ns, name) or false end
  return self.sysctls[key] or nil
end

-- dev as a component of a dotted sysctl name: a '.' in it is written '/'
-- (net.ipv4.conf.eth0/100.forwarding), as sysctl(8) does
local function conf(dev) return (dev:gsub("%.", "/")) end

-- Does ns forward what arrives on dev? For IPv4 the kernel asks only the
-- incoming interface (ip_route_input_slow: IN_DEV_FORWARD(in_dev), i.e.
-- net.ipv4.conf.DEV.forwarding); writing ip_forward (= conf.all.forwarding)
-- sets every interface's value at that moment, and each can change later.
-- Returns on, the interface's value, ip_forward's value.
function Lab:forwarding(ns, dev)
  local all = self:sysctl(ns, "net.ipv4.ip_forward")
  local d = dev and self:sysctl(ns, "net.ipv4.conf." .. conf(dev) .. ".forwarding")
  return (d or all) == "1", d, all
end

-- the interfaces of ns whose forwarding is 1
function Lab:forwarders(ns)
  local out = {}
  for _, l in ipairs(self.links[ns] or {}) do
    if l.name ~= "lo" and self:sysctl(ns, "net.ipv4.conf." .. conf(l.name) .. ".forwarding") == "1" then
      out[#out + 1] = l.name
    end
  end
  return out
end

function Lab:rules(ns)
  if self.nfts[ns] == nil then
    local ok, l = pcall(net.nft_list, ns)
    self.nfts[ns] = (ok and l) or { chains = {}, rules = {} }
  end
  return self.nfts[ns]
end

-- the lab's address/prefix holding addr (the first one), for "which network is this"
function Lab:prefix_of(addr)
  local o = self.owners[addr]
  if o and o[1] then return network(addr, o[1].prefixlen) end
  for _, ns in ipairs(self.nss) do
    for _, a in ipairs(self.addrs[ns]) do
      if a.scope ~= "host" and same_subnet(a.address, addr, a.prefixlen) and a.prefixlen < 32 then
        return network(addr, a.prefixlen)
      end
    end
  end
  return addr .. "/32"
end

function Lab:owns(ns, addr)
  for _, a in ipairs(self.addrs[ns] or {}) do
    if a.address == addr then return a end
  end
  return nil
end

-- this namespace's address on dev in the same subnet as addr (or any on dev)
function Lab:addr_on(ns, dev, near)
  local first
  for _, a in ipairs(self.addrs[ns] or {}) do
    if a.dev == dev then
      if near and same_subnet(a.address, near, a.prefixlen) then return a.address end
      first = first or a.address
    end
  end
  return first
end

---------------------------------------------------------------------------
-- Routes
---------------------------------------------------------------------------
local TABLE_NAME = { [254] = "main", [255] = "local", [253] = "default" }

-- The route the kernel picked, described: which rule, which prefix matched.
local function describe_route(L, ns, dst, r)
  local parts = {}
  local tbl = tonumber(r.table) or 254
  local rules = net.rule_list(ns) or {}
  local custom = false
  for _, ru in ipairs(rules) do
    if ru.priority ~= 0 and ru.priority ~= 32766 and ru.priority ~= 32767 then custom = true end
  end
  local best
  for _, rt in ipairs(net.route_list(ns, { table = tbl }) or {}) do
    if (rt.type == nil or rt.type == "unicast" or rt.type == "local") and contains(rt.dst, dst) then
      local len = rt.dst == "default" and 0 or (rt.dst_len or 32)
      if not best or len > best.len or (len == best.len and (rt.metric or 0) < (best.r.metric or 0)) then
        best = { len = len, r = rt }
      end
    end
  end
  if best then
    parts[#parts + 1] = L:t("matched", best.r.dst)
  end
  if custom then
    for _, ru in ipairs(rules) do
      if tonumber(ru.table) == tbl and ru.action == "lookup" then
        parts[#parts + 1] = L:t("rule_used", tostring(ru.priority), TABLE_NAME[tbl] or tostring(tbl))
        break
      end
    end
  elseif TABLE_NAME[tbl] ~= "main" then
    parts[#parts + 1] = "table " .. (TABLE_NAME[tbl] or tostring(tbl))
  end
  return table.concat(parts, ", "), best and best.r
end

local function route_get(ns, dst)
  local r, msg, e = net.route_get(ns, dst)
  if not r then return nil, msg, e end
  return r
end

-- A neighbour of ns (on one of its subnets, in another namespace) that can
-- take packets for dst: {addr=, ns=, dev=(ours)}. Prefers the one holding dst.
function Lab:gateway_for(ns, dst, avoid)
  local best, best_score
  for _, a in ipairs(self.addrs[ns] or {}) do
    if a.scope ~= "host" and a.dev ~= "lo" and a.prefixlen < 32 then
      for addr, os in pairs(self.owners) do
        for _, o in ipairs(os) do
          if o.ns ~= ns and o.ns ~= avoid and o.address ~= a.address and same_subnet(addr, a.address, a.prefixlen) then
            local score
            if self:owns(o.ns, dst) then score = 3
            else
              local r = route_get(o.ns, dst)
              if r and r.type ~= "local" and r.dev ~= o.dev then
                score = self:forwarding(o.ns, o.dev) and 2 or 1
              elseif r and r.type == "local" then score = 3 end
            end
            if score and (not best or score > best_score or (score == best_score and addr < best.addr)) then
              best, best_score = { addr = addr, ns = o.ns, dev = a.dev }, score
            end
          end
        end
      end
    end
  end
  return best
end

function Lab:route_fix(ns, dst, gw)
  local prefix = self.owners[dst] and self:prefix_of(dst) or "default"
  if not gw then return nil end
  return inns(ns) .. "ip route add " .. prefix .. " via " .. gw.addr
end

---------------------------------------------------------------------------
-- Layer 2: is there a wire from (ns, dev) to the owner of an address?
---------------------------------------------------------------------------
local function up_fix(l) return inns(l.ns) .. "ip link set " .. l.name .. " up" end

-- edges out of link l; each {to=link, tag=, check=function()->nil|{reason,fix}, block={reason,fix}}
function Lab:edges(l, tag, start)
  local E = {}
  local function need_up(x)
    if not x.up then return { self:t("e_dev_down", label(x.ns), x.name), up_fix(x) } end
  end
  -- a bridge port must be forwarding; one without carrier because its veth peer
  -- is down is that peer's fault
  local function port_ok(p, br)
    if p.port_state and p.port_state ~= "forwarding" then
      if p.up and p.other and not p.other.up then return need_up(p.other) end
      return { self:t("e_port_state", label(p.ns), p.name, br.name, p.port_state), up_fix(p) }
    end
  end
  if kind_of(l).pair and l.other then
    local p = l.other
    E[#E + 1] = { to = p, via = l.type, check = function() return need_up(l) or need_up(p) end }
  end
  if l.master then
    local br = self:link(l.ns, l.master)
    if br then
      E[#E + 1] = { to = br, check = function()
        return need_up(l) or need_up(br) or port_ok(l, br)
      end }
    end
  end
  if kind_of(l).wire == "switch" then
    for _, p in ipairs(self.links[l.ns]) do
      if p.master == l.name then
        E[#E + 1] = { to = p, check = function()
          return need_up(l) or need_up(p) or port_ok(p, l)
        end }
      end
    end
  end
  local k = kind_of(l)
  if k.shares_wire and l.other then
    local parent = l.other
    E[#E + 1] = { to = parent, tag = "via_child", child = l, check = function() return need_up(l) or need_up(parent) end }
    -- siblings reach each other when both are in the kind's sibling_mode (if it has one)
    local want = k.sibling_mode
    for _, s in ipairs(self.children[parent] or {}) do
      if s ~= l then
        if not want or (l.mode == want and s.mode == want) then
          E[#E + 1] = { to = s, check = function() return need_up(l) or need_up(s) end }
        else
          local bad = (l.mode ~= want) and l or s
          local fixes = {}
          for _, x in ipairs({ l, s }) do
            if x.mode ~= want then
              fixes[#fixes + 1] = inns(x.ns) .. "ip link set " .. x.name .. " type " .. k.name .. " mode " .. want
            end
          end
          E[#E + 1] = { to = s, block = { self:t("e_mv_private", label(l.ns), l.name, label(s.ns), s.name,
            parent.name, bad.mode or "?"), table.concat(fixes, " && ") } }
        end
      end
    end
  end
  if self.children[l] and tag ~= "via_child" then
    for _, c in ipairs(self.children[l]) do
      if start then
        E[#E + 1] = { to = c, block = { self:t("e_mv_parent", label(l.ns), l.name, label(c.ns), c.name),
          self:parent_fix(l, c) } }
      else
        E[#E + 1] = { to = c, check = function() return need_up(l) or need_up(c) end }
      end
    end
  end
  return E
end

-- The usual way round "the parent cannot reach its children": give the parent's
-- namespace a child of its own, of C's kind in the mode siblings reach each other
-- in (a macvlan in mode bridge), and move the address there.
function Lab:parent_fix(p, c)
  local k = kind_of(c)
  if not k.sibling_mode or c.mode ~= k.sibling_mode or not k.name_stem then return nil end
  local a
  for _, x in ipairs(self.addrs[p.ns]) do
    if x.dev == p.name then a = x break end
  end
  if not a then return nil end
  local name
  for i = 0, 99 do
    name = k.name_stem .. i
    if not self:link(p.ns, name) then break end
  end
  local pre = a.address .. "/" .. a.prefixlen
  local x = inns(p.ns)
  return x .. "ip addr del " .. pre .. " dev " .. p.name .. " && " .. x .. "ip link add link " .. p.name .. " dev " ..
    name .. " type " .. k.name .. " mode " .. k.sibling_mode .. " && " .. x .. "ip addr add " .. pre .. " dev " .. name .. " && " ..
    x .. "ip link set " .. name .. " up"
end

-- Find the owner of addr reachable on the wire from link `from`.
-- Returns owner_addr, path (list of links), nil  or nil, nil, {reason, fix}
function Lab:l2(from, addr)
  local owners = self.owners[addr] or {}
  local targets = {}
  for _, o in ipairs(owners) do
    local l = self:link(o.ns, o.dev)
    if l then targets[l] = o end
  end
  if from == nil then return nil end
  -- the device itself holds it (an address on the same device, another namespace impossible)
  if targets[from] then return targets[from], { from } end
  local firstblock
  local function bfs(strict)
    local seen = { [from] = { [""] = true } }
    local queue = { { l = from, tag = "", path = { from }, start = true } }
    local qi = 1
    while queue[qi] do
      local cur = queue[qi]
      qi = qi + 1
      for _, e in ipairs(self:edges(cur.l, cur.tag, cur.start)) do
        if e.to == cur.back then
          -- never straight back over the wire it came by: an endpoint does not reflect frames
        elseif e.block then
          firstblock = firstblock or e.block
        else
          local bad = strict and e.check and e.check()
          if not bad then
            local tag = e.tag or ""
            if targets[e.to] and tag == "via_child" then
              firstblock = firstblock or { self:t("e_mv_toparent", label(e.child.ns), e.child.name,
                label(e.to.ns), e.to.name), nil }
            else
              seen[e.to] = seen[e.to] or {}
              if not seen[e.to][tag] then
                seen[e.to][tag] = true
                local path = { table.unpack(cur.path) }
                path[#path + 1] = e.to
                if targets[e.to] then return targets[e.to], path end
                queue[#queue + 1] = { l = e.to, tag = tag, path = path, back = cur.l }
              end
            end
          end
        end
      end
    end
  end
  local o, path = bfs(true)
  if o then return o, path end
  o, path = bfs(false)
  if o then
    -- a wire exists; the first thing on it that is down is the break
    if not from.up then return nil, path, { self:t("e_dev_down", label(from.ns), from.name), up_fix(from) } end
    for i = 1, #path - 1 do
      for _, e in ipairs(self:edges(path[i], "", i == 1)) do
        if e.to == path[i + 1] and e.check then
          local bad = e.check()
          if bad then return nil, path, bad end
        end
      end
    end
    return o, path
  end
  if #owners == 0 then return nil, nil, nil end
  return nil, nil, firstblock or { self:t("not_joined", label(from.ns), from.name), nil }
end

local function path_text(L, path)
  local names = {}
  for _, l in ipairs(path) do names[#names + 1] = l.name .. "@" .. label(l.ns) end
  return table.concat(names, " → ")
end

---------------------------------------------------------------------------
-- nf_tables rules, evaluated like the kernel would for one packet
---------------------------------------------------------------------------
local PROTO = { icmp = "icmp", tcp = "tcp", udp = "udp" }

local function ifmatch(pat, name)
  if not pat then return true end
  if not name then return false end
  if pat:sub(-1) == "+" then return name:sub(1, #pat - 1) == pat:sub(1, -2) end
  return pat == name
end

-- a port or "lo:hi" range holds p
local function port_in(spec, p)
  local lo, hi = tostring(spec):match("^(%d+):(%d+)$")
  if lo then return p ~= nil and p >= tonumber(lo) and p <= tonumber(hi) end
  return tonumber(spec) == p
end

-- Does rule r (net.nft_list's fields, '!' as not_*) match pkt (conntrack state
-- pkt.ctstate, NEW when absent) in namespace ns of lab? Of the address types only LOCAL is
-- judged (lab:owns); a rule with another type does not match.
local function rule_matches(r, pkt, iif, oif, lab, ns)
  if r.unknown then return false end
  local function test(field, ok)
    if r["not_" .. field] then return not ok end
    return ok
  end
  for _, k in ipairs({ "src", "dst" }) do
    local ty = r[k .. "_type"]
    if ty then
      if ty ~= "LOCAL" or not lab or not pkt[k] then return false end
      if not test(k .. "_type", lab:owns(ns, pkt[k]) and true or false) then return false end
    end
  end
  if r.src and not test("src", contains(r.src, pkt.src)) then return false end
  if r.dst and not test("dst", contains(r.dst, pkt.dst)) then return false end
  if r.iif and not test("iif", ifmatch(r.iif, iif)) then return false end
  if r.oif and oif ~= false and not test("oif", ifmatch(r.oif, oif)) then return false end
  if r.proto and r.proto ~= "all" and not test("proto", r.proto == PROTO[pkt.proto]) then return false end
  if r.dport and not test("dport", port_in(r.dport, pkt.dport)) then return false end
  if r.sport and not test("sport", port_in(r.sport, pkt.sport)) then return false end
  local state = pkt.ctstate or "NEW"
  if r.ctstate and not test("ctstate", (("," .. r.ctstate .. ","):find("," .. state .. ",", 1, true)) ~= nil) then
    return false
  end
  if r.state and not test("state", (("," .. r.state .. ","):find("," .. state .. ",", 1, true)) ~= nil) then
    return false
  end
  if r.multiport then
    local hit = false
    for spec in r.multiport:gmatch("[^,]+") do
      if (r.multiport_dir ~= "sports" and port_in(spec, pkt.dport)) or
         (r.multiport_dir ~= "dports" and port_in(spec, pkt.sport)) then hit = true end
    end
    if not test("multiport", hit) then return false end
  end
  if r.mark then
    -- the lab's packets carry mark 0 unless pkt.mark says otherwise (-j MARK is not followed)
    local v, m = r.mark:match("^0x(%x+)/0x(%x+)$")
    v, m = tonumber(v or r.mark:match("^0x(%x+)$"), 16), tonumber(m or "ffffffff", 16)
    if v and not test("mark", ((pkt.mark or 0) & m) == v) then return false end
  end
  return true
end

local function rule_text(r)
  local t = XM.match_words(r)
  t[#t + 1] = (r["goto"] and "-g " or "-j ") .. tostring(r.target)
  if r.set_xmark then t[#t + 1] = "--set-xmark " .. r.set_xmark end
  if r.to then t[#t + 1] = (r.target == "DNAT" and "--to-destination " or "--to-source ") .. r.to end
  return table.concat(t, " ")
end

local VERDICTS = { ACCEPT = true, DROP = true, REJECT = true, RETURN = true, MASQUERADE = true, SNAT = true,
  DNAT = true }

-- the first nat rule of chain that matches (target DNAT/SNAT/MASQUERADE),
-- following jumps into user chains (Docker's DOCKER) and their RETURNs
function Lab:nat_match(ns, chain, pkt, iif, oif, depth)
  depth = depth or 0
  for _, r in ipairs(self:rules(ns).rules) do
    if r.table == "nat" and r.chain == chain and r.target and rule_matches(r, pkt, iif, oif, self, ns) then
      -- (a rule without a target only counts: the packet goes on)
      if r.target == "ACCEPT" then return nil, true end
      if r.target == "RETURN" then return nil end
      if r.target and not VERDICTS[r.target] then
        if depth < 8 then
          local hit, stop = self:nat_match(ns, r.target, pkt, iif, oif, depth + 1)
          if hit or stop then return hit, stop end
          if r["goto"] then return nil end
        end
      else
        return r
      end
    end
  end
end

-- a filter chain's verdict from its rules: ok, text, fix; nil when the packet
-- falls off the end (or RETURNs); jumps into user chains are followed
function Lab:filter_rules(ns, chain, pkt, iif, oif, depth)
  local n = 0
  for _, r in ipairs(self:rules(ns).rules) do
    if r.table == "filter" and r.chain == chain then
      n = n + 1
      if rule_matches(r, pkt, iif, oif, self, ns) then
        local txt = self:t("filter_rule", n, chain, rule_text(r))
        if r.target == "ACCEPT" then return true, txt end
        if r.target == "DROP" or r.target == "REJECT" then
          return false, txt, inns(ns) .. "iptables -D " .. chain .. " " .. n
        end
        if r.target == "RETURN" then return nil end
        if r.target and not VERDICTS[r.target] and depth < 8 then
          local ok, t2, f2 = self:filter_rules(ns, r.target, pkt, iif, oif, depth + 1)
          if ok ~= nil then return ok, t2, f2 end
          if r["goto"] then return nil end
        end
      end
    end
  end
end

-- filter chain verdict: ok, text, fix
function Lab:filter(ns, chain, pkt, iif, oif)
  local policy = "ACCEPT"
  local have = false
  for _, c in ipairs(self:rules(ns).chains) do
    if c.table == "filter" and c.chain == chain then policy, have = c.policy or "ACCEPT", true end
  end
  for _, r in ipairs(self:rules(ns).rules) do
    if r.table == "filter" and r.chain == chain then have = true end
  end
  local ok, txt, fix = self:filter_rules(ns, chain, pkt, iif, oif, 0)
  if ok ~= nil then return ok, txt, fix end
  if not have then return true, nil end
  txt = self:t("filter_policy", chain, policy)
  if policy == "DROP" then return false, txt, inns(ns) .. "iptables -P " .. chain .. " ACCEPT" end
  return true, txt
end

---------------------------------------------------------------------------
-- br_netfilter: bridged IPv4 frames through iptables
---------------------------------------------------------------------------
-- With the br_netfilter module loaded and net.bridge.bridge-nf-call-iptables=1
-- in the bridge's namespace, an IPv4 frame the bridge switches from one port to
-- another goes through iptables: nat PREROUTING with -i BRIDGE (physdev-in the
-- port), FORWARD with -i BRIDGE -o BRIDGE, nat POSTROUTING with -o BRIDGE
-- (br_nf_pre_routing, br_nf_forward_ip, br_nf_post_routing). The key exists only
-- while the module is loaded; without it bridged frames never see iptables.

-- "1", "0", or nil when br_netfilter is not loaded (the key does not exist)
function Lab:brnf_value(ns)
  return self:sysctl(ns, "net.bridge.bridge-nf-call-iptables")
end

-- does a frame arriving on dev (a bridge) of ns go through iptables?
function Lab:brnf(ns, dev)
  local l = self:link(ns, dev)
  return l and kind_of(l).wire == "switch" and self:brnf_value(ns) == "1"
end

-- the bridges a frame crosses port to port on path (not the bridge's own IP
-- stack sending or receiving): {br=, inp=, outp=}
local function bridged_passes(path)
  local out = {}
  for i = 2, #path - 1 do
    local b, a, c = path[i], path[i - 1], path[i + 1]
    if kind_of(b).wire == "switch" and a.master == b.name and c.master == b.name and a.ns == b.ns and c.ns == b.ns then
      out[#out + 1] = { br = b, inp = a, outp = c }
    end
  end
  return out
end

-- the position of rule r in its table's chain (for -D / -R)
function Lab:rule_index(ns, r)
  local n = 0
  for _, x in ipairs(self:rules(ns).rules) do
    if x.table == r.table and x.chain == r.chain then
      n = n + 1
      if x == r then return n end
    end
  end
end


M.Lab, M.new_lab, M.label, M.inns, M.conf = Lab, new_lab, label, inns, conf
M.describe_route, M.route_get, M.up_fix, M.path_text = describe_route, route_get, up_fix, path_text
M.bridged_passes, M.rule_text, M.rule_matches = bridged_passes, rule_text, rule_matches
return M
