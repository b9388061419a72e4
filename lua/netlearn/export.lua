--[[ netlearn.export -- the current lab as a containerlab topology (YAML).

For a class that outgrows one machine: the same lab on containerlab or
clabernetes. Every namespace becomes a node of kind linux (the host, the
sandbox's own namespace, too when it has more than lo); every veth pair
between two namespaces becomes a link with endpoints "node:iface"; what a
link cannot carry becomes the node's `exec:` lines, in an order that works
on a fresh container: ip_forward, devices made inside the node (bridges,
macvlan/ipvlan, ipip tunnels, veth pairs with both ends inside), bridge
ports, addresses, links up, routes (`ip route replace`, since containerlab
gives every node a default route on its management network), iptables rules.

containerlab names a container's management interface eth0, so a lab
interface called eth0 is exported as eth0-lab (a comment says so).

Node names are the ones containerlab accepts (M.node_names): its schema's
^[a-zA-Z0-9][a-zA-Z0-9-._]*$ (no ':', which splits an endpoint "node:iface"),
and never one of the names it gives a meaning of its own in an endpoint --
`host` (the root namespace of the machine running containerlab), `mgmt-net`,
`macvlan`. So the sandbox's own namespace is `lab-host`, a namespace called
host becomes `host-ns`, a machine view's `host141:ns1` becomes `host141-ns1`;
a name containerlab takes as it is keeps it, and a cleaned name that would
meet another gets -2, -3...; the header comments map every renamed node back
to its namespace.

  local export = require("netlearn.export")
  local text = export.clab(require("netlearn.topo").model(topo.gather()), {name = "docker-bridge"})

export.yaml(value) is the small YAML emitter behind it: ordered maps are
{ {key, value}, ... } tables marked with export.map(), lists are plain arrays.
]]
local kinds = require("netlearn.kinds")
local M = {}


M.IMAGE = "nicolaka/netshoot"      -- iproute2, iptables, tcpdump, curl, python3: what the lessons use
M.MGMT_IF = "eth0"

---------------------------------------------------------------------------
-- A tiny YAML emitter: block maps and lists, flow lists of scalars.
---------------------------------------------------------------------------
local MAP = {}
function M.map(pairs_list) return setmetatable(pairs_list or {}, MAP) end
local FLOW = {}
function M.flow(list) return setmetatable(list, FLOW) end

local function scalar(v)
  if type(v) == "number" or type(v) == "boolean" then return tostring(v) end
  v = tostring(v)
  if v:match("^[%w][%w%._/%-]*$") and not v:match("^%d+$") and not v:match("^%d+%.%d+$")
    and not ({ ["true"] = 1, ["false"] = 1, ["null"] = 1, yes = 1, no = 1, on = 1, off = 1, y = 1, n = 1 })[v:lower()] then
    return v
  end
  return '"' .. v:gsub('[\\"]', "\\%0"):gsub("\n", "\\n"):gsub("\t", "\\t") .. '"'
end
M.scalar = scalar

local function emit(v, indent, out)
  local pad = string.rep("  ", indent)
  if getmetatable(v) == MAP then
    for _, kv in ipairs(v) do
      local k, val = kv[1], kv[2]
      if kv.comment then out[#out + 1] = pad .. "# " .. kv.comment end
      if type(val) == "table" and getmetatable(val) ~= FLOW then
        out[#out + 1] = pad .. scalar(k) .. ":"
        emit(val, indent + 1, out)
      elseif type(val) == "table" then
        local items = {}
        for _, x in ipairs(val) do items[#items + 1] = scalar(x) end
        out[#out + 1] = pad .. scalar(k) .. ": [" .. table.concat(items, ", ") .. "]"
      else
        out[#out + 1] = pad .. scalar(k) .. ": " .. scalar(val)
      end
    end
  else
    for _, x in ipairs(v) do
      if getmetatable(x) == MAP then
        local sub = {}
        emit(x, indent + 1, sub)
        sub[1] = pad .. "- " .. sub[1]:sub(#pad + 3)
        for _, l in ipairs(sub) do out[#out + 1] = l end
      else
        out[#out + 1] = pad .. "- " .. scalar(x)
      end
    end
  end
end

function M.yaml(v)
  local out = {}
  emit(v, 0, out)
  return table.concat(out, "\n") .. "\n"
end

---------------------------------------------------------------------------
-- The lab -> a containerlab topology
---------------------------------------------------------------------------
-- the names containerlab gives a meaning of its own in a link endpoint
M.RESERVED = { host = true, ["mgmt-net"] = true, macvlan = true }

-- namespace -> node name, for every namespace of ORDER ("" = the sandbox's
-- own); returns the map and the list of {node, ns} renamings for comments
function M.node_names(order)
  local map, taken, renamed = {}, {}, {}
  local function free(base)
    local n, i = base, 2
    while taken[n] or M.RESERVED[n:lower()] do n = base .. "-" .. i; i = i + 1 end
    taken[n] = true
    return n
  end
  local function clean(ns)
    if ns == "" then return "lab-host" end
    local base = ns:gsub("[^%w%-%._]", "-")
    if not base:match("^[%w]") then base = "ns" .. base end
    if M.RESERVED[base:lower()] then base = base .. "-ns" end
    return base
  end
  -- the sandbox's own namespace first, then names containerlab takes as they
  -- are (they keep them), then the cleaned ones, each pass in the lab's order
  local list = { "" }
  for _, ns in ipairs(order) do if ns ~= "" then list[#list + 1] = ns end end
  for pass = 1, 2 do
    for _, ns in ipairs(list) do
      local base = clean(ns)
      if map[ns] == nil and ((pass == 1) == (base == ns or ns == "")) then
        map[ns] = free(base)
        if map[ns] ~= ns then renamed[#renamed + 1] = { map[ns], ns } end
      end
    end
  end
  return map, renamed
end

function M.clab(m, opts)
  opts = opts or {}
  local topo = require("netlearn.topo")
  local lab = m.lab
  local names, node_renamed = M.node_names(lab.order)
  local function node_name(ns) return names[ns] end
  local renamed = {}                  -- key ns\0dev -> name in containerlab
  local function ifname(ns, dev)
    local k = ns .. "\0" .. dev
    if renamed[k] then return renamed[k] end
    if dev == M.MGMT_IF then renamed[k] = dev .. "-lab" return renamed[k] end
    return dev
  end
  -- which devices are made by containerlab links
  local linked = {}
  local links = {}
  local nodes_used = {}
  for _, e in ipairs(m.edges) do
    if (kinds.get(e.kind) or {}).pair and e.a.ns ~= e.b.ns then
      linked[e.a.ns .. "\0" .. e.a.dev] = true
      linked[e.b.ns .. "\0" .. e.b.dev] = true
      nodes_used[e.a.ns], nodes_used[e.b.ns] = true, true
      links[#links + 1] = M.map({ { "endpoints", M.flow({ node_name(e.a.ns) .. ":" .. ifname(e.a.ns, e.a.dev),
        node_name(e.b.ns) .. ":" .. ifname(e.b.ns, e.b.dev) }) } })
    end
  end
  local notes = {}
  local nodes = M.map()
  for _, ns in ipairs(lab.order) do
    local n = lab.ns[ns]
    local exec = {}
    local function x(s) exec[#exec + 1] = s end
    local has_more_than_lo = false
    for _, l in ipairs(n.links) do if l.type ~= "loopback" then has_more_than_lo = true end end
    if ns ~= "" or has_more_than_lo or nodes_used[ns] then
      if n.forwarding then x("sysctl -w net.ipv4.ip_forward=1") end
      local made, skip = {}, {}
      local function on_node(dev) return n.by_name[dev] and ifname(ns, dev) or nil end
      for _, l in ipairs(n.links) do
        local name = ifname(ns, l.name)
        local k = ns .. "\0" .. l.name
        local t = m.tunnels[k]
        -- the kind's own words (netlearn.kinds: export), nil when the node cannot have it
        local kind, words, also = kinds.get(l.type), nil, nil
        if kind then words, also = kinds.export_words(kind, l, on_node) end
        if l.type == "loopback" or linked[k] or made[l.name] then
          -- made by the container runtime or by a containerlab link
        elseif t then
          x("ip tunnel add " .. name .. " mode ipip remote " .. tostring(t.remote) ..
            (t["local"] and (" local " .. t["local"]) or ""))
        elseif words then
          x("ip link add " .. name .. words)
          if also then made[also] = true end
        else
          notes[#notes + 1] = node_name(ns) .. ": " .. l.name .. " (" .. tostring(l.type or "ether") ..
            ") has no containerlab equivalent; left out, with its addresses and routes"
          skip[l.name] = true
        end
        if l.name == M.MGMT_IF and l.type ~= "loopback" then
          notes[#notes + 1] = node_name(ns) .. ": eth0 is containerlab's management interface, so the lab's eth0 is " ..
            name .. " there"
        end
      end
      for _, l in ipairs(n.links) do
        if not skip[l.name] and l.mtu and l.type ~= "loopback" and l.mtu ~= 1500 and not m.tunnels[ns .. "\0" .. l.name] then
          x("ip link set " .. ifname(ns, l.name) .. " mtu " .. l.mtu)
        end
      end
      for _, l in ipairs(n.links) do
        if l.master and n.by_name[l.master] and not skip[l.name] then
          x("ip link set " .. ifname(ns, l.name) .. " master " .. ifname(ns, l.master))
        end
      end
      for _, l in ipairs(n.links) do
        for _, a in ipairs(n.addrs[l.name] or {}) do
          if l.type ~= "loopback" and not skip[l.name] then x("ip addr add " .. a .. " dev " .. ifname(ns, l.name)) end
        end
      end
      for _, l in ipairs(n.links) do
        if l.up and l.type ~= "loopback" and not skip[l.name] then x("ip link set " .. ifname(ns, l.name) .. " up") end
      end
      for _, r in ipairs(n.routes or {}) do
        if r.protocol ~= "kernel" and not (r.dev and skip[r.dev]) then
          local s = "ip route replace "
          if r.type and r.type ~= "unicast" then s = s .. r.type .. " " end
          s = s .. r.dst
          if r.gateway then s = s .. " via " .. r.gateway end
          if r.dev then s = s .. " dev " .. ifname(ns, r.dev) end
          if r.metric and r.metric ~= 0 then s = s .. " metric " .. r.metric end
          if r.flags then
            for _, f in ipairs(r.flags) do if f == "onlink" then s = s .. " onlink" end end
          end
          x(s)
        end
      end
      for _, r in ipairs(topo.nft_rules(n)) do x("iptables " .. r) end
      local node = M.map({ { "kind", "linux" }, { "image", opts.image or M.IMAGE } })
      if #exec > 0 then node[#node + 1] = { "exec", exec } end
      nodes[#nodes + 1] = { node_name(ns), node }
    end
  end
  local topology = M.map({ { "nodes", nodes } })
  if #links > 0 then topology[#topology + 1] = { "links", links } end
  local doc = M.map({ { "name", opts.name or "netlearn" }, { "topology", topology } })
  local head = {
    "# A netlearn lab exported for containerlab (https://containerlab.dev).",
    "# Deploy: containerlab deploy -t " .. (opts.file or "FILE"),
  }
  for _, r in ipairs(node_renamed) do
    head[#head + 1] = "# node " .. r[1] .. " = " .. (r[2] == "" and
      "the lab's host (netlearn's own namespace; containerlab's 'host' is the machine running it)" or
      ("namespace " .. r[2]))
  end
  for _, n in ipairs(notes) do head[#head + 1] = "# note: " .. n end
  return table.concat(head, "\n") .. "\n" .. M.yaml(doc), notes
end

return M
