--[[ netlearn.iproute_fmt -- print links, addresses, routes, rules and neighbours
the way iproute2 does (`ip link`, `ip addr`, `ip route`, `ip rule`, `ip neigh`,
`bridge link`), as text and as `-j` JSON with iproute2's key names.

Input is what the `net` primitives return (see CONTRACT.md); every function
here is pure: it takes tables and returns strings or JSON-ready tables, so
it can be tested without a kernel.

  local fmt = require("netlearn.iproute_fmt")
  fmt.link_text(link, {links=all, details=false, addr=false, nsname=fn})
  fmt.route_text(route, {show_table=false})  --> "default via 10.0.0.1 dev eth0 "
]]
local json = require("netlearn.json")
local kinds = require("netlearn.kinds")

local F = {}

-- the names of tables, protocols and scopes: rt_parse.c's lists, the one place
-- they are written (netlearn.routespec reads them through net.route_names)
local names = require("netlearn.routespec").names
local function by_id(list)
  local ids, words = {}, {}
  for k, v in pairs(list) do
    if math.type(k) == "integer" then ids[k] = v; words[v] = k end
  end
  return ids, words
end
F.TABLES, F.TABLE_IDS = by_id(names.tables)
F.PROTOS, F.PROTO_IDS = by_id(names.protocols)
F.SCOPE_IDS = select(2, by_id(names.scopes))
F.SCOPE_IDS.universe = F.SCOPE_IDS.global     -- iproute2's other word for it

-- table id or name -> printable name
function F.table_name(t)
  if t == nil then return "main" end
  local n = tonumber(t)
  if n then return F.TABLES[n] or tostring(math.tointeger(n) or n) end
  return tostring(t)
end

-- "main" | "254" | 254 -> 254 ; nil when not a table
function F.table_id(t)
  if t == nil then return nil end
  if math.type(t) == "integer" then return t end
  t = tostring(t)
  if F.TABLE_IDS[t] then return F.TABLE_IDS[t] end
  local n = t:match("^%d+$") and tonumber(t)
  if n and n < 2 ^ 32 then return math.tointeger(n) end
  return nil
end

local function has(list, x)
  for _, v in ipairs(list or {}) do if v == x then return true end end
  return false
end

---------------------------------------------------------------------------
-- Links
---------------------------------------------------------------------------

-- the link a device points at (veth peer, macvlan parent), in the same namespace
local function link_by_index(links, idx)
  for _, l in ipairs(links or {}) do
    if l.ifindex == idx then return l end
  end
  return nil
end

