#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/38-iptables-compat: netlearn's iptables and the real iptables-nft read each
  other's rules (issue 21). Oracle: the real iptables, iptables-save,
  iptables-restore and `nft --debug=netlink` inside the sandbox.
  - Docker's own iptables-save (tests/data/38-docker.save: docker0 172.17.0.0/16, a
    published port 8080 -> 172.17.0.2:80, DOCKER, DOCKER-USER,
    DOCKER-ISOLATION-STAGE-1/2) typed line by line into netlearn: the real
    iptables-save prints exactly that file back, and the netlink expressions are
    the very ones iptables-restore writes for it.
  - The reverse: the real iptables-restore loads the file; netlearn's -S and -L
    print what the real -S and -L print.
  - More shapes (prefixes off byte boundaries, both ports, ranges, negations,
    goto, SNAT with a port, REJECT, -m multiport/mark/state/comment in any
    order, -j MARK, -E) made both ways and compared.
  - -I N, -R, -C, -D by words, -Z, -X: the same effect as the real tool.
  - Bad input: iptables' own words, one hint line, nothing changed. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/cmd_misc.lua")
local net = require("netlearn.core")

if select(2, t.sh("command -v iptables-restore >/dev/null && command -v nft >/dev/null")) ~= 0 then
  t.skip_all("iptables or nft missing (scripts/deps.sh)")
end
local DATA = os.getenv("TESTLIB") .. "/../data/38-docker.save"
local save_text = assert(io.open(DATA)):read("a")

