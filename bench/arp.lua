--[[ bench/arp.lua -- `netlearn lua bench/arp.lua` (make bench): build a
2-host lab on a bridge with netlearn's command lines, ping h1 -> h2 once right
away, tear it down; NETLEARN_BENCH_RUNS times. Counts the first pings that took
over 0.5 s (the kernel's 1 s ARP retransmit after a lost first request).
Prints "RESULT slow S of K worst MS ms".
]]
local commands = require("netlearn.commands")
local K = tonumber(os.getenv("NETLEARN_BENCH_RUNS") or "") or 100

local function run(line)
  local ok, st = commands.execute(line, commands.context({ stdout = function() end }))
  if not ok then error(line .. ": status " .. tostring(st)) end
end

local function gone()
  -- netns cleanup is asynchronous: wait until the host has only lo again
  repeat
    local n = 0
    for _ in io.lines("/proc/net/dev") do n = n + 1 end
  until n <= 3
end

local slow, worst = 0, 0
for _ = 1, K do
  run("ip link add br0 type bridge")
  run("ip link set br0 up")
  for i = 1, 2 do
    run("ip netns add h" .. i)
    run("ip link add vh" .. i .. " type veth peer name eth0 netns h" .. i)
    run("ip link set vh" .. i .. " master br0 up")
    run("ip -n h" .. i .. " addr add 10.0.0." .. i .. "/16 dev eth0")
    run("ip -n h" .. i .. " link set eth0 up")
  end
  local r = net.ping("h1", "10.0.0.2", { count = 1, timeout = 3 })
  local t = r and r.rtt_max or 1e9
  if t > 500 then slow = slow + 1 end
  if t > worst then worst = t end
  run("ip netns del h1")
  run("ip netns del h2")
  run("ip link del br0")
  gone()
end
print(string.format("RESULT slow %d of %d, worst %.1f ms", slow, K, worst))
