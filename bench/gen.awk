# bench/gen.awk -- writes the N-host lab four ways (see bench/run.sh):
#   awk -v n=N -v dir=DIR -v floor=FLOOR [-v v6off=1] -f bench/gen.awk
# DIR/nl.txt     netlearn's command lines, bracketed by Lua clock marks
# DIR/ip.sh      the same lines as a script of real `ip` commands
# DIR/batch.sh   the same through `ip -batch` (host part in one batch, each
#                namespace's part as `ip -n hI -batch FILE`), files in DIR/b/
# Host I: namespace hI, veth vhI (bridge port of br0) <-> eth0 in hI,
# 10.0.0.0/16 + I; verify = h1 pings hN; teardown until the host has only lo.

function addr(i) { return sprintf("10.0.%d.%d", int(i / 256), i % 256) }

BEGIN {
	nl = dir "/nl.txt"; sh = dir "/ip.sh"; bt = dir "/batch.sh"
	v6 = "sysctl -w net.ipv6.conf.default.disable_ipv6=1"

	# ---- (1) netlearn: command lines; now() runs the bench clock ------
	print "function now() local _, o = net.run(\"\", {\"" floor "\", \"now\"}, {capture=true}) return tonumber(o) end" > nl
	print "C0 = now()" > nl
	print "C1 = now()" > nl
	print "T0 = now()" > nl
	if (v6off) print v6 > nl
	print "ip link add br0 type bridge" > nl
	print "ip link set br0 up" > nl
	for (i = 1; i <= n; i++) {
		print "ip netns add h" i > nl
		if (v6off) print "ip netns exec h" i " " v6 > nl
		print "ip link add vh" i " type veth peer name eth0 netns h" i > nl
		print "ip link set vh" i " master br0 up" > nl
		print "ip -n h" i " addr add " addr(i) "/16 dev eth0" > nl
		print "ip -n h" i " link set eth0 up" > nl
	}
	print "T1 = now()" > nl
	print "ip netns exec h1 ping -c 1 -W 3 " addr(n) > nl
	print "T2 = now()" > nl
	for (i = 1; i <= n; i++)
		print "ip netns del h" i > nl
	print "ip link del br0" > nl
	print "net.run(\"\", {\"" floor "\", \"gone\"})" > nl
	print "T3 = now()" > nl
	print "local c = C1 - C0; io.stdout:write(string.format(\"RESULT build %.4f verify %.4f teardown %.4f\\n\", T1 - T0 - c, T2 - T1 - c, T3 - T2 - c))" > nl

	# ---- (2) the same lines, real ip, one process each ------------------
	print "#!/bin/sh" > sh
	print "set -e" > sh
	print "C0=$(" floor " now); C1=$(" floor " now)" > sh
	print "T0=$(" floor " now)" > sh
	if (v6off) print v6 " >/dev/null" > sh
	print "ip link add br0 type bridge" > sh
	print "ip link set br0 up" > sh
	for (i = 1; i <= n; i++) {
		print "ip netns add h" i > sh
		if (v6off) print "ip netns exec h" i " " v6 " >/dev/null" > sh
		print "ip link add vh" i " type veth peer name eth0 netns h" i > sh
		print "ip link set vh" i " master br0 up" > sh
		print "ip -n h" i " addr add " addr(i) "/16 dev eth0" > sh
		print "ip -n h" i " link set eth0 up" > sh
	}
	print "T1=$(" floor " now)" > sh
	print "ip netns exec h1 ping -c 1 -W 3 " addr(n) " >/dev/null" > sh
	print "T2=$(" floor " now)" > sh
	for (i = 1; i <= n; i++)
		print "ip netns del h" i > sh
	print "ip link del br0" > sh
	print floor " gone" > sh
	print "T3=$(" floor " now)" > sh
	print "echo \"$C0 $C1 $T0 $T1 $T2 $T3\" | awk '{c = $2 - $1; printf \"RESULT build %.4f verify %.4f teardown %.4f\\n\", $4 - $3 - c, $5 - $4 - c, $6 - $5 - c}'" > sh

	# ---- (3) ip -batch ---------------------------------------------------
	b = dir "/b"
	system("mkdir -p " b)
	print "link add br0 type bridge" > (b "/host")
	print "link set br0 up" > (b "/host")
	for (i = 1; i <= n; i++) {
		print "netns add h" i > (b "/host")
		print "link add vh" i " type veth peer name eth0 netns h" i > (b "/host")
		print "link set vh" i " master br0 up" > (b "/host")
		print "addr add " addr(i) "/16 dev eth0" > (b "/h" i)
		print "link set eth0 up" > (b "/h" i)
		close(b "/h" i)
		print "netns del h" i > (b "/del")
	}
	print "link del br0" > (b "/del")
	print "#!/bin/sh" > bt
	print "set -e" > bt
	print "C0=$(" floor " now); C1=$(" floor " now)" > bt
	print "T0=$(" floor " now)" > bt
	print "ip -batch " b "/host" > bt
	for (i = 1; i <= n; i++)
		print "ip -n h" i " -batch " b "/h" i > bt
	print "T1=$(" floor " now)" > bt
	print "ip netns exec h1 ping -c 1 -W 3 " addr(n) " >/dev/null" > bt
	print "T2=$(" floor " now)" > bt
	print "ip -batch " b "/del" > bt
	print floor " gone" > bt
	print "T3=$(" floor " now)" > bt
	print "echo \"$C0 $C1 $T0 $T1 $T2 $T3\" | awk '{c = $2 - $1; printf \"RESULT build %.4f verify %.4f teardown %.4f\\n\", $4 - $3 - c, $5 - $4 - c, $6 - $5 - c}'" > bt
}
