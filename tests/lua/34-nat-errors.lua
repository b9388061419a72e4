#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/34-nat-errors: bad input to every NAT/filter function gets one clear line
  (nil, message, errno) and changes nothing: `nft list ruleset` in the
  namespace is the same before and after each case. Wrong argument types raise.
  A change the kernel refuses takes nothing else of its batch with it. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local topo = dofile(os.getenv("TESTLIB") .. "/nat_lab.lua")
local net = require("netlearn.core")

assert(net.ns_add("r1"))
assert(net.ns_add("empty"))
-- some rules to keep
local keep = assert(net.nat_add("r1", { chain = "POSTROUTING", src = "10.0.0.0/24", target = "MASQUERADE" }))
assert(net.filter_add("r1", { chain = "FORWARD", proto = "icmp", target = "DROP" }))
local before = topo.ruleset_text(t, "r1")
local before_host = topo.ruleset_text(t, "")

local function bad(pat, name, f, ...)
  local r, msg, e = f(...)
  t.fails(pat, name, r, msg, e)
  if msg and msg:find("\n") then t.diag("message has a newline: " .. msg) end
  t.is(topo.ruleset_text(t, "r1"), before, name .. ": ruleset unchanged")
end

local P, D = "POSTROUTING", "PREROUTING"
-- prefixes
bad("src=\"10%.0%.0%.0/33\" is not an IPv4 address or prefix", "src /33", net.nat_add, "r1",
  { chain = P, target = "MASQUERADE", src = "10.0.0.0/33" })
bad("src=\"10%.0%.0/24\" is not an IPv4", "src with three octets", net.nat_add, "r1",
  { chain = P, target = "MASQUERADE", src = "10.0.0/24" })
bad("dst=\"abc\" is not an IPv4", "dst not an address", net.filter_add, "r1", { chain = "INPUT", target = "DROP", dst = "abc" })
bad("src=\"10%.0%.0%.0/\" is not", "src with an empty length", net.filter_add, "r1",
  { chain = "INPUT", target = "DROP", src = "10.0.0.0/" })
-- ports
bad("dport=70000 is not a port %(0%-65535%)", "dport out of range", net.nat_add, "r1",
  { chain = D, target = "DNAT", proto = "tcp", dport = 70000, to = "10.0.0.1" })
bad("sport=%-1 is not a port", "sport -1 (0 is a port, as iptables takes it)", net.filter_add, "r1", { chain = "INPUT", target = "DROP", proto = "udp", sport = -1 })
bad("dport=http is not a port", "dport as a name", net.filter_add, "r1", { chain = "INPUT", target = "DROP", proto = "tcp", dport = "http" })
bad("dport= needs proto=\"tcp\" or proto=\"udp\"", "dport without proto", net.nat_add, "r1",
  { chain = D, target = "DNAT", dport = 80, to = "10.0.0.1" })
bad("dport= needs proto", "dport with icmp", net.filter_add, "r1", { chain = "INPUT", target = "DROP", proto = "icmp", dport = 80 })
bad("proto=\"sctp\" is not known", "unknown proto", net.filter_add, "r1", { chain = "INPUT", target = "DROP", proto = "sctp" })
-- to=
bad("to=\":80\" has no address %(write to=\"a%.b%.c%.d:80\"%)", "to= without address", net.nat_add, "r1",
  { chain = D, target = "DNAT", proto = "tcp", dport = 8888, to = ":80" })
bad("DNAT needs to=", "DNAT without to", net.nat_add, "r1", { chain = D, target = "DNAT", proto = "tcp", dport = 8888 })
bad("'99999' is not a port", "to port out of range", net.nat_add, "r1",
  { chain = P, target = "SNAT", proto = "tcp", to = "1.2.3.4:99999" })
bad("1%.2%.3 is not an IPv4 address", "to address malformed", net.nat_add, "r1", { chain = P, target = "SNAT", to = "1.2.3" })
bad("changes a port, which needs proto", "to port without proto", net.nat_add, "r1",
  { chain = D, target = "DNAT", to = "10.0.0.1:80" })
bad("to= is only for SNAT and DNAT %(MASQUERADE takes", "MASQUERADE with to=", net.nat_add, "r1",
  { chain = P, target = "MASQUERADE", to = "1.2.3.4" })
bad("to= is only for SNAT and DNAT", "ACCEPT with to=", net.filter_add, "r1", { chain = "INPUT", target = "ACCEPT", to = "1.2.3.4" })
-- -m multiport / mark / state / comment, -j MARK (src/nft_match.c)
local F = "FORWARD"
bad("multiport=\"80,x\" is not a list", "multiport with a word", net.filter_add, "r1",
  { chain = F, target = "DROP", proto = "tcp", multiport = "80,x" })
bad("multiport=\"90:80\" is not a list", "multiport range upside down", net.filter_add, "r1",
  { chain = F, target = "DROP", proto = "tcp", multiport = "90:80" })
