--[[ tests/lua/92-bad-input.lua -- the cross-cutting bad-input catalogue (issue 13).
Each input goes through the shell's own feed() -- a command line, a Lua line or
a Lua API call, as a learner would type it -- in one long session: it must be
refused ("error") with a clear message that does not point into netlearn's own
Lua files (an internal error), the next line must still run, and the lab's
state digest (real ip -j link/addr/route/rule, nft list ruleset, net sysctls,
in the host and every namespace, inside the sandbox) must be unchanged.
The per-family catalogues (tests/24, tests/29, tests/34, tests/54, tests/58, tests/61) cover each
command's own options; this one covers the Lua API, the shell's line handling,
probes, capture, lessons and what crosses them. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local shell = require("netlearn.shell")

-- the lab: a bridge in the host, two namespaces on veth pairs, a route, a rule, NAT
-- (no IPv6: its address autoconfiguration would change the lab while we look)
local setup = {
  "ip netns add net1", "ip netns add net2",
  "sysctl -w net.ipv6.conf.all.disable_ipv6=1", "sysctl -w net.ipv6.conf.default.disable_ipv6=1",
  "ip netns exec net1 sysctl -w net.ipv6.conf.all.disable_ipv6=1",
  "ip netns exec net1 sysctl -w net.ipv6.conf.default.disable_ipv6=1",
  "ip netns exec net2 sysctl -w net.ipv6.conf.all.disable_ipv6=1",
  "ip netns exec net2 sysctl -w net.ipv6.conf.default.disable_ipv6=1",
  "ip link add br0 type bridge", "ip link set br0 up",
  "ip addr add 10.0.1.1/24 dev br0",
  "ip link add veth-net1 type veth peer name eth0 netns net1",
  "ip link add veth-net2 type veth peer name eth0 netns net2",
  "ip link set veth-net1 master br0", "ip link set veth-net2 master br0",
  "ip link set veth-net1 up", "ip link set veth-net2 up",
  "ip netns exec net1 ip addr add 10.0.1.2/24 dev eth0", "ip netns exec net1 ip link set eth0 up",
  "ip netns exec net2 ip addr add 10.0.1.3/24 dev eth0", "ip netns exec net2 ip link set eth0 up",
  "ip netns exec net1 ip route add default via 10.0.1.1",
  "ip route add 10.77.0.0/16 via 10.0.1.2", "ip rule add from 10.0.1.0/24 table 100 pref 1000",
  "sysctl -w net.ipv4.ip_forward=1",
  "iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j MASQUERADE",
}
local commands = require("netlearn.commands")
for _, l in ipairs(setup) do
  local buf = {}
  local ok = commands.execute(l, commands.context({ stdout = function() end, stderr = function(s) buf[#buf + 1] = s end }))
  if not ok then t.diag("setup failed: " .. l .. ": " .. table.concat(buf)) end
end

-- The oracle: the real tools inside the sandbox (ip -batch, nft, /proc/sys/net),
-- in the host and every namespace; packet counters left out.
local ONE = [[printf 'link show\naddr show\nroute show table all\nrule show\n' | ip -j -batch -
nft list ruleset | sed 's/counter packets [0-9]* bytes [0-9]*/counter/'
cd /proc/sys/net && grep -r . ipv4/ip_forward ipv4/conf/*/forwarding ipv4/conf/*/rp_filter ipv4/conf/*/proxy_arp ipv6/conf/all/forwarding 2>/dev/null]]
local DIGEST = "one() {\n" .. ONE .. "\n}\necho '== ns'; one\nfor n in $(ls /run/netns | sort); do echo \"== ns $n\"; " ..
  "ip netns exec \"$n\" sh -c \"$(type one | tail -n +2)\"'\none'; done"
local FULL = DIGEST:gsub("grep %-r %. ipv4.-2>/dev/null", "sysctl net 2>/dev/null | grep -v -e conntrack_count -e stable_secret")
local function digest(full) return (t.sh(full and FULL or DIGEST)) end

-- The quick view after every input: the same objects through the net API.
local pretty = require("netlearn.pretty")
local function api_view()
  local out = {}
  local nss = net.ns_list() or {}
  table.insert(nss, 1, "")
  for _, ns in ipairs(nss) do
    local nft = net.nft_list(ns) or {}
    -- (counters move with any packet: a kernel statistic, not the lab's state)
    for _, r in ipairs(nft.rules or {}) do r.packets, r.bytes = nil, nil end
    for _, c in ipairs(nft.chains or {}) do c.packets, c.bytes = nil, nil end
    local links = net.link_list(ns) or {}
    for _, l in ipairs(links) do l.operstate, l.flags, l.up, l.stats = nil, nil, nil, nil end
    out[#out + 1] = pretty.format({ ns = ns, links = links, addrs = net.addr_list(ns),
      routes = net.route_list(ns, { table = "all" }), rules = net.rule_list(ns), nft = nft,
      sysctl = net.sysctl_list(ns, "net.ipv4.conf"), fwd = net.sysctl_get(ns, "net.ipv4.ip_forward") })
  end
  return table.concat(out, "\n")
end

-- lines of b not in a, and of a not in b: what a failed comparison shows
local function ldiff(a, b)
  local function set(x) local r = {} for l in x:gmatch("[^\n]+") do r[l] = true end return r end
  local A, B, out = set(a), set(b), {}
  for l in b:gmatch("[^\n]+") do if not A[l] then out[#out + 1] = "+ " .. l:sub(1, 300) end end
  for l in a:gmatch("[^\n]+") do if not B[l] then out[#out + 1] = "- " .. l:sub(1, 300) end end
  return table.concat(out, "\n", 1, math.min(#out, 12))
end

-- wait until the lab holds still (IPv6 DAD, carrier) before the first look
local function settle()
  local prev = api_view()
  for _ = 1, 20 do
    t.sh("sleep 0.3")
    local now = api_view()
    if now == prev then return end
    prev = now
  end
end

-- capture what the shell writes while it handles a line
local function capture_io(fn)
  local got = {}
  local fake = { write = function(self, ...)
    for i = 1, select("#", ...) do got[#got + 1] = tostring((select(i, ...))) end
    return self
  end, flush = function(self) return self end }
  local rerr, rout = io.stderr, io.stdout
  io.stderr, io.stdout = fake, fake
  local r = table.pack(pcall(fn))
  io.stderr, io.stdout = rerr, rout
  return r, table.concat(got)
end

local function feed(line)
  local t0 = os.time()
  debug.sethook(function()
    if os.time() - t0 > 20 then debug.sethook() error("catalogue: this input ran for 20 s") end
  end, "", 1000000)
  local r, text = capture_io(function() return shell.feed(line) end)
  debug.sethook()
  if r[2] == "more" then shell.cancel() end
  return r[1], r[2], text
end

net.links_settle("")
for _, ns in ipairs(net.ns_list()) do net.links_settle(ns) end
settle()
local before_full = digest(true)
local before_api = api_view()
local before = digest()
t.ok(before:find("10.0.1.2", 1, true) and before:find("MASQUERADE", 1, true) or before:find("masquerade", 1, true),
  "the lab is set up (addresses, NAT rule)", before:sub(1, 400))

local count, refused, unchanged, survived = 0, 0, 0, 0
local MB = string.rep("x", 1024 * 1024)
local BIN = {}
for i = 1, 300 do BIN[i] = string.char((i * 37 + 11) % 256) end
BIN = table.concat(BIN):gsub("[\n\0]", "?")

-- { input, pattern the message must match (Lua pattern, matched case-insensitively) }
local C = {
  -- namespaces through the API
  { 'return net.ns_add("net1")', "exist" },
  { 'return net.ns_add(string.rep("n", 300))', "namespace name" },
  { 'return net.ns_add("a/b")', "namespace name" },
  { 'return net.ns_add("..")', "namespace name" },
  { 'return net.ns_add("")', "namespace name" },
  { 'return net.ns_add("a\\0b")', "nul byte" },
  { 'return net.ns_add({})', "string expected" },
  { 'return net.ns_add(true)', "string expected" },
  { 'return net.ns_del("nosuch")', "nosuch" },
  { 'return net.ns_del("../net1")', "namespace name" },
  { 'return net.ns_exists({})', "string expected" },
  -- links through the API
  { 'return net.link_add("nosuch", {name="v0", type="veth", peer="v1"})', "nosuch" },
  { 'return net.link_add("", {name="veth-net1", type="veth", peer="vx"})', "exist" },
  { 'return net.link_add("", {name="vnew", type="veth", peer="veth-net2"})', "exist" },
  { 'return net.link_add("", {name="vnew", type="veth", peer="v1", peer_ns="nosuch"})', "nosuch" },
  { 'return net.link_add("", {name=string.rep("l", 16), type="dummy"})', "15" },
  { 'return net.link_add("", {name="d0", type="nosuchtype"})', "nosuchtype" },
  { 'return net.link_add("", {name="d0", type="dummy", mtu=-1})', "mtu" },
  { 'return net.link_add("", {name="d0", type="dummy", mtu=1e9})', "mtu" },
  { 'return net.link_add("", {name="d0", type="dummy", address="zz:zz"})', "address" },
  { 'return net.link_add("", {name="d0", type="dummy", address="ff:ff:ff:ff:ff:ff"})', "address" },
  { 'return net.link_add("", {name="m0", type="macvlan", link="nosuch"})', "nosuch" },
  { 'return net.link_add("", {name="m0", type="macvlan", link="br0", mode="sideways"})', "mode" },
  { 'return net.link_add("", {name="vx0", type="vxlan", id=1<<25, link="br0"})', "" },
  { 'return net.link_add("", {name="d0", type="dummy", bogus=1})', "bogus" },
  { 'return net.link_add("", "notatable")', "table expected" },
  { 'return net.link_add("", {name="d/0", type="dummy"})', "name" },
  { 'return net.link_add("", {name="", type="dummy"})', "name" },
  { 'return net.link_add("", {name="x\\0y", type="dummy"})', "nul byte" },
  { 'return net.link_set("", "nosuch", {up=true})', "nosuch" },
  { 'return net.link_set("", "br0", {master="br0"})', "" },
  { 'return net.link_set("", "br0", {netns="nosuch"})', "nosuch" },
  { 'return net.link_set("", "br0", {name="veth-net2"})', "exist" },
  { 'return net.link_set("", "br0", {mtu=0})', "" },
  { 'return net.link_set("", "br0", {address="01:00:5e:00:00:01"})', "" },
  { 'return net.link_set("", "veth-net1", {master="nosuch"})', "nosuch" },
  { 'return net.link_del("", "nosuch")', "nosuch" },
  { 'return net.link_del("", "lo")', "" },
  { 'return net.link_get("", "nosuch")', "nosuch" },
  { 'return net.link_list("nosuch")', "nosuch" },
  -- addresses
  { 'return net.addr_add("", "br0", "10.0.0.300/24")', "10.0.0.300" },
  { 'return net.addr_add("", "br0", "10.0.0.1/33")', "33" },
  { 'return net.addr_add("", "br0", "notanaddr")', "notanaddr" },
  { 'return net.addr_add("", "nosuch", "10.0.9.1/24")', "nosuch" },
  { 'return net.addr_add("", "br0", "10.0.1.1/24")', "already" },
  { 'return net.addr_add("", "br0", "10.0.9.1/24", {scope="nonsense"})', "scope" },
  { 'return net.addr_del("", "br0", "10.9.9.9/24")', "" },
  { 'return net.addr_flush("", "nosuch")', "nosuch" },
  { 'return net.addr_list("nosuch")', "nosuch" },
  -- routes and rules
  { 'return net.route_add("", {dst="10.50.0.0/24", via="10.99.99.1"})', "unreachable" },
  { 'return net.route_add("", {dst="10.50.0.0/33", dev="br0"})', "33" },
  { 'return net.route_add("", {dst="default", dev="nosuch"})', "nosuch" },
  { 'return net.route_add("", {dst="10.50.0.0/24", dev="br0", table="nosuchtable"})', "table" },
  { 'return net.route_add("", {dst="10.50.0.0/24", dev="br0", type="weird"})', "weird" },
  { 'return net.route_add("", {dst="10.77.0.0/16", via="10.0.1.2"})', "exist" },
  { 'return net.route_add("", {})', "dst" },
  { 'return net.route_add("", {dst="10.50.0.0/24", dev="br0", metric=-5})', "metric" },
  { 'return net.route_add("", {dst="banana", dev="br0"})', "banana" },
  { 'return net.route_del("", {dst="10.51.0.0/24"})', "" },
  { 'return net.route_change("", {dst="10.52.0.0/24", dev="br0"})', "" },
  { 'return net.route_get("", "notanip")', "notanip" },
  { 'return net.route_get("net2", "8.8.8.8")', "unreachable" },
  { 'return net.route_list("nosuch")', "nosuch" },
  { 'return net.rule_add("", {from="1.2.3.400", table=100})', "1.2.3.400" },
  { 'return net.rule_del("", {from="5.6.7.8/32", table=100})', "" },
  { 'return net.rule_add("", {priority=-1, table=100})', "" },
  { 'return net.neigh_flush("", {dev="nosuch"})', "nosuch" },
  { 'return net.neigh_list("nosuch")', "nosuch" },
  -- sysctls
  { 'return net.sysctl_get("", "kernel.hostname")', "net" },
  { 'return net.sysctl_set("", "kernel.hostname", "x")', "net" },
  { 'return net.sysctl_set("", "net.ipv4.ip_forward", "banana")', "" },
  { 'return net.sysctl_set("", "net/../../kernel/hostname", "x")', "" },
  { 'return net.sysctl_get("", "net.ipv4.nosuch")', "nosuch" },
  { 'return net.sysctl_set("nosuch", "net.ipv4.ip_forward", "1")', "nosuch" },
  { 'return net.sysctl_set("", "net.ipv4.ip_forward", string.rep("1", 5000))', "" },
  { 'return net.sysctl_list("nosuch")', "nosuch" },
  -- nf_tables
  { 'return net.nat_add("", {chain="NOPE", target="MASQUERADE"})', "nope" },
  { 'return net.nat_add("", {chain="PREROUTING", target="DNAT"})', "to" },
  { 'return net.nat_add("", {chain="PREROUTING", target="DNAT", to="1.2.3.4:99999"})', "" },
  { 'return net.nat_add("", {chain="POSTROUTING", target="MASQUERADE", src="10.0.0.0/40"})', "" },
  { 'return net.nat_add("", {chain="POSTROUTING", target="MASQUERADE", proto="carrier-pigeon"})', "" },
  { 'return net.filter_add("", {chain="FORWARD", target="EXPLODE"})', "explode" },
  { 'return net.filter_add("", {chain="FORWARD", target="DROP", dport=80})', "" },
  { 'return net.chain_policy("", "FORWARD", "MAYBE")', "maybe" },
  { 'return net.chain_policy("", "POSTROUTING", "DROP")', "" },
  { 'return net.nft_del("", {table="nat", chain="POSTROUTING", handle=99999})', "" },
  { 'return net.nft_flush("", {table="nosuch"})', "nosuch" },
  { 'return net.nat_add("nosuch", {chain="POSTROUTING", target="MASQUERADE"})', "nosuch" },
  -- probes and capture
  { 'return net.ping("", "notanaddress")', "notanaddress" },
  { 'return net.ping("", "10.0.1.2", {dev="nosuch"})', "nosuch" },
  { 'return net.ping("nosuch", "10.0.1.2")', "nosuch" },
  { 'return net.traceroute("", "bad..addr")', "bad" },
  { 'return net.traceroute("nosuch", "10.0.1.2")', "nosuch" },
  { 'return net.capture_open("", "nosuch")', "nosuch" },
  { 'return net.capture_open("", nil, "tcp port")', "syntax" },
  { 'return net.capture_open("", nil, "host 999.1.1.1")', "" },
  { 'return net.filter_check("((((")', "syntax" },
  { 'return net.http_get("", "notaurl")', "" },
  { 'return net.http_get("", "http://10.0.1.2:99999/")', "" },
  { 'return net.http_get("", "ftp://10.0.1.2/")', "" },
  { 'return net.http_get("nosuch", "http://10.0.1.2/")', "nosuch" },
  { 'return net.http_serve("", {port=70000})', "port" },
  { 'return net.tcp_connect("", "10.0.1.2", 0)', "" },
  { 'return net.tcp_connect("", "x.y", 80)', "" },
  { 'return net.run("nosuch", {"/bin/true"})', "nosuch" },
  { 'return net.run("", {})', "" },
  { 'return net.kill(999999)', "" },
  { 'return net.wait(999999)', "" },
    -- command lines the per-command catalogues do not try
  { "ping", "" }, { "ping -c abc 10.0.1.2", "abc" }, { "ping -c 1 -I nosuch 10.0.1.2", "nosuch" },
  { "ping -c 1 300.1.1.1", "300.1.1.1" }, { "ping -c 1 -W -1 10.0.1.2", "" }, { "ping -c 1 -s -5 10.0.1.2", "" },
  { "ping -c 1 -t 999 10.0.1.2", "" }, { "ping -Q 10.0.1.2", "" },
  { "tcpdump -i nosuch -c 1", "nosuch" }, { "tcpdump -c 1 'tcp port'", "syntax" }, { "tcpdump -c abc", "abc" },
  { "tcpdump -i br0 -c 1 host 999.1.1.1", "" }, { "tcpdump --frobnicate", "" },
  { "traceroute", "" }, { "traceroute -m 0 10.0.1.2", "" }, { "traceroute nosuch..host", "" },
  { "curl", "" }, { "curl http://[bad", "" }, { "curl -X 10.0.1.2", "" },
  { "sysctl -w", "" }, { "sysctl -w kernel.hostname=x", "" }, { "sysctl net.ipv4.nosuch", "nosuch" },
  { "sysctl -w net.ipv4.ip_forward", "" },
  { "route add default gw 300.1.1.1", "" }, { "route del -net 10.99.0.0 netmask 255.255.0.0", "" },
  { "route add -net 10.98.0.0 netmask 255.0.255.0 dev br0", "" },
  { "brctl addif nosuch veth-net1", "nosuch" }, { "brctl frobnicate", "" }, { "bridge frobnicate", "" },
  { "iptables -X NOPE", "" }, { "iptables -t nosuch -L", "nosuch" }, { "iptables -A NOPE -j ACCEPT", "" },
  { "iptables -A FORWARD -s 10.0.0.0/40 -j ACCEPT", "" }, { "iptables -A FORWARD -j", "" },
  { "iptables -E NOPE OTHER", "" }, { "iptables -E FORWARD MINE", "FORWARD" },
  { "iptables -A FORWARD -p tcp -m multiport --dports 1,x -j ACCEPT", "x" },
  { "iptables -A FORWARD -m mark --mark 1/ -j ACCEPT", "" }, { "iptables -A FORWARD -j MARK --set-mark x", "" },
  { "iptables -A FORWARD -m comment --comment " .. string.rep("c", 300) .. " -j ACCEPT", "" },
  { "lesson nosuch-lesson", "nosuch" }, { "help nosuch-command", "nosuch" }, { "kill %9", "" }, { "fg %9", "" },
  { "machine nosuch-machine", "nosuch" }, { "on nosuch-machine ip link", "nosuch" },
  { "ip netns exec nosuch ping -c 1 10.0.1.2", "nosuch" }, { "ip netns exec net1 ip netns exec nosuch ip link", "nosuch" },
  { "ip link add veth9 type veth peer name veth-net1", "exist" },
  { "ip route add 10.60.0.0/24 via 192.0.2.1", "gateway" }, { "ip link del nosuch", "nosuch" },
  { "ip addr del 10.99.0.1/24 dev br0", "" }, { "ip route del 10.61.0.0/24", "" },
  { "ip link set veth-net1 netns nosuch", "nosuch" }, { "ip link add " .. string.rep("v", 40) .. " type dummy", "" },
  { "ip addr add 10.0.1.0/24/8 dev br0", "" }, { "ip addr add 10.0.1..5/24 dev br0", "" },
  { "ip addr add -10.0.1.5/24 dev br0", "" }, { "ip route add 10.62.0.0/24 dev br0 metric 99999999999999", "" },
  -- the shell's own line handling
  { "ip link show | grep br0", "pipe" }, { "&& ip link", "&" }, { "ip link ;; ip addr", "" },
  { "ip link >", "redirection" }, { "sudo", "sudo" }, { "sudo -E", "sudo" }, { "ipp link", "not found" },
  { "tcpdumpx -i br0", "not found" }, { "!", "give a command" },
  { "ip link add " .. MB .. " type dummy", "" }, { "ping -c 1 " .. MB, "" }, { MB, "" },
  { "return " .. MB .. " + * 1", "" }, { BIN, "" }, { "ip link add " .. BIN, "" },
  { "ip \1\2\3 link", "" }, { "\27[31mip link\27[0m", "" },
  -- Lua typed at the prompt
  { "local x = = 1", "" }, { "1 +* 2", "" }, { "error('boom')", "boom" }, { "error({})", "error object" },
  { "error(setmetatable({}, {__tostring = function() return 'custom' end}))", "custom" },
  { "error(setmetatable({}, {__tostring = function() error('again') end}))", "" },
  { "local function f() return 1 + f() end return f()", "stack overflow" },
  { "local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return t.x", "overflow" },
  { "return string.rep('x', 1 << 62)", "too large" }, { "return ('x'):rep(-1) .. nil", "concatenate" },
  { "return nil .. 1", "concatenate" }, { "return #nil", "length" }, { "return {} < {}", "compare" },
  { "return net.nosuch()", "nosuch" }, { "return require('nosuch.module')", "nosuch" },
  { "coroutine.wrap(function() error('inside') end)()", "inside" },
  { "return load('\\27Lua junk')()", "" }, { "return string.format('%d', 'x')", "format" },
  { "return math.tointeger('a') + 1", "arithmetic" }, { "goto nowhere", "nowhere" },
  { "return utf8.char(-1)", "" }, { "return ('x'):rep(10, {})", "" },
  { "for i = 1, 10, 0 do end", "step" }, { "return select(-5, 1)", "" },
  { "return table.concat({{}})", "" }, { "return tostring(setmetatable({}, {__tostring = function() return {} end}))", "" },
  -- lessons handed to the lesson command
  { "lesson /nonexistent/lesson.lua", "" }, { "lesson /proc", "" }, { "lesson /dev/null", "" },
}

for _, c in ipairs(C) do
  local input, pat = c[1], c[2]
  count = count + 1
  local ok, res, text = feed(input)
  local label = #input > 70 and (input:sub(1, 60):gsub("[%c\128-\255]", "?") .. "... (" .. #input .. " bytes)") or
    input:gsub("[%c\128-\255]", "?")
  -- an API call that returned nil, msg counts as refused: the value is printed
  local good = ok and (res == "error" or (res == "ok" and text:match("^nil\t"))) and #text > 0
  local internal = text:match("lua/netlearn/[%w_/]+%.lua:%d+:") or text:match("%[C%]: in") or text:match("%(null%)")
  local matches = text:lower():find(pat:lower(), 1, true) ~= nil
  local _, res2 = feed("__alive = (__alive or 0) + 1")
  local alive = res2 == "ok"
  local after_api = api_view()
  local same = after_api == before_api
  local changed = same and "" or ldiff(before_api, after_api)
  if count % 10 == 0 or not same then       -- the real tools every 10 inputs
    local after = digest()
    if after ~= before then same = false changed = changed .. "\n" .. ldiff(before, after) before = after end
  end
  if good and not internal and matches then refused = refused + 1 end
  if alive then survived = survived + 1 end
  if same then unchanged = unchanged + 1 end
  local firstline = (text:match("^[^\n]*") or ""):gsub("[%c\128-\255]", "?")
  t.ok(good and not internal and matches and alive and same, label .. " -> " .. firstline:sub(1, 100),
    string.format("feed: %s %s\nmessage: %s\nwant: /%s/%s%s%s", tostring(ok), tostring(res), text:sub(1, 600), pat,
      internal and "\nan internal error (points into netlearn's Lua)" or "",
      alive and "" or "\nthe next line did not run", same and "" or ("\nthe lab changed:\n" .. changed)))
  if not same then before_api = after_api end
end

t.is(api_view(), before_api, "the net API sees the lab as before the catalogue")
local after_full = digest(true)
t.ok(after_full == before_full, "the full digest (every net sysctl too) is the same as before the catalogue",
  ldiff(before_full, after_full))
t.is(require("netlearn.shell").env.__alive, count, "every input was followed by a line that ran")
t.diag(string.format("bad inputs: %d, %d refused clearly, %d followed by a working line, %d with the state unchanged",
  count, refused, survived, unchanged))
t.done()
