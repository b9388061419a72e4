#!/bin/sh
# tests/46-tcpdump-files.t -- tcpdump -w FILE and -r FILE in the shell: the pcap
# netlearn writes is read by real tcpdump -r line for line as netlearn printed
# the same frames live; -c and -w combine (exactly N frames in the file); a
# capture on "any" writes Linux cooked v2 (SLL2) frames real tcpdump reads; netlearn's
# -r prints what real tcpdump -r prints, with and without -e and a filter;
# -r -w copies the frames a filter selects; bad paths and filters give one
# line plus a hint. IPv6 is off on the veth pair: its router and listener
# reports arrive at random times, between the start of one capture and the next.
. "$(dirname "$0")/lib/tap.sh"
command -v tcpdump >/dev/null 2>&1 || skip_all "no real tcpdump to compare with"

LAB='ip netns add net1
ip link add veth0 type veth peer name veth1
ip link set veth1 netns net1
sysctl -q -w net.ipv6.conf.veth0.disable_ipv6=1
ip netns exec net1 sysctl -q -w net.ipv6.conf.veth1.disable_ipv6=1
ip addr add 192.167.3.2/24 dev veth0
ip link set veth0 up
ip netns exec net1 ip addr add 192.167.3.1/24 dev veth1
ip netns exec net1 ip link set veth1 up
ip netns exec net1 ip link set lo up
local _ = net.links_settle("", 3)
local _ = net.links_settle("net1", 3)'
F=$T_TMP/v.pcap
A=$T_TMP/any.pcap

# strip the time stamps: "HH:MM:SS.uuuuuu BODY" -> BODY
body() { sed -n 's/^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]\{6\} //p'; }

# 1. the same six frames printed live and written with -w
out=$(printf '%s\ntcpdump -i veth0 -n -c 6 &\ntcpdump -i veth0 -c 6 -w %s\nping -c 4 -i 0.2 192.167.3.1\n' "$LAB" "$F" | "$NETLEARN" 2>&1)
like "$out" "tcpdump: listening on veth0, link-type EN10MB \(Ethernet\), snapshot length 262144 bytes" "-w: tcpdump's listening line"
live=$(printf '%s\n' "$out" | body)
is "$(printf '%s\n' "$live" | wc -l)" 6 "the job without -w printed six frames"
is "$(printf '%s\n' "$out" | grep -c '^6 packets captured$')" 2 "both jobs stopped after -c 6"
real=$(tcpdump -n -r "$F" 2>"$T_TMP/err" | body)
is "$real" "$live" "real tcpdump -r reads netlearn's file: the same six lines netlearn printed live"
like "$(cat "$T_TMP/err")" "reading from file .*, link-type EN10MB \(Ethernet\), snapshot length 262144" "as an Ethernet capture"
is "$(tcpdump -r "$F" 2>/dev/null | wc -l)" 6 "-c 6 -w: exactly six frames in the file"

# 2. netlearn's -r prints what real tcpdump -r prints
mine=$(printf 'tcpdump -n -r %s\n' "$F" | "$NETLEARN" 2>&1)
is "$(printf '%s\n' "$mine" | body)" "$real" "netlearn's tcpdump -r: the same lines as real tcpdump -r"
like "$mine" "^reading from file .*v\.pcap, link-type EN10MB \(Ethernet\), snapshot length 262144" "and the same first line"
mine=$(printf 'tcpdump -n -e -r %s icmp\n' "$F" | "$NETLEARN" 2>&1 | body)
real=$(tcpdump -n -e -r "$F" icmp 2>/dev/null | body)
is "$mine" "$real" "-e and a filter: the same lines as real tcpdump -n -e -r FILE icmp"
like "$mine" "ethertype IPv4" "(and there are some)"
mine=$(printf 'tcpdump -n -c 2 -r %s\n' "$F" | "$NETLEARN" 2>&1 | body)
is "$(printf '%s\n' "$mine" | wc -l)" 2 "-r with -c 2 prints two"

# 3. -r -w: copy what a filter selects
printf 'tcpdump -r %s -w %s arp\n' "$F" "$T_TMP/arp.pcap" | "$NETLEARN" >/dev/null 2>&1
is "$(tcpdump -n -r "$T_TMP/arp.pcap" 2>/dev/null | body)" "$(tcpdump -n -r "$F" arp 2>/dev/null | body)" "-r FILE -w FILE2 arp: FILE2 holds the ARP frames"

