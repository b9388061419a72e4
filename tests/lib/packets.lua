--[[ tests/lib/packets.lua -- builds packet bytes by hand for the capture tests
(decoder, filter) and compares netlearn's text with real tcpdump reading the
same bytes from a pcap file. Loaded with dofile by tests/lua/4*.lua.

  local P = dofile(os.getenv("TESTLIB") .. "/packets.lua")
  local f = P.eth(P.mac1, P.mac2, 0x0800, P.ipv4{src=..., dst=..., proto=1, payload=P.icmp_echo(8, 1, 1, 56)})
  local lines = P.tcpdump(t, {{data=f, linktype="ether"}}, "-n")
]]
local net = require("netlearn.core")
local P = {}

local function be16(n) return string.char((n >> 8) & 0xff, n & 0xff) end
local function be32(n) return string.char((n >> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff) end
P.be16, P.be32 = be16, be32

function P.hex(s)
  return (s:gsub("%s+", ""):gsub("..", function(h) return string.char(tonumber(h, 16)) end))
end

function P.mac(s)
  return (s:gsub(":", ""):gsub("..", function(h) return string.char(tonumber(h, 16)) end))
end

function P.ip4(s)
  local a, b, c, d = s:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  return string.char(tonumber(a), tonumber(b), tonumber(c), tonumber(d))
end

-- "fe80::1" -> 16 bytes (simple parser, enough for tests)
function P.ip6(s)
  local head, tail = s:match("^(.-)::(.*)$")
  local function groups(x)
    local g = {}
    for h in x:gmatch("[^:]+") do g[#g + 1] = tonumber(h, 16) end
    return g
  end
  local g
  if head then
    local a, b = groups(head), groups(tail)
    g = {}
    for _, v in ipairs(a) do g[#g + 1] = v end
    for _ = 1, 8 - #a - #b do g[#g + 1] = 0 end
    for _, v in ipairs(b) do g[#g + 1] = v end
  else
    g = groups(s)
  end
  local out = {}
  for _, v in ipairs(g) do out[#out + 1] = be16(v) end
  return table.concat(out)
end

function P.cksum(s)
  local sum = 0
  for i = 1, #s - 1, 2 do sum = sum + (s:byte(i) << 8) + s:byte(i + 1) end
  if #s % 2 == 1 then sum = sum + (s:byte(#s) << 8) end
  while sum > 0xffff do sum = (sum & 0xffff) + (sum >> 16) end
  return (~sum) & 0xffff
end

function P.eth(dst, src, etype, payload)
  return P.mac(dst) .. P.mac(src) .. be16(etype) .. payload
end

-- o = {src=, dst=, proto=, ttl=64, id=0, df=true, payload="", frag=0, mf=false, len=override}
function P.ipv4(o)
  local payload = o.payload or ""
  local len = o.len or (20 + #payload)
  local flags = (o.df ~= false and 0x4000 or 0) | (o.mf and 0x2000 or 0) | ((o.frag or 0) // 8)
  local h = string.char(0x45, o.tos or 0) .. be16(len) .. be16(o.id or 0) .. be16(flags) ..
    string.char(o.ttl or 64, o.proto) .. "\0\0" .. P.ip4(o.src) .. P.ip4(o.dst)
  local c = P.cksum(h)
  return h:sub(1, 10) .. be16(c) .. h:sub(13) .. payload
end

function P.ipv6(o)
  local payload = o.payload or ""
  return be32(0x60000000) .. be16(#payload) .. string.char(o.nxt, o.hlim or 64) ..
    P.ip6(o.src) .. P.ip6(o.dst) .. payload
end

function P.icmp_echo(typ, id, seq, datalen)
  local body = string.char(typ, 0) .. "\0\0" .. be16(id) .. be16(seq) .. string.rep("\x42", datalen or 56)
  local c = P.cksum(body)
  return body:sub(1, 2) .. be16(c) .. body:sub(5)
end

-- ICMP error quoting the first bytes of ORIG (an IPv4 packet)
function P.icmp_err(typ, code, orig, rest)
  local body = string.char(typ, code) .. "\0\0" .. (rest or "\0\0\0\0") .. orig:sub(1, 28)
  local c = P.cksum(body)
  return body:sub(1, 2) .. be16(c) .. body:sub(5)
end

-- o = {sport=, dport=, seq=, ack=, flags="S"|"S."|..., win=, opts=bytes, data=""}
function P.tcp(o)
  local bits = { F = 1, S = 2, R = 4, P = 8, ["."] = 16, U = 32, E = 64, W = 128 }
  local f = 0
  for ch in (o.flags or ""):gmatch(".") do f = f | bits[ch] end
  local opts = o.opts or ""
  while #opts % 4 ~= 0 do opts = opts .. "\1" end
  local off = (20 + #opts) // 4
  return be16(o.sport) .. be16(o.dport) .. be32(o.seq or 0) .. be32(o.ack or 0) ..
    string.char(off << 4, f) .. be16(o.win or 64240) .. "\0\0" .. be16(o.urp or 0) .. opts .. (o.data or "")
end

-- VXLAN header (flags 0x08: VNI valid); GENEVE header (o = {vni=, proto=0x6558, opts="", flags=0, ver=0});
-- GRE header (o = {proto=0x0800, key=, seq=, csum=true})
function P.vxlan(vni, flags) return string.char(flags or 8, 0, 0, 0) .. be32(vni << 8) end
function P.geneve(o)
  local opts = o.opts or ""
  return string.char(((o.ver or 0) << 6) | (#opts // 4), o.flags or 0) .. be16(o.proto or 0x6558) ..
    be32((o.vni << 8) | (o.rsvd or 0)) .. opts
end
function P.gre(o)
  local f = (o.csum and 0x8000 or 0) | (o.key and 0x2000 or 0) | (o.seq and 0x1000 or 0)
  return be16(f) .. be16(o.proto or 0x0800) .. (o.csum and "\0\0\0\0" or "") ..
    (o.key and be32(o.key) or "") .. (o.seq and be32(o.seq) or "")
end

-- PPTP's enhanced GRE (version 1, protocol 0x880b): the key is the payload
-- length and the call id (o = {call=, seq=, ack=, payload=""})
function P.gre1(o)
  local payload = o.payload or ""
  local f = 0x2001 | (o.seq and 0x1000 or 0) | (o.ack and 0x0080 or 0)
  return be16(f) .. be16(0x880b) .. be16(#payload) .. be16(o.call or 0) ..
    (o.seq and be32(o.seq) or "") .. (o.ack and be32(o.ack) or "") .. payload
end

function P.udp(sport, dport, data)
  return be16(sport) .. be16(dport) .. be16(8 + #data) .. "\0\0" .. data
end

-- op 1 request / 2 reply
function P.arp(op, sha, spa, tha, tpa)
  return be16(1) .. be16(0x0800) .. string.char(6, 4) .. be16(op) ..
    P.mac(sha) .. P.ip4(spa) .. P.mac(tha) .. P.ip4(tpa)
end

P.mac1 = "96:59:54:42:fa:1b"
P.mac2 = "2e:90:a2:6e:a8:36"

-- Real tcpdump reading PKTS ({data=, linktype=, time=, len=}...) with FLAGS;
-- returns its lines without the timestamp, and its stderr.
function P.tcpdump(t, pkts, flags, filter)
  local base = os.tmpname()          -- unique, so tests may run in parallel
  local path, errpath = base .. ".pcap", base .. ".err"
  for i, p in ipairs(pkts) do p.time = p.time or (1700000000 + i) end
  assert(net.pcap_write(path, pkts))
  local cmd = "tcpdump " .. flags .. " -r " .. path
  if filter then cmd = cmd .. " '" .. filter .. "'" end
  local out, code = t.sh(cmd .. " 2>" .. errpath)
  local f = io.open(errpath)
  local errtext = f and f:read("a") or ""
  if f then f:close() end
  os.remove(path)
  os.remove(errpath)
  os.remove(base)
  local lines = {}
  for line in out:gmatch("[^\n]+") do
    -- "HH:MM:SS.uuuuuu BODY"; with -tt "SECONDS.uuuuuu BODY". A line without a time
    -- stamp continues the packet before it (VXLAN prints the inner frame on its own line).
    local body = line:match("^%d+:%d+:%d+%.%d+ (.*)$")
    if body then lines[#lines + 1] = body
    elseif line:match("^%d+%.%d+ ") or #lines == 0 then lines[#lines + 1] = line
    else lines[#lines] = lines[#lines] .. "\n" .. line end
  end
  return lines, code, errtext
end

-- real tcpdump capturing live next to netlearn (in the sandbox): start it,
-- wait until it listens, run ACTION, return its lines without timestamps
function P.live_tcpdump(ns, args, count, action)
  local base = os.tmpname()
  local pid = net.run(ns, { "/bin/sh", "-c", "exec tcpdump -l -n -c " .. count .. " " .. args ..
    " >" .. base .. ".out 2>" .. base .. ".err" }, { background = true })
  for _ = 1, 150 do
    local f = io.open(base .. ".err")
    local e = f and f:read("a") or ""
    if f then f:close() end
    if e:find("listening on") then break end
    os.execute("sleep 0.02")
  end
  action()
  for _ = 1, 100 do
    if net.wait(pid, true) then pid = nil break end
    os.execute("sleep 0.02")
  end
  if pid then net.kill(pid); net.wait(pid) end
  local f = io.open(base .. ".out")
  local lines = {}
  for line in (f and f:read("a") or ""):gmatch("[^\n]+") do
    local body = line:match("^%d+:%d+:%d+%.%d+ (.*)$")
    if body or #lines == 0 then lines[#lines + 1] = body or line
    else lines[#lines] = lines[#lines] .. "\n" .. line end     -- VXLAN's second line
  end
  if f then f:close() end
  os.remove(base .. ".out"); os.remove(base .. ".err"); os.remove(base)
  return lines
end

function P.have_tcpdump(t)
  local _, code = t.sh("command -v tcpdump >/dev/null")
  return code == 0
end

return P
