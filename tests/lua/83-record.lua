#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/83: record start / record stop FILE turns a typed session into a lesson
-- skeleton that loads, and `netlearn check FILE` replays and passes; and
-- set explain on prints the diff after each command and net.* command lines.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local S = require("netlearn.shell")
local lesson = require("netlearn.lesson")

-- feed lines to the shell as the learner types them, capturing stdout
local function typed(lines)
  local tmp = os.tmpname()
  local saved = io.output()
  local f = assert(io.open(tmp, "w"))
  io.output(f)
  local real, real_err = io.stdout, io.stderr
  local ef = assert(io.open("/dev/null", "w"))
  io.stdout, io.stderr = f, ef
  local results = {}
  for _, l in ipairs(lines) do results[#results + 1] = S.feed(l) end
  io.stdout, io.stderr = real, real_err
  ef:close()
  io.output(saved)
  f:close()
  local out = io.open(tmp):read("a")
  os.remove(tmp)
  return out, results
end

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. dir))
local file = dir .. "/recorded.lua"

local out = typed({
  "record start",
  "ip netns add net1",
  "ip netns add net2",
  "ip link add veth0 type veth peer name veth1",
  "ip link set veth0 netns net1",
  "ip link set veth1 netns net2",
  "ip -n net1 addr add 192.167.2.1/24 dev veth0",
  "ip -n net2 addr add 192.167.2.2/24 dev veth1",
  "ip netns exec net1 ping -c 1 -W 1 192.167.2.2",     -- fails: links down
  "ip -n net1 link set veth0 up",
  "ip -n net2 link set veth1 up",
  "topo",                                               -- only looks: not recorded
  "ns net1",
  "ping -c 1 192.167.2.2",                              -- in net1 (the shell's namespace)
  "ping -c 1 -W 1 192.167.9.9",                         -- no route
  "x = 1",                                              -- Lua: a comment
  "ip link set nosuch up",                              -- a mistake: left out
  "ns host",
  "record status",
  "record stop " .. file,
})
t.like(out, "record: recording; 'record stop FILE' writes the lesson", "record start says it records")
t.like(out, "record: recording, 14 lines so far", "record status counts the lines")
t.like(out, "record: wrote " .. file:gsub("%p", "%%%0") .. ": 3 steps from 14 lines", "record stop writes 3 steps")
local src = io.open(file):read("a")
t.like(src, '\n    run = {\n      "ip netns add net1",\n', "the commands are the step's run list, as typed")
t.like(src, 'fails "ip netns exec net1 ping %-c 1 %-W 1 192%.167%.2%.2"', "a ping without reply is written as fails")
t.like(src, 'not_reaches { from = "net1", to = "192%.167%.2%.2", error = "Network is unreachable" }',
  "and becomes a not_reaches claim with its error")
t.like(src, '"ip netns exec net1 ping %-c 1 192%.167%.2%.2",\n    },\n    claims = {\n      reaches { from = "net1", to = "192%.167%.2%.2" },',
  "a ping in the shell's namespace is written with ip netns exec, and its reply is a reaches claim")
t.like(src, "%-%- Lua %(not replayed%): x = 1", "Lua is kept as a comment")
t.like(src, "%-%- failed, left out: ip netns exec net1 ip link set nosuch up", "a failed command is left out, as a comment")
t.unlike(src, '"topo"', "looking commands are not recorded")
t.unlike(src, '"ns ', "ns is not recorded (commands carry their namespace)")
local L, err = lesson.load(file)
t.ok(L, "the skeleton loads as a lesson", err)
t.is(L and #L.steps, 3, "with three steps")

-- replay: a fresh sandbox, netlearn check FILE, every claim holds
local code, tap, terr = net.run("", { os.getenv("NETLEARN"), "check", file }, { capture = true })
t.is(code, 0, "netlearn check passes on the recorded lesson", tap .. (terr or ""))
t.like(tap, "ok 1 %- recorded step 1: net1 does not reach 192%.167%.2%.2", "step 1's claim replayed")
t.like(tap, "ok 2 %- recorded step 2: net1 reaches 192%.167%.2%.2", "step 2's claim replayed")
t.like(tap, "\n1%.%.3\n", "three claims")

-- errors
os.remove(file)
out = typed({ "record stop " .. file, "echo still here" })
t.like(out, "still here", "record stop while not recording: the shell goes on")
t.is(io.open(file), nil, "record stop while not recording writes no file")
local commands = require("netlearn.commands")
local errs = {}
local ctx = commands.context({ stdout = function() end, stderr = function(s) errs[#errs + 1] = s end })
commands.execute("record stop x.lua", ctx)
t.like(table.concat(errs), "^record: not recording\nhint: record start begins\n", "stop without start: said plainly")
errs = {}
commands.execute("record start", ctx)
commands.execute("record stop " .. dir .. "/empty.lua", ctx)
t.like(table.concat(errs), "^record: nothing to write yet", "nothing recorded: no file")
t.ok(not io.open(dir .. "/empty.lua"), "and none is written")
errs = {}
commands.execute("record stop", ctx)
t.like(table.concat(errs), "^record stop: give the file to write", "stop without a file")
commands.execute("record cancel", ctx)
errs = {}
commands.execute("record bogus", ctx)
t.like(table.concat(errs), "^record: unknown subcommand 'bogus'", "unknown subcommand")

-- set explain on: the diff after each command, command lines for net.* calls
typed({ "reset" })
out = typed({
  "set explain on",
  "ip netns add net1",
  "ip link add veth0 type veth peer name veth1 netns net1",
  "ip link set veth0 up",
  'net.link_add("", {name = "v0", type = "veth", peer = "v1"})',
  'net.route_add("net1", {dst = "10.9.0.0/16", dev = "veth1"})',
  "set explain off",
  "ip link add x0 type bridge",
})
t.like(out, "explain is on", "set explain on")
t.like(out, "\n%+ netns net1\n%+ link veth0 %(veth, peer veth1@net1%) in host\n~ link veth0 in host: DOWN %-> UP %(no carrier%)\n",
  "each command is followed by what it changed")
t.like(out, "# same as: ip link add v0 type veth peer name v1\ntrue\n%+ link v0 %(veth, peer v1%) in host\n",
  "a net.* call shows its command line, its value, and the change")
t.like(out, "# same as: ip %-n net1 route add 10%.9%.0%.0/16 dev veth1\n", "a route call as ip -n ...")
t.unlike(out, "x0", "explain off: no more diffs")
t.is(rawget(S.env, "net"), require("netlearn.core"), "explain off gives the Lua prompt the real net back")
out = typed({ "set explain", "set colour on" })
t.like(out, "explain off", "set explain alone shows the setting")
os.execute("rm -rf " .. dir)
t.done()