# 4. "any": Linux cooked v2 frames (link type 276, as tcpdump 4.99 writes them), read by real tcpdump
out=$(printf '%s\ntcpdump -n -c 4 icmp &\ntcpdump -c 4 -w %s icmp\nping -c 2 -i 0.2 192.167.3.1\n' "$LAB" "$A" | "$NETLEARN" 2>&1)
like "$out" "tcpdump: listening on any, link-type LINUX_SLL2 \(Linux cooked v2\)" "any -w: a Linux cooked v2 file"
strip() { sed 's/^[^ ]* *[A-Za-z]* *//'; }
live=$(printf '%s\n' "$out" | body | strip)
real=$(tcpdump -n -r "$A" 2>"$T_TMP/err" | body)
like "$(cat "$T_TMP/err")" "link-type LINUX_SLL2 \(Linux cooked v2\)" "real tcpdump reads it as Linux cooked v2"
is "$(od -An -tu1 -j20 -N4 "$A" | tr -s ' ' | sed 's/^ //;s/ $//')" "20 1 0 0" "the file header says link type 276 (LINUX_SLL2)"
is "$(printf '%s\n' "$real" | wc -l)" 4 "four frames in the file"
is "$(printf '%s\n' "$real" | strip)" "$live" "the same frames as the live job printed"
is "$(printf '%s\n' "$real" | grep -c ' Out IP 192\.167\.3\.2 > 192\.167\.3\.1: ICMP echo request')" 2 "real tcpdump sees each request's direction (Out) in the cooked v2 header"
ifx=$(printf '%s\nip -o link show veth0\n' "$LAB" | "$NETLEARN" 2>&1 | sed -n 's/^\([0-9]*\): veth0.*/\1/p' | head -1)
is "$(tcpdump -n -e -r "$A" 2>/dev/null | grep -c "ifindex $ifx ")" 4 "each frame carries veth0's ifindex ($ifx)"
mine=$(printf 'tcpdump -n -r %s\n' "$A" | "$NETLEARN" 2>&1)
is "$(printf '%s\n' "$mine" | body | strip)" "$(printf '%s\n' "$real" | strip)" "netlearn reads its cooked v2 file back as real tcpdump does"
like "$mine" "link-type LINUX_SLL2 \(Linux cooked v2\)" "(and says it is cooked v2)"
mine=$(printf 'tcpdump -r %s -w %s\n' "$A" "$T_TMP/copy.pcap" | "$NETLEARN" 2>&1)
is "$(od -An -tu1 -j20 -N4 "$T_TMP/copy.pcap" | tr -s ' ' | sed 's/^ //;s/ $//')" "20 1 0 0" "-r of it -w FILE2 keeps link type 276"
is "$(tcpdump -n -r "$T_TMP/copy.pcap" 2>/dev/null | body)" "$real" "and the same frames"

# 5. one line and a hint for what cannot work, nothing written
out=$(printf 'tcpdump -c 1 -w /nonexistent-dir/x.pcap\n' | "$NETLEARN" 2>&1)
is "$(printf '%s\n' "$out" | head -1)" "tcpdump: /nonexistent-dir/x.pcap: No such file or directory" "-w into a missing directory: tcpdump's words"
like "$(printf '%s\n' "$out" | sed -n 2p)" "^hint: " "and a hint"
out=$(printf 'tcpdump -c 1 -w %s "tcp[13] &"\n' "$T_TMP/bad.pcap" | "$NETLEARN" 2>&1)
is "$(printf '%s\n' "$out" | head -1)" "tcpdump: can't parse filter expression: syntax error" "a bad filter with -w: libpcap's words"
like "$(printf '%s\n' "$out" | sed -n 2p)" "^hint: the filter is tcpdump's own language" "and the filter hint"
ok "a bad filter leaves no file behind" test ! -e "$T_TMP/bad.pcap"
out=$(printf 'tcpdump -w -\n' | "$NETLEARN" 2>&1)
like "$out" "^tcpdump: netlearn has no pipe for pcap data \(-w -\)" "-w - is refused"
echo "not a pcap" > "$T_TMP/junk"
out=$(printf 'tcpdump -r %s\n' "$T_TMP/junk" | "$NETLEARN" 2>&1)
is "$(printf '%s\n' "$out" | head -1)" "tcpdump: unknown file format" "-r of a file that is no pcap: tcpdump's words"
is "$(printf '%s\n' "$out" | wc -l)" 2 "one line plus a hint"
done_testing
