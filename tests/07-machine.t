#!/bin/sh
# Machines: two hosts, each with a namespace called ns1, as in the IPIP article.
. "$(dirname "$0")/lib/tap.sh"
run() { printf '%s\n' "$@" | "$NETLEARN" 2>&1; }
out=$(run 'ip netns add host141' 'ip netns add host142' \
  'machine host141' 'ip netns add ns1' 'ip link add int0 type veth peer name br-int0' 'ip link set int0 netns ns1' \
  'ip netns exec ns1 ip addr add 10.1.5.10/24 dev int0' \
  'machine host142' 'ip netns add ns1' 'ip link add int0 type veth peer name br-int0' 'ip link set int0 netns ns1' \
  'ip netns exec ns1 ip addr add 10.1.8.10/24 dev int0' \
  'machine' 'echo ---sandbox' 'ip netns list' \
  'echo ---141' 'on host141 ip netns list' 'on host141 ip netns exec ns1 ip -br addr show int0' \
  'echo ---142' 'on host142 ip netns exec ns1 ip -br addr show int0' 'on host142 ip -br link show br-int0' \
  'echo ---real' '!ip netns list')
is "$?" 0 "building the same names on two machines works"
like "$out" "---sandbox
host141
host141:ns1
host142
host142:ns1" "the sandbox sees every machine's namespaces by their full names"
like "$out" "---141
ns1
" "a machine lists only its own namespaces, by their short names"
like "$out" "int0@if[0-9]+ +DOWN +10\.1\.5\.10/24" "host141's ns1 has its own address"
like "$out" "int0@if[0-9]+ +DOWN +10\.1\.8\.10/24" "host142's ns1 has its own address"
like "$out" "br-int0@if[0-9]+ " "the machine's own namespace is its host"
like "$out" "---real
host142:ns1" "real ip netns sees the full names"
out=$(run 'machine nosuch'); rc=$?
is "$rc" 1 "an unknown machine is an error"
like "$out" "nosuch: no such machine \(make it with 'ip netns add nosuch'\)" "which says how to make it"
out=$(run 'machine a b'); rc=$?
like "$out" "machine: takes one NAME" "machine with two names is refused with its usage"
out=$(run 'on host1'); rc=$?
is "$rc" 1 "on without a command fails"
like "$out" "usage: on MACHINE COMMAND" "and shows the usage"
out=$(run 'ip netns add a:b' 'machine a:b'); rc=$?
like "$out" "cannot contain ':'" "a machine name cannot contain the separator"
out=$(run 'ip netns add m1' 'machine m1' 'print(net.machine_current())' 'ip netns add x' 'machine' 'print(net.ns_exists("m1:x"), net.ns_exists("x"))')
like "$out" "^m1
true	false" "the Lua API sees machine names through the same view"
done_testing
