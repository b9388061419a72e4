--[[ netlearn.parse -- the one reader of the IPv4 addresses, IPv4 prefixes, MAC
addresses and ports a learner types. Each is read exactly as the real tool the
learner typed reads it, so a line that works in netlearn works the same on a real
machine; what it gives back is canonical ("10.0.0.1", "10.0.0.0/24",
"02:00:00:00:00:01", 80), the only form the C primitives take.

  local parse = require("netlearn.parse")
  parse.addr("010.0.0.1", "ip")             --> "8.0.0.1"
  parse.prefix("10.0.0.1/030", "ip")        --> "10.0.0.1", 24
  parse.prefix("10.1.2.3/8", "iptables")    --> "10.0.0.0", 8      (host bits cleared)
  parse.prefix("10.0.0.1/33", "ip")         --> nil, "mask"
  parse.mac("2:0:0:0:0:A")                  --> "02:00:00:00:00:0a"
  parse.port("http")                        --> 80
  parse.int("0x5dc", "ip-int", 68, 65535)   --> 1500
  parse.int("1e3", "ping", 1, 100)          --> nil, "bad"
  parse.api_prefix("2001:db8::/64")         --> { family = "inet6", addr = "2001:db8::", plen = 64 }

How the tools read (tests/data/addr-vectors.txt has one line per case, checked
against netlearn and against the real tools by tests/lua/29b-parse-vectors.lua):

  - ip (iproute2 get_addr_ipv4, get_prefix, get_unsigned): each of up to four
    dot-separated numbers is C's strtoul(s, 0): "010" is octal 8, "0x0a" hex 10,
    "09" refused, leading blanks and a '+' allowed; missing numbers are zero at the
    right ("10.1" is 10.1.0.0). The length after '/' is strtoul(s, 0) too ("/030" is
    /24, "/08" refused) or a contiguous dotted mask ("/255.255.0.0" is /16). ip addr
    keeps the host bits (10.0.0.1/24).
  - iptables (xtables_numeric_to_ipaddr, parse_ipmask): the same numbers, each
    0-255 and never negative ("-0" refused where ip takes it); when that fails it asks
    the resolver, which reads an all-digit word as inet_aton does ("10.65535" is
    10.0.255.255, which ip refuses); other words are host names, which netlearn does
    not look up (refused). The mask is 0-32 or a dotted mask of exactly four numbers
    ("/255.255" refused, ip takes it); "/0" makes any address 0.0.0.0/0. Host bits
    are cleared (10.1.2.3/8 is 10.0.0.0/8). A mask with holes (255.0.255.0) iptables
    takes and netlearn refuses: nf_tables rules here are written by prefix length.
    NAT's --to-destination/--to-source ("iptables-nat") is stricter: inet_pton,
    four decimal numbers, no leading zeros ("010.0.0.1" and "10.1" refused).
  - route (net-tools) reads its target and gateway as the resolver does (below),
    the length after '/' as strtoul ("/020" is /16), and refuses host bits. A
    length above 32 net-tools shifts out of range ("/255" becomes /31); netlearn
    refuses it.
  - ping, traceroute, nc and curl ("resolver") read a numeric host with inet_aton:
    "127.1" is 127.0.0.1, "0177.0.0.1" 127.0.0.1, "2130706433" 127.0.0.1;
    "127.0.0.08" and "127.0.0.1x" are refused (they would be looked up as names).
  - netlearn's API (net.addr_add, net.route_add, net.rule_add, net.nat_add...)
    takes canonical text only, read as its C bindings read it: M.api_prefix for
    prefixes (addrspec, routespec and natspec ask it; tests/lua/29c has its
    vectors, checked against the bare C bindings), M.api_mac for MACs.
  - netlearn's own commands (why) have no real tool to follow: they take canonical
    addresses only (netlearn.ipv4.to_int), so a typo such as "192.167.2" is named.
  - MAC (iproute2 ll_addr_a2n, for ip link and ip neigh): ':'-separated, each part
    what sscanf("%x") reads (one or two hex digits, any case, "0x" allowed, junk after
    the digits ignored, so "1z" is 01). A length other than 6 is refused (ip link
    says so itself; for ip neigh the kernel refuses a shorter one and cuts a longer
    one to 6 bytes, which netlearn refuses instead). `ip link set ... address` also
    refuses a multicast (first byte odd) or all-zero address, which the kernel
    would refuse (netlearn says so before asking it).
  - port (iptables xtables_parse_port): strtoul(s, 0) 0-65535 ("010" is 8), or a
    service name from /etc/services ("http" is 80), read as iptables reads it.
  - integers (M.int): each tool's C conversion, named in M.INT_RULES: iproute2's
    numbers are strtoul/strtol base 0 ("mtu 0x5dc" is 1500), iputils ping's
    counts base 10 ("-c 0x10" and "-c 1e3" refused), netcat's port base 10,
    traceroute's -m and -q base 0 ("-m 0x10" is 16), tcpdump's -s base 0 and
    its -c with atoi ("-c 5x" is 5, "-c 0x10" is 0: refused);
    ping's times (M.decimal) are strtod's ("-i 0.2", "-W 1e0").
]]
local M = {}

