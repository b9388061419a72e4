#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/54b-fail-convention.lua -- the one way a command reports failure
(commands.fail, issue #19): a failure raised in a command is reported as the tool's
line(s) and one hint line, in the current language, its status is the command's,
and it changes nothing; an unexpected Lua error in a command is not a failure: it
goes on up as an internal error. Commands of every former style (ip, route,
iptables) report through it. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
local commands = require("netlearn.commands")
local i18n = require("netlearn.i18n")
local net = require("netlearn.core")
local function L(en, zh) return i18n.lang == "zh" and zh or en end

-- a command that checks its whole line before it acts, as every command does
local made = {}
commands.register("t-make", {
  run = function(args)
    for _, a in ipairs(args) do
      if not a:match("^[a-z]+$") then
        commands.fail(3, "t-make: bad name '" .. a .. "'", L("names are small letters", "名字是小写字母"))
      end
    end
    for _, a in ipairs(args) do made[#made + 1] = a end
    return 0
  end,
})
commands.register("t-lines", {
  run = function() commands.fail(4, { "line one", "line two" }, "hint: already prefixed") end,
})
commands.register("t-nohint", { run = function() commands.fail(1, "only the message") end })
commands.register("t-bug", { run = function() local x = nil; return x.field end })
commands.register("t-boom", { run = function() error({ "not a failure" }, 0) end })

local st, out, err = cmdline.run("t-make abc def")
t.is(st, 0, "a good line runs")
t.is(#made, 2, "and acts")
made = {}
st, out, err = cmdline.run("t-make abc DEF")
t.is(st, 3, "a failure: its status is the command's")
t.is(out, "", "a failure prints nothing on stdout")
t.is(err, "t-make: bad name 'DEF'\nhint: names are small letters\n", "one message line, then one hint line")
t.is(#made, 0, "a failure changes nothing")

st, _, err = cmdline.run("t-make X || t-make ok")
t.is(st, 0, "|| runs after a failure")
t.is(#made, 1, "and the next command acts")
made = {}
st, _, err = cmdline.run("t-make X && t-make ok")
t.is(st, 3, "&& stops at a failure")
t.is(#made, 0, "and the next command does not run")

st, _, err = cmdline.run("t-lines")
t.is(st, 4, "a failure of several lines: its status")
t.is(err, "line one\nline two\nhint: already prefixed\n", "its lines in order, a prefixed hint as it is")
st, _, err = cmdline.run("t-nohint")
t.is(st, 1, "a failure with no hint: its status")
t.is(err, "only the message\n", "a failure with no hint: one line")

i18n.lang = "zh"
st, _, err = cmdline.run("t-make 大")
t.is(st, 3, "zh: the same status")
t.is(err, "t-make: bad name '大'\n提示：名字是小写字母\n", "zh: the hint in Chinese, after 提示：")
-- C's English words are put in Chinese on the way out (Ctx:errln, netlearn.errors_zh)
st, _, err = cmdline.run("ip link del nosuchdev")
t.like(err, "\n提示：", "zh: ip's hint after 提示：")
i18n.lang = "en"

-- a bug is not a failure: it is raised out of the dispatcher, not printed as one
local ok, e = pcall(cmdline.run, "t-bug")
t.ok(not ok, "a Lua error in a command is raised, not reported as a failure")
t.like(tostring(e), "attempt to index a nil value", "with its own message")
ok, e = pcall(cmdline.run, "t-boom")
t.ok(not ok and type(e) == "table" and e[1] == "not a failure", "any other error value goes on up unchanged")
t.ok(not commands.is_failure(e), "and is not a failure")
t.ok(commands.is_failure(commands.failure(2, "x")), "commands.failure makes one without raising")

-- the former styles, now one: ip (raised), route and iptables (returned before)
local function nslist() local l = assert(net.ns_list()); table.sort(l); return table.concat(l, " ") end
local before = nslist()
st, _, err = cmdline.run("ip netns add a/b")
t.ok(st ~= 0, "ip: a bad line fails")
t.like(err, "^[^\n]+\nhint: [^\n]+\n$", "ip: one message line, one hint line")
t.is(nslist(), before, "ip: nothing changed")
st, _, err = cmdline.run("route add -net 10.0.0.0/33 dev lo")
t.is(st, 3, "route: net-tools' status")
t.is(err, "route: netmask doesn't match route address\nhint: the prefix length after / is 0..32, e.g. 172.168.1.0/24\n",
  "route: one message line, one hint line")
st, _, err = cmdline.run("iptables -t nat -A NOPE -j ACCEPT")
t.is(st, 1, "iptables: its status")
t.like(err, "^iptables: No chain/target/match by that name%.\nhint: [^\n]+\n$", "iptables: one message line, one hint line")
st, _, err = cmdline.run("iptables --bogus")
t.is(st, 2, "iptables: a usage error's status")
t.like(err, "^iptables v[^\n]+\nTry `iptables %-h' [^\n]+\n", "iptables: its lines, then the hint")

-- the probes too: a refused line is raised as a failure (the tool's own lines and
-- netlearn's hint), not printed by the probe and returned
local probe_lines = {
  { "ping -c x 10.0.0.2", 1 }, { "ping -6 -c x 2001:db8::1", 1 }, { "traceroute -m abc 10.0.0.2", 2 },
  { "tcpdump -c x", 1 }, { "curl -m x http://10.0.0.2/", 2 }, { "nc -z 10.0.0.2 x", 1 },
  { "tcping 10.0.0.2 x", 1 }, { "python3 -m http.server abc", 2 },
}
for _, c in ipairs(probe_lines) do
  local words = commands.split(c[1])[1].words
  local spec = commands.lookup(words[1])
  local ctx = commands.context({ ns = "", stdout = function() end, stderr = function() end })
  local ok, f = pcall(spec.run, { table.unpack(words, 2) }, ctx)
  t.ok(not ok and commands.is_failure(f), c[1] .. ": raised as a failure")
  t.is(ok and f or (commands.is_failure(f) and f.status), c[2], c[1] .. ": with the tool's status")
  st, out, err = cmdline.run(c[1])
  t.is(st, c[2], c[1] .. ": the line's status")
  t.like(err, "\n" .. L("hint: ", "提示：") .. "[^\n]+\n$", c[1] .. ": ends with one hint line")
end
t.done()
