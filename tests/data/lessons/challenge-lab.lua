--[[ challenge-lab -- a test lesson for netlearn challenge (tests/82-challenge.t):
a lab whose finished state offers the fault kinds no shipped lesson's lab does,
and a fault kind of its own, as an instructor would declare one.

- an asymmetric path: "client" has two links to "router" and reaches "server"
  through c2/r2 with the source address of c1, so replies come back over c1/r1
  (strict rp_filter on r2 or c1 breaks it: the catalogue's rp_filter_strict);
- two macvlan children in mode bridge on one parent (macvlan_mode);
- `faults`: a host route to the server put on the wrong link (wrong_link_route).
]]
title = { en = "Challenge test lab", zh = "挑战测试实验" }
objectives = { { en = "a lab for the challenge tests", zh = "给挑战测试用的实验环境" } }
requires = { "veth", "macvlan" }

faults = {
  fault {
    name = "wrong_link_route",
    title = { en = "{where} has a host route to {addr} on {dev}, where nobody answers for it",
      zh = "{where} 有一条去 {addr} 的主机路由，却指向 {dev}，那里没有人应答" },
    breaks = { "reaches" },
    targets = function(lab)
      local t = {}
      local c = lab.ns.client
      if c then
        for _, l in ipairs(c.links) do
          if l.name == "c1" then t[#t + 1] = { ns = "client", dev = "c1", addr = "10.0.3.2", obj = "client/10.0.3.2/32" } end
        end
      end
      return t
    end,
    inject = function(t) return { fault.pre(t.ns) .. "ip route add " .. t.addr .. "/32 dev " .. t.dev } end,
    fix = function(t) return { fault.pre(t.ns) .. "ip route del " .. t.addr .. "/32 dev " .. t.dev } end,
    hints = {
      { en = "Look at the routes of {where}: which one does 'ip route get {addr}' pick?",
        zh = "看看 {where} 的路由：'ip route get {addr}' 选中的是哪一条？" },
      { en = "ip netns exec {where} ip route del {addr}/32 dev {dev}", zh = "ip netns exec {where} ip route del {addr}/32 dev {dev}" },
    },
  },
}

steps = {
  step {
    title = { en = "An asymmetric path", zh = "非对称路径" },
    en = "client reaches server through router: out by c2, back by c1.", zh = "client 经 router 访问 server：从 c2 出去，从 c1 回来。",
    run = {
      "ip netns add client", "ip netns add router", "ip netns add server",
      "ip link add c1 netns client type veth peer name r1 netns router",
      "ip link add c2 netns client type veth peer name r2 netns router",
      "ip link add s0 netns server type veth peer name r3 netns router",
      "ip netns exec client ip addr add 10.0.1.2/24 dev c1", "ip netns exec client ip addr add 10.0.2.2/24 dev c2",
      "ip netns exec router ip addr add 10.0.1.1/24 dev r1", "ip netns exec router ip addr add 10.0.2.1/24 dev r2",
      "ip netns exec router ip addr add 10.0.3.1/24 dev r3", "ip netns exec server ip addr add 10.0.3.2/24 dev s0",
      "ip netns exec client ip link set c1 up", "ip netns exec client ip link set c2 up",
      "ip netns exec router ip link set r1 up", "ip netns exec router ip link set r2 up",
      "ip netns exec router ip link set r3 up", "ip netns exec server ip link set s0 up",
      "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
      "ip netns exec client ip route add 10.0.3.0/24 via 10.0.2.1 dev c2 src 10.0.1.2",
      "ip netns exec server ip route add default via 10.0.3.1",
    },
    claims = { reaches { from = "client", to = "10.0.3.2" } },
  },
  step {
    title = { en = "Two macvlan children in mode bridge", zh = "两个 bridge 模式的 macvlan 子接口" },
    en = "mac1 and mac2 on one parent reach each other inside the kernel.", zh = "同一父接口上的 mac1 和 mac2 在内核里直接互通。",
    run = {
      "ip netns add sw", "ip link add up0 type veth peer name up1 netns sw",
      "ip link set up0 up", "ip netns exec sw ip link set up1 up",
      "ip link add link up0 dev mac1 type macvlan mode bridge",
      "ip link add link up0 dev mac2 type macvlan mode bridge",
      "ip netns add net3", "ip netns add net4",
      "ip link set mac1 netns net3", "ip link set mac2 netns net4",
      "ip netns exec net3 ip addr add 192.168.56.2/24 dev mac1", "ip netns exec net3 ip link set mac1 up",
      "ip netns exec net4 ip addr add 192.168.56.3/24 dev mac2", "ip netns exec net4 ip link set mac2 up",
    },
    claims = { reaches { from = "net3", to = "192.168.56.3" } },
  },
}
