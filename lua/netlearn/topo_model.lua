--[[ netlearn.topo_model -- the lab as netlearn.topo sees it: gather() reads every
namespace from the kernel (links, addresses, routes, nf_tables rules,
forwarding), model() works out how it hangs together (veth pairs, bridge
ports, macvlan/ipvlan children and their parent, ipip tunnels and their
underlay), rows() lists one namespace's devices as a tree with its static
routes and rules. The drawing (netlearn.topo_draw) and the picture
(netlearn.topo_picture) read this model; netlearn.topo is the entry point.
]]
local net = require("netlearn.core")
local kinds = require("netlearn.kinds")

local M = {}

-- a kind that is a device on a parent (its description's wire "child":
-- macvlan, ipvlan, vlan): drawn as a child of its parent, or an edge to it
function M.is_child(kind) return (kinds.get(kind) or {}).wire == "child" end
-- the description of device L's kind (netlearn.kinds), {} for one netlearn has none of
local function kind_of(l) return kinds.get(l.type) or {} end
M.kind_of = kind_of

---------------------------------------------------------------------------
-- Reading the lab
---------------------------------------------------------------------------
local function label(ns) return ns == "" and "host" or ns end
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh)
  local i18n = package.loaded["netlearn.i18n"]
  return (type(i18n) == "table" and i18n.lang == "zh") and zh or en
end
M.label = label