-- flags as iproute2 prints them: NO-CARRIER first when up without carrier,
-- M-DOWN last when the peer/parent in this namespace is down.
function F.link_flags(l, links)
  local out = {}
  local up = l.up
  if up == nil then up = has(l.flags, "UP") end
  if up and not has(l.flags, "LOWER_UP") then out[#out + 1] = "NO-CARRIER" end
  for _, f in ipairs(l.flags or {}) do
    -- the user-space ipip's TUN device is MULTICAST; the kernel's ipip is not
    local tun_only = l.userspace and l.type == "ipip" and f == "MULTICAST"
    if f ~= "NO-CARRIER" and f ~= "M-DOWN" and not tun_only then out[#out + 1] = f end
  end
  if l.link_index and l.link_index ~= 0 and l.link_netnsid == nil then
    local peer = link_by_index(links, l.link_index)
    if not peer or not (peer.up or has(peer.flags, "UP")) then out[#out + 1] = "M-DOWN" end
  end
  return out
end

-- "veth0@veth1", "veth3@if10", "tun0@NONE", "lo"
function F.link_label(l, links)
  if l.link_index == 0 or (l.type == "ipip" and l.link_index == nil and l.link == nil) then
    return l.name .. "@NONE"
  end
  if l.link_index then
    if l.link_netnsid ~= nil then return l.name .. "@if" .. l.link_index end
    local peer = link_by_index(links, l.link_index)
    if peer then return l.name .. "@" .. peer.name end
    return l.name .. "@if" .. l.link_index
  end
  if l.link then return l.name .. "@" .. l.link end
  return l.name
end

local function linktype(l)
  -- netlearn's user-space ipip (a TUN device) is shown as the kernel's ipip is
  if l.userspace and l.type == "ipip" then return "ipip" end
  if l.linktype then return l.linktype end
  if l.type == "loopback" then return "loopback" end
  if l.type == "ipip" then return "ipip" end
  if l.type == "tun" then return "none" end
  return "ether"
end

-- the second line: "    link/ether MAC brd BRD link-netns net1"
local function link_l2(l, opts)
  local lt = linktype(l)
  local s
  if lt == "ipip" then
    -- iproute2 says "peer" for a point-to-point tunnel (one with a remote), else
    -- "brd" (the kernel's fallback tunl0)
    s = "    link/ipip " .. (l["local"] or "0.0.0.0") .. (has(l.flags, "POINTOPOINT") and " peer " or " brd ") ..
      (l.remote or "0.0.0.0")
  elseif lt == "none" then
    s = "    link/none "
  else
    s = "    link/" .. lt .. " " .. (l.address or "00:00:00:00:00:00")
    if l.broadcast then s = s .. " brd " .. l.broadcast end
  end
  if l.link_netnsid ~= nil then
    local name = opts.nsname and opts.nsname(l)
    if name then s = s .. " link-netns " .. name
    else s = s .. " link-netnsid " .. l.link_netnsid end
  end
  return s
end

-- `ip tunnel show`'s line; netlearn's user-space stand-in is marked as such
local TUNNEL_MARK = {
  en = { mark = " (netlearn's user-space stand-in for the kernel's ipip: underlay ICMP errors are ignored)" },
  zh = { mark = "（netlearn 用户态的替身，代替内核的 ipip：忽略底层网络的 ICMP 错误）" },
}
function F.tunnel_line(l)
  local ttl = (l.ttl and l.ttl ~= 0) and tostring(l.ttl) or "inherit"
  local s = string.format("%s: ip/ip remote %s local %s ttl %s ", l.name, l.remote or "any", l["local"] or "any", ttl)
  if l.userspace then
    local i18n = require("netlearn.i18n")
    -- the Chinese mark opens with a full-width bracket: no space before it
    if i18n.lang == "zh" then s = s:gsub(" $", "") end
    s = s .. i18n.message(TUNNEL_MARK, i18n.lang, "mark")
  end
  return s
end

-- the `-d` detail line(s) after link/ether
local function link_details(l)
  local s = " promiscuity " .. (l.promiscuity or 0) .. " "
  local lines = {}
  -- the kind's own line(s): lua/netlearn/kinds/<type>.lua
  local k = kinds.get(l.type)
  if k and k.details then
    for _, line in ipairs(k.details(l)) do lines[#lines + 1] = line end
  end
  if l.master then
    lines[#lines + 1] = "    bridge_slave "
  end
  return s, lines
end

-- The link header, two lines (plus details with opts.details).
-- opts: links (all links of the namespace), addr (true: `ip addr` style,
-- no "mode DEFAULT"), details, nsname(l) -> namespace name of the peer.
function F.link_text(l, opts)
  opts = opts or {}
  local out = {}
  local h = {}
  h[#h + 1] = l.ifindex .. ": " .. F.link_label(l, opts.links) .. ": <" ..
    table.concat(F.link_flags(l, opts.links), ",") .. ">"
  h[#h + 1] = "mtu " .. (l.mtu or 1500)
  h[#h + 1] = "qdisc " .. (l.qdisc or "noop")
  if l.master then h[#h + 1] = "master " .. l.master end
  h[#h + 1] = "state " .. (l.operstate or "UNKNOWN")
  if not opts.addr then h[#h + 1] = "mode DEFAULT" end
  h[#h + 1] = "group " .. (l.group or "default")
  if l.txqlen and l.txqlen ~= 0 then h[#h + 1] = "qlen " .. l.txqlen end
  out[1] = table.concat(h, " ")
  local l2 = link_l2(l, opts)
  if opts.details then
    local s, lines = link_details(l)
    out[2] = l2 .. s
    for _, x in ipairs(lines) do out[#out + 1] = x end
  else
    out[2] = l2
  end
  if opts.stats and l.stats then out[#out + 1] = F.link_stats_text(l.stats, opts.stats) end
  return table.concat(out, "\n")
end

-- `ip -s [-s] link`: iproute2 6.1's counters block (the kernel's
-- rtnl_link_stats64 as net.link_list reports it in l.stats). Columns are as
-- wide as their header word or their widest number, like iproute2's size_columns.
function F.link_stats_text(st, level)
  local function w(v) return #string.format("%d", v) end
  local cols = { #"*X errors:", #"packets", #"errors", #"dropped", #"heartbt", #"overrun", #"compressed" }
  local function size(...)
    for i, v in ipairs({ ... }) do
      local n = math.max(1, w(v))
      if n > cols[i] then cols[i] = n end
    end
  end
  size(st.rx_bytes, st.rx_packets, st.rx_errors, st.rx_dropped, st.rx_missed_errors, st.multicast, st.rx_compressed)
  if level > 1 then
    size(0, st.rx_length_errors, st.rx_crc_errors, st.rx_frame_errors, st.rx_fifo_errors, st.rx_over_errors, st.rx_nohandler)
  end
  size(st.tx_bytes, st.tx_packets, st.tx_errors, st.tx_dropped, st.tx_carrier_errors, st.collisions, st.tx_compressed)
  if level > 1 then
    size(0, 0, st.tx_aborted_errors, st.tx_fifo_errors, st.tx_window_errors, st.tx_heartbeat_errors, st.carrier_changes or 0)
  end
  -- right-aligned in WIDTH, like printf's %*s (a width of 0 just prints s)
  local function r(width, x)
    x = tostring(x)
    return string.rep(" ", width - #x) .. x
  end
  local c = cols
  -- "    RX: bytes packets ..." : PREFIX then each word right-aligned, one space between
  local function hdr(prefix, first_w, words)
    local p = { prefix .. r(first_w, words[1]) }
    for i = 2, #words do p[#p + 1] = r(c[i], words[i]) end
    return table.concat(p, " ")
  end
  local function nums(prefix, first, vals)
    local p = { prefix }
    for i, v in ipairs(vals) do p[#p + 1] = r(c[first + i - 1], string.format("%d", v)) .. " " end
    return table.concat(p)
  end
  local out = {}
  out[#out + 1] = hdr("    RX: ", c[1] - 4, { "bytes", "packets", "errors", "dropped", "missed", "mcast",
    st.rx_compressed ~= 0 and "compressed" or "" })
  local rx = { st.rx_bytes, st.rx_packets, st.rx_errors, st.rx_dropped, st.rx_missed_errors, st.multicast }
  if st.rx_compressed ~= 0 then rx[#rx + 1] = st.rx_compressed end
  out[#out + 1] = nums("    ", 1, rx)
  if level > 1 then
    -- (iproute2 6.1 pads no empty column after "overrun", unlike the RX/TX lines)
    local words = { "", "length", "crc", "frame", "fifo", "overrun" }
    if st.rx_nohandler ~= 0 then words[7] = "nohandler" end
    out[#out + 1] = hdr("    RX errors:", c[1] - 10, words)
    local e = { st.rx_length_errors, st.rx_crc_errors, st.rx_frame_errors, st.rx_fifo_errors, st.rx_over_errors }
    if st.rx_nohandler ~= 0 then e[#e + 1] = st.rx_nohandler end
    out[#out + 1] = nums(string.rep(" ", c[1] + 5), 2, e)
  end
  out[#out + 1] = hdr("    TX: ", c[1] - 4, { "bytes", "packets", "errors", "dropped", "carrier", "collsns",
    st.tx_compressed ~= 0 and "compressed" or "" })
  local tx = { st.tx_bytes, st.tx_packets, st.tx_errors, st.tx_dropped, st.tx_carrier_errors, st.collisions }
  if st.tx_compressed ~= 0 then tx[#tx + 1] = st.tx_compressed end
  out[#out + 1] = nums("    ", 1, tx)
  if level > 1 then
    local cc = st.carrier_changes
    out[#out + 1] = hdr("    TX errors:", c[1] - 10, { "", "aborted", "fifo", "window", "heartbt", cc and "transns" or "" })
    local e = { st.tx_aborted_errors, st.tx_fifo_errors, st.tx_window_errors, st.tx_heartbeat_errors }
    if cc then e[#e + 1] = cc end
    out[#out + 1] = nums(string.rep(" ", c[1] + 5), 2, e)
  end
  return table.concat(out, "\n")
end

-- `ip -j -s [-s] link`: the "stats64" object
function F.link_stats_json(st, level)
  local rx = { bytes = st.rx_bytes, packets = st.rx_packets, errors = st.rx_errors, dropped = st.rx_dropped,
    over_errors = st.rx_over_errors, multicast = st.multicast }
  local rxk = { "bytes", "packets", "errors", "dropped", "over_errors", "multicast" }
  if st.rx_compressed ~= 0 then rx.compressed = st.rx_compressed; rxk[#rxk + 1] = "compressed" end
  if level > 1 then
    rx.length_errors, rx.crc_errors, rx.frame_errors = st.rx_length_errors, st.rx_crc_errors, st.rx_frame_errors
    rx.fifo_errors, rx.missed_errors = st.rx_fifo_errors, st.rx_missed_errors
    for _, k in ipairs({ "length_errors", "crc_errors", "frame_errors", "fifo_errors", "missed_errors" }) do rxk[#rxk + 1] = k end
    if st.rx_nohandler ~= 0 then rx.nohandler = st.rx_nohandler; rxk[#rxk + 1] = "nohandler" end
  end
  local tx = { bytes = st.tx_bytes, packets = st.tx_packets, errors = st.tx_errors, dropped = st.tx_dropped,
    carrier_errors = st.tx_carrier_errors, collisions = st.collisions }
  local txk = { "bytes", "packets", "errors", "dropped", "carrier_errors", "collisions" }
  if st.tx_compressed ~= 0 then tx.compressed = st.tx_compressed; txk[#txk + 1] = "compressed" end
  if level > 1 then
    tx.aborted_errors, tx.fifo_errors, tx.window_errors = st.tx_aborted_errors, st.tx_fifo_errors, st.tx_window_errors
    tx.heartbeat_errors = st.tx_heartbeat_errors
    for _, k in ipairs({ "aborted_errors", "fifo_errors", "window_errors", "heartbeat_errors" }) do txk[#txk + 1] = k end
    if st.carrier_changes then tx.carrier_changes = st.carrier_changes; txk[#txk + 1] = "carrier_changes" end
  end
  return json.object({ rx = json.object(rx, rxk), tx = json.object(tx, txk) }, { "rx", "tx" })
end

-- `ip -br link`: "veth0@veth1      UP             aa:bb:.. <BROADCAST,...> "
function F.link_brief(l, links)
  local label = F.link_label(l, links)
  local s = string.format("%-16s %-14s ", label, l.operstate or "UNKNOWN")
  local lt = linktype(l)
  if lt ~= "none" and lt ~= "ipip" then s = s .. string.format("%-17s ", l.address or "") end
  return s .. "<" .. table.concat(F.link_flags(l, links), ",") .. "> "
end

function F.addr_brief(l, links, addrs)
  local s = string.format("%-16s %-14s ", F.link_label(l, links), l.operstate or "UNKNOWN")
  for _, a in ipairs(addrs) do s = s .. a.address .. "/" .. a.prefixlen .. " " end
  return s
end

local LINK_KEYS = { "ifindex", "link_index", "link", "ifname", "flags", "mtu", "qdisc", "master",
  "operstate", "linkmode", "group", "txqlen", "link_type", "address", "broadcast", "link_netnsid",
  "promiscuity", "linkinfo", "addr_info", "stats64" }

-- JSON object for one link, as `ip -j [-d] link`
function F.link_json(l, opts)
  opts = opts or {}
  local o = { ifindex = l.ifindex, ifname = l.name,
    flags = json.array(F.link_flags(l, opts.links)), mtu = l.mtu, qdisc = l.qdisc,
    master = l.master, operstate = l.operstate, group = l.group or "default", txqlen = l.txqlen,
    link_type = linktype(l) }
  if not opts.addr then o.linkmode = "DEFAULT" end
  if l.link_index == 0 then o.link = json.null
  elseif l.link_index then
    if l.link_netnsid ~= nil then o.link_index = l.link_index
    else
      local peer = link_by_index(opts.links, l.link_index)
      if peer then o.link = peer.name else o.link_index = l.link_index end
    end
  end
  local lt = linktype(l)
  if lt == "ipip" then
    o.address = l["local"] or "0.0.0.0"
    o.link_pointtopoint = true
    o.broadcast = l.remote or "0.0.0.0"
  elseif lt ~= "none" then
    o.address = l.address
    o.broadcast = l.broadcast
  end
  o.link_netnsid = l.link_netnsid
  if opts.details then
    o.promiscuity = l.promiscuity or 0
    if l.type and l.type ~= "loopback" and l.type ~= "tun" then
      local info = { info_kind = l.type }
      local k = kinds.get(l.type)
      local data = k and k.json and k.json(l)
      if data and next(data) then info.info_data = data end
      if l.master then info.info_slave_kind = "bridge" end
      o.linkinfo = json.object(info, { "info_kind", "info_data", "info_slave_kind" })
    end
  end
  if opts.stats and l.stats then o.stats64 = F.link_stats_json(l.stats, opts.stats) end
  return json.object(o, LINK_KEYS)
end

---------------------------------------------------------------------------
-- Addresses
---------------------------------------------------------------------------
local function lft(v)
  if v == nil or v == 0xFFFFFFFF or v == "forever" then return "forever" end
  return tostring(v) .. "sec"
end

-- two lines: "    inet 10.0.0.1/24 brd 10.0.0.255 scope global veth0"
function F.addr_text(a)
  local s = "    " .. (a.family or "inet") .. " " .. a.address .. "/" .. a.prefixlen .. " "
  if a.peer then s = "    " .. (a.family or "inet") .. " " .. a.address .. " peer " .. a.peer .. "/" .. a.prefixlen .. " " end
  if a.broadcast then s = s .. "brd " .. a.broadcast .. " " end
  s = s .. "scope " .. (a.scope or "global") .. " "
  for _, f in ipairs(a.flags or {}) do
    if f ~= "permanent" then s = s .. f .. " " end
  end
  if (a.family or "inet") == "inet" then s = s .. (a.label or a.dev or "") end
  return s .. "\n       valid_lft " .. lft(a.valid_lft) .. " preferred_lft " .. lft(a.preferred_lft)
end

-- ip -o (oneline): a record's lines joined by a backslash
function F.oneline(text)
  return (text:gsub("\n", "\\"))
end

-- ip -o addr: "3: veth0    inet 10.0.0.1/24 scope global veth0\       valid_lft ..."
function F.addr_oneline(l, a)
  return string.format("%d: %s    %s", l.ifindex, l.name, F.oneline((F.addr_text(a):gsub("^    ", ""))))
end

-- iproute2's order: the flags (IPv6's among them) come between scope and label
local ADDR_KEYS = { "family", "local", "address", "prefixlen", "broadcast", "scope", "secondary", "temporary",
  "nodad", "optimistic", "dadfailed", "home", "deprecated", "tentative", "dynamic", "mngtmpaddr",
  "noprefixroute", "autojoin", "stable-privacy", "label", "valid_life_time", "preferred_life_time" }

function F.addr_json(a)
  local o = { family = a.family or "inet", ["local"] = a.address, prefixlen = a.prefixlen,
    broadcast = a.broadcast, scope = a.scope or "global",
    valid_life_time = (a.valid_lft == nil or a.valid_lft == "forever") and 4294967295 or a.valid_lft,
    preferred_life_time = (a.preferred_lft == nil or a.preferred_lft == "forever") and 4294967295 or a.preferred_lft }
  if o.family == "inet" then o.label = a.label or a.dev end
  if a.peer then o.address = a.peer end
  for _, f in ipairs(a.flags or {}) do
    if f ~= "permanent" then o[f] = true end
  end
  return json.object(o, ADDR_KEYS)
end

---------------------------------------------------------------------------
-- Routes
---------------------------------------------------------------------------
local function proto_name(p)
  if p == nil then return nil end
  if type(p) == "number" then return F.PROTOS[p] or tostring(p) end
  return tostring(p)
end

local function route_dst(r)
  local d = r.dst
  if d == nil or d == "default" or d == "0.0.0.0/0" then return "default" end
  d = tostring(d)
  if d:match("/32$") then d = d:sub(1, -4) end
  return d
end
F.route_dst = route_dst

-- opts.show_table: print "table X" for tables other than main (`table all`)
function F.route_text(r, opts)
  opts = opts or {}
  local s = {}
  local ty = r.type or "unicast"
  if ty ~= "unicast" then s[#s + 1] = ty end
  s[#s + 1] = route_dst(r)
  if r.from then s[#s + 1] = "from " .. r.from end
  if r.gateway then s[#s + 1] = "via " .. r.gateway end
  if r.dev then s[#s + 1] = "dev " .. r.dev end
  local tid = F.table_id(r.table) or 254
  if opts.show_table and tid ~= 254 then s[#s + 1] = "table " .. F.table_name(tid) end
  local p = proto_name(r.protocol or r.proto)
  if p and p ~= "boot" then s[#s + 1] = "proto " .. p end
  if r.scope and r.scope ~= "global" and r.scope ~= "universe" then s[#s + 1] = "scope " .. r.scope end
  if r.src then s[#s + 1] = "src " .. r.src end
  -- IPv6 routes always carry RTA_PRIORITY, and iproute2 prints it even when 0
  if r.metric and (r.metric ~= 0 or r.family == "inet6") then s[#s + 1] = "metric " .. r.metric end
  for _, f in ipairs(r.flags or {}) do s[#s + 1] = f end
  if r.pref then return table.concat(s, " ") .. " pref " .. r.pref end  -- IPv6 routes: no trailing space
  return table.concat(s, " ") .. " "
end

local ROUTE_KEYS = { "type", "dst", "from", "gateway", "dev", "table", "protocol", "scope",
  "prefsrc", "metric", "flags", "pref", "uid", "cache" }

function F.route_json(r, opts)
  opts = opts or {}
  local o = { dst = route_dst(r), gateway = r.gateway, dev = r.dev, prefsrc = r.src,
    flags = json.array({ table.unpack(r.flags or {}) }), pref = r.pref }
  local ty = r.type or "unicast"
  if ty ~= "unicast" then o.type = ty end
  local tid = F.table_id(r.table) or 254
  if opts.show_table and tid ~= 254 then o.table = F.table_name(tid) end
  local p = proto_name(r.protocol or r.proto)
  if p and p ~= "boot" then o.protocol = p end
  if r.scope and r.scope ~= "global" and r.scope ~= "universe" then o.scope = r.scope end
  if r.metric and (r.metric ~= 0 or r.family == "inet6") then o.metric = r.metric end
  return json.object(o, ROUTE_KEYS)
end

-- `ip route get` result: "10.99.1.1 via 10.0.0.254 dev veth0 src 10.0.0.1 uid 0 \n    cache "
function F.route_get_text(r, from)
  if r.family == "inet6" then
    -- the kernel answers an IPv6 query with the route itself: "DST from SRC via GW dev D metric M pref P"
    local c = {}
    for k, v in pairs(r) do c[k] = v end
    c.from = from or r.from or "::"
    c.dst = r.dst and r.dst:gsub("/128$", "") or r.dst
    return F.route_text(c, { show_table = true })
  end
  local s = { r.dst }
  local ty = r.type or "unicast"
  if ty ~= "unicast" then table.insert(s, 1, ty) end
  if from then s[#s + 1] = "from " .. from end
  if r.gateway then s[#s + 1] = "via " .. r.gateway end
  if r.dev then s[#s + 1] = "dev " .. r.dev end
  local tid = F.table_id(r.table)
  if tid and tid ~= 254 then s[#s + 1] = "table " .. F.table_name(tid) end
  if r.src and not from then s[#s + 1] = "src " .. r.src end
  s[#s + 1] = "uid 0"
  -- the kernel marks a route to one of our own addresses RTCF_LOCAL: iproute2 prints "cache <local> "
  if ty == "local" then return table.concat(s, " ") .. " \n    cache <local> " end
  return table.concat(s, " ") .. " \n    cache "
end

function F.route_get_json(r, from)
  if r.family == "inet6" then
    local c = {}
    for k, v in pairs(r) do c[k] = v end
    c.from = from or r.from or "::"
    local o = F.route_json(c, { show_table = true })
    o.dst, o.from = r.dst, c.from
    return o
  end
  local o = { dst = r.dst, from = from, gateway = r.gateway, dev = r.dev,
    prefsrc = (not from) and r.src or nil, flags = json.array({}), uid = 0,
    cache = json.array((r.type == "local") and { "local" } or {}) }
  local ty = r.type or "unicast"
  if ty ~= "unicast" then o.type = ty end
  return json.object(o, ROUTE_KEYS)
end

---------------------------------------------------------------------------
-- Rules
---------------------------------------------------------------------------
local function rule_side(v)
  if v == nil or v == "all" or v == "0.0.0.0/0" or v == "::/0" then return nil end
  v = tostring(v)
  -- a host is printed without its length: /32, or /128 for IPv6
  return (v:gsub(v:find(":", 1, true) and "/128$" or "/32$", ""))
end

function F.rule_text(r)
  local s = (r.priority or 0) .. ":\tfrom " .. (rule_side(r.from) or "all") .. " "
  local to = rule_side(r.to)
  if to then s = s .. "to " .. to .. " " end
  if r.iif then s = s .. "iif " .. r.iif .. " " end
  if r.oif then s = s .. "oif " .. r.oif .. " " end
  local act = r.action or "lookup"
  if act == "lookup" or act == "to_tbl" then
    s = s .. "lookup " .. F.table_name(r.table) .. " "
  else
    s = s .. act .. " "
  end
  return (s:gsub(" $", ""))
end

local RULE_KEYS = { "priority", "src", "srclen", "dst", "dstlen", "iif", "oif", "table", "action" }

function F.rule_json(r)
  local o = { priority = r.priority or 0 }
  local from = rule_side(r.from)
  if from then
    local a, len = from:match("^(.-)/(%d+)$")
    if a then o.src, o.srclen = a, tonumber(len) else o.src = from end
  else
    o.src = "all"
  end
  local to = rule_side(r.to)
  if to then
    local a, len = to:match("^(.-)/(%d+)$")
    if a then o.dst, o.dstlen = a, tonumber(len) else o.dst = to end
  end
  o.iif, o.oif = r.iif, r.oif
  local act = r.action or "lookup"
  if act == "lookup" or act == "to_tbl" then o.table = F.table_name(r.table) else o.action = act end
  return json.object(o, RULE_KEYS)
end

---------------------------------------------------------------------------
-- Neighbours
---------------------------------------------------------------------------
function F.neigh_text(n)
  local s = n.dst .. " dev " .. (n.dev or "?") .. " "
  if n.lladdr then s = s .. "lladdr " .. n.lladdr .. " " end
  if n.router then s = s .. "router " end
  return s .. (n.state or "NOARP") .. " "
end

function F.neigh_json(n)
  return json.object({ dst = n.dst, dev = n.dev, lladdr = n.lladdr, router = n.router and json.null or nil,
    state = json.array({ n.state or "NOARP" }) }, { "dst", "dev", "lladdr", "router", "state" })
end

return F