bad("at most 15 ports", "multiport with 16", net.filter_add, "r1",
  { chain = F, target = "DROP", proto = "tcp", multiport = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16" })
bad("multiport= needs proto", "multiport without a protocol", net.filter_add, "r1", { chain = F, target = "DROP", multiport = "80" })
bad("multiport_dir=\"up\" is not", "multiport_dir unknown", net.filter_add, "r1",
  { chain = F, target = "DROP", proto = "udp", multiport = "53", multiport_dir = "up" })
bad("mark=\"0x1/zz\" is not a mark", "mark with a bad mask", net.filter_add, "r1", { chain = F, target = "DROP", mark = "0x1/zz" })
bad("mark=\"0x100000000\" is not a mark", "mark past 32 bits", net.filter_add, "r1", { chain = F, target = "DROP", mark = "0x100000000" })
bad("not_mark=true needs mark=", "not_mark alone", net.filter_add, "r1", { chain = F, target = "DROP", not_mark = true })
bad("state=\"NEW,SNAT\": bad state \"SNAT\"", "state SNAT (conntrack only)", net.filter_add, "r1",
  { chain = F, target = "DROP", state = "NEW,SNAT" })
bad("state=\"NEW,\": bad state", "state with a trailing comma", net.filter_add, "r1", { chain = F, target = "DROP", state = "NEW," })
bad("comment= is longer than 255", "comment too long", net.filter_add, "r1", { chain = F, target = "DROP", comment = ("x"):rep(256) })
bad("order=: \"tcp\" is not a match", "order with a non-match", net.filter_add, "r1",
  { chain = F, target = "DROP", comment = "c", state = "NEW", order = "tcp,comment" })
bad("set_xmark= goes with target=\"MARK\"", "set_xmark on ACCEPT", net.filter_add, "r1",
  { chain = F, target = "ACCEPT", set_xmark = "0x1/0xff" })
bad("target=\"MARK\" needs set_xmark=", "MARK without set_xmark", net.filter_add, "r1", { chain = F, target = "MARK" })
bad("set_xmark=\"1/\" is not VALUE", "set_xmark with an empty mask", net.filter_add, "r1",
  { chain = F, target = "MARK", set_xmark = "1/" })
-- chains and targets
bad("unknown chain 'PREROUTE'", "unknown chain", net.nat_add, "r1", { chain = "PREROUTE", target = "DNAT", to = "1.2.3.4" })
bad("chain names are upper case, as in iptables: write chain=\"POSTROUTING\"", "lower-case chain", net.nat_add, "r1",
  { chain = "postrouting", target = "MASQUERADE" })
bad("the nat table has no FORWARD chain", "nat FORWARD", net.nat_add, "r1", { chain = "FORWARD", target = "MASQUERADE" })
bad("the filter table has no POSTROUTING chain", "filter POSTROUTING", net.filter_add, "r1", { chain = P, target = "DROP" })
bad("MASQUERADE works only in chain POSTROUTING, not PREROUTING", "MASQUERADE in PREROUTING", net.nat_add, "r1",
  { chain = D, target = "MASQUERADE" })
bad("DNAT works only in chains PREROUTING and OUTPUT", "DNAT in POSTROUTING", net.nat_add, "r1",
  { chain = P, target = "DNAT", to = "1.2.3.4" })
bad("SNAT works only in chains POSTROUTING and INPUT", "SNAT in PREROUTING", net.nat_add, "r1",
  { chain = D, target = "SNAT", to = "1.2.3.4" })
bad("the nat table is not for filtering, so DROP is not allowed", "DROP in nat", net.nat_add, "r1", { chain = P, target = "DROP" })
bad("MASQUERADE rewrites addresses and belongs in the nat table", "MASQUERADE in filter", net.filter_add, "r1",
  { chain = "FORWARD", target = "MASQUERADE" })
bad("unknown target 'JUMP'", "unknown target", net.filter_add, "r1", { chain = "INPUT", target = "JUMP" })
bad("the rule needs target=", "no target", net.filter_add, "r1", { chain = "INPUT" })
bad("the rule needs chain=", "no chain", net.nat_add, "r1", { target = "MASQUERADE" })
-- interfaces, fields, position
bad("iif= cannot be used in chain POSTROUTING", "iif in POSTROUTING", net.nat_add, "r1", { chain = P, target = "MASQUERADE", iif = "eth0" })
bad("oif= cannot be used in chain PREROUTING", "oif in PREROUTING", net.nat_add, "r1",
  { chain = D, target = "DNAT", to = "1.2.3.4", oif = "eth0" })
bad("iif=\"averyveryverylongname\" is not an interface name", "iif too long", net.filter_add, "r1",
  { chain = "INPUT", target = "DROP", iif = "averyveryverylongname" })
bad("unknown field 'sorce'", "misspelt field", net.nat_add, "r1", { chain = P, target = "MASQUERADE", sorce = "10.0.0.0/8" })
bad("position=\"middle\" is not \"append\" or \"insert\"", "bad position", net.filter_add, "r1",
  { chain = "INPUT", target = "DROP", position = "middle" })
-- namespaces
bad("^net9: no such namespace", "unknown namespace (nat_add)", net.nat_add, "net9", { chain = P, target = "MASQUERADE" })
bad("^net9: no such namespace", "unknown namespace (nft_list)", net.nft_list, "net9")
bad("^net9: no such namespace", "unknown namespace (chain_policy)", net.chain_policy, "net9", "FORWARD", "DROP")
-- chain_policy
bad("POSTROUTING is a nat chain and has no policy here", "policy on POSTROUTING", net.chain_policy, "r1", P, "DROP")
bad("unknown chain 'FORWARDS'", "policy on an unknown chain", net.chain_policy, "r1", "FORWARDS", "DROP")
bad("policy \"REJECT\" is not \"ACCEPT\" or \"DROP\"", "policy REJECT", net.chain_policy, "r1", "FORWARD", "REJECT")
bad("policy \"drop\" is not", "lower-case policy", net.chain_policy, "r1", "INPUT", "drop")
-- nft_del / nft_flush
bad("no rule with handle 999 in table nat", "deleting a missing handle", net.nft_del, "r1", { table = "nat", handle = 999 })
bad("no table mangle", "deleting from a missing table", net.nft_del, "r1", { table = "mangle", handle = 1 })
bad("rule %d+ of table nat is in chain POSTROUTING, not PREROUTING", "deleting with the wrong chain", net.nft_del, "r1",
  { table = "nat", chain = D, handle = keep })
bad("needs handle=", "deleting without a handle", net.nft_del, "r1", { table = "nat" })
bad("needs table=", "deleting without a table", net.nft_del, "r1", { handle = keep })
bad("needs handle= a rule's handle, a positive integer", "deleting handle -1", net.nft_del, "r1", { table = "nat", handle = -1 })
bad("no table raw", "flushing a missing table", net.nft_flush, "r1", { table = "raw" })
bad("no chain BOGUS in table nat", "flushing a missing chain", net.nft_flush, "r1", { table = "nat", chain = "BOGUS" })
bad("chain=\"INPUT\" needs table= too", "flushing a chain without table", net.nft_flush, "r1", { chain = "INPUT" })

-- wrong types raise
t.ok(not pcall(net.nat_add, "r1", "MASQUERADE"), "a string for the rule raises")
t.ok(not pcall(net.nat_add, "r1", { chain = P, target = "SNAT", to = { "1.2.3.4" } }), "a table for to= raises")
t.ok(not pcall(net.chain_policy, "r1", "FORWARD"), "a missing policy raises")
t.ok(not pcall(net.nft_del, "r1", { table = "nat", handle = 1.5 }), "a fractional handle raises")
t.is(topo.ruleset_text(t, "r1"), before, "ruleset unchanged after the raising calls")

-- a fresh namespace stays empty after every failure above: no orphan table
t.is(select(2, net.nat_add("empty", { chain = D, target = "MASQUERADE" })), select(2, net.nat_add("r1", { chain = D, target = "MASQUERADE" })),
  "the same error in a fresh namespace")
t.is(topo.ruleset_text(t, "empty"), "", "a fresh namespace has no table after a refused rule")

-- the kernel refuses: a chain made by hand with another priority. The whole
-- batch (table, chain, rule) is undone and the kernel's words are passed on.
t.nsh("empty", "nft add table ip filter && nft add chain ip filter INPUT '{ type filter hook input priority 10; }'")
local hand = topo.ruleset_text(t, "empty")
local r, msg, e = net.filter_add("empty", { chain = "INPUT", target = "DROP" })
-- the errno differs between kernels: EOPNOTSUPP (6.18), EEXIST (6.1), EBUSY
t.ok(r == nil and (e == net.errno.EOPNOTSUPP or e == net.errno.EEXIST or e == net.errno.EBUSY) and msg:find("^chain filter INPUT: [^:]+: it already exists with another"),
  "a chain made outside netlearn: the kernel's refusal is named", msg .. " errno " .. tostring(e))
r, msg = net.chain_policy("empty", "INPUT", "DROP")
t.ok(r == nil and msg:find("chain filter INPUT"), "chain_policy on it is refused too", msg)
r, msg = net.chain_policy("empty", "INPUT", "ACCEPT")
t.ok(r == nil and msg:find("chain filter INPUT"), "even with the policy it has (only netlearn's own chain is left as it is)", msg)
t.is(topo.ruleset_text(t, "empty"), hand, "nothing changed in that namespace")
t.is(topo.ruleset_text(t, ""), before_host, "the host namespace was never touched")

t.done()
