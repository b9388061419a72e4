#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/54-errors.lua -- a catalogue of malformed ip/bridge/brctl lines: each
gives one error line plus one 'hint:' line, exits non-zero, and changes nothing
(kernel state digest before == after). Where the real ip exists for the same
line, the error line and exit status are iproute2's. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/ip_cmd.lua")

for _, l in ipairs({ "ip netns add net1", "ip link add veth0 type veth peer name veth1",
  "ip addr add 10.0.0.1/24 dev veth0", "ip link set veth0 up", "ip link add veth2 type veth peer name veth3",
  "ip link set veth3 netns net1", "ip link add br0 type bridge", "ip link set veth2 master br0",
  "ip route add 10.9.0.0/24 dev veth0", "ip rule add from 1.2.3.4 table 100" }) do
  assert(L.nl(l) == 0, l)
end

-- line, compare-with-real-ip (true = same first line and status as iproute2)
local C = {
  { "ip netns add net1", true }, { "ip netns del nope", true }, { "ip netns exec nope ip link", true },
  { "ip foo", true }, { "ip link foo", true }, { "ip addr foo", true }, { "ip route foo", true },
  { "ip rule foo", true }, { "ip neigh foo", true }, { "ip netns foo", true },
  { "ip link set veth9 up", true }, { "ip link set veth3 up", true }, { "ip link set veth0 up down garbage", true },
  { "ip link set veth0 mtu abc", true }, { "ip link set veth0 mtu 99999", true },
  { "ip link set veth0 netns nope", true }, { "ip link set veth0 master nope", true },
  { "ip link set veth0 address zz", true }, { "ip link set", true }, { "ip link add", true },
  { "ip link add veth0 type veth peer name veth1", true }, { "ip link add x type foo", true },
  { "ip link add x type veth peer name veth0", true }, { "ip link add averyveryverylongname type veth peer name x", true },
  { "ip link del veth9", true }, { "ip link add a1 link nope type macvlan mode bridge", true },
  { "ip link add a1 link veth0 type macvlan mode foo", true },
  { "ip addr add 10.0.0.1/24 dev veth9", true }, { "ip addr add 10.0.0.300/24 dev veth0", true },
  { "ip addr add 10.0.0.1/33 dev veth0", true }, { "ip addr add 10.0.0.1/24", true },
  { "ip addr add 10.0.0.1/24 dev veth0", true }, { "ip addr del 10.0.0.9/24 dev veth0", true },
  { "ip addr show dev veth9", true }, { "ip addr add 10.0.0.2/24 dev veth0 to 1.2.3.4", true },
  { "ip route add 10.19.0.0/24 via 10.5.0.254", true }, { "ip route add 10.19.0.0/24 via 10.0.0.254 dev veth9", true },
  { "ip route add 10.19.0.0/24 via 10.0.0.300", true }, { "ip route add 10.19.0.0/33 dev veth0", true },
  { "ip route add 10.19.0.0/24 dev veth0 to 10.8.0.0/24", true }, { "ip route add 10.19.0.0/24 dev veth0 metric abc", true },
  { "ip route add 10.19.0.0/24 dev veth0 table nosuch", true }, { "ip route add 10.19.0.0/24 dev veth0 garbage", true },
  { "ip route add 10.9.0.0/24 dev veth0", true }, { "ip route del 10.99.0.0/24", true },
  { "ip route change 10.98.0.0/24 dev veth0", true }, { "ip route get 10.99.1.1", true },
  { "ip route get abc", true }, { "ip route show table nosuch", true },
  { "ip rule add from 1.2.3.400 table 100", true }, { "ip rule del from 5.6.7.8 table 100", true },
  { "ip rule add garbage", true }, { "ip tunnel add tun0 mode foo remote 1.1.1.1 local 2.2.2.2", true },
  { "ip tunnel add tun0 mode ipip remote 1.1.1.300 local 2.2.2.2", true },
  { "ip -n nope link", true }, { "ip -z link", true }, { "ip neigh flush", true },
  { "ip link set dev veth0 dev veth1", true }, { "ip addr flush dev veth9", true },
  { "ip netns add a/b", false }, { "ip netns add host", false }, { "ip netns exec", false }, { "ip netns exec net1", false },
  { "ip link add vx1 type vxlan remote 10.0.0.9", false }, { "ip -6 addr add 10.0.0.1/24 dev veth0", true }, { "ip -6 route add 2001:db8::/64 via 10.0.0.1", true },
  { "ip neigh add 10.0.0.300 lladdr 02:00:00:00:00:05 dev veth0", true }, { "ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev veth0 nud foo", true },
  { "ip link set veth0 promisc on", false }, { "ip route add 10.19.0.0/24 dev veth0 nexthop via 10.0.0.2", false },
  { "bridge foo", true }, { "bridge link show dev veth9", true }, { "bridge fdb add 02:00:00:00:00:01 dev veth0", false },
  { "brctl addbr br0", false }, { "brctl addif br0 vethX", false }, { "brctl addif nobr veth0", false },
  { "brctl delif br0 veth0", false }, { "brctl delbr nobr", false }, { "brctl frob", false },
  { "brctl addif br0 veth2", false },
  -- a multicast MAC for either end of a veth pair: refused, nothing made (the
  -- peer's was once ignored, the pair made with a random MAC)
  { "ip link add veth5 type veth peer name veth6 address 01:00:5e:00:00:01", false },
  { "ip link add veth5 address 01:00:5e:00:00:01 type veth peer name veth6", false },
}

local before = L.digest()
local n = 0
for _, c in ipairs(C) do
  local line, cmp = c[1], c[2]
  local st, out, err = L.nl(line)
  n = n + 1
  local lines = {}
  for l in err:gmatch("[^\n]+") do lines[#lines + 1] = l end
  t.ok(st ~= 0 and #lines == 2 and lines[2]:match("^hint: .+") and out == "",
    "one error line and one hint, non-zero exit: " .. line,
    string.format("status %s\nstdout: %s\nstderr: %s", tostring(st), out, err))
  if cmp then
    local rs, rout = L.real(line .. " 2>&1 >/dev/null")
    local rfirst = rout:match("^[^\n]*")
    t.is(lines[1], rfirst, "iproute2's words: " .. line)
    t.is(st, rs, "iproute2's exit status: " .. line)
  end
end
t.ok(n >= 40, "the catalogue has at least 40 lines (" .. n .. ")")
t.is(L.digest(), before, "no malformed line changed the kernel state")
-- the veth's multicast MACs: the real ip refuses them too; netlearn names the problem
for _, line in ipairs({ "ip link add veth5 type veth peer name veth6 address 01:00:5e:00:00:01",
  "ip link add veth5 address 01:00:5e:00:00:01 type veth peer name veth6" }) do
  local _, _, err = L.nl(line)
  t.like(err, "is a multicast MAC; an interface.s own address must be unicast", "multicast MAC named: " .. line)
  t.ok(L.real(line) ~= 0, "the real ip refuses it too: " .. line)
end
-- a unicast MAC for the peer is set in the same request: the real ip sees it
t.is(L.nl("ip link add veth5 type veth peer name veth6 address 02:00:00:00:00:66"), 0, "peer with its own MAC")
t.like(select(2, L.real("ip link show veth6")), "link/ether 02:00:00:00:00:66 ", "the real ip sees the peer's MAC")
L.nl("ip link del veth5")
t.done()
