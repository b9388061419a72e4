#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/29b-parse-vectors.lua -- every line of tests/data/addr-vectors.txt (an
IPv4 address, IPv4 prefix, MAC, port or integer as one tool reads it) checked:
against netlearn.parse, against the real tool run in a namespace of this test's
sandbox (ip addr/neigh/link/route, iptables -s/--dport, ping -c, traceroute -m), through
netlearn's own command line (ip addr add, ip neigh replace, ip link set address
and mtu, ip route add ... metric, iptables -A, ping -c, traceroute -m), and for
ports through the net API (net.filter_add's dport= and multiport=, read by
src/addrparse.c's parse_port): what it accepts lands in the lab as the tool would put it, what it refuses gets
one line said by netlearn and changes nothing.

  VECTORS_GEN=1 prints each vector with what the real tool said instead (to write
  the expected column of a new line).
]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
local net = require("netlearn.core")
local parse = require("netlearn.parse")

local GEN = os.getenv("VECTORS_GEN") == "1"
local file = os.getenv("TESTDIR") .. "/data/addr-vectors.txt"

-- the vectors: kind tool input expected [netlearn=VALUE | command=VALUE] [api=VALUE]
local vectors = {}
for line in io.lines(file) do
  if not line:match("^%s*#") and line:match("%S") then
    local w, opt = {}, {}
    for x in line:gmatch("%S+") do w[#w + 1] = x end
    for i = 5, #w do
      local k, val = w[i]:match("^(%a+)=(.*)$")
      if k then opt[k] = val end
    end
    local v = { kind = w[1], tool = w[2], input = w[3] == "<empty>" and "" or w[3]:gsub("<sp>", " "),
      want = w[4], line = line }
    v.nl = opt.netlearn or v.want
    v.cmd = opt.command or v.nl
    v.api = opt.api or v.nl
    vectors[#vectors + 1] = v
  end
end
t.ok(#vectors >= 100, "read " .. #vectors .. " vectors")

-- the lab: the real tools in "real", netlearn's commands in "ours"
for _, ns in ipairs({ "real", "ours" }) do
  assert(net.ns_add(ns))
  assert(net.link_set(ns, "lo", { up = true }))
  assert(net.link_add(ns, { name = "d0", type = "veth", peer = "d1", up = true }))
  assert(net.link_set(ns, "d1", { up = true }))
end
local BASE_MAC = "02:00:00:00:ff:ff"
local BASE_MTU = "1400"       -- d0's mtu before each mtu vector (none of them gives 1400)

local function sh(ns, cmd)
  local out, code = t.nsh(ns, cmd)
  return out, code
end

-- what netlearn.parse says: canonical text or "refused"
local function ours(v)
  if v.kind == "prefix6" then
    -- IPv6 goes through netlearn.inet (inet_pton), its length through netlearn.parse
    local f, a, len = require("netlearn.inet").prefix(v.input)
    if f ~= "inet6" then return "refused" end
    return a .. "/" .. (len or 128)
  elseif v.kind == "prefix" and v.tool == "ip-route" then
    -- ip's reading, then the kernel's rule (a route is a network), which ip_route checks
    local a, len = parse.prefix(v.input, "ip")
    if not a then return "refused" end
    local p = a .. "/" .. (len or 32)
    return require("netlearn.ipv4").network(a, len or 32) == p and p or "refused"
  elseif v.kind == "prefix" then
    local a, len = parse.prefix(v.input, v.tool)
    if not a then return "refused" end
    return a .. "/" .. (len or 32)
  elseif v.kind == "addr" then
    return parse.addr(v.input, v.tool) or "refused"
  elseif v.kind == "port" then
    local lo, hi = parse.port_range(v.input)
    if not lo then return "refused" end
    return lo == hi and tostring(lo) or (lo .. ":" .. hi)
  elseif v.kind == "ports" then
    -- -m multiport: a list of ports or lo:hi ranges (lo < hi), each read as parse.port reads it
    local out = {}
    for item in (v.input .. ","):gmatch("([^,]*),") do
      local lo, hi = item:match("^(.*):(.*)$")
      local a, b = parse.port(lo or item), parse.port(hi or item)
      if not a or not b or (lo and a >= b) then return "refused" end
      out[#out + 1] = lo and (a .. ":" .. b) or tostring(a)
    end
    return table.concat(out, ",")
  elseif v.kind == "mac" then
    return parse.mac(v.input, v.tool == "ip-link") or "refused"
  elseif v.kind == "int" and v.tool == "ip-mtu" then
    -- get_integer's reading, then the device's range (d0: a veth, 68-65535)
    local n = parse.int(v.input, "ip-int", -2147483648, 2147483647)
    return (n and n >= 68 and n <= 65535) and tostring(n) or "refused"
  elseif v.kind == "int" and v.tool == "ip-metric" then
    local n = parse.int(v.input, "ip", 0, 0xffffffff)
    return n and tostring(n) or "refused"
  elseif v.kind == "int" and v.tool == "ping-count" then
    local n = parse.int(v.input, "ping", 1, math.maxinteger)
    return n and tostring(n) or "refused"
  elseif v.kind == "int" and v.tool == "traceroute-max" then
    local n = parse.int(v.input, "traceroute", 0, 0xffffffff)
    return (n and n >= 1 and n <= 255) and tostring(n) or "refused"
  end
end

-- what the real tool does with it, read back from the kernel
local function real(v)
  local x = v.input
  if v.kind == "prefix" and v.tool == "ip-route" then
    local _, code = sh("real", "ip route add '" .. x .. "' dev d0 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "ip -4 -o route show dev d0 proto boot; ip route flush dev d0 proto boot")
    local r = out:match("^(%S+)")
    return r and (r:find("/", 1, true) and r or r .. "/32") or "?"
  elseif v.kind == "prefix6" then
    local _, code = sh("real", "ip addr add '" .. x .. "' dev d0 nodad 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "ip -o -6 addr show dev d0 scope global; ip -6 addr flush dev d0 scope global")
    return out:match("inet6 (%S+)") or "?"
  elseif v.kind == "prefix" and v.tool == "route" then
    local _, code = sh("real", "route add -net '" .. x .. "' dev d0 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "ip -4 -o route show dev d0 proto boot; ip route flush dev d0 proto boot")
    local r = out:match("^(%S+)")
    return r and (r:find("/", 1, true) and r or r .. "/32") or "?"
  elseif v.kind == "prefix" and v.tool == "ip" then
    local _, code = sh("real", "ip addr add '" .. x .. "' dev d0 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "ip -o -4 addr show dev d0; ip addr flush dev d0")
    return out:match("inet (%S+)") or "?"
  elseif v.kind == "addr" and v.tool == "resolver" then
    local out = sh("real", "ping -c 1 -W 1 '" .. x .. "' 2>/dev/null")
    return out:match("^PING %S+ %(([%d.]+)%)") or "refused"
  elseif v.kind == "addr" and v.tool == "iptables-nat" then
    local _, code = sh("real", "iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination '" .. x .. "' 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "iptables -t nat -S PREROUTING; iptables -t nat -F PREROUTING")
    return out:match("%-%-to%-destination (%S+)") or "?"
  elseif v.kind == "addr" then
    local _, code = sh("real", "ip neigh replace '" .. x .. "' lladdr 02:00:00:00:00:01 dev d0 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "ip -4 neigh show dev d0 nud permanent")
    local a = out:match("^(%S+)")
    if a then sh("real", "ip neigh del " .. a .. " dev d0") end
    return a or "?"
  elseif v.kind == "prefix" then
    local _, code = sh("real", "iptables -A INPUT -s '" .. x .. "' -j ACCEPT 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "iptables -S INPUT; iptables -F INPUT")
    return out:match("%-A INPUT %-s (%S+)") or "0.0.0.0/0"
  elseif v.kind == "ports" then
    local _, code = sh("real", "iptables -A INPUT -p tcp -m multiport --dports '" .. x .. "' -j ACCEPT 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "iptables -S INPUT; iptables -F INPUT")
    return out:match("%-%-dports (%S+)") or "?"
  elseif v.kind == "port" then
    local _, code = sh("real", "iptables -A INPUT -p tcp --dport '" .. x .. "' -j ACCEPT 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "iptables -S INPUT; iptables -F INPUT")
    return out:match("%-%-dport (%S+)") or "?"
  elseif v.kind == "int" and v.tool == "ip-mtu" then
    sh("real", "ip link set d0 mtu " .. BASE_MTU)
    local _, code = sh("real", "ip link set d0 mtu '" .. x .. "' 2>/dev/null")
    if code ~= 0 then return "refused" end
    return sh("real", "ip -o link show d0"):match(" mtu (%d+)") or "?"
  elseif v.kind == "int" and v.tool == "ip-metric" then
    local _, code = sh("real", "ip route add 10.9.9.0/24 dev d0 metric '" .. x .. "' 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "ip -4 -o route show dev d0 proto boot; ip route flush dev d0 proto boot")
    return out:match(" metric (%d+)") or (out:match("^10%.9%.9%.0/24") and "0") or "?"
  elseif v.kind == "int" and v.tool == "ping-count" then
    local out = sh("real", "ping -c '" .. x .. "' -i 0.01 -W 1 127.0.0.1 2>/dev/null")
    return out:match("(%d+) packets transmitted") or "refused"
  elseif v.kind == "int" and v.tool == "traceroute-max" then
    local out = sh("real", "traceroute -n -m '" .. x .. "' -q 1 -w 0.2 127.0.0.1 2>/dev/null")
    return out:match("(%d+) hops max") or "refused"
  elseif v.kind == "mac" and v.tool == "ip" then
    local _, code = sh("real", "ip neigh replace 10.0.0.9 lladdr '" .. x .. "' dev d0 2>/dev/null")
    if code ~= 0 then return "refused" end
    local out = sh("real", "ip neigh show 10.0.0.9 dev d0; ip neigh del 10.0.0.9 dev d0")
    return out:match("lladdr (%S+)") or "?"
  elseif v.kind == "mac" then
    sh("real", "ip link set d0 address " .. BASE_MAC)
    local _, code = sh("real", "ip link set d0 address '" .. x .. "' 2>/dev/null")
    if code ~= 0 then return "refused" end
    return (sh("real", "ip -br link show d0"):match("^%S+%s+%S+%s+(%S+)")) or "?"
  end
end

-- the same through netlearn's command line: the result as the lab shows it,
-- or "refused" with the words netlearn printed
local function run(line)
  local st, out, err = cmdline.run(line, "ours")
  return st, out, err
end
local function through_netlearn(v)
  local x = (v.input == "" or v.input:find(" ", 1, true)) and "'" .. v.input .. "'" or v.input
  local st, err, after
  if v.kind == "prefix" and v.tool == "ip-route" then
    st, _, err = run("ip route add " .. x .. " dev d0")
    local r = sh("ours", "ip -4 -o route show dev d0 proto boot; ip route flush dev d0 proto boot"):match("^(%S+)")
    after = r and (r:find("/", 1, true) and r or r .. "/32")
  elseif v.kind == "prefix6" then
    st, _, err = run("ip addr add " .. x .. " dev d0 nodad")
    after = sh("ours", "ip -o -6 addr show dev d0 scope global"):match("inet6 (%S+)")
    sh("ours", "ip -6 addr flush dev d0 scope global")
  elseif v.kind == "prefix" and v.tool == "route" then
    st, _, err = run("route add -net " .. x .. " dev d0")
    local r = sh("ours", "ip -4 -o route show dev d0 proto boot; ip route flush dev d0 proto boot"):match("^(%S+)")
    after = r and (r:find("/", 1, true) and r or r .. "/32")
  elseif v.kind == "prefix" and v.tool == "ip" then
    st, _, err = run("ip addr add " .. x .. " dev d0")
    after = sh("ours", "ip -o -4 addr show dev d0"):match("inet (%S+)")
    sh("ours", "ip addr flush dev d0")
  elseif v.kind == "addr" and v.tool == "resolver" then
    local out
    st, out, err = run("ping -c 1 -W 1 " .. x)
    after = out:match("^PING %S+ %(([%d.]+)%)")
    if after and v.cmd ~= "refused" then st = 1 end   -- ping's status is about the answer
  elseif v.kind == "addr" and v.tool == "iptables-nat" then
    st, _, err = run("iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination " .. x)
    local _, out = run("iptables -t nat -S PREROUTING")
    after = out:match("%-%-to%-destination (%S+)")
    run("iptables -t nat -F PREROUTING")
  elseif v.kind == "addr" then
    st, _, err = run("ip neigh replace " .. x .. " lladdr 02:00:00:00:00:01 dev d0")
    after = sh("ours", "ip -4 neigh show dev d0 nud permanent"):match("^(%S+)")
    if after then sh("ours", "ip neigh del " .. after .. " dev d0") end
  elseif v.kind == "prefix" then
    st, _, err = run("iptables -A INPUT -s " .. x .. " -j ACCEPT")
    local _, out = run("iptables -S INPUT")
    after = out:match("%-A INPUT %-s (%S+)") or (out:match("%-A INPUT") and "0.0.0.0/0")
    run("iptables -F INPUT")
  elseif v.kind == "ports" then
    st, _, err = run("iptables -A INPUT -p tcp -m multiport --dports " .. x .. " -j ACCEPT")
    local _, out = run("iptables -S INPUT")
    after = out:match("%-%-dports (%S+)")
    run("iptables -F INPUT")
  elseif v.kind == "port" then
    st, _, err = run("iptables -A INPUT -p tcp --dport " .. x .. " -j ACCEPT")
    local _, out = run("iptables -S INPUT")
    after = out:match("%-%-dport (%S+)")
    run("iptables -F INPUT")
  elseif v.kind == "int" and v.tool == "ip-mtu" then
    sh("ours", "ip link set d0 mtu " .. BASE_MTU)
    st, _, err = run("ip link set d0 mtu " .. x)
    after = sh("ours", "ip -o link show d0"):match(" mtu (%d+)")
    if after == BASE_MTU then after = nil end
  elseif v.kind == "int" and v.tool == "ip-metric" then
    st, _, err = run("ip route add 10.9.9.0/24 dev d0 metric " .. x)
    local out = sh("ours", "ip -4 -o route show dev d0 proto boot; ip route flush dev d0 proto boot")
    after = out:match(" metric (%d+)") or (out:match("^10%.9%.9%.0/24") and "0") or nil
  elseif v.kind == "int" and v.tool == "ping-count" then
    local out
    st, out, err = run("ping -c " .. x .. " -i 0.01 -W 1 127.0.0.1")
    after = out:match("(%d+) packets transmitted")
  elseif v.kind == "int" and v.tool == "traceroute-max" then
    local out
    st, out, err = run("traceroute -n -m " .. x .. " -q 1 -w 0.2 127.0.0.1")
    after = out:match("(%d+) hops max")
  elseif v.kind == "mac" and v.tool == "ip" then
    st, _, err = run("ip neigh replace 10.0.0.9 lladdr " .. x .. " dev d0")
    after = sh("ours", "ip neigh show 10.0.0.9 dev d0"):match("lladdr (%S+)")
    sh("ours", "ip neigh del 10.0.0.9 dev d0 2>/dev/null")
  else
    sh("ours", "ip link set d0 address " .. BASE_MAC)
    st, _, err = run("ip link set d0 address " .. x)
    after = sh("ours", "ip -br link show d0"):match("^%S+%s+%S+%s+(%S+)")
    if after == BASE_MAC then after = nil end
  end
  return st, after, err
end

-- the same through the net API (net.filter_add's dport= and multiport=: the
-- reading of src/addrparse.c's parse_port, with netlearn.natspec in front),
-- read back with net.nft_list; nil for the kinds the API does not take this way
local function through_api(v)
  local rule = { chain = "INPUT", target = "ACCEPT", proto = "tcp" }
  if v.kind == "port" then rule.dport = v.input
  elseif v.kind == "ports" then rule.multiport = v.input
  else return nil end
  local h, err = net.filter_add("ours", rule)
  local l = assert(net.nft_list("ours"))
  local got
  for _, r in ipairs(l.rules) do
    if r.chain == "INPUT" then got = tostring(v.kind == "port" and r.dport or r.multiport) end
  end
  assert(net.nft_flush("ours"))
  if not h then return "refused", err end
  return got or "?"
end

for _, v in ipairs(vectors) do
  local name = v.kind .. " " .. v.tool .. " [" .. v.input .. "]"
  local theirs = real(v)
  if GEN then
    io.stdout:write(string.format("# %-6s %-8s %-24s %s\n", v.kind, v.tool, v.input == "" and "<empty>" or v.input, theirs))
  else
    t.is(theirs, v.want, name .. ": the real tool")
    t.is(ours(v), v.nl, name .. ": netlearn.parse")
    local api, api_err = through_api(v)
    if api then t.is(api, v.api, name .. ": net.filter_add", api_err) end
    local st, after, err = through_netlearn(v)
    if v.cmd == "refused" then
      -- the tool's own words (iptables adds its "Try `iptables -h'" line) and one hint
      local lines = select(2, err:gsub("\n", "\n"))
      t.ok(st ~= 0 and after == nil, name .. ": netlearn refuses it and changes nothing", err)
      t.unlike(err, "RTNETLINK", name .. ": said by netlearn, not blamed on the kernel")
      t.ok(lines <= (v.tool:match("^iptables") and 3 or 2) and err:find("hint: ", 1, true),
        name .. ": the error and its hint, no more", err)
    elseif v.kind == "mac" and v.tool == "ip-link" then
      t.is(after, v.cmd, name .. ": netlearn's ip link set address")
    else
      t.is(after, v.cmd, name .. ": through netlearn's command", err)
    end
  end
end

t.done()
