--[[ netlearn.topo -- see the lab: what is connected to what, drawn in the terminal.

topo.gather() reads the lab from the kernel (every namespace: the host, the
sandbox's own, plus each named one) and topo.model() works out how it hangs
together: veth pairs (a veth's link_index is its peer's ifindex in the peer's
namespace), bridge ports, macvlan/ipvlan children and their parent, ipip
tunnels (kernel or netlearn's user-space stand-in) whose local/remote
addresses match. From the model:

  topo.draw(model, {ascii=, color=})   boxes and lines (Unicode or ASCII)
  topo.compact(model)                  one line a namespace, for big labs
  topo.dot(model)                      Graphviz text
  topo.svg(model)                      a simple SVG (grid layout, no Graphviz needed)

  local topo = require("netlearn.topo")
  io.write(topo.draw(topo.model(topo.gather()), {ascii = true}))
]]
local net = require("netlearn.core")

local M = {}

M.MAX_NAMESPACES = 30       -- more than this: a compact list instead of a drawing
M.MAX_LANES = 40            -- more lines than this between boxes: compact list

---------------------------------------------------------------------------
-- Reading the lab
---------------------------------------------------------------------------
local function label(ns) return ns == "" and "host" or ns end
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
  if net.links_settle then net.links_settle(opts.namespaces or M.namespaces(), 1) end
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
      n.routes = net.route_list and net.route_list(ns) or {}
      n.nft = net.nft_list and net.nft_list(ns) or nil
      n.forwarding = net.sysctl_get and net.sysctl_get(ns, "net.ipv4.ip_forward") == "1"
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
  if not net.run then return nil end
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
        if p and (l.type ~= "veth" or (p.type == "veth" and p.link_index == l.ifindex)) then
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
      if l.type == "veth" then
        local pns, pdev = far_end(ns, l)
        if pns then add("veth", ns, l.name, pns, pdev)
        else m.notes[#m.notes + 1] = label(ns) .. " " .. l.name .. ": veth whose peer netlearn cannot see" end
      elseif l.type == "macvlan" or l.type == "ipvlan" then
        local pns, pdev = far_end(ns, l)
        if pns == ns then
          local k = key(ns, pdev)
          m.children[k] = m.children[k] or {}
          table.insert(m.children[k], l.name)
        elseif pns then
          add(l.type, ns, l.name, pns, pdev, l.type .. " on " .. pdev)
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
        add("ipip", ns, dev, o.ns, o.dev, "ipip to " .. t.remote .. " (no tunnel device there)")
      else
        m.notes[#m.notes + 1] = label(ns) .. " " .. dev .. ": tunnel to " .. tostring(t.remote) ..
          ", an address no namespace of the lab has"
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
  if l.type == "macvlan" or l.type == "ipvlan" then t = t .. " " .. (l.mode or "") end
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
  local function add(field, opt)
    if r[field] then s = s .. (r["not_" .. field] and " ! " or " ") .. opt .. " " .. r[field] end
  end
  add("proto", "-p")
  add("src", "-s")
  add("dst", "-d")
  add("iif", "-i")
  add("oif", "-o")
  add("sport", "--sport")
  add("dport", "--dport")
  if r.ctstate then s = s .. " -m conntrack" add("ctstate", "--ctstate") end
  if r.src_type or r.dst_type then s = s .. " -m addrtype" add("src_type", "--src-type") add("dst_type", "--dst-type") end
  s = s .. (r["goto"] and " -g " or " -j ") .. tostring(r.target or r.unknown or "?")
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
    if (l.type == "macvlan" or l.type == "ipvlan") and not l.link_netnsid and l.link and n.by_name[l.link] then
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

---------------------------------------------------------------------------
-- The drawing: boxes stacked top to bottom; each line between two devices
-- runs in its own lane to the right of the boxes. Lines cross without
-- joining (the vertical one stays whole); they join only at corners.
---------------------------------------------------------------------------
local GLYPHS = {
  unicode = {
    box = { tl = "┌", tr = "┐", bl = "└", br = "┘", h = "─", v = "│", port = "├" },
    veth = { h = "─", v = "│" }, ipip = { h = "┄", v = "┆" }, macvlan = { h = "═", v = "║" },
    corner = { WS = "┐", WN = "┘", WES = "┬", WEN = "┴" },
    dcorner = { WS = "╗", WN = "╝", WES = "╦", WEN = "╩" },
    tree = { ["+"] = "├ ", ["`"] = "└ ", ["|"] = "│ ", [" "] = "  " },
    arrow = "→", rule = "⇄",
  },
  ascii = {
    box = { tl = "+", tr = "+", bl = "+", br = "+", h = "-", v = "|", port = "+" },
    veth = { h = "-", v = "|" }, ipip = { h = ".", v = ":" }, macvlan = { h = "=", v = "H" },
    corner = { WS = "+", WN = "+", WES = "+", WEN = "+" },
    dcorner = { WS = "+", WN = "+", WES = "+", WEN = "+" },
    tree = { ["+"] = "|-", ["`"] = "`-", ["|"] = "| ", [" "] = "  " },
    arrow = "->", rule = "<>",
  },
}
GLYPHS.unicode.ipvlan = GLYPHS.unicode.macvlan
GLYPHS.ascii.ipvlan = GLYPHS.ascii.macvlan

local COLORS = { title = "\27[1m", UP = "\27[32m", DOWN = "\27[31m", ["NO-CARRIER"] = "\27[33m", route = "\27[2m",
  reset = "\27[0m" }

local function ulen(s) return utf8.len(s) or #s end
local function pad(s, w) return s .. string.rep(" ", w - ulen(s)) end

-- Is colour wanted? NO_COLOR, or output that is not a terminal, turn it off.
local tty_cache
function M.want_color()
  if os.getenv("NO_COLOR") and os.getenv("NO_COLOR") ~= "" then return false end
  local term = os.getenv("TERM")
  if not term or term == "dumb" then return false end
  if tty_cache == nil then
    local code = net.run and require("netlearn.guard").internal(net.run, "", { "/bin/sh", "-c", "test -t 1" }) or 1
    tty_cache = code == 0
  end
  return tty_cache
end

function M.counts(m)
  local c = { namespaces = #m.lab.order, links = 0, veth = 0, bridges = 0, tunnels = 0 }
  for _, ns in ipairs(m.lab.order) do
    for _, l in ipairs(m.lab.ns[ns].links) do
      if l.type ~= "loopback" then c.links = c.links + 1 end
      if l.type == "bridge" then c.bridges = c.bridges + 1 end
    end
  end
  for _, e in ipairs(m.edges) do
    if e.kind == "veth" then c.veth = c.veth + 1 elseif e.kind == "ipip" then c.tunnels = c.tunnels + 1 end
  end
  return c
end

local function plural(n, one, many) return n .. " " .. (n == 1 and one or (many or one .. "s")) end

function M.summary(m)
  local c = M.counts(m)
  local parts = { plural(c.namespaces, "namespace"), plural(c.links, "interface") .. " (lo not counted)" }
  if c.veth > 0 then parts[#parts + 1] = plural(c.veth, "veth pair") end
  if c.bridges > 0 then parts[#parts + 1] = plural(c.bridges, "bridge") end
  if c.tunnels > 0 then parts[#parts + 1] = plural(c.tunnels, "tunnel") end
  return "Lab: " .. table.concat(parts, ", ")
end

local function endpoint(e) return label(e.a.ns) .. " " .. e.a.dev, label(e.b.ns) .. " " .. e.b.dev end

-- Is the lab too big to draw? -> nil or the reason
function M.too_big(m)
  if #m.lab.order > M.MAX_NAMESPACES then
    return string.format("%d namespaces: too many to draw readably (the limit is %d)", #m.lab.order, M.MAX_NAMESPACES)
  end
  if #m.edges > M.MAX_LANES then
    return string.format("%d links between devices: too many to draw readably (the limit is %d)", #m.edges, M.MAX_LANES)
  end
  return nil
end

function M.draw(m, opts)
  opts = opts or {}
  local G = opts.ascii and GLYPHS.ascii or GLYPHS.unicode
  local color = opts.color
  local function paint(s, c) if color and COLORS[c] then return COLORS[c] .. s .. COLORS.reset end return s end
  local out = {}
  local function emit(s) out[#out + 1] = s end
  -- rows of every box, column widths shared by all boxes
  local boxes = {}
  local wname, wtype, wstate, waddr, wtitle = 4, 2, 2, 0, 0
  for _, ns in ipairs(m.lab.order) do
    local n = m.lab.ns[ns]
    local rows = M.rows(m, ns)
    local title = label(ns)
    if n.forwarding then title = title .. " (ip_forward=1)" end
    boxes[#boxes + 1] = { ns = ns, rows = rows, title = title }
    wtitle = math.max(wtitle, ulen(title) + 4)
    for _, r in ipairs(rows) do
      if r.dev or r.addr then
        r.tree = (r.tree:gsub(".", G.tree))
        wname = math.max(wname, ulen(r.tree) + #r.name)
        wtype = math.max(wtype, #r.type)
        wstate = math.max(wstate, #r.state)
        waddr = math.max(waddr, #r.addr)
      end
    end
  end
  local inner = wname + 2 + wtype + 2 + wstate + (waddr > 0 and (2 + waddr) or 0)
  inner = math.max(inner, wtitle, 44)
  -- routes and rules wrap to the width the devices need (no word is cut)
  for _, b in ipairs(boxes) do
    for _, r in ipairs(b.rows) do
      for w in (r.route or r.rule or ""):gmatch("%S+") do inner = math.max(inner, 4 + #w + 2) end
    end
    local rows = {}
    for _, r in ipairs(b.rows) do
      local text = r.route or r.rule
      if text then
        local mark = r.route and G.arrow or G.rule
        local first, cur = true, ""
        local function flush()
          rows[#rows + 1] = { text = (first and mark or string.rep(" ", ulen(mark))) .. " " .. cur }
          first, cur = false, ""
        end
        -- an option and its value stay together ("-o ens33", "--to-destination 10.0.0.1:80")
        local units, words = {}, {}
        for w in text:gmatch("%S+") do words[#words + 1] = w end
        local k = 1
        while k <= #words do
          local w = words[k]
          if w:match("^%-") and words[k + 1] and not words[k + 1]:match("^%-") then
            w = w .. " " .. words[k + 1]
            k = k + 1
          end
          units[#units + 1] = w
          k = k + 1
        end
        for _, w in ipairs(units) do
          local lead = ulen(mark) + 1        -- cur carries the continuation's indent itself
          if cur ~= "" and lead + #cur + 1 + #w > inner then
            flush()
            cur = "  " .. w
          else
            cur = cur == "" and w or (cur .. " " .. w)
          end
        end
        flush()
      else
        rows[#rows + 1] = r
      end
    end
    b.rows = rows
  end
  -- global row numbers of every device row
  local lines = {}          -- {kind="top"|"row"|"bottom", box=, row=}
  local row_of = {}
  for _, b in ipairs(boxes) do
    lines[#lines + 1] = { kind = "top", box = b }
    for _, r in ipairs(b.rows) do
      lines[#lines + 1] = { kind = "row", box = b, row = r }
      if r.dev then row_of[key(b.ns, r.dev)] = #lines end
    end
    lines[#lines + 1] = { kind = "bottom", box = b }
  end
  -- lanes: shorter lines nearer the boxes; lines never share a lane where they overlap
  local edges = {}
  for _, e in ipairs(m.edges) do
    local r1, r2 = row_of[key(e.a.ns, e.a.dev)], row_of[key(e.b.ns, e.b.dev)]
    if r1 and r2 then
      if r1 > r2 then r1, r2 = r2, r1 end
      edges[#edges + 1] = { e = e, r1 = r1, r2 = r2 }
    end
  end
  table.sort(edges, function(x, y)
    if x.r2 - x.r1 ~= y.r2 - y.r1 then return x.r2 - x.r1 < y.r2 - y.r1 end
    return x.r1 < y.r1
  end)
  local lanes = {}          -- lane -> list of {r1, r2}
  local nlanes = 0
  for _, d in ipairs(edges) do
    local k = 1
    while true do
      local free = true
      for _, iv in ipairs(lanes[k] or {}) do
        if not (d.r2 < iv[1] or d.r1 > iv[2]) then free = false break end
      end
      if free then break end
      k = k + 1
    end
    lanes[k] = lanes[k] or {}
    table.insert(lanes[k], { d.r1, d.r2 })
    d.lane = k
    nlanes = math.max(nlanes, k)
  end
  local at_row = {}         -- row -> edges ending there
  for _, d in ipairs(edges) do
    for _, r in ipairs({ d.r1, d.r2 }) do
      at_row[r] = at_row[r] or {}
      table.insert(at_row[r], d)
    end
  end
  local function lane_x(k) return 2 * k end
  local width = nlanes > 0 and lane_x(nlanes) or 0
  local function lane_part(r)
    if width == 0 then return "" end
    local mine = at_row[r] or {}
    local maxx, hstyle = 0, nil
    for _, d in ipairs(mine) do
      if lane_x(d.lane) > maxx then maxx = lane_x(d.lane) end
      if not hstyle or d.e.kind == "veth" then hstyle = d.e.kind end
    end
    local cells = {}
    for c = 1, width do
      local vd
      for _, d in ipairs(edges) do
        if lane_x(d.lane) == c and d.r1 <= r and r <= d.r2 then vd = d break end
      end
      local ch = " "
      if vd and (r == vd.r1 or r == vd.r2) then
        local bits = "W" .. (c < maxx and "E" or "") .. (r == vd.r1 and "S" or "N")
        local set = (vd.e.kind == "macvlan" or vd.e.kind == "ipvlan") and G.dcorner or G.corner
        ch = set[bits]
      elseif vd then
        ch = G[vd.e.kind].v
      elseif c <= maxx then
        ch = G[hstyle].h
      end
      cells[c] = ch
    end
    return (table.concat(cells):gsub("%s+$", ""))
  end
  emit(M.summary(m))
  for i, ln in ipairs(lines) do
    local s
    if ln.kind == "top" then
      local t = G.box.tl .. G.box.h .. " " .. paint(ln.box.title, "title") .. " "
      s = t .. string.rep(G.box.h, inner - 1 - ulen(ln.box.title)) .. G.box.tr
    elseif ln.kind == "bottom" then
      s = G.box.bl .. string.rep(G.box.h, inner + 2) .. G.box.br
    else
      local r = ln.row
      local text
      if r.text then
        text = paint(pad(r.text, inner), "route")
      else
        local name = pad(r.tree .. r.name, wname)
        local st = r.state ~= "" and paint(r.state, r.state) .. string.rep(" ", wstate - #r.state) or pad("", wstate)
        text = name .. "  " .. pad(r.type, wtype) .. "  " .. st
        if waddr > 0 then text = text .. "  " .. pad(r.addr, waddr) end
        text = text .. string.rep(" ", inner - (wname + 2 + wtype + 2 + wstate + (waddr > 0 and 2 + waddr or 0)))
      end
      s = G.box.v .. " " .. text .. " " .. (at_row[i] and G.box.port or G.box.v)
    end
    emit((s .. lane_part(i)):gsub("%s+$", ""))
  end
  -- the lines, in words
  if #m.edges > 0 then
    emit("Links:")
    local wa, wb = 0, 0
    local words = {}
    for _, e in ipairs(m.edges) do
      local a, b = endpoint(e)
      wa, wb = math.max(wa, #a), math.max(wb, #b)
      words[#words + 1] = { a, b, e }
    end
    for _, w in ipairs(words) do
      local e = w[3]
      local sym = G[e.kind].h .. G[e.kind].h
      local what = e.kind == "veth" and "veth pair" or e.text or e.kind
      emit("  " .. pad(w[1], wa) .. " " .. sym .. " " .. pad(w[2], wb) .. "  " .. what)
    end
  end
  for _, n in ipairs(m.notes) do emit("Note: " .. n) end
  local legend = {}
  for _, d in ipairs(edges) do
    if d.e.kind == "ipip" then legend.ipip = true end
    if d.e.kind == "macvlan" or d.e.kind == "ipvlan" then legend.vlan = true end
  end
  for _, b in ipairs(boxes) do
    for _, r in ipairs(b.rows) do if r.type == "ipip*" then legend.user = true end end
  end
  if legend.ipip then emit("  " .. G.ipip.h .. G.ipip.h .. " an ipip tunnel (the underlay carries it)") end
  if legend.vlan then emit("  " .. G.macvlan.h .. G.macvlan.h .. " a macvlan/ipvlan device and its parent") end
  if legend.user then emit("  ipip* netlearn's user-space ipip stand-in (this kernel has no ipip module)") end
  return table.concat(out, "\n") .. "\n"
end

---------------------------------------------------------------------------
-- Big labs: one line a namespace.
---------------------------------------------------------------------------
function M.compact(m)
  local out = { M.summary(m) }
  local peer = {}
  for _, e in ipairs(m.edges) do
    peer[key(e.a.ns, e.a.dev)] = label(e.b.ns) .. "/" .. e.b.dev
    peer[key(e.b.ns, e.b.dev)] = label(e.a.ns) .. "/" .. e.a.dev
  end
  for _, ns in ipairs(m.lab.order) do
    local n = m.lab.ns[ns]
    local parts = {}
    for _, l in ipairs(n.links) do
      if l.type ~= "loopback" then
        local s = l.name
        local a = n.addrs[l.name]
        if a and a[1] then s = s .. " " .. table.concat(a, ",") end
        if l.master then s = s .. " [" .. l.master .. "]" end
        if state_of(l) ~= "UP" then s = s .. " " .. state_of(l) end
        local p = peer[key(ns, l.name)]
        if p then s = s .. " -> " .. p end
        parts[#parts + 1] = s
      end
    end
    out[#out + 1] = label(ns) .. ": " .. (#parts > 0 and table.concat(parts, "; ") or "(only lo)")
  end
  return table.concat(out, "\n") .. "\n"
end

---------------------------------------------------------------------------
-- Graphviz
---------------------------------------------------------------------------
local function q(s) return '"' .. tostring(s):gsub('[\\"]', "\\%0") .. '"' end

function M.dot(m)
  local out = { "graph lab {", "  rankdir=LR;", "  node [shape=box, fontname=\"monospace\"];" }
  for i, ns in ipairs(m.lab.order) do
    local n = m.lab.ns[ns]
    out[#out + 1] = "  subgraph cluster_" .. i .. " {"
    out[#out + 1] = "    label=" .. q(label(ns) .. (n.forwarding and " (ip_forward=1)" or "")) .. ";"
    for _, l in ipairs(n.links) do
      if l.type ~= "loopback" then
        local lab = l.name .. "\\n" .. type_of(m, ns, l) .. " " .. state_of(l)
        for _, a in ipairs(n.addrs[l.name] or {}) do lab = lab .. "\\n" .. a end
        out[#out + 1] = "    " .. q(label(ns) .. ":" .. l.name) .. " [label=\"" .. lab:gsub('"', '\\"') .. "\"" ..
          (l.type == "bridge" and ", shape=hexagon" or "") .. "];"
      end
    end
    for _, l in ipairs(n.links) do
      if l.master and n.by_name[l.master] then
        out[#out + 1] = "    " .. q(label(ns) .. ":" .. l.name) .. " -- " .. q(label(ns) .. ":" .. l.master) ..
          " [style=bold, label=\"port\"];"
      end
    end
    for k, kids in pairs(m.children) do
      local kns, parent = k:match("^(.-)%z(.*)$")
      if kns == ns then
        for _, c in ipairs(kids) do
          out[#out + 1] = "    " .. q(label(ns) .. ":" .. c) .. " -- " .. q(label(ns) .. ":" .. parent) ..
            " [style=dotted, label=\"parent\"];"
        end
      end
    end
    out[#out + 1] = "  }"
  end
  for _, e in ipairs(m.edges) do
    local style = e.kind == "ipip" and " [style=dashed, label=\"ipip\"]" or
      (e.kind == "veth" and "" or " [style=dotted, label=\"" .. e.kind .. "\"]")
    out[#out + 1] = "  " .. q(label(e.a.ns) .. ":" .. e.a.dev) .. " -- " .. q(label(e.b.ns) .. ":" .. e.b.dev) .. style .. ";"
  end
  out[#out + 1] = "}"
  return table.concat(out, "\n") .. "\n"
end

---------------------------------------------------------------------------
-- SVG without Graphviz: namespaces in a grid, devices listed inside,
-- lines between device anchors (dashed for tunnels).
---------------------------------------------------------------------------
local function x(s) return (tostring(s):gsub("[&<>\"]", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" })) end

function M.svg(m)
  local n = #m.lab.order
  local cols = math.max(1, math.ceil(math.sqrt(n)))
  local BW, LH, GAP, PAD = 300, 18, 80, 10
  local anchor = {}
  local boxes = {}
  local maxh = {}
  for i, ns in ipairs(m.lab.order) do
    local rows = M.rows(m, ns)
    local h = PAD * 2 + LH * (#rows + 1)
    local row = (i - 1) // cols
    maxh[row] = math.max(maxh[row] or 0, h)
    boxes[i] = { ns = ns, rows = rows, h = h, col = (i - 1) % cols, row = row }
  end
  local ys, y = {}, 20
  for r = 0, (n - 1) // cols do ys[r] = y y = y + (maxh[r] or 0) + GAP end
  local W, H = 20 + cols * (BW + GAP), y
  local out = { string.format('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="monospace" font-size="12">', W, H),
    '<rect width="100%" height="100%" fill="white"/>' }
  for _, b in ipairs(boxes) do
    local bx, by = 20 + b.col * (BW + GAP), ys[b.row]
    out[#out + 1] = string.format('<rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="#f4f7fb" stroke="#345"/>', bx, by, BW, b.h)
    out[#out + 1] = string.format('<text x="%d" y="%d" font-weight="bold">%s</text>', bx + PAD, by + PAD + 12,
      x(label(b.ns) .. (m.lab.ns[b.ns].forwarding and " (ip_forward=1)" or "")))
    for j, r in ipairs(b.rows) do
      local ty = by + PAD + 12 + LH * j
      local text = r.route and ("→ " .. r.route) or r.rule and ("⇄ " .. r.rule) or (r.tree:gsub(".", GLYPHS.unicode.tree) .. r.name .. "  " .. r.type .. "  " .. r.state .. "  " .. r.addr)
      out[#out + 1] = string.format('<text x="%d" y="%d">%s</text>', bx + PAD, ty, x(text))
      if r.dev then anchor[key(b.ns, r.dev)] = { bx, bx + BW, ty - 4 } end
    end
  end
  for _, e in ipairs(m.edges) do
    local a, b = anchor[key(e.a.ns, e.a.dev)], anchor[key(e.b.ns, e.b.dev)]
    if a and b then
      local ax = (a[1] <= b[1]) and a[2] or a[1]
      local bx = (a[1] <= b[1]) and b[1] or b[2]
      if a[1] == b[1] then ax, bx = a[2], b[2] end
      local dash = e.kind == "ipip" and ' stroke-dasharray="6,4"' or ""
      local color = e.kind == "veth" and "#1a6" or (e.kind == "ipip" and "#c60" or "#66c")
      if ax == bx then
        out[#out + 1] = string.format('<path d="M%d %d C%d %d %d %d %d %d" fill="none" stroke="%s" stroke-width="2"%s/>',
          ax, a[3], ax + 40, a[3], bx + 40, b[3], bx, b[3], color, dash)
      else
        out[#out + 1] = string.format('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>',
          ax, a[3], bx, b[3], color, dash)
      end
    end
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n") .. "\n"
end

return M
