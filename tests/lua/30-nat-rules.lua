#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/30-nat-rules: net.nat_add / filter_add / chain_policy / nft_list / nft_del /
  nft_flush make exactly the nf_tables objects asked for, checked with the real
  `nft -j list ruleset` inside the namespace, and nft_list reads them back. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local topo = dofile(os.getenv("TESTLIB") .. "/nat_lab.lua")
local net = require("netlearn.core")

local function has_all(lines, want, name)
  local text = table.concat(lines, "\n")
  local missing = {}
  for _, w in ipairs(want) do
    local found = false
    for _, l in ipairs(lines) do if l == w then found = true end end
    if not found then missing[#missing + 1] = w end
  end
  t.ok(#missing == 0, name, "missing: " .. table.concat(missing, " | ") .. "\nruleset:\n" .. text)
end

local function find_rule(list, tbl, chain, target)
  for _, r in ipairs(list.rules) do
    if r.table == tbl and r.chain == chain and r.target == target then return r end
  end
end

assert(net.ns_add("r1"))
t.is(topo.ruleset_text(t, "r1"), "", "a fresh namespace has no ruleset")
local caps = net.nft_probe("r1")
t.ok(caps and caps.nf_tables and caps.nat and caps.masquerade and caps.reject and not caps.missing,
  "nft_probe: this kernel has nf_tables NAT, MASQUERADE and REJECT", caps and caps.missing)
t.is(topo.ruleset_text(t, "r1"), "", "nft_probe leaves nothing behind")
local l = assert(net.nft_list("r1"))
t.is(#l.chains + #l.rules, 0, "nft_list of a fresh namespace is empty")

-- MASQUERADE: table, chain and rule made on demand, in one call
local h = net.nat_add("r1", { chain = "POSTROUTING", target = "MASQUERADE", src = "172.168.1.0/24", oif = "ens33" })
t.ok(math.type(h) == "integer" and h > 0, "nat_add returns a handle", tostring(h))
t.is(topo.ruleset_text(t, "r1"), table.concat({
  "table ip nat",
  "chain nat POSTROUTING nat postrouting 100 accept",
  "rule nat POSTROUTING: oifname==ens33 ip.saddr==172.168.1.0/24 counter masquerade",
}, "\n"), "nft shows exactly the MASQUERADE rule and its chain")
t.is(topo.ruleset_text(t, ""), "", "the host namespace is untouched")

-- DNAT in PREROUTING and OUTPUT, SNAT inserted first
local hd = assert(net.nat_add("r1", { chain = "PREROUTING", target = "DNAT", proto = "tcp", dport = 8888, to = "172.168.1.11:80" }))
local ho = assert(net.nat_add("r1", { chain = "OUTPUT", target = "DNAT", proto = "tcp", dport = "9999", to = "172.168.1.12:80" }))
local hs = assert(net.nat_add("r1", { chain = "POSTROUTING", target = "SNAT", src = "10.0.0.1", proto = "udp",
  to = "192.168.0.10:5353", position = "insert" }))
local hi = assert(net.nat_add("r1", { chain = "PREROUTING", target = "ACCEPT", iif = "veth+" }))
has_all(topo.ruleset(t, "r1"), {
  "chain nat PREROUTING nat prerouting -100 accept",
  "chain nat OUTPUT nat output -100 accept",
  "rule nat PREROUTING: tcp.dport==8888 counter dnat:172.168.1.11:80",
  "rule nat OUTPUT: tcp.dport==9999 counter dnat:172.168.1.12:80",
  "rule nat PREROUTING: iifname==veth* counter accept",
}, "DNAT (PREROUTING, OUTPUT) and ACCEPT rules as nft sees them")
local rs = topo.ruleset(t, "r1")
local post = {}
for _, line in ipairs(rs) do if line:find("^rule nat POSTROUTING") then post[#post + 1] = line end end
t.is(post[1], "rule nat POSTROUTING: l4proto==udp ip.saddr==10.0.0.1 counter snat:192.168.0.10:5353",
  "position=insert puts the SNAT rule first")
t.like(post[2] or "", "masquerade$", "the MASQUERADE rule is second")

-- filter table
local hf = assert(net.filter_add("r1", { chain = "FORWARD", target = "DROP", src = "10.0.0.0/8", dst = "192.168.0.0/16",
  proto = "icmp" }))
assert(net.filter_add("r1", { chain = "INPUT", target = "REJECT", proto = "tcp", dport = 23 }))
assert(net.filter_add("r1", { chain = "OUTPUT", target = "ACCEPT", oif = "lo", proto = "udp", sport = 53 }))
t.ok(net.chain_policy("r1", "FORWARD", "DROP"), "chain_policy FORWARD DROP")
has_all(topo.ruleset(t, "r1"), {
  "table ip filter",
  "chain filter FORWARD filter forward 0 drop",
  "chain filter INPUT filter input 0 accept",
  "chain filter OUTPUT filter output 0 accept",
  "rule filter FORWARD: l4proto==icmp ip.saddr==10.0.0.0/8 ip.daddr==192.168.0.0/16 counter drop",
  "rule filter INPUT: tcp.dport==23 counter reject",
  "rule filter OUTPUT: oifname==lo udp.sport==53 counter accept",
}, "filter rules and the FORWARD policy as nft sees them")
-- a later rule in FORWARD does not reset its policy
assert(net.filter_add("r1", { chain = "FORWARD", target = "ACCEPT", iif = "eth0" }))
has_all(topo.ruleset(t, "r1"), { "chain filter FORWARD filter forward 0 drop" }, "adding a rule keeps the DROP policy")
t.ok(net.chain_policy("r1", "INPUT", "DROP") and net.chain_policy("r1", "INPUT", "ACCEPT"), "policy back and forth")
has_all(topo.ruleset(t, "r1"), { "chain filter INPUT filter input 0 accept" }, "INPUT policy is ACCEPT again")
t.ok(net.chain_policy("r1", "OUTPUT", "ACCEPT"), "policy on an existing chain")

-- nft_list: the same, structured
l = assert(net.nft_list("r1"))
local chains = {}
for _, c in ipairs(l.chains) do chains[#chains + 1] = c.table .. "/" .. c.chain .. "/" .. c.hook .. "/" .. c.priority .. "/" .. c.policy end
t.is(table.concat(chains, " "), "nat/PREROUTING/prerouting/-100/ACCEPT nat/OUTPUT/output/-100/ACCEPT " ..
  "nat/POSTROUTING/postrouting/100/ACCEPT filter/INPUT/input/0/ACCEPT filter/FORWARD/forward/0/DROP " ..
  "filter/OUTPUT/output/0/ACCEPT", "nft_list chains, in hook order")
local m = find_rule(l, "nat", "POSTROUTING", "MASQUERADE")
t.ok(m and m.handle == h and m.src == "172.168.1.0/24" and m.oif == "ens33" and m.packets == 0 and m.bytes == 0
  and m.dst == nil and m.proto == nil, "nft_list decodes the MASQUERADE rule")
local d = find_rule(l, "nat", "PREROUTING", "DNAT")
t.ok(d and d.handle == hd and d.proto == "tcp" and d.dport == 8888 and d.to == "172.168.1.11:80",
  "nft_list decodes the DNAT rule")
local s = find_rule(l, "nat", "POSTROUTING", "SNAT")
t.ok(s and s.handle == hs and s.src == "10.0.0.1/32" and s.proto == "udp" and s.to == "192.168.0.10:5353",
  "nft_list decodes the SNAT rule")
local a = find_rule(l, "nat", "PREROUTING", "ACCEPT")
t.ok(a and a.handle == hi and a.iif == "veth+", "nft_list decodes an iif prefix as 'veth+'")
local f = find_rule(l, "filter", "FORWARD", "DROP")
t.ok(f and f.handle == hf and f.src == "10.0.0.0/8" and f.dst == "192.168.0.0/16" and f.proto == "icmp",
  "nft_list decodes the filter rule")
local rj = find_rule(l, "filter", "INPUT", "REJECT")
t.ok(rj and rj.dport == 23 and rj.proto == "tcp", "nft_list decodes REJECT")
local o = find_rule(l, "filter", "OUTPUT", "ACCEPT")
t.ok(o and o.sport == 53 and o.oif == "lo", "nft_list decodes sport and oif")
-- order: rules follow their chains, in chain order
local seen = {}
for _, r in ipairs(l.rules) do seen[#seen + 1] = r.table .. "/" .. r.chain .. "/" .. r.target end
t.is(table.concat(seen, " "), "nat/PREROUTING/DNAT nat/PREROUTING/ACCEPT nat/OUTPUT/DNAT nat/POSTROUTING/SNAT " ..
  "nat/POSTROUTING/MASQUERADE filter/INPUT/REJECT filter/FORWARD/DROP filter/FORWARD/ACCEPT filter/OUTPUT/ACCEPT",
  "nft_list rules in chain order")

-- a rule written with nft directly is read as far as it goes
t.nsh("r1", "nft add rule ip filter INPUT ct state established accept")
l = assert(net.nft_list("r1"))
local u
for _, r in ipairs(l.rules) do if r.unknown then u = r end end
t.ok(u and u.chain == "INPUT" and u.target == "ACCEPT" and u.unknown == "ct",
  "a foreign rule is listed with unknown= naming what netlearn cannot read", u and u.unknown)

-- nft_del by handle, with and without chain=
t.ok(net.nft_del("r1", { table = "nat", chain = "POSTROUTING", handle = hs }), "nft_del with chain")
t.ok(net.nft_del("r1", { table = "nat", handle = hd }), "nft_del without chain looks the chain up")
rs = topo.ruleset_text(t, "r1")
t.unlike(rs, "snat:", "the SNAT rule is gone")
t.unlike(rs, "dnat:172.168.1.11", "the PREROUTING DNAT rule is gone")
t.like(rs, "dnat:172.168.1.12:80", "the OUTPUT DNAT rule stays")

-- flush a chain, a table, everything; chains and policies stay (like iptables -F)
t.ok(net.nft_flush("r1", { table = "filter", chain = "INPUT" }), "flush one chain")
rs = topo.ruleset_text(t, "r1")
t.unlike(rs, "rule filter INPUT", "INPUT has no rules")
t.like(rs, "rule filter FORWARD", "FORWARD keeps its rules")
t.ok(net.nft_flush("r1", { table = "nat" }), "flush a table")
rs = topo.ruleset_text(t, "r1")
t.unlike(rs, "rule nat", "nat has no rules")
t.like(rs, "chain nat POSTROUTING", "nat keeps its chains")
t.ok(net.nft_flush("r1", { table = "filter", chain = "FORWARD" }) and net.nft_flush("r1"), "flush everything")
rs = topo.ruleset_text(t, "r1")
t.unlike(rs, "rule ", "no rules at all")
t.like(rs, "chain filter FORWARD filter forward 0 drop", "the FORWARD policy survives a flush")
t.ok(net.nft_flush("r1", { table = "nat", chain = "INPUT" }), "flushing a chain not made yet is fine")
t.is(select(2, t.nsh("r1", "nft list chain ip nat INPUT >/dev/null 2>&1")), 1, "... and does not make it")

-- rules the real iptables (iptables-nft) made inside the sandbox read back as fields,
-- and netlearn's rules go into the same chains
assert(net.ns_add("ipt"))
local _, icode, ierr = t.nsh("ipt", table.concat({
  "iptables -t nat -A POSTROUTING -s 172.168.0.0/20 -o ens33 -j MASQUERADE",
  "iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80",
  "iptables -t nat -A POSTROUTING -d 10.9.0.0/16 -j SNAT --to-source 10.0.0.1",
  "iptables -P FORWARD DROP" }, " && "))
-- xt_REJECT is a module some kernels (the stock-kernel VM) cannot load
local _, rcode = t.nsh("ipt", "iptables -A INPUT -p tcp --dport 22 -j REJECT 2>/dev/null")
if rcode ~= 0 then t.diag("iptables -j REJECT is not available here; not reading it back") end
if icode ~= 0 then
  t.ok(false, "iptables inside the sandbox", ierr)
else
  t.ok(net.nat_add("ipt", { chain = "POSTROUTING", target = "MASQUERADE" }), "nat_add next to iptables' own rules")
  l = assert(net.nft_list("ipt"))
  local got = {}
  for _, r in ipairs(l.rules) do
    got[#got + 1] = string.format("%s/%s %s src=%s dst=%s oif=%s dport=%s to=%s%s", r.table, r.chain, r.target,
      r.src, r.dst, r.oif, r.dport, r.to, r.unknown and (" unknown=" .. r.unknown) or "")
  end
  t.is(table.concat(got, "\n"), table.concat({
    "nat/PREROUTING DNAT src=nil dst=nil oif=nil dport=8888 to=172.168.1.11:80",
    "nat/POSTROUTING MASQUERADE src=172.168.0.0/20 dst=nil oif=ens33 dport=nil to=nil",
    "nat/POSTROUTING SNAT src=nil dst=10.9.0.0/16 oif=nil dport=nil to=10.0.0.1",
    "nat/POSTROUTING MASQUERADE src=nil dst=nil oif=nil dport=nil to=nil",
    rcode == 0 and "filter/INPUT REJECT src=nil dst=nil oif=nil dport=22 to=nil" or nil,
  }, "\n"), "nft_list reads iptables-nft's rules (xtables targets, byte-wise prefixes)")
end

-- host namespace, nil and "" are the same
assert(net.nat_add(nil, { chain = "POSTROUTING", target = "MASQUERADE" }))
t.like(topo.ruleset_text(t, ""), "rule nat POSTROUTING: counter masquerade", "ns nil is the sandbox's own namespace")
t.ok(net.nft_flush(""), "ns \"\" too")
t.unlike(topo.ruleset_text(t, ""), "rule ", "flushed")
-- a namespace made again under the same name starts empty
assert(net.nat_add("r1", { chain = "POSTROUTING", target = "MASQUERADE" }))
assert(net.ns_del("r1"))
assert(net.ns_add("r1"))
t.is(topo.ruleset_text(t, "r1"), "", "a namespace made again is empty")
t.is(#assert(net.nft_list("r1")).rules, 0, "and nft_list agrees")

t.done()