local SPACE = { [" "] = true, ["\t"] = true, ["\n"] = true, ["\v"] = true, ["\f"] = true, ["\r"] = true }
local TOO_BIG = 1 << 40   -- stands for "more than any 32-bit unsigned value" (strtoul's ULONG_MAX)

-- the digits of a C number conversion from s[j] on (after the blanks and the
-- sign): base 0 is strtoul's/strtol's base 0 ("0x" hex, "0" octal, else decimal),
-- 10 decimal only. The magnitude (capped at TOO_BIG) and the position after the
-- last digit; nil, j when there is no digit.
local function digits(s, j, base)
  local b, pat = 10, "^%d"
  if base == 0 and s:sub(j, j) == "0" then
    if s:sub(j + 1, j + 1):lower() == "x" and s:sub(j + 2, j + 2):match("^%x") then
      b, pat, j = 16, "^%x", j + 2
    else
      b, pat = 8, "^[0-7]"
    end
  end
  local k, v = j, 0
  while s:sub(k, k):match(pat) do
    v = math.min(v * b + tonumber(s:sub(k, k), 16), TOO_BIG)
    k = k + 1
  end
  if k == j then return nil, j end
  return v, k
end

-- the blanks and the sign C's conversions skip from s[i] on: negative?, the position after them
local function sign_at(s, i)
  local j = i
  while SPACE[s:sub(j, j)] do j = j + 1 end
  local c = s:sub(j, j)
  if c == "+" or c == "-" then return c == "-", j + 1 end
  return false, j
end

-- C's strtoul(s + i - 1, &end, base 0): value (nil when no digits were read) and the
-- position after the last character read (i when none)
local function strtoul(s, i)
  local neg, j = sign_at(s, i)
  local v, k = digits(s, j, 0)
  if not v then return nil, i end
  if neg and v > 0 then v = TOO_BIG end   -- strtoul("-1") is ULONG_MAX
  return v, k
end
M.strtoul = strtoul

-- C's strtol(s + i - 1, &end, BASE) (0 or 10): the signed value (its magnitude
-- capped as digits' is; nil when no digits were read) and the position after
-- the last character read (i when none)
function M.strtol(s, i, base)
  local neg, j = sign_at(s, i)
  local v, k = digits(s, j, base)
  if not v then return nil, i end
  return neg and -v or v, k
end

-- a whole word as strtoul reads it (iproute2's get_unsigned, xtables_strtoui):
-- the number, or nil when it is empty, has junk after it or is above max
local function whole_number(s, max, no_minus)
  if type(s) ~= "string" or s == "" then return nil end
  if no_minus and s:match("^[ \t\n\v\f\r]*%-") then return nil end
  local v, e = strtoul(s, 1)
  if not v or e <= #s or v > max then return nil end
  return math.tointeger(v)
end
M.whole_number = whole_number

-- How each real tool reads a whole integer word (its C conversion and sign):
--   ip      iproute2 get_unsigned / get_u32 / get_u16 / get_u8: strtoul base 0
--           ("0x10" 16, "010" 8, " 80" and "+80" taken, "-1" is ULONG_MAX: too big)
--   ip-int  iproute2 get_integer (ip link ... mtu): strtol base 0, signed
--   ping    iputils strtol_or_err (-c, -s, -t): strtol base 10 ("0x10" and "1e3" refused)
--   nc      netcat's port: strtoul base 10 (tcping reads its port the same way)
--   traceroute  its CLIF_set_uint (-m, -q): strtoul base 0, as ip
--   tcpdump     -s: strtol base 0
--   atoi        tcpdump -c: C's atoi, the leading number and whatever follows it
--               ("5x" is 5, "1e3" is 1, "x" is 0)
--   strtol10    C's strtol(s, &end, 10) over the whole word, as iputils ping
--               reads its counts (the same rule): netlearn's API words that C
--               reads so (an IPv6 prefix length in api_prefix, addrspec's scope)
local STRTOL10 = { base = 10, signed = true }
M.INT_RULES = {
  ip = { base = 0, signed = false }, ["ip-int"] = { base = 0, signed = true },
  ping = STRTOL10, strtol10 = STRTOL10, nc = { base = 10, signed = false },
  traceroute = { base = 0, signed = false }, tcpdump = { base = 0, signed = true },
  atoi = { base = 10, signed = true, prefix = true },
}

-- One integer word as TOOL reads it, within LO..HI -> the integer | nil, why, value
-- why: "bad" (empty, no digits, anything after them) | "range" (the value read,
-- outside LO..HI; the value is the third result)
function M.int(s, tool, lo, hi)
  local rule = assert(M.INT_RULES[tool], "parse.int: no rule for this tool")
  if type(s) ~= "string" or (s == "" and not rule.prefix) then return nil, "bad" end
  local neg, j = sign_at(s, 1)
  local v, k = digits(s, j, rule.base)
  if rule.prefix then v = v or 0
  elseif not v or k <= #s then return nil, "bad" end
  local n
  if rule.signed then n = neg and -v or v
  else n = (neg and v > 0) and TOO_BIG or v end
  n = math.tointeger(n) or n
  if n < lo or n > hi then return nil, "range", n end
  return n
end

-- A number word as C's strtod reads it, whole (iputils ping_strtod: ping -i, -W,
-- -w): blanks before it, "1e3", "0x10" and "1.5" taken, anything after it
-- refused -> the number | nil
function M.decimal(s)
  if type(s) ~= "string" or s == "" or SPACE[s:sub(-1)] then return nil end
  return tonumber(s)
end

local function quad(b) return string.format("%d.%d.%d.%d", b[1], b[2], b[3], b[4]) end

-- iproute2's get_addr_ipv4: "a[.b[.c[.d]]]", each strtoul <= 255
local function ip_addr(s)
  local b, p = { 0, 0, 0, 0 }, 1
  for i = 1, 4 do
    local v, e = strtoul(s, p)
    if not v or v > 255 then return nil end
    b[i] = math.tointeger(v)
    if e > #s then return quad(b) end
    if i == 4 or s:sub(e, e) ~= "." then return nil end
    p = e + 1
  end
end

-- xtables_numeric_to_ipaddr: up to four parts split at '.', each 0-255 (no '-');
-- the fourth takes the rest of the word. The tool copies at most 19 bytes.
local function xt_numeric(s, is_mask)
  s = s:sub(1, 19)
  local b, p = { 0, 0, 0, 0 }, 1
  for i = 1, 4 do
    local dot = i < 4 and s:find(".", p, true)
    if not dot and i < 4 and is_mask then return nil end
    local part = s:sub(p, dot and dot - 1 or #s)
    local v = whole_number(part, 255, true)
    if not v then return nil end
    b[i] = v
    if not dot then return quad(b) end
    p = dot + 1
  end
end

-- inet_aton, whole word (glibc's __inet_aton_exact, which getaddrinfo and
-- gethostbyname use for a numeric host): one to four numbers, each decimal, 0-octal
-- or 0x-hex; the last fills the bytes left ("127.1" is 127.0.0.1)
local function inet_aton(s)
  local parts, p = {}, 1
  while true do
    if not s:sub(p, p):match("^%d$") then return nil end
    local base = 10
    if s:sub(p, p) == "0" then
      if s:sub(p + 1, p + 1):lower() == "x" then base, p = 16, p + 2 else base = 8 end
    end
    local k, v = p, 0
    while s:sub(k, k):match(base == 16 and "^%x" or "^%d") do
      local d = tonumber(s:sub(k, k), 16)
      if base == 8 and d > 7 then return nil end
      v = v * base + d
      if v > 0xffffffff then return nil end
      k = k + 1
    end
    parts[#parts + 1] = v
    if k > #s then break end
    if s:sub(k, k) ~= "." or #parts == 4 then return nil end
    p = k + 1
  end
  local n, v = #parts, 0
  for i = 1, n - 1 do
    if parts[i] > 255 then return nil end
    v = v | (parts[i] << (8 * (4 - i)))
  end
  if parts[n] >= 1 << (8 * (5 - n)) then return nil end
  v = v | parts[n]
  return quad({ (v >> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255 })
end

-- what gethostbyname makes of a word of digits and dots (iptables' fallback):
-- inet_aton; other words go to the host tables and DNS
local function aton(s)
  if not s:match("^%d[%d.]*$") or s:sub(-1) == "." then return nil end
  return inet_aton(s)
end

-- integer arithmetic on the canonical quads made above
local ipv4 = require("netlearn.ipv4")
local to_int, from_int, mask_len = ipv4.to_int, ipv4.to_str, ipv4.mask_len

-- One IPv4 address as `tool` reads it -> canonical dotted quad | nil, why
-- why: "bad" (the tool refuses it), "name" (iptables would look a host name up)
function M.addr(s, tool)
  if type(s) ~= "string" then return nil, "bad" end
  if tool == "iptables" then
    local q = xt_numeric(s) or aton(s)
    if q then return q end
    if s:match("^[%a][%w.-]*$") then return nil, "name" end
    return nil, "bad"
  elseif tool == "resolver" then
    -- ping, traceroute, nc, curl: getaddrinfo reads a numeric host with inet_aton
    local q = inet_aton(s)
    if q then return q end
    if s:match("^[%a][%w.-]*$") then return nil, "name" end
    return nil, "bad"
  elseif tool == "iptables-nat" then
    -- --to-destination / --to-source: inet_pton, four decimal numbers without
    -- leading zeros (libxt_DNAT); "010.0.0.1" and "10.1" are refused
    -- leading zeros (libxt_DNAT); "010.0.0.1" and "10.1" are refused: the canonical
    -- form, which is what netlearn.ipv4 reads
    if to_int(s) then return s end
    return nil, "bad"
  end
  local q = ip_addr(s)
  if q then return q end
  return nil, "bad"
end

-- "ADDR[/LEN]" as `tool` reads it -> canonical address, length | nil, why.
-- ip: the address as written (host bits kept), length nil when no '/' was written.
-- iptables: the network (host bits cleared) and its length, 32 when none was written.
-- route (net-tools): the address and the length as written, nil when none.
-- why: "bad" | "mask" (the part after '/') | "name" | "holes" (iptables: a mask
-- with holes, which netlearn does not support) | "hostbits" (route: not a network)
function M.prefix(s, tool)
  if type(s) ~= "string" then return nil, "bad" end
  if tool == "iptables" then
    local a, m = s:match("^(.*)/(.-)$")
    a = a or s
    local len = 32
    if m then
      local q = xt_numeric(m, true)
      if q then
        len = mask_len(to_int(q))
        if not len then return nil, "holes" end
      else
        len = whole_number(m, 32, true)
        if not len then return nil, "mask" end
      end
      if len == 0 then return "0.0.0.0", 0 end
    end
    local q, why = M.addr(a, "iptables")
    if not q then return nil, why end
    local mask = len == 0 and 0 or (0xffffffff << (32 - len)) & 0xffffffff
    return from_int(to_int(q) & mask), len
  end
  if tool == "route" then
    -- net-tools: the address as the resolver reads it, the length as strtoul; a
    -- network with host bits set is refused ("netmask doesn't match route address")
    local a, m = s:match("^([^/]+)/(.*)$")
    local q, why = M.addr(a or s, "resolver")
    if not q then return nil, why end
    if not m then return q end
    local len = whole_number(m, 32, true)
    if not len then return nil, "mask" end
    local mask = len == 0 and 0 or (0xffffffff << (32 - len)) & 0xffffffff
    if to_int(q) & ~mask & 0xffffffff ~= 0 then return nil, "hostbits" end
    return q, len
  end
  local a, m = s:match("^([^/]*)/(.*)$")
  local q = ip_addr(a or s)
  if not q then return nil, "bad" end
  if not m then return q end
  local len = whole_number(m, 0xffffffff)
  if not len then
    local mq = ip_addr(m)
    len = mq and mask_len(to_int(mq))
  end
  if not len or len > 32 then return nil, "mask" end
  return q, len
end

-- A MAC address as netlearn's API takes it (net.link_add's address=, net.neigh_set's
-- lladdr=): six two-digit hex parts joined by ':' or '-' (a string) -> true | false.
-- C's reader (addrparse.c's parse_mac, through net.mac_parse): the one there is.
function M.api_mac(s)
  return require("netlearn.cnet").mac_parse(s) == true
end

-- A prefix as netlearn's API takes it (net.addr_add's and addr_del's prefix,
-- net.route_add's dst, net.rule_add's from and to, net.nat_add's src and dst):
-- canonical text, read by the C bindings' own reader (src/rt_parse.c's
-- rt_parse_prefix, IPv4 through addrparse.c's parse_ipv4_prefix, which nat.c
-- calls alone; net.prefix_parse says what it refused) -> { family =, addr =,
-- plen = } | nil, why
--   "default", "all", "any": { plen = 0 }, no family (the caller says whether it
--     takes them: addrspec and natspec do not)
--   a.b.c.d[/len]: inet_pton's dotted quad; len 1-10 digits, 0-32 (32 without one)
--   x::y[/len]: anything with a ':' before the '/', inet_pton(AF_INET6); len as
--     strtol(s, &end, 10) reads it, not starting with a blank or a sign, 0-128
--     (128 without one)
-- why: "not an IPv4 address or prefix" (or IPv6, when the host has a ':'),
-- "prefix length missing after '/'", "prefix length is not a number",
-- "prefix length must be 0-32" (or 0-128)
function M.api_prefix(s)
  local r, why = require("netlearn.cnet").prefix_parse(s)
  local host = s:match("^[^/]*")
  local v6 = host:find(":", 1, true) ~= nil
  if r then
    if not r.family then return { plen = 0 } end
    return { family = r.family, addr = host, plen = r.plen }
  end
  if why == "missing" then return nil, "prefix length missing after '/'" end
  if why == "nan" then return nil, "prefix length is not a number" end
  if why == "range" then return nil, v6 and "prefix length must be 0-128" or "prefix length must be 0-32" end
  return nil, v6 and "not an IPv6 address or prefix" or "not an IPv4 address or prefix"
end

-- A MAC address as iproute2 reads it (ll_addr_a2n) -> "aa:bb:cc:dd:ee:ff" | nil, why
-- why: "part" (a part that is not a hex number 0-ff; the part is the third value),
-- "length" (not 6 bytes; the count is the third value), "multicast", "zero"
-- (only when for_link: an interface's own address must be unicast and not zero)
function M.mac(s, for_link)
  if type(s) ~= "string" then return nil, "part", tostring(s) end
  if s:find(".", 1, true) then return nil, "length", 4 end   -- ip reads "a.b.c.d" as 4 bytes
  local bytes = {}
  for part in (s .. ":"):gmatch("([^:]*):") do
    local p = part:gsub("^[ \t\n\v\f\r]*", "")
    local neg = p:match("^%-") and true
    p = p:gsub("^[+-]", "")
    local hex = p:match("^0[xX](%x+)") or p:match("^(%x+)")
    local v = hex and tonumber(hex:sub(1, 12), 16)
    if not v or (neg and v ~= 0) or v > 255 then return nil, "part", part end
    bytes[#bytes + 1] = string.format("%02x", v)
  end
  if #bytes ~= 6 then return nil, "length", #bytes end
  local mac = table.concat(bytes, ":")
  if for_link then
    if tonumber(bytes[1], 16) & 1 == 1 then return nil, "multicast" end
    if mac == "00:00:00:00:00:00" then return nil, "zero" end
  end
  return mac
end

-- service names, as iptables finds them (getservbyname): /etc/services, read once;
-- these when the file cannot be read (Debian's numbers)
local FALLBACK = [[
ftp-data 20/tcp
ftp 21/tcp
ssh 22/tcp
telnet 23/tcp
smtp 25/tcp mail
domain 53/tcp
domain 53/udp
http 80/tcp www
pop3 110/tcp pop-3
ntp 123/udp
imap2 143/tcp imap
snmp 161/udp
https 443/tcp
https 443/udp
submission 587/tcp
imaps 993/tcp
pop3s 995/tcp
mysql 3306/tcp
postgresql 5432/tcp postgres
http-alt 8080/tcp webcache
]]
local by_name, by_port
local function services()
  if by_name then return by_name, by_port end
  by_name, by_port = {}, {}
  local f = io.open("/etc/services", "r")
  local text = f and f:read("a") or FALLBACK
  if f then f:close() end
  for line in text:gmatch("[^\n]+") do
    local name, p, proto, aliases = line:match("^([%w%-_%.+]+)%s+(%d+)/(%a+)([^#]*)")
    if name then
      p = math.tointeger(tonumber(p))
      for n in (name .. " " .. aliases):gmatch("%S+") do
        by_name[proto .. "/" .. n] = by_name[proto .. "/" .. n] or p
      end
      by_port[proto .. "/" .. p] = by_port[proto .. "/" .. p] or name
    end
  end
  return by_name, by_port
end

-- a port's service name for a listing (iptables -L): the name, or the number as text
function M.service_name(port, proto)
  local _, bp = services()
  return bp[(proto or "tcp") .. "/" .. tostring(port)] or tostring(port)
end

-- One port as iptables reads it (proto "tcp" when nil) -> 0-65535 | nil, why
-- ("bad" | "name": a word that names no service). proto false: numbers only,
-- as the net API reads a port (src/addrparse.c's parse_port: service names
-- are the command's)
function M.port(s, proto)
  local n = whole_number(s, 65535, true)
  if n then return n end
  if proto == false then return nil, "bad" end
  local bn = services()
  if type(s) == "string" and bn[(proto or "tcp") .. "/" .. s] then return bn[(proto or "tcp") .. "/" .. s] end
  if type(s) == "string" and s:match("^%a[%w-]*$") then return nil, "name" end
  return nil, "bad"
end

-- "LO:HI", ":HI", "LO:" or "PORT" as iptables reads a --sport/--dport value
-- -> lo, hi | nil, why, the word at fault ("bad" | "name" | "order")
function M.port_range(s, proto)
  if type(s) ~= "string" then return nil, "bad", tostring(s) end
  local lo, hi = s:match("^([^:]*):(.*)$")
  if not lo then
    local n, why = M.port(s, proto)
    if not n then return nil, why, s end
    return n, n
  end
  local a, wa = 0, nil
  if lo ~= "" then a, wa = M.port(lo, proto) end
  if not a then return nil, wa, lo end
  local b, wb = 65535, nil
  if hi ~= "" then b, wb = M.port(hi, proto) end
  if not b then return nil, wb, hi end
  if a > b then return nil, "order", s end
  return a, b
end

return M