-- iptables-save without its comments and counters
local function norm_save(s)
  local out = {}
  for l in s:gmatch("[^\n]+") do
    if not l:match("^#") then out[#out + 1] = (l:gsub(" %[%d+:%d+%]$", "")) end
  end
  return table.concat(out, "\n")
end

-- The netlink expressions of every rule, per chain, without handles and counts
local function netlink(ns)
  local out = t.nsh(ns, "nft --debug=netlink list ruleset")
  local chains, order, cur = {}, {}, nil
  for l in out:gmatch("[^\n]+") do
    local head = l:match("^(ip %S+ %S+)")
    if head then
      cur = head
      if not chains[cur] then chains[cur] = {} order[#order + 1] = cur end
    elseif l:match("^%s+%[") and cur then
      chains[cur][#chains[cur] + 1] = (l:gsub("pkts %d+ bytes %d+", "pkts bytes"))
    elseif not l:match("^%s") then
      cur = nil
    end
  end
  table.sort(order)
  local t2 = {}
  for _, c in ipairs(order) do t2[#t2 + 1] = c .. "\n" .. table.concat(chains[c], "\n") end
  return table.concat(t2, "\n")
end

-- prot is numeric in iptables 1.8.9's -n listings; netlearn prints names as other versions do
local PROTO = { ["0"] = "all", ["6"] = "tcp", ["17"] = "udp", ["1"] = "icmp" }
local function norm_n(text)
  return (text:gsub("([^\n]*)\n", function(l)
    local pre, inv, p, rest = l:match("^(.-%S+%s+)([ !])(%d+)%s*(%-%-.*)$")
    if p and PROTO[p] and not l:match("^Chain") then
      return pre .. inv .. string.format("%-5s", PROTO[p]) .. rest .. "\n"
    end
    return l .. "\n"
  end))
end

local function run(line, ns)
  local st, out, err = lib.run(line, ns)
  return st, out, err
end

-- Type an iptables-save file into netlearn, line by line, as a learner would.
local function replay(ns, text)
  local tbl, failed = nil, {}
  for l in text:gmatch("[^\n]+") do
    local line
    if l:match("^%*") then tbl = l:sub(2)
    elseif l:match("^:%S+ %- ") then line = "iptables -t " .. tbl .. " -N " .. l:match("^:(%S+)")
    elseif l:match("^:%S+ %u+ ") and tbl == "filter" then
      line = "iptables -t filter -P " .. l:match("^:(%S+)") .. " " .. l:match("^:%S+ (%u+)")
    elseif l:match("^%-A ") then line = "iptables -t " .. tbl .. " " .. l end
    if line then
      local st, _, err = run(line, ns)
      if st ~= 0 then failed[#failed + 1] = line .. ": " .. err end
    end
  end
  return failed
end

---------------------------------------------------------------------------
-- the issue's own line
assert(net.ns_add("a"))
t.is(select(1, run("iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE", "a")), 0,
  "netlearn: the Docker article's MASQUERADE line")
local s, code, err = t.nsh("a", "iptables -t nat -S")
t.is(code, 0, "the real iptables -t nat -S reads it", err)
t.is(s, "-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n" ..
  "-A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE\n", "and prints the rule as typed")
s = t.nsh("a", "iptables-save 2>&1")
t.unlike(s, "incompatible", "iptables-save does not call the table incompatible")
t.like(s, "\n%-A POSTROUTING %-s 172%.168%.1%.0/24 %-o ens33 %-j MASQUERADE\n", "iptables-save prints the rule")

---------------------------------------------------------------------------
-- Docker's rules typed into netlearn, read by the real tools
assert(net.ns_add("nl"))
local failed = replay("nl", save_text)
t.is(table.concat(failed, "\n"), "", "every line of Docker's iptables-save is accepted by netlearn")
t.is(norm_save(t.nsh("nl", "iptables-save")), norm_save(save_text),
  "the real iptables-save prints Docker's file back")
assert(net.ns_add("real"))
local _, rc, rerr = t.nsh("real", "iptables-restore < '" .. DATA .. "'")
t.is(rc, 0, "the real iptables-restore loads the file", rerr)
t.is(netlink("nl"), netlink("real"), "the netlink expressions are exactly those iptables-restore writes")
for _, c in ipairs({ "iptables -S", "iptables -t nat -S", "iptables -t nat -L -v", "iptables -L -v",
  "iptables -t nat -S DOCKER", "iptables -L DOCKER-USER", "iptables -t nat -L -n -v -x --line-numbers",
  "iptables -L -n" }) do
  local _, mine = run(c, "nl")
  local want_r = t.nsh("real", c)
  local want_n = t.nsh("nl", c)
  if c:find(" %-n") then want_r, want_n = norm_n(want_r), norm_n(want_n) end
  t.is(mine, want_n, "netlearn's " .. c .. " = the real one's, on netlearn's rules")
  local _, mine_r = run(c, "real")
  t.is(mine_r, want_r, "netlearn's " .. c .. " = the real one's, on iptables-restore's rules")
end

---------------------------------------------------------------------------
-- more shapes, each made by netlearn in one namespace and by iptables in another
local shapes = {
  "iptables -A FORWARD -s 10.1.16.0/20 ! -d 10.0.0.1 -j ACCEPT",
  "iptables -A FORWARD ! -s 10.0.0.0/8 -d 192.168.0.0/16 -j DROP",
  "iptables -A FORWARD -p tcp --sport 1 --dport 2 -j ACCEPT",
  "iptables -A FORWARD -p udp ! --sport 1:5 --dport 53 -j ACCEPT",
  "iptables -A FORWARD -p tcp -m tcp ! --dport 22 -j REJECT",
  "iptables -A FORWARD ! -p tcp -i eth+ -j DROP",
  "iptables -A FORWARD -m conntrack ! --ctstate NEW,INVALID,UNTRACKED -j ACCEPT",
  "iptables -A FORWARD -m conntrack --ctstate DNAT,SNAT -j ACCEPT",
  "iptables -A INPUT -m addrtype --src-type LOCAL,UNICAST ! --dst-type BROADCAST -j ACCEPT",
  "iptables -A INPUT -m addrtype --dst-type LOCAL -m conntrack --ctstate NEW -j ACCEPT",
  "iptables -A INPUT -m conntrack ! --ctstate NEW -m addrtype --dst-type LOCAL -j ACCEPT",
  "iptables -N X",
  "iptables -A X -p tcp --dport 8000:8080 -j RETURN",
  "iptables -A FORWARD -g X",
  "iptables -A INPUT -p icmp -j ACCEPT",
  "iptables -t nat -A POSTROUTING -s 10.0.0.1 -p udp -j SNAT --to-source 192.168.0.10:5353",
  "iptables -t nat -A OUTPUT -p tcp --dport 9999 -j DNAT --to-destination 172.168.1.12",
  "iptables -t nat -A PREROUTING -d 10.0.0.0/24 -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2:8080",
  -- -m multiport, -m mark, -m state, -m comment (xtables matches; mark is native)
  "iptables -A FORWARD -p tcp -m multiport --dports 22,80:90,443 -j ACCEPT",
  "iptables -A FORWARD -p udp -m multiport ! --sports 53,5353 -j DROP",
  "iptables -A INPUT -p tcp -m multiport --ports 1,2:3 -j ACCEPT",
  "iptables -A FORWARD -m comment --comment 'allow \"web\" in' -j ACCEPT",
  "iptables -A FORWARD -m comment --comment plain-word -j ACCEPT",
  "iptables -A FORWARD -m mark --mark 0x1/0xff -j ACCEPT",
  "iptables -A FORWARD -m mark ! --mark 5 -j DROP",
  "iptables -A FORWARD -m state --state ESTABLISHED,NEW -j ACCEPT",
  "iptables -A FORWARD -m state ! --state INVALID -m conntrack --ctstate DNAT -j ACCEPT",
  "iptables -A FORWARD -m comment --comment x -p tcp -m multiport --dports 8080 -m mark --mark 3 " ..
    "-m state --state RELATED -m addrtype --dst-type LOCAL -j DROP",
  "iptables -t nat -A PREROUTING -p tcp -m multiport --dports 80,443 -m comment --comment 'to web' " ..
    "-j DNAT --to-destination 10.0.0.2",
  -- -j MARK (xtables target MARK rev 2), each option as iptables-save prints it back (--set-xmark)
  "iptables -A FORWARD -j MARK --set-mark 7",
  "iptables -A FORWARD -j MARK --set-mark 7/0xf",
  "iptables -A FORWARD -p tcp --dport 22 -m comment --comment ssh -j MARK --set-xmark 0x10/0xff",
  "iptables -A FORWARD -j MARK --and-mark 0xff",
  "iptables -A FORWARD -j MARK --or-mark 0x4",
  "iptables -A FORWARD -j MARK --xor-mark 4",
  "iptables -A FORWARD -m mark --mark 0x10/0xff -j MARK --set-mark 0",
  "iptables -t nat -A POSTROUTING -o eth0 -j MARK --set-mark 1",
  "iptables -N OLD",
  "iptables -A OLD -j RETURN",
  "iptables -A INPUT -j OLD",
  "iptables -E OLD NEW",
}
assert(net.ns_add("s1"))
assert(net.ns_add("s2"))
local bad = {}
for _, l in ipairs(shapes) do
  local st, _, e = run(l, "s1")
  if st ~= 0 then bad[#bad + 1] = l .. ": " .. e end
  local _, c, e2 = t.nsh("s2", l)
  if c ~= 0 then bad[#bad + 1] = "real " .. l .. ": " .. tostring(e2) end
end
t.is(table.concat(bad, "\n"), "", "every shape is taken by both")
t.is(norm_save(t.nsh("s1", "iptables-save")), norm_save(t.nsh("s2", "iptables-save")),
  "iptables-save reads netlearn's shapes as its own")
t.is(netlink("s1"), netlink("s2"), "the shapes' netlink expressions are the same")
for _, c in ipairs({ "iptables -S", "iptables -t nat -S", "iptables -L -v", "iptables -t nat -L", "iptables -S -v",
  "iptables -t nat -S -v", "iptables -L -n --line-numbers -v -x" }) do
  local _, a = run(c, "s2")
  local want = t.nsh("s2", c)
  if c:find(" %-n") then want = norm_n(want) end
  t.is(a, want, "netlearn's " .. c .. " on the real tool's shapes")
end

---------------------------------------------------------------------------
-- -I N, -R, -C, -D by words, -Z, -F CHAIN, -X: same effect as the real tool
local edits = {
  "iptables -I FORWARD 3 -s 10.9.9.9 -j DROP",
  "iptables -R FORWARD 1 -s 10.1.16.0/20 -j DROP",
  "iptables -D FORWARD -p tcp --sport 1 --dport 2 -j ACCEPT",
  "iptables -D FORWARD -m conntrack --ctstate DNAT,SNAT -j ACCEPT",
  "iptables -Z",
  "iptables -D FORWARD -g X",
  "iptables -F X",
  "iptables -X X",
  "iptables -D FORWARD -m mark ! --mark 0x5 -j DROP",
  "iptables -D FORWARD -p udp -m multiport ! --sports 53,5353 -j DROP",
  "iptables -D FORWARD -m comment --comment plain-word -j ACCEPT",
  "iptables -E NEW NEWER",
}
bad = {}
for _, l in ipairs(edits) do
  local st, _, e = run(l, "s1")
  if st ~= 0 then bad[#bad + 1] = l .. ": " .. e end
  local _, c, e2 = t.nsh("s2", l)
  if c ~= 0 then bad[#bad + 1] = "real " .. l .. ": " .. tostring(e2) end
end
t.is(table.concat(bad, "\n"), "", "-I N, -R, -D, -Z, -F, -X are taken by both")
t.is(norm_save(t.nsh("s1", "iptables-save")), norm_save(t.nsh("s2", "iptables-save")),
  "after the edits both rulesets are the same")
t.is(select(1, run("iptables -C FORWARD -s 10.9.9.9/32 -j DROP", "s1")), 0, "-C finds a rule that is there")
local st, _, e = run("iptables -C FORWARD -s 10.9.9.8 -j DROP", "s1")
t.is(st .. " " .. e, "1 iptables: Bad rule (does a matching rule exist in that chain?).\n" ..
  select(3, lib.run("iptables -C FORWARD -s 10.9.9.8 -j DROP", "s1")):match("\n(.*)$"),
  "-C of a rule that is not there: status 1, iptables' words")
t.is(select(2, t.nsh("s2", "iptables -C FORWARD -s 10.9.9.8 -j DROP")), 1, "(the real -C says 1 too)")
t.is(select(1, run("iptables -C FORWARD -m state --state NEW,ESTABLISHED -j ACCEPT", "s1")), 0,
  "-C finds a -m state rule whatever the order of the states")
t.is(select(1, run("iptables -C FORWARD -m state --state NEW -j ACCEPT", "s1")), 1, "-C tells the states apart")
t.is(select(1, run("iptables -C FORWARD -p tcp -m multiport --dports 22,80:90,443 -j ACCEPT", "s1")), 0,
  "-C finds a -m multiport rule")

---------------------------------------------------------------------------
-- bad input: iptables' own words (as the real tool says them on the same
-- ruleset), one hint line, and nothing changed
local cases = {
  { "iptables -A FORWARD -p tcp --dport 90:80 -j ACCEPT", "invalid portrange" },
  { "iptables -A FORWARD -m conntrack --ctstate FOO -j ACCEPT", "Bad ctstate" },
  { "iptables -t nat -A PREROUTING -m addrtype --dst-type FOO -j DOCKER", "bad type" },
  { "iptables -A FORWARD -j NOCHAIN", "does not exist" },
  { "iptables -t nat -X DOCKER", "Device or resource busy" },
  { "iptables -X DOCKER-USER", "Device or resource busy" },
  { "iptables -N DOCKER", "Chain already exists" },
  { "iptables -X NOSUCH", "No chain/target/match" },
  { "iptables -R FORWARD 99 -j ACCEPT", "Index of replacement too big" },
  { "iptables -D FORWARD 99", "Index of deletion too big" },
  { "iptables -I FORWARD 99 -j ACCEPT", "Index of insertion too big" },
  { "iptables -A NOSUCH -j ACCEPT", "No chain/target/match" },
  { "iptables -A FORWARD ! ! -s 10.0.0.1 -j ACCEPT", "multiple consecutive ! not allowed" },
  { "iptables -E NOSUCH OTHER", "No chain/target/match" },
  { "iptables -E DOCKER DOCKER-USER", "File exists" },
  { "iptables -A FORWARD -p tcp -m multiport --dports 90:80 -j ACCEPT", "invalid portrange specified" },
  { "iptables -A FORWARD -p tcp -m multiport --dports 80,foo -j ACCEPT", "invalid port/service `foo' specified" },
  { "iptables -A FORWARD -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16 -j ACCEPT",
    "too many ports specified" },
  { "iptables -A FORWARD -m multiport --dports 80 -j ACCEPT", "multiport needs `-p tcp'" },
  { "iptables -A FORWARD -p tcp -m multiport -j ACCEPT", "multiport expection an option" },
  { "iptables -A FORWARD -m mark --mark foo -j ACCEPT", "mark: bad integer value" },
  { "iptables -A FORWARD -m mark -j ACCEPT", "option \"--mark\" must be specified" },
  { "iptables -A FORWARD -m state --state FOO -j ACCEPT", "Bad state \"FOO\"" },
  { "iptables -A FORWARD -m comment -j ACCEPT", "option \"--comment\" must be specified" },
  { "iptables -A FORWARD -m comment ! --comment x -j ACCEPT", "cannot be inverted" },
  { "iptables -A FORWARD -j MARK", "One of the --set-xmark" },
  { "iptables -A FORWARD -j MARK --set-mark foo", "bad integer value" },
  { "iptables -A FORWARD -j MARK --or-mark 1/2", "out of range (0-4294967295)" },
  { "iptables -A FORWARD -j MARK --set-mark 1 --or-mark 2", "cannot be used together" },
  { "iptables -E DOCKER", "-E requires old-chain-name and new-chain-name" },
}
local before_nl, before_real = t.nsh("nl", "nft list ruleset"), t.nsh("real", "nft list ruleset")
for _, c in ipairs(cases) do
  local st2, _, err2 = run(c[1], "nl")
  local lines = lib.lines(err2)
  local _, rcode, rerr = t.nsh("real", c[1])
  local real_first = lib.lines(rerr or "")[1] or ""
  t.ok(st2 ~= 0 and lines[1] and lines[1]:find(c[2], 1, true) and lines[#lines]:match("^hint: ") and
    lines[1] == real_first and st2 == rcode,
    c[1] .. ": iptables' words (" .. real_first .. "), its status, and a hint",
    "netlearn (" .. st2 .. "): " .. err2 .. "\nreal (" .. tostring(rcode) .. "): " .. tostring(rerr))
end
-- iptables-nft 1.8.9 deletes an empty built-in chain on -X; netlearn keeps it
local st3, _, err3 = run("iptables -X INPUT", "nl")
t.ok(st3 == 1 and err3:match("^iptables: No chain/target/match by that name%.\nhint: INPUT is a built%-in chain"),
  "-X of a built-in chain is refused, with a hint", err3)
-- iptables-nft 1.8.9 renames a built-in chain (and then calls the table incompatible); netlearn refuses
st3, _, err3 = run("iptables -E FORWARD MINE", "nl")
t.ok(st3 == 1 and err3:match("^iptables: No chain/target/match by that name%.\nhint: FORWARD is a built%-in chain"),
  "-E of a built-in chain is refused, with a hint", err3)
t.is(t.nsh("nl", "nft list ruleset"), before_nl, "the refused lines changed nothing")
t.is(t.nsh("real", "nft list ruleset"), before_real, "(nor did the real tool's)")
t.done()
