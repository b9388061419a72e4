--[[ netlearn.topo_picture -- the lab as a teacher draws it on the board, for
topo --dot (Graphviz text) and topo --svg (a built-in SVG renderer, no
Graphviz needed). Reads netlearn.topo_model's model.
]]
local model = require("netlearn.topo_model")
local draw = require("netlearn.topo_draw")
local label, key, state_of = model.label, model.key, model.state_of
local type_of, static_routes = model.type_of, model.static_routes
local ulen = draw.ulen

local M = {}

-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh)
  local i18n = package.loaded["netlearn.i18n"]
  return (type(i18n) == "table" and i18n.lang == "zh") and zh or en
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
      sub = n.forwarding and "ip_forward=1" or nil, rows = {}, routes = static_routes(n), rules = model.nft_rules(n) }
    local switches = {}
    for _, l in ipairs(n.links) do
      local master = l.master and n.by_name[l.master]
      if model.kind_of(l).wire == "switch" then
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
      ' label=' .. q(L("netlearn lab: ", "netlearn 实验室：") .. draw.summary_body(m)) .. ', labelloc=t];',
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
    local attrs = { 'color="' .. (STYLE.edge[e.kind] or (model.is_child(e.kind) and STYLE.edge.macvlan) or "#444444") .. '"' }
    if e.kind == "ipip" then attrs[#attrs + 1] = "style=dashed" end
    if model.is_child(e.kind) then attrs[#attrs + 1] = "style=dotted" end
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
      x(L("netlearn lab: ", "netlearn 实验室：") .. draw.summary_body(m))) }
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
      local color = STYLE.edge[e.kind] or (model.is_child(e.kind) and STYLE.edge.macvlan) or "#444"
      local dash = e.kind == "ipip" and ' stroke-dasharray="8,5"' or
        (model.is_child(e.kind) and ' stroke-dasharray="2,4"' or "")
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
