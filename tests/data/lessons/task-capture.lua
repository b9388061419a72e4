--[[ task-capture -- a test lesson (tests/65b-task-capture-tty.t): a task whose
claim is a ping, played with the learner's own capture running. The echoes the
task sends to re-check its claim after each command must not show in it.
]]
title = { en = "Task capture", zh = "任务抓包" }
objectives = { { en = "o", zh = "o" } }
steps = {
  step {
    en = "Two namespaces; b ignores pings.", zh = "两个命名空间；b 不回应 ping。",
    run = {
      "ip netns add a", "ip netns add b",
      "ip link add va netns a type veth peer name vb netns b",
      "ip netns exec a ip addr add 10.9.0.1/24 dev va", "ip netns exec b ip addr add 10.9.0.2/24 dev vb",
      "ip netns exec a ip link set va up", "ip netns exec b ip link set vb up",
      "ip netns exec b sysctl -w net.ipv4.icmp_echo_ignore_all=1",
    },
  },
  task {
    en = "Make b answer.", zh = "让 b 回应。",
    claims = { reaches { from = "a", to = "10.9.0.2" } },
    solution = { "ip netns exec b sysctl -w net.ipv4.icmp_echo_ignore_all=0" },
  },
}
