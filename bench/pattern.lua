--[[ bench/pattern.lua -- netlearn's pattern matcher (src/lpattern.c) against
Lua's own (lstrlib) on netlearn's everyday work: splitting and parsing command
lines. Run as trusted Lua: `netlearn lua bench/pattern.lua` (make bench does).
Prints one line per workload: the time with each, and the ratio. ]]
local limits = require("netlearn.limits")
local ref, mine = limits.lstrlib, {}
for k in pairs(ref) do mine[k] = string[k] end
local commands = require("netlearn.commands")

local lines = {
  "ip netns add net1", "ip link add veth1 type veth peer name veth2",
  "ip link set veth2 netns net2", "ip -n net1 addr add 10.1.1.1/24 dev veth1",
  "ip -n net1 route add default via 10.1.1.254 dev veth1 metric 100",
  "iptables -t nat -A POSTROUTING -s 10.1.1.0/24 ! -o br0 -j MASQUERADE",
  "ping -c 3 -W 1 10.1.2.10", "tcpdump -i veth1 -n -e 'icmp or arp'",
  "sysctl -w net.ipv4.ip_forward=1", "echo 1 > /proc/sys/net/ipv4/conf/all/forwarding",
  "ip netns exec net1 curl -s http://10.1.2.10:8080/index.html", "why route net1 10.1.2.10",
}
local pats = { "^%s*(%S+)%s*(.-)%s*$", "%S+", "(%d+)%.(%d+)%.(%d+)%.(%d+)/?(%d*)", "^%-%-?([%w%-]+)",
  "'([^']*)'", "^([%w%.]+)=(.*)$", "[%s]+", "(%w+)%s*(%b())", "%f[%w]%w+", "^ip%s+%-n%s+(%S+)" }

local function once(fn)
  local t0 = os.clock()
  fn()
  return os.clock() - t0
end
local function with(lib, fn)
  return function()
    local saved = {}
    for k, f in pairs(lib) do saved[k] = string[k]; string[k] = f end
    fn()
    for k, f in pairs(saved) do string[k] = f end
  end
end
local function row(name, fn)
  local a, b = math.huge, math.huge
  for _ = 1, 7 do        -- interleaved, best of 7: a busy machine slows both alike
    a = math.min(a, once(with(ref, fn)))
    b = math.min(b, once(with(mine, fn)))
  end
  print(string.format("   %-44s lstrlib %7.1f ms   netlearn %7.1f ms   %.2fx", name, a * 1000, b * 1000, b / a))
end

row("find/match/gmatch/gsub, 10 shapes x 12 lines x 200", function()
  for _ = 1, 200 do
    for _, l in ipairs(lines) do
      for _, p in ipairs(pats) do
        string.find(l, p); string.match(l, p); string.gsub(l, p, "%0")
        for _ in string.gmatch(l, p) do end
      end
    end
  end
end)
row("commands.split, 12 lines x 2000", function()
  for _ = 1, 2000 do
    for _, l in ipairs(lines) do commands.split(l) end
  end
end)
local big = table.concat(lines, "\n"):rep(200)
row("gsub/gmatch over 140 kB of command lines x 20", function()
  for _ = 1, 20 do
    local n = 0
    for w in big:gmatch("%S+") do n = n + #w end
    big:gsub("(%d+)%.(%d+)", "%2.%1")
    big:find("MASQUERADEx", 1, true)
    big:find("no such line$")
  end
end)
