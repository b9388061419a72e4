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
        else
          m.notes[#m.notes + 1] = label(ns) .. " " .. l.name .. L(": veth whose peer netlearn cannot see",
            "：netlearn 看不到这个 veth 的对端")
        end
      elseif l.type == "macvlan" or l.type == "ipvlan" then
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
  for _, k in ipairs({ "state", "multiport", "mark", "comment" }) do
    if r[k] then
      local w = {}
      require("netlearn.cmd.iptables_match").spec(r, k, w)
      s = s .. " " .. table.concat(w, " ")
    end
  end
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

-- "2 namespaces, 3 interfaces (lo not counted), ..." (the summary without its head)
function M.summary_body(m)
  local c = M.counts(m)
  if L("en", "zh") == "zh" then
    local parts = { c.namespaces .. " 个命名空间", c.links .. " 个接口（不含 lo）" }
    if c.veth > 0 then parts[#parts + 1] = c.veth .. " 对 veth" end
    if c.bridges > 0 then parts[#parts + 1] = c.bridges .. " 个网桥" end
    if c.tunnels > 0 then parts[#parts + 1] = c.tunnels .. " 条隧道" end
    return table.concat(parts, "，")
  end
  local parts = { plural(c.namespaces, "namespace"), plural(c.links, "interface") .. " (lo not counted)" }
  if c.veth > 0 then parts[#parts + 1] = plural(c.veth, "veth pair") end
  if c.bridges > 0 then parts[#parts + 1] = plural(c.bridges, "bridge") end
  if c.tunnels > 0 then parts[#parts + 1] = plural(c.tunnels, "tunnel") end
  return table.concat(parts, ", ")
end

function M.summary(m) return L("Lab: ", "实验室：") .. M.summary_body(m) end

local function endpoint(e) return label(e.a.ns) .. " " .. e.a.dev, label(e.b.ns) .. " " .. e.b.dev end

-- Is the lab too big to draw? -> nil or the reason
function M.too_big(m)
  if #m.lab.order > M.MAX_NAMESPACES then
    return string.format(L("%d namespaces: too many to draw readably (the limit is %d)",
      "%d 个命名空间：太多，画不清楚（上限 %d）"), #m.lab.order, M.MAX_NAMESPACES)
  end
  if #m.edges > M.MAX_LANES then
    return string.format(L("%d links between devices: too many to draw readably (the limit is %d)",
      "设备之间有 %d 条连线：太多，画不清楚（上限 %d）"), #m.edges, M.MAX_LANES)
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
    emit(L("Links:", "连线："))
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
      local what = e.kind == "veth" and L("veth pair", "veth 对") or e.text or e.kind
      emit("  " .. pad(w[1], wa) .. " " .. sym .. " " .. pad(w[2], wb) .. "  " .. what)
    end
  end
  for _, n in ipairs(m.notes) do emit(L("Note: ", "注意：") .. n) end
  local legend = {}
  for _, d in ipairs(edges) do
    if d.e.kind == "ipip" then legend.ipip = true end
    if d.e.kind == "macvlan" or d.e.kind == "ipvlan" then legend.vlan = true end
  end
  for _, b in ipairs(boxes) do
    for _, r in ipairs(b.rows) do if r.type == "ipip*" then legend.user = true end end
  end
  if legend.ipip then emit("  " .. G.ipip.h .. G.ipip.h .. L(" an ipip tunnel (the underlay carries it)", " ipip 隧道（由底层网络承载）")) end
  if legend.vlan then emit("  " .. G.macvlan.h .. G.macvlan.h .. L(" a macvlan/ipvlan device and its parent", " macvlan/ipvlan 设备和它的父设备")) end
  if legend.user then
    emit(L("  ipip* netlearn's user-space ipip stand-in (this kernel has no ipip module)",
      "  ipip* netlearn 在用户态模拟的 ipip（这个内核没有 ipip 模块）"))
  end
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
    out[#out + 1] = label(ns) .. ": " .. (#parts > 0 and table.concat(parts, "; ") or L("(only lo)", "（只有 lo）"))
  end
  return table.concat(out, "\n") .. "\n"
end

---------------------------------------------------------------------------
-- The picture (topo --svg, topo --dot): what a teacher draws on the board.
-- Namespaces are hosts (their devices with addresses, static routes and
-- iptables/NAT rules), bridges are switches (their ports), veth and
-- macvlan/ipvlan links are edges labelled with both devices, a tunnel is a
-- dashed edge over its underlay. M.picture() is shared by Graphviz (M.dot)
-- and the built-in renderer (M.svg).
---------------------------------------------------------------------------
function M.picture(m)
  local P = { nodes = {}, edges = {} }
  local where = {}                 -- key(ns, dev) -> {node =, port =}
  for _, ns in ipairs(m.lab.order) do
    local n = m.lab.ns[ns]
    local host = { id = label(ns), kind = "host", title = label(ns),
      sub = n.forwarding and "ip_forward=1" or nil, rows = {}, routes = static_routes(n), rules = M.nft_rules(n) }
    local switches = {}
    for _, l in ipairs(n.links) do
      local master = l.master and n.by_name[l.master]
      if l.type == "bridge" then
        local sw = { id = "switch " .. label(ns) .. " " .. l.name, kind = "switch", title = l.name,
          sub = "switch in " .. label(ns) .. (state_of(l) ~= "UP" and (" · " .. state_of(l)) or ""), rows = {} }
        for _, p in ipairs(n.links) do
          if p.master == l.name then
            sw.rows[#sw.rows + 1] = { port = "d_" .. p.name, text = "port " .. p.name ..
              (state_of(p) ~= "UP" and (" " .. state_of(p)) or "") }
            where[key(ns, p.name)] = { node = sw.id, port = "d_" .. p.name }
          end
        end
        switches[#switches + 1] = sw
        -- the host's own leg on the switch (its address there: the gateway)
        host.rows[#host.rows + 1] = { port = "d_" .. l.name, text = l.name .. "  bridge", addrs = n.addrs[l.name] }
        where[key(ns, l.name)] = { node = host.id, port = "d_" .. l.name }
        P.edges[#P.edges + 1] = { a = { node = host.id, port = "d_" .. l.name }, b = { node = sw.id }, kind = "bridge",
          label = "" }
      elseif l.type ~= "loopback" and not master then
        local st = state_of(l)
        host.rows[#host.rows + 1] = { port = "d_" .. l.name,
          text = l.name .. "  " .. type_of(m, ns, l) .. (st ~= "UP" and ("  " .. st) or ""), addrs = n.addrs[l.name] }
        where[key(ns, l.name)] = { node = host.id, port = "d_" .. l.name }
      end
    end
    if ns ~= "" or #host.rows > 0 or #host.routes > 0 or #host.rules > 0 then
      P.nodes[#P.nodes + 1] = host
    end
    for _, sw in ipairs(switches) do P.nodes[#P.nodes + 1] = sw end
  end
  for _, e in ipairs(m.edges) do
    local a, b = where[key(e.a.ns, e.a.dev)], where[key(e.b.ns, e.b.dev)]
    if a and b then
      local lab = e.a.dev .. " ↔ " .. e.b.dev
      if e.kind == "ipip" then lab = ((e.text or "ipip"):gsub("^ipip ", "ipip tunnel over "):gsub(" <%-> ", " ↔ "))
      elseif e.kind ~= "veth" then lab = e.kind .. ": " .. lab end
      P.edges[#P.edges + 1] = { a = a, b = b, kind = e.kind, label = lab }
    end
  end
  for k, kids in pairs(m.children) do
    local ns, parent = k:match("^(.-)%z(.*)$")
    for _, c in ipairs(kids) do
      local a, b = where[key(ns, c)], where[key(ns, parent)]
      if a and b and a.node == b.node then
        -- same host: say it in the child's row rather than a loop
        for _, node in ipairs(P.nodes) do
          if node.id == a.node then
            for _, r in ipairs(node.rows) do if r.port == a.port then r.text = r.text .. " on " .. parent end end
          end
        end
      elseif a and b then
        P.edges[#P.edges + 1] = { a = a, b = b, kind = "macvlan", label = c .. " on " .. parent }
      end
    end
  end
  P.notes = {}
  for _, nd in ipairs(P.nodes) do
    for _, r in ipairs(nd.rows) do
      if r.text:find("ipip*", 1, true) and #P.notes == 0 then
        P.notes[1] = L("ipip*: netlearn's user-space ipip stand-in (this kernel has no ipip module)",
          "ipip*：netlearn 在用户态模拟的 ipip（这个内核没有 ipip 模块）")
      end
    end
  end
  for _, note in ipairs(m.notes) do P.notes[#P.notes + 1] = L("Note: ", "注意：") .. note end
  return P
end

---------------------------------------------------------------------------
-- Graphviz
---------------------------------------------------------------------------
local function q(s) return '"' .. tostring(s):gsub('[\\"]', "\\%0") .. '"' end
local function x(s) return (tostring(s):gsub("[&<>\"]", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" })) end

local STYLE = {
  host = { head = "#2f4858", body = "#f4f7fb", line = "#2f4858" },
  switch = { head = "#1f7a8c", body = "#e8f6f8", line = "#1f7a8c" },
  edge = { veth = "#2a9d5c", ipip = "#d0731b", macvlan = "#6a5acd", ipvlan = "#6a5acd", bridge = "#1f7a8c" },
  route = "#555555", rule = "#b5412c",
}
M.STYLE = STYLE

function M.dot(m)
  local P = M.picture(m)
  local out = { "graph lab {",
    '  graph [rankdir=LR, bgcolor="white", fontname="Helvetica", fontsize=16, nodesep=0.5, ranksep=1.1, pad=0.3,' ..
      ' label=' .. q(L("netlearn lab: ", "netlearn 实验室：") .. M.summary_body(m)) .. ', labelloc=t];',
    '  node [shape=plain, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10, penwidth=2];' }
  for _, nd in ipairs(P.nodes) do
    local c = STYLE[nd.kind]
    local t = { '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" STYLE="ROUNDED" COLOR="' .. c.line ..
      '" BGCOLOR="' .. c.body .. '">' }
    t[#t + 1] = '<TR><TD PORT="title" BGCOLOR="' .. c.head .. '"><FONT COLOR="white"><B>' ..
      x((nd.kind == "switch" and "switch " or "") .. nd.title) .. '</B>' ..
      (nd.sub and ('<BR/><FONT POINT-SIZE="10">' .. x(nd.sub) .. '</FONT>') or "") .. '</FONT></TD></TR>'
    for _, r in ipairs(nd.rows) do
      local a = r.addrs and #r.addrs > 0 and ('<BR ALIGN="LEFT"/>  <B>' .. x(table.concat(r.addrs, ", ")) .. '</B>') or ""
      t[#t + 1] = '<TR><TD PORT="' .. x(r.port) .. '" ALIGN="LEFT" BALIGN="LEFT">' .. x(r.text) .. a .. '</TD></TR>'
    end
    if nd.routes and #nd.routes > 0 then
      t[#t + 1] = '<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT COLOR="' .. STYLE.route .. '" POINT-SIZE="10"><I>routes</I>'
      for _, r in ipairs(nd.routes) do t[#t] = t[#t] .. '<BR ALIGN="LEFT"/>→ ' .. x(r) end
      t[#t] = t[#t] .. '</FONT></TD></TR>'
    end
    if nd.rules and #nd.rules > 0 then
      t[#t + 1] = '<TR><TD ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="#fbe9e5"><FONT COLOR="' .. STYLE.rule ..
        '" POINT-SIZE="10"><I>iptables / NAT</I>'
      for _, r in ipairs(nd.rules) do t[#t] = t[#t] .. '<BR ALIGN="LEFT"/>' .. x(r) end
      t[#t] = t[#t] .. '</FONT></TD></TR>'
    end
    t[#t + 1] = '</TABLE>'
    out[#out + 1] = "  " .. q(nd.id) .. " [label=<" .. table.concat(t) .. ">];"
  end
  for _, e in ipairs(P.edges) do
    local function ep(p) return q(p.node) .. (p.port and (":" .. q(p.port)) or "") end
    local attrs = { 'color="' .. (STYLE.edge[e.kind] or "#444444") .. '"' }
    if e.kind == "ipip" then attrs[#attrs + 1] = "style=dashed" end
    if e.kind == "macvlan" or e.kind == "ipvlan" then attrs[#attrs + 1] = "style=dotted" end
    if e.kind == "bridge" then attrs[#attrs + 1] = "style=bold" end
    if e.label ~= "" then attrs[#attrs + 1] = "label=" .. q(e.label) end
    out[#out + 1] = "  " .. ep(e.a) .. " -- " .. ep(e.b) .. " [" .. table.concat(attrs, ", ") .. "];"
  end
  if #P.notes > 0 then
    out[#out + 1] = '  notes [shape=plaintext, fontsize=10, fontcolor="#555555", label=' ..
      '"' .. table.concat((function()
        local t = {}
        for k, note in ipairs(P.notes) do t[k] = (note:gsub('[\\"]', "\\%0")) .. "\\l" end
        return t
      end)()) .. '"];'
  end
  out[#out + 1] = "}"
  return table.concat(out, "\n") .. "\n"
end

---------------------------------------------------------------------------
-- The built-in SVG renderer (no Graphviz): the same picture, nodes in
-- columns (hosts left to right as the lab goes, each switch beside its
-- host), edges from device row to device row, labelled at their middle.
---------------------------------------------------------------------------
-- string.format with coordinates rounded to whole pixels
local function F(fmt, ...)
  local a = table.pack(...)
  for k = 1, a.n do if math.type(a[k]) == "float" then a[k] = math.floor(a[k] + 0.5) end end
  return string.format(fmt, table.unpack(a, 1, a.n))
end

function M.svg(m)
  local P = M.picture(m)
  local CW, LH, PAD, GAPX, GAPY = 7.3, 17, 8, 170, 40
  local boxes, byid = {}, {}
  for _, nd in ipairs(P.nodes) do
    local lines = {}     -- {text, kind, port}
    for _, r in ipairs(nd.rows) do
      lines[#lines + 1] = { r.text, "dev", r.port }
      if r.addrs and #r.addrs > 0 then lines[#lines + 1] = { "  " .. table.concat(r.addrs, ", "), "addr", r.port } end
    end
    if nd.routes and #nd.routes > 0 then
      lines[#lines + 1] = { "routes", "rhead" }
      for _, r in ipairs(nd.routes) do lines[#lines + 1] = { "→ " .. r, "route" } end
    end
    if nd.rules and #nd.rules > 0 then
      lines[#lines + 1] = { "iptables / NAT", "nhead" }
      for _, r in ipairs(nd.rules) do lines[#lines + 1] = { r, "rule" } end
    end
    local w = ulen((nd.kind == "switch" and "switch " or "") .. nd.title) * 8.5
    if nd.sub then w = math.max(w, ulen(nd.sub) * 6.5) end
    for _, l in ipairs(lines) do w = math.max(w, ulen(l[1]) * ((l[2] == "route" or l[2] == "rule") and 6.6 or CW)) end
    local b = { nd = nd, lines = lines, w = math.floor(w + 2 * PAD + 0.5), h = (nd.sub and 44 or 30) + LH * #lines + PAD }
    boxes[#boxes + 1] = b
    byid[nd.id] = b
  end
  -- columns as Graphviz ranks them left to right: the distance from the first
  -- box along the edges (a box no edge reaches starts again at column 0)
  local adj = {}
  for _, e in ipairs(P.edges) do
    adj[e.a.node] = adj[e.a.node] or {}
    adj[e.b.node] = adj[e.b.node] or {}
    table.insert(adj[e.a.node], e.b.node)
    table.insert(adj[e.b.node], e.a.node)
  end
  local cols = {}
  for _, start in ipairs(boxes) do
    if not start.col then
      start.col = 0
      local queue, qi = { start }, 1
      while queue[qi] do
        local b = queue[qi]
        qi = qi + 1
        for _, id in ipairs(adj[b.nd.id] or {}) do
          local o = byid[id]
          if o and not o.col then o.col = b.col + 1 queue[#queue + 1] = o end
        end
      end
    end
  end
  for _, b in ipairs(boxes) do
    cols[b.col] = cols[b.col] or {}
    table.insert(cols[b.col], b)
  end
  local ncol = 0
  for c in pairs(cols) do ncol = math.max(ncol, c + 1) end
  -- fewer crossings: a column in the order of its neighbours in the column before
  for c = 1, ncol - 1 do
    local prev = {}
    for i, b in ipairs(cols[c - 1] or {}) do prev[b.nd.id] = i end
    for i, b in ipairs(cols[c] or {}) do
      local sum, k = 0, 0
      for _, id in ipairs(adj[b.nd.id] or {}) do
        if prev[id] then sum, k = sum + prev[id], k + 1 end
      end
      b.bary = k > 0 and sum / k or 1000 + i
    end
    table.sort(cols[c] or {}, function(p1, p2) return p1.bary < p2.bary end)
  end
  -- too wide: a grid of at most ceil(sqrt(n)) + 1 columns, in the lab's order
  local limit = math.max(6, math.ceil(math.sqrt(#boxes)) + 1)
  if ncol > limit then
    cols = {}
    for i, b in ipairs(boxes) do
      b.col = (i - 1) % limit
      cols[b.col] = cols[b.col] or {}
      table.insert(cols[b.col], b)
    end
    ncol = limit
  end
  -- each gap as wide as the widest label of the edges crossing it
  local gap = {}
  for _, e in ipairs(P.edges) do
    local ca, cb = byid[e.a.node] and byid[e.a.node].col, byid[e.b.node] and byid[e.b.node].col
    if ca and cb and e.label ~= "" then
      local g = math.min(ca, cb)
      gap[g] = math.max(gap[g] or GAPX, ulen(e.label) * 6.2 + 60)
    end
  end
  local X, W, H = 30, 0, 0
  local title_h = 50
  for c = 0, ncol - 1 do
    local list = cols[c] or {}
    local cw, Y = 0, title_h
    for _, b in ipairs(list) do cw = math.max(cw, b.w) end
    for _, b in ipairs(list) do
      b.x, b.y = X, Y
      Y = Y + b.h + GAPY
    end
    H = math.max(H, Y)
    X = X + cw + (c < ncol - 1 and (gap[c] or GAPX) or 0)
  end
  W = X + 30
  for k, note in ipairs(P.notes) do
    W = math.max(W, ulen(note) * 6.2 + 60)
    if k == 1 then H = H + 10 end
  end
  local notes_y = H
  H = H + 16 * #P.notes
  local out = { F('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" ' ..
    'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">', W, H, W, H),
    '<rect width="100%" height="100%" fill="white"/>',
    F('<text x="%d" y="30" font-size="16" text-anchor="middle">%s</text>', W // 2,
      x(L("netlearn lab: ", "netlearn 实验室：") .. M.summary_body(m))) }
  local anchor = {}
  local body = {}
  for _, b in ipairs(boxes) do
    local c = STYLE[b.nd.kind]
    local hh = b.nd.sub and 38 or 24
    body[#body + 1] = F('<rect x="%d" y="%d" width="%d" height="%d" rx="8" fill="%s" stroke="%s" stroke-width="1.5"/>',
      b.x, b.y, b.w, b.h, c.body, c.line)
    body[#body + 1] = F('<rect x="%d" y="%d" width="%d" height="%d" rx="8" fill="%s"/>', b.x, b.y, b.w, hh, c.head)
    body[#body + 1] = F('<rect x="%d" y="%d" width="%d" height="8" fill="%s"/>', b.x, b.y + hh - 8, b.w, c.head)
    body[#body + 1] = F('<text x="%d" y="%d" fill="white" font-weight="bold" font-size="14" text-anchor="middle">%s</text>',
      b.x + b.w // 2, b.y + 17, x((b.nd.kind == "switch" and "switch " or "") .. b.nd.title))
    if b.nd.sub then
      body[#body + 1] = F('<text x="%d" y="%d" fill="white" font-size="10" text-anchor="middle">%s</text>',
        b.x + b.w // 2, b.y + 32, x(b.nd.sub))
    end
    anchor[b.nd.id .. "\0"] = { b.x, b.x + b.w, b.y + hh // 2 }
    for j, l in ipairs(b.lines) do
      local ty = b.y + hh + LH * j - 4
      local attr = ""
      if l[2] == "addr" then attr = ' font-weight="bold"'
      elseif l[2] == "route" then attr = ' fill="' .. STYLE.route .. '" font-size="11"'
      elseif l[2] == "rule" then attr = ' fill="' .. STYLE.rule .. '" font-size="11"'
      elseif l[2] == "rhead" or l[2] == "nhead" then
        attr = ' font-style="italic" font-size="10" fill="' .. (l[2] == "nhead" and STYLE.rule or STYLE.route) .. '"'
        body[#body + 1] = F('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="0.5"/>',
          b.x + 4, ty - LH + 6, b.x + b.w - 4, ty - LH + 6, c.line)
      end
      body[#body + 1] = F('<text x="%d" y="%d"%s>%s</text>', b.x + PAD, ty, attr, x(l[1]))
      if l[3] and l[2] == "dev" then anchor[b.nd.id .. "\0" .. l[3]] = { b.x, b.x + b.w, ty - 4 } end
    end
  end
  local lines, labels = {}, {}
  for _, e in ipairs(P.edges) do
    local a = anchor[e.a.node .. "\0" .. (e.a.port or "")]
    local b = anchor[e.b.node .. "\0" .. (e.b.port or "")]
    if a and b then
      local ax, bx
      if a[2] <= b[1] then ax, bx = a[2], b[1]
      elseif b[2] <= a[1] then ax, bx = a[1], b[2]
      else ax, bx = a[2], b[2] end
      local color = STYLE.edge[e.kind] or "#444"
      local dash = e.kind == "ipip" and ' stroke-dasharray="8,5"' or
        ((e.kind == "macvlan" or e.kind == "ipvlan") and ' stroke-dasharray="2,4"' or "")
      local bend = (ax == bx) and 60 or 0
      local dx = (bx > ax) and 50 or -50
      if ax == bx then dx = 0 end
      lines[#lines + 1] = F('<path d="M%d %d C%d %d %d %d %d %d" fill="none" stroke="%s" stroke-width="%s"%s/>',
        ax, a[3], ax + dx + bend, a[3], bx - dx + bend, b[3], bx, b[3], color, e.kind == "bridge" and "3" or "2", dash)
      lines[#lines + 1] = F('<circle cx="%d" cy="%d" r="3" fill="%s"/><circle cx="%d" cy="%d" r="3" fill="%s"/>',
        ax, a[3], color, bx, b[3], color)
      if e.label ~= "" then
        local mx, my = (ax + bx) / 2 + bend * 0.75, (a[3] + b[3]) / 2
        local tw = ulen(e.label) * 6.2 + 8
        labels[#labels + 1] = F('<rect x="%d" y="%d" width="%d" height="16" rx="3" fill="white" ' ..
          'fill-opacity="0.9" stroke="%s" stroke-width="0.5"/>', mx - tw / 2, my - 11, tw, color)
        labels[#labels + 1] = F('<text x="%d" y="%d" font-size="10.5" fill="%s" text-anchor="middle">%s</text>',
          mx, my + 1, color, x(e.label))
      end
    end
  end
  for _, l in ipairs(body) do out[#out + 1] = l end
  for _, l in ipairs(lines) do out[#out + 1] = l end
  for _, l in ipairs(labels) do out[#out + 1] = l end
  for k, note in ipairs(P.notes) do
    out[#out + 1] = F('<text x="30" y="%d" font-size="11" fill="#555">%s</text>', notes_y + 16 * (k - 1), x(note))
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n") .. "\n"
end

return M
