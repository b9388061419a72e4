#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/58-malformed: a catalogue of malformed command lines for sysctl, route,
  iptables, ping, traceroute, tcpdump, curl, python3 -m http.server, nc, tcping,
  jobs/kill/fg, ns, trace path. Each gives the real tool's error line (and its
  exit status) followed by exactly one `hint:` line, and changes nothing: the
  lab as the real ip/nft/sysctl see it is the same before and after. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lib = dofile(os.getenv("TESTLIB") .. "/cmd_misc.lua")
local net = require("netlearn.core")

lib.veth_lab(t, { "n1" }, [[
iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -j MASQUERADE
]])

-- { line, exit status, pattern of the first error line }
local cases = {
  { "sysctl net.ipv4.ip_forwrd", 1, "^sysctl: cannot stat /proc/sys/net/ipv4/ip_forwrd: No such file or directory$" },
  { "sysctl -w net.ipv4.ip_forwrd=1", 1, "^sysctl: cannot stat /proc/sys/net/ipv4/ip_forwrd" },
  { "sysctl -w net.ipv4.ip_forward", 1, "^sysctl: command line%(0%): invalid syntax, continuing%.%.%.$" },
  { "sysctl -w net.ipv4.ip_forward=abc", 1, "^sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument$" },
  { "sysctl -w net.ipv4.ip_forward=", 1, "^sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument$" },
  { "sysctl -w =1", 1, "^sysctl: Path is not under /proc/sys/" },
  { "sysctl -Q", 1, "^sysctl: invalid option %-%- 'Q'$" },
  { "sysctl --bogus", 1, "^sysctl: unrecognized option '%-%-bogus'$" },
  { "sysctl -r", 1, "^sysctl: option requires an argument %-%- 'r'$" },
  { "sysctl", 1, "^sysctl: no variables specified$" },
  { "sysctl -p", 1, "^sysctl: netlearn has no /etc/sysctl.conf" },
  { "sysctl -w net.ipv4.ip_forward=1 net.ipv4.ip_forwrd=1", 1, "^sysctl: cannot stat" },
  { "route add -net 1.2.3.0/24 dev veth9", 7, "^SIOCADDRT: No such device$" },
  { "route add default gw 9.9.9.9", 7, "^SIOCADDRT: Network is unreachable$" },
  { "route add -net 1.2.3.4/24 dev veth0", 3, "^route: netmask doesn't match route address$" },
  { "route add -net 1.2.3.0/33 dev veth0", 3, "^route: netmask doesn't match route address$" },
  { "route add -net 1.2.3.0 netmask 255.0.255.0 dev veth0", 3, "^route: bogus netmask 255%.0%.255%.0$" },
  { "route add foo", 6, "^foo: Host name lookup failure$" },
  { "route add -net 1.2.3.0/24 gw bar", 6, "^bar: Unknown host$" },
  { "route del -net 1.2.3.0/24 dev veth0", 7, "^SIOCDELRT: No such process$" },
  { "route flush", 3, "^Flushing `inet' routing table not supported$" },
  { "iptables -t nat -A POSTROUTING --dprot 5 -j MASQUERADE", 2, "^iptables v1%.8%.9 %(nf_tables%): unknown option \"%-%-dprot\"$" },
  { "iptables -t nat -A POSTROUTNG -j MASQUERADE", 1, "^iptables: No chain/target/match by that name%.$" },
  { "iptables -A FORWARD -j FOO", 2, "^iptables v1%.8%.9 %(nf_tables%): Chain 'FOO' does not exist$" },
  { "iptables -A FORWARD -j accept", 2, "Chain 'accept' does not exist$" },
  { "iptables -t nat -A POSTROUTING -s 300.1.1.1 -j MASQUERADE", 2, "host/network `300%.1%.1%.1' not found$" },
  { "iptables -t nat -A PREROUTING --dport 80 -j DNAT --to 1.1.1.1", 2, "unknown option \"%-%-dport\"$" },
  { "iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT", 2, "DNAT: option \"%-%-to%-destination\" must be specified$" },
  { "iptables -t foo -L", 3, "table 'foo' does not exist$" },
  { "iptables", 2, "no command specified$" },
  { "iptables -t nat -A POSTROUTING -j MASQUERADE -o", 2, "option \"%-o\" requires an argument$" },
  { "iptables -A FORWARD -j MASQUERADE", 4, "RULE_APPEND failed %(Invalid argument%): rule in chain FORWARD$" },
  { "iptables -t nat -A POSTROUTING -j DROP", 2, "^iptables v1%.8%.9 %(nf_tables%): $" },
  { "iptables -t nat -D POSTROUTING 9", 1, "^iptables: Index of deletion too big%.$" },
  { "iptables -t nat -D POSTROUTING -s 9.9.9.9 -j MASQUERADE", 1, "^iptables: Bad rule %(does a matching rule exist in that chain%?%)%.$" },
  { "iptables -P FORWARD FOO", 1, "^iptables: Bad policy name%. Run `dmesg' for more information%.$" },
  { "iptables -t nat -A PREROUTING -p tcp --dport 99999 -j DNAT --to-destination 1.1.1.1", 2, "invalid port/service `99999' specified$" },
  { "iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 1.1.1.300", 2, "Bad IP address \"1%.1%.1%.300\"$" },
  { "iptables -A FORWARD -p foo -j ACCEPT", 2, "unknown protocol \"foo\" specified$" },
  { "iptables -A FORWARD ! ! -s 1.1.1.1 -j ACCEPT", 2, "multiple consecutive ! not allowed$" },
  { "iptables -A FORWARD -m conntrack --ctstate NEWW -j ACCEPT", 2, "Bad ctstate \"NEWW\"$" },
  { "iptables -A INPUT -o veth0 -j ACCEPT", 2, "Can't use %-o with INPUT$" },
  { "iptables -t nat -A PREROUTING -j MASQUERADE", 4, "RULE_APPEND failed" },
  { "iptables -N INPUT", 1, "^iptables: Chain already exists%.$" },
  { "iptables -A FORWARD extra -j ACCEPT", 2, "^Bad argument `extra'$" },
  { "ping", 1, "^ping: usage error: Destination address required$" },
  { "ping -c x 10.0.0.2", 1, "^ping: invalid argument: 'x'$" },
  { "ping -c 0 10.0.0.2", 1, "^ping: invalid argument: '0': out of range" },
  { "ping www.baidu.com", 2, "^ping: www%.baidu%.com: Temporary failure in name resolution$" },
  { "ping -c 1 10.0.0.2 -x", 2, "^ping: invalid option %-%- 'x'$" },
  { "ping -c", 2, "^ping: option requires an argument %-%- 'c'$" },
  { "ping -t 300 10.0.0.2", 1, "out of range: 0 <= value <= 255$" },
  { "traceroute", 2, "^Specify \"host\" missing argument%.$" },
  { "traceroute www.baidu.com", 2, "Temporary failure in name resolution$" },
  { "traceroute -m 0 10.0.0.2", 2, "max hops" },
  { "traceroute -q abc 10.0.0.2", 2, "Cannot handle `%-q' option with arg `abc'" },
  { "tcpdump -w /nonexistent-dir/out.pcap", 1, "^tcpdump: /nonexistent%-dir/out%.pcap: No such file or directory$" },
  { "tcpdump -r /nonexistent-dir/in.pcap", 1, "^tcpdump: /nonexistent%-dir/in%.pcap: No such file or directory$" },
  { "tcpdump -c abc", 1, "invalid packet count abc$" },
  { "tcpdump -c 0x10", 1, "^tcpdump: invalid packet count 0x10$" },
  { "tcpdump -s 1e3", 1, "^tcpdump: invalid snaplen 1e3 %(must be >= 0 and <= 262144%)$" },
  { "tcpdump -s 300000", 1, "^tcpdump: invalid snaplen 300000 %(must be >= 0 and <= 262144%)$" },
  { "tcpdump -i veth9", 1, "^tcpdump: veth9: No such device exists$" },
  { "tcpdump -B 0", 1, "^tcpdump: invalid packet buffer size 0$" },
  { "tcpdump -B 65537", 1, "^tcpdump: %-B 65537: netlearn's capture buffer is at most 65536 KiB$" },
  { "tcpdump -Z", 1, "^tcpdump: invalid option %-%- 'Z'$" },
  { "curl", 2, "^curl: try 'curl %-%-help' or 'curl %-%-manual' for more information$" },
  { "curl https://10.0.0.2/", 1, "^curl: %(1%) Protocol \"https\" not supported" },
  { "curl www.baidu.com", 6, "^curl: %(6%) Could not resolve host: www%.baidu%.com$" },
  { "curl --bogus 10.0.0.2", 2, "^curl: option %-%-bogus: is unknown$" },
  { "curl http://:80/", 3, "^curl: %(3%) URL using bad/illegal format" },
  { "python3 -m http.server abc", 2, "invalid int value: 'abc'$" },
  { "python3 script.py", 2, "runs here only as" },
  { "python3 -m http.server 80 --bind nowhere", 2, "^usage: server%.py" },
  { "nc 10.0.0.2 80", 1, "nc only checks ports here" },
  { "nc -z 10.0.0.2 http", 1, "^nc: port range not valid$" },
  { "nc -z foo 80", 1, "Temporary failure in name resolution$" },
  -- integers are read as each real tool reads them (netlearn.parse.int), not by Lua's tonumber
  { "nc -z 10.0.0.2 0x50", 1, "^nc: port range not valid$" },
  { "nc -z 10.0.0.2 8e1", 1, "^nc: port range not valid$" },
  { "nc -z 10.0.0.2 70000", 1, "^nc: port range not valid$" },
  { "tcping 10.0.0.2 0x50", 1, "^tcping: bad port 0x50$" },
  { "tcping 10.0.0.2 1e3", 1, "^tcping: bad port 1e3$" },
  { "tcping -n 1e1 10.0.0.2 80", 1, "^tcping: %-n takes a count$" },
  { "ping -c 0x10 10.0.0.2", 1, "^ping: invalid argument: '0x10'$" },
  { "ping -c 1e3 10.0.0.2", 1, "^ping: invalid argument: '1e3'$" },
  { "ping -s 70000 10.0.0.2", 1, "^ping: invalid argument: '70000': out of range: 0 <= value <= 65507$" },
  { "ping -t 1.5 10.0.0.2", 1, "^ping: invalid argument: '1.5'$" },
  { "ip link set lo mtu 1e3", 255, '^Error: argument "1e3" is wrong: Invalid "mtu" value$' },
  { "ip route add 10.9.0.0/24 dev lo metric 0x1g", 255, '^Error: argument "0x1g" is wrong: "metric" value is invalid$' },
  { "tcping", 1, "give ADDRESS" },
  { "jobs -x", 2, "^bash: jobs: %-x: invalid option$" },
  { "kill %7", 1, "^bash: kill: %%7: no such job$" },
  { "kill", 2, "^kill: usage:" },
  { "fg %3", 1, "^bash: fg: %%3: no such job$" },
  { "ns nowhere", 1, "^ns: nowhere: no such namespace$" },
  { "ns a b", 2, "one namespace name" },
  { "trace path", 2, "give FROM" },
  { "trace path nowhere 10.0.0.2", 1, "nowhere: no such namespace$" },
  { "trace path n1 www.baidu.com", 1, "not an IPv4 address$" },
  { "trace route n1 10.0.0.1", 2, "unknown subcommand 'route'" },
  { "reset now", 2, "takes no arguments" },
}

