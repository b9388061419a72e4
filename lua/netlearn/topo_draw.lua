--[[ netlearn.topo_draw -- the lab drawn in the terminal (topo): one box a namespace,
the lines between devices in lanes to the right, Unicode or ASCII, in colour
on a terminal; the one-line summary; and, for labs too big to draw, one line a
namespace (compact). Reads netlearn.topo_model's model.
]]
local net = require("netlearn.core")
local model = require("netlearn.topo_model")
local label, key, state_of = model.label, model.key, model.state_of

local M = {}

M.MAX_NAMESPACES = 30       -- more than this: a compact list instead of a drawing
M.MAX_LANES = 40            -- more lines than this between boxes: compact list
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh)
  local i18n = package.loaded["netlearn.i18n"]
  return (type(i18n) == "table" and i18n.lang == "zh") and zh or en
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
-- every device on a parent (ipvlan, vlan ...) is drawn as a macvlan is
for _, k in ipairs(require("netlearn.kinds").all()) do
  if model.is_child(k.name) then
    GLYPHS.unicode[k.name] = GLYPHS.unicode.macvlan
    GLYPHS.ascii[k.name] = GLYPHS.ascii.macvlan
  end
end

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
    local code = require("netlearn.guard").internal(net.run, "", { "/bin/sh", "-c", "test -t 1" })
    tty_cache = code == 0
  end
  return tty_cache
end

function M.counts(m)
  local c = { namespaces = #m.lab.order, links = 0, veth = 0, bridges = 0, tunnels = 0 }
  for _, ns in ipairs(m.lab.order) do
    for _, l in ipairs(m.lab.ns[ns].links) do
      if l.type ~= "loopback" then c.links = c.links + 1 end
      if model.kind_of(l).wire == "switch" then c.bridges = c.bridges + 1 end
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
    local rows = model.rows(m, ns)
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
        local set = model.is_child(vd.e.kind) and G.dcorner or G.corner
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
    if model.is_child(d.e.kind) then legend.vlan = true end
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

M.ulen = ulen

return M
