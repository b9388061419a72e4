--[[ bench/quiet.lua -- `netlearn lua bench/quiet.lua` (make bench): what the
quiet-lab proof (netlearn.quiet, docs/quiet-lab.md) saves. In one sandbox and
one run, each case is timed with the proof on and off (the fixed waits it
replaces), interleaved: a negative reachability claim (not_reaches of an
address that ignores pings), the linger of a capture claim that expects no
packet, a reaches claim still false (three tries), and a line typed in a task
whose claim is still false. Results, one line per case, to stderr:
"RESULT name median_on_ms median_off_ms".
]]
local shell = require("netlearn.shell")
local claims = require("netlearn.claims")
local quiet = require("netlearn.quiet")
local net = require("netlearn.core")
local now = require("netlearn.limits").now
local K = tonumber(os.getenv("NETLEARN_BENCH_RUNS") or "") or 15

local function median(t)
  table.sort(t)
  return t[(#t + 1) // 2]
end

for _, l in ipairs {
  "ip netns add a", "ip netns add b",
  "ip link add va netns a type veth peer name vb netns b",
  "ip netns exec a ip addr add 10.9.0.1/24 dev va", "ip netns exec b ip addr add 10.9.0.2/24 dev vb",
  "ip netns exec a ip link set va up", "ip netns exec b ip link set vb up",
  "ip netns exec b sysctl -w net.ipv4.icmp_echo_ignore_all=1",
} do shell.feed(l) end

local lab = { net = net, lang = "en", exec = function(line)
  shell.feed(line)
  return true, ""
end }
local K_ = claims.kinds
local cases = {
  { "not_reaches", K_.not_reaches { from = "a", to = "10.9.0.2" } },
  { "capture_none", K_.capture { ns = "b", dev = "vb", filter = "icmp", none = true, during = "ip -br link" } },
  { "reaches_false", K_.reaches { from = "a", to = "10.9.0.2" } },
}
for _, c in ipairs(cases) do
  local on, off = {}, {}
  for _ = 1, K do
    for _, mode in ipairs { true, false } do
      quiet.on = mode
      local t0 = now()
      claims.check(c[2], lab)
      local ms = (now() - t0) * 1000
      table.insert(mode and on or off, ms)
    end
  end
  quiet.on = true
  io.stderr:write(string.format("RESULT %s %.2f %.2f\n", c[1], median(on), median(off)))
end