local nss = { "", "n1" }
-- let carriers come up first: that is the kernel's change, not ours
for _, ns in ipairs(nss) do
  net.links_settle(ns, 3)
end
t.sh("sleep 0.2")
local before = lib.state(t, nss)
local n = 0
for _, c in ipairs(cases) do
  local line, want_status, pat = c[1], c[2], c[3]
  for _, ns in ipairs({ "" }) do
    local st, out, e = lib.run(line, ns)
    local l = lib.lines(e)
    n = n + 1
    t.is(st, want_status, line .. ": exit status " .. want_status)
    t.like(l[1] or "", pat, line .. ": error line")
    t.ok(#l >= 2 and l[#l]:match("^hint: %S") and not (l[#l - 1] or ""):match("^hint:"),
      line .. ": ends with exactly one hint line", e)
    t.ok(not out:find("%S") or line:match("^route %-x"), line .. ": nothing on stdout", out)
    local now = lib.state(t, nss)
    if now ~= before then
      local a, b = lib.lines((before:gsub(",", ",\n"))), lib.lines((now:gsub(",", ",\n")))
      local k = 1
      while a[k] == b[k] do k = k + 1 end
      t.ok(false, line .. ": changed the lab", "first difference: " .. tostring(a[k]) .. " -> " .. tostring(b[k]))
      before = now
    end
  end
end
t.ok(n >= 40, "at least 40 malformed lines (" .. n .. ")")
t.is(lib.state(t, nss), before, "after all of them the lab is exactly as before")
t.is(#(require("netlearn.cmd.probes").job_list()), 0, "and no job was started")
t.done()
