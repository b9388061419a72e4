--[[ bench/task.lua -- `netlearn lua bench/task.lua` (make bench; NETLEARN_BENCH_ROOT: the tree): how fast a
line typed during a lesson's task answers, against the same line outside a
lesson. A task re-checks its claims only after a line that may change the lab
(commands.only_looks); the re-check of a claim that is still false costs its
negative probe, ended by the quiet-lab proof (netlearn.quiet); change_in_fixed is
the same line with the proof off (the fixed waits), in the same run. The lines'
own output goes to stdout; the results, one line per case ("RESULT name
median_ms"), to stderr.
]]
local shell = require("netlearn.shell")
local lesson = require("netlearn.lesson")
local now = require("netlearn.limits").now
local ROOT = os.getenv("NETLEARN_BENCH_ROOT") or "."
local K = tonumber(os.getenv("NETLEARN_BENCH_RUNS") or "") or 15

local function median(t)
  table.sort(t)
  return t[(#t + 1) // 2]
end
local function time_line(line)
  local ts = {}
  for _ = 1, K do
    local t0 = now()
    shell.feed(line)
    ts[#ts + 1] = (now() - t0) * 1000
  end
  return median(ts)
end

local LOOK = "ip -br link"
local CHANGE = "ip netns exec b sysctl -w net.ipv4.icmp_echo_ignore_all=1"   -- leaves the task's claim false
lesson.start(ROOT .. "/tests/data/lessons/task-capture.lua")
lesson.next()
local R = lesson.current
local look_in = time_line(LOOK)
local change_in = time_line(CHANGE)
local quiet = require("netlearn.quiet")
quiet.on = false
local change_in_fixed = time_line(CHANGE)
quiet.on = true
lesson.quit()
local look_out = time_line(LOOK)
local change_out = time_line(CHANGE)
io.stderr:write(string.format("RESULT look_out %.2f\n", look_out))
io.stderr:write(string.format("RESULT look_in %.2f\n", look_in))
io.stderr:write(string.format("RESULT change_out %.2f\n", change_out))
io.stderr:write(string.format("RESULT change_in %.2f\n", change_in))
io.stderr:write(string.format("RESULT change_in_fixed %.2f\n", change_in_fixed))
io.stderr:write(string.format("RESULT polls %d\n", R and R.polls or -1))
