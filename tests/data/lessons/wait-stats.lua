--[[ wait-stats -- a test lesson (tests/lua/35d-wait-stats.lua): every kind of
waiting NETLEARN_PROBE_STATS counts, in one small lab: a typed ping of three
echoes, a reach, a negative reach, a capture that must show nothing.
]]
title = { en = "Wait stats", zh = "等待统计" }
objectives = { { en = "o", zh = "o" } }
steps = {
  step {
    en = "Two namespaces; b ignores pings at first.", zh = "两个命名空间；b 起初不回应 ping。",
    run = {
      "ip netns add a", "ip netns add b",
      "ip link add va netns a type veth peer name vb netns b",
      "ip netns exec a ip addr add 10.9.0.1/24 dev va", "ip netns exec b ip addr add 10.9.0.2/24 dev vb",
      "ip netns exec a ip link set va up", "ip netns exec b ip link set vb up",
      "ip netns exec b sysctl -w net.ipv4.icmp_echo_ignore_all=1",
    },
    claims = {
      not_reaches { from = "a", to = "10.9.0.2" },
      capture { ns = "b", dev = "vb", filter = "icmp[icmptype] = icmp-echoreply", during = "ip netns exec a ping -c 1 -W 0.3 10.9.0.2", none = true },
    },
  },
  step {
    en = "b answers: three echoes.", zh = "b 回应了：三个 echo。",
    run = { "ip netns exec b sysctl -w net.ipv4.icmp_echo_ignore_all=0" },
    claims = {
      reaches { from = "a", to = "10.9.0.2" },
      output { cmd = "ip netns exec a ping -c 3 10.9.0.2", contains = "3 packets transmitted, 3 received" },
    },
  },
}