function M.namespaces()
  local list = { "" }
  for _, n in ipairs(net.ns_list() or {}) do list[#list + 1] = n end
  return list
end

-- -> lab = {order = {"", "net1", ...}, ns = {[name] = {name, links, addrs, routes, forwarding}}}
function M.gather(opts)
  opts = opts or {}
  local lab = { order = {}, ns = {} }
  -- draw the lab as it is about to be, not a bridge's carrier half-way up
  net.links_settle(opts.namespaces or M.namespaces(), 1)
  for _, ns in ipairs(opts.namespaces or M.namespaces()) do
    local links = net.link_list(ns)
    if links then
      local n = { name = ns, label = label(ns), links = links, by_name = {}, by_index = {}, addrs = {} }
      for _, l in ipairs(links) do
        n.by_name[l.name] = l
        n.by_index[l.ifindex] = l
        n.addrs[l.name] = {}
      end
      for _, a in ipairs(net.addr_list(ns) or {}) do
        if a.family == "inet" and n.addrs[a.dev] then
          local t = n.addrs[a.dev]
          t[#t + 1] = a.address .. "/" .. a.prefixlen
        end
      end
      n.routes = net.route_list(ns) or {}
      n.nft = net.nft_list(ns) or nil
      n.forwarding = net.sysctl_get(ns, "net.ipv4.ip_forward") == "1"
      lab.order[#lab.order + 1] = ns
      lab.ns[ns] = n
    end
  end
  return lab
end

-- netlearn's user-space ipip is a TUN device whose alias says what it is; the
-- link table may carry it (userspace=, local=, remote=); else read the alias.
local function tunnel_ends(ns, l)
  if l.type == "ipip" then return l["local"], l.remote, l.userspace and true or false end
  if l.type ~= "tun" then return nil end
  if l.userspace then return l["local"], l.remote, true end
  -- netlearn's own fixed program, also while a lesson draws the lab (netlearn.guard)
  local code, out = require("netlearn.guard").internal(net.run, ns,
    { "/bin/cat", "/sys/class/net/" .. l.name .. "/ifalias" }, { capture = true })
  if code ~= 0 or not out then return nil end
  local lo, re = out:match("user%-space ipip local (%S+) remote (%S+)")
  if not re then return nil end
  return lo, re, true
end

local function key(ns, dev) return ns .. "\0" .. dev end

-- Edges: {a={ns=,dev=}, b={ns=,dev=}, kind="veth"|"ipip"|"macvlan"|"ipvlan", text=}
function M.model(lab)
  local m = { lab = lab, edges = {}, notes = {}, tunnels = {} }
  local seen = {}
  local function add(kind, ans, adev, bns, bdev, text)
    local ka, kb = key(ans, adev), key(bns, bdev)
    local id = ka < kb and (ka .. "\1" .. kb) or (kb .. "\1" .. ka)
    if seen[id] then return end
    seen[id] = true
    m.edges[#m.edges + 1] = { kind = kind, a = { ns = ans, dev = adev }, b = { ns = bns, dev = bdev }, text = text }
  end
  -- where is an address? (for tunnel underlays)
  local owner = {}
  for _, ns in ipairs(lab.order) do
    for dev, list in pairs(lab.ns[ns].addrs) do
      for _, p in ipairs(list) do owner[p:match("^[^/]+")] = owner[p:match("^[^/]+")] or { ns = ns, dev = dev } end
    end
  end
  -- the peer of a veth (or the parent of a macvlan/ipvlan) in another namespace
  local function far_end(ns, l)
    if l.peer_ns and l.peer_name and lab.ns[l.peer_ns] then return l.peer_ns, l.peer_name end
    if l.link and lab.ns[ns].by_name[l.link] and not l.link_netnsid then return ns, l.link end
    if not l.link_index or l.link_index == 0 then return nil end
    if not l.link_netnsid then
      local p = lab.ns[ns].by_index[l.link_index]
      if p then return ns, p.name end
      return nil
    end
    local found
    for _, other in ipairs(lab.order) do
      if other ~= ns then
        local p = lab.ns[other].by_index[l.link_index]
        if p and (not kind_of(l).pair or (p.type == l.type and p.link_index == l.ifindex)) then
          if found then return nil end          -- ambiguous: say nothing rather than guess
          found = { other, p.name }
        end
      end
    end
    if found then return found[1], found[2] end
    return nil
  end
  m.children = {}          -- key(ns, parent) -> {dev...} in the same namespace
  for _, ns in ipairs(lab.order) do
    for _, l in ipairs(lab.ns[ns].links) do
      if kind_of(l).pair then
        local pns, pdev = far_end(ns, l)
        if pns then add(l.type, ns, l.name, pns, pdev)
        else
          m.notes[#m.notes + 1] = label(ns) .. " " .. l.name .. L(": veth whose peer netlearn cannot see",
            "：netlearn 看不到这个 veth 的对端")
        end
      elseif M.is_child(l.type) then          -- macvlan, ipvlan, vlan: a device on its parent
        local pns, pdev = far_end(ns, l)
        if pns == ns then
          local k = key(ns, pdev)
          m.children[k] = m.children[k] or {}
          table.insert(m.children[k], l.name)
        elseif pns then
          add(l.type, ns, l.name, pns, pdev, L(l.type .. " on " .. pdev, pdev .. " 上的 " .. l.type))
        end
      else
        local lo, re, user = tunnel_ends(ns, l)
        if re then
          m.tunnels[key(ns, l.name)] = { ["local"] = lo, remote = re, userspace = user }
        end
      end
    end
  end
  -- tunnels: pair the ends whose local/remote match, else point at the remote's owner
  for k, t in pairs(m.tunnels) do
    local ns, dev = k:match("^(.-)%z(.*)$")
    local paired = false
    for k2, t2 in pairs(m.tunnels) do
      if k2 ~= k and t2["local"] == t.remote and t2.remote == t["local"] then
        local ns2, dev2 = k2:match("^(.-)%z(.*)$")
        add("ipip", ns, dev, ns2, dev2, "ipip " .. tostring(t["local"]) .. " <-> " .. tostring(t.remote))
        paired = true
      end
    end
    if not paired then
      local o = t.remote and owner[t.remote]
      if o then
        add("ipip", ns, dev, o.ns, o.dev, L("ipip to " .. t.remote .. " (no tunnel device there)",
          "ipip 到 " .. t.remote .. "（那里没有隧道设备）"))
      else
        m.notes[#m.notes + 1] = label(ns) .. " " .. dev .. L(": tunnel to " .. tostring(t.remote) ..
          ", an address no namespace of the lab has", "：隧道通往 " .. tostring(t.remote) .. "，实验室里没有哪个命名空间有这个地址")
      end
    end
  end
  -- each line from the namespace drawn first (then the lower ifindex), sorted so
  local pos = {}
  for i, ns in ipairs(lab.order) do pos[ns] = i end
  local function rank(p)
    local l = lab.ns[p.ns].by_name[p.dev]
    return pos[p.ns] * 100000 + (l and l.ifindex or 0)
  end
  for _, e in ipairs(m.edges) do
    if rank(e.b) < rank(e.a) then e.a, e.b = e.b, e.a end
    local t = m.tunnels[key(e.a.ns, e.a.dev)]
    if e.kind == "ipip" and t and m.tunnels[key(e.b.ns, e.b.dev)] then
      e.text = "ipip " .. tostring(t["local"]) .. " <-> " .. tostring(t.remote)
    end
  end
  table.sort(m.edges, function(x, y)
    if rank(x.a) ~= rank(y.a) then return rank(x.a) < rank(y.a) end
    return rank(x.b) < rank(y.b)
  end)
  table.sort(m.notes)
  return m
end

---------------------------------------------------------------------------
-- Rows of one namespace's box: devices as a tree (bridge -> ports,
-- parent -> macvlan/ipvlan children), each with type, state and addresses.
---------------------------------------------------------------------------
local function state_of(l)
  if not l.up then return "DOWN" end
  if l.lower_up == false then return "NO-CARRIER" end
  return "UP"
end
M.state_of = state_of

local function type_of(m, ns, l)
  local t = l.type or "ether"
  if kind_of(l).modes then t = t .. " " .. (l.mode or "") end
  local tun = m.tunnels[key(ns, l.name)]
  if tun then t = "ipip" .. (tun.userspace and "*" or "") end
  if t == "loopback" then t = "lo" end
  return (t:gsub("%s+$", ""))
end

local function static_routes(n)
  local out = {}
  for _, r in ipairs(n.routes or {}) do
    if r.protocol ~= "kernel" then
      local s = r.dst
      if r.type and r.type ~= "unicast" then s = r.type .. " " .. s end
      if r.gateway then s = s .. " via " .. r.gateway end
      if r.dev and not r.gateway then s = s .. " dev " .. r.dev end
      out[#out + 1] = s
    end
  end
  return out
end

-- nf_tables rules, written the iptables way
function M.rule_text(r)
  local s = (r.table == "filter" and "" or ("-t " .. r.table .. " ")) .. "-A " .. r.chain
  for _, w in ipairs(require("netlearn.cmd.iptables_match").match_words(r)) do s = s .. " " .. w end
  s = s .. (r["goto"] and " -g " or " -j ") .. tostring(r.target or r.unknown or "?")
  if r.set_xmark then s = s .. " --set-xmark " .. r.set_xmark end
  if r.to then s = s .. (r.target == "SNAT" and " --to-source " or " --to-destination ") .. r.to end
  return s
end

function M.nft_rules(n)
  local out = {}
  if not n.nft then return out end
  for _, c in ipairs(n.nft.chains or {}) do
    if c.table == "filter" and c.policy and c.policy ~= "ACCEPT" then
      out[#out + 1] = "-P " .. c.chain .. " " .. c.policy
    elseif not c.hook and (c.table == "filter" or c.table == "nat") then
      -- a user chain (Docker's DOCKER): made before the rules that use it
      out[#out + 1] = (c.table == "filter" and "" or ("-t " .. c.table .. " ")) .. "-N " .. c.chain
    end
  end
  for _, r in ipairs(n.nft.rules or {}) do out[#out + 1] = M.rule_text(r) end
  return out
end

-- -> list of rows {dev=, tree=, name=, type=, state=, addr=} and route rows {route=};
-- tree is one character a level: "+" a port/child with more below, "`" the
-- last one, "|" a line going on, " " nothing (M.tree_text draws them)
function M.rows(m, ns)
  local n = m.lab.ns[ns]
  local rows, placed = {}, {}
  local ports = {}
  for _, l in ipairs(n.links) do
    if l.master and n.by_name[l.master] then
      ports[l.master] = ports[l.master] or {}
      table.insert(ports[l.master], l.name)
    end
  end
  local function kids(dev)
    local out = {}
    for _, p in ipairs(ports[dev] or {}) do out[#out + 1] = p end
    for _, c in ipairs(m.children[key(ns, dev)] or {}) do
      if not n.by_name[c].master then out[#out + 1] = c end
    end
    return out
  end
  local function put(dev, lead, cont)
    if placed[dev] then return end
    placed[dev] = true
    local l = n.by_name[dev]
    local addrs = n.addrs[dev] or {}
    rows[#rows + 1] = { dev = dev, tree = lead, name = dev, type = type_of(m, ns, l), state = state_of(l),
      addr = addrs[1] or "" }
    for i = 2, #addrs do
      rows[#rows + 1] = { tree = cont, name = "", type = "", state = "", addr = addrs[i] }
    end
    local k = kids(dev)
    for i, c in ipairs(k) do
      local last = i == #k
      put(c, cont .. (last and "`" or "+"), cont .. (last and " " or "|"))
    end
  end
  local function is_child(l)
    if l.master and n.by_name[l.master] then return true end
    if kind_of(l).shares_wire and not l.link_netnsid and l.link and n.by_name[l.link] then
      return true
    end
    return false
  end
  for _, l in ipairs(n.links) do
    if not is_child(l) then put(l.name, "", "") end
  end
  for _, l in ipairs(n.links) do put(l.name, "", "") end      -- anything left (loops)
  for _, r in ipairs(static_routes(n)) do rows[#rows + 1] = { route = r } end
  for _, r in ipairs(M.nft_rules(n)) do rows[#rows + 1] = { rule = r } end
  return rows
end


M.key = key
M.type_of = type_of
M.static_routes = static_routes

return M
