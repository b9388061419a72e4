#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/62c: with --lang zh every string a learner reads is Chinese, with
-- Chinese typography (issue 20, "Chinese"): no space between two Chinese
-- characters or beside full-width punctuation, no ASCII ':' ',' ';' '(' right
-- after Chinese, no English sentence. Checked on the message catalogues
-- (runtime, hints, help), on every claim of every lesson rendered in Chinese,
-- on narration, topo, trace path and the hints of failing commands in a lab;
-- and the checker itself is tested, so that it can fail.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local LS = dofile(os.getenv("TESTLIB") .. "/lab_script.lua")
local i18n = require("netlearn.i18n")
local zt = require("netlearn.zhtext")
local commands = require("netlearn.commands")

-- every problem of a Chinese text, "" when there is none
local function problems(s)
  local p = zt.problems(s)
  local eng, run = zt.has_english(s)
  if eng then p[#p + 1] = "an English sentence: " .. run end
  return table.concat(p, "; ")
end
local function clean(s, name)
  local p = problems(s)
  return t.ok(p == "", name, p .. "\n" .. s)
end

---------------------------------------------------------------------------
-- 1. the checker and the typography (units)
---------------------------------------------------------------------------
t.is(zt.tidy("宿主机 有路由 10.0.0.0/8"), "宿主机有路由 10.0.0.0/8", "tidy: no space between Chinese characters")
t.is(zt.tidy("lo（net1） 状态 DOWN"), "lo（net1）状态 DOWN", "tidy: no space after a full-width bracket")
t.is(zt.tidy("原因: 没有路由"), "原因：没有路由", "tidy: a colon after Chinese is full-width")
t.is(zt.tidy("收到回复 (echo reply)"), "收到回复（echo reply）", "tidy: brackets after Chinese are full-width")
t.is(zt.tidy("宿主机 ping 不通 10.0.0.1"), "宿主机 ping 不通 10.0.0.1", "tidy: spaces between Chinese and Latin stay")
t.is(zt.tidy("输出含有 '0: from all' 吗"), "输出含有 '0: from all' 吗", "tidy: quoted text is never changed")
t.is(zt.tidy("plain English, no change: (x)"), "plain English, no change: (x)", "tidy: English is left alone")
t.ok(problems("宿主机 有路由") ~= "", "the checker finds a space between Chinese characters")
t.ok(problems("原因: 没有") ~= "", "the checker finds an ASCII colon after Chinese")
t.ok(problems("回复 (echo)") ~= "", "the checker finds an ASCII bracket after Chinese")
t.ok(problems("（在 host 里） 状态") ~= "", "the checker finds a space after full-width punctuation")
t.ok(problems("提示：nothing listens on that port") ~= "", "the checker finds an English sentence")
t.is(problems("提示：ip route add default via 10.0.0.1（见 'ip route'）"), "", "a command line is not English prose")
t.is(problems("宿主机 ping 不通 10.0.0.1，ttl=64"), "", "clean Chinese passes")

-- fold: never a line that starts with closing punctuation, at any width
local NB = {}
for _, c in utf8.codes("，。：；！？、）」』》〉】") do NB[utf8.char(c)] = true end
local texts = {
  "  ✔ 把宿主机的地址挪到一个新建的子接口上（留在宿主机里）。然后访问 mac1（ip link）。",
  "  ✘ 在 eth0（server）抓包（过滤 'arp or icmp'）看到 ARP request who-has 10.211.66.10，'tell 10.211.66.1,'；以及 ICMP echo request。",
  "原因：规则 0 最先被尝试，local 表里有本机每个地址的 local 路由（走 lo）。'ip route get 10.211.55.6' 的回答是 'local ... dev lo'）。",
}
local bad_fold, widest = nil, 0
for _, s in ipairs(texts) do
  for cols = 20, 90 do
    for line in (zt.fold(s, cols, "    ") .. "\n"):gmatch("(.-)\n") do
      local first = line:gsub("^%s+", ""):match("^[%z\1-\127\194-\244][\128-\191]*")
      if first and NB[first] then bad_fold = bad_fold or (cols .. ": " .. line) end
      local w = i18n.width(line)
      if w > cols and not line:find("%S+%s*$") then widest = math.max(widest, w) end
    end
  end
end
t.ok(not bad_fold, "zhtext.fold never starts a line with closing punctuation (widths 20-90)", bad_fold)
local f = zt.fold(texts[1], 30, "    ")
t.like(f, "^  ✔ ", "fold keeps the line's own indent")
t.like(f, "\n    %S", "fold indents the lines after the first")
t.is(i18n.width("原因：ab"), 8, "i18n.width: Chinese characters take two columns")
-- 会/不会 where natural: a predict's yes/no words follow its question
local function yn(ask) return table.concat({ zt.yes_no(ask) }, "/") end
t.is(yn("再执行一次 'ip netns add net1' 会成功吗？"), "会/不会", "yes/no: 会成功吗 -> 会/不会")
t.is(yn("宿主机能 ping 通 192.167.3.1 吗？"), "能/不能", "yes/no: 能 ping 通吗 -> 能/不能")
t.is(yn("执行 'ip net exec net1 ip link delete veth0' 之后，net2 里的 veth1 还在吗？"), "在/不在", "yes/no: 还在吗 -> 在/不在")
t.is(yn("ip_forward = 0 时，container1 ping 192.168.0.2，会有包从 ens33 出去吗？"), "会/不会", "yes/no: 会有包吗 -> 会/不会")
t.is(yn("在这里，宿主机能 ping 通 192.177.1.4 吗？"), "能/不能", "yes/no: 在这里...能...吗 -> 能/不能")
t.is(yn("'curl --能' 还行吗？"), "能/不能", "yes/no: quoted words are not read")

---------------------------------------------------------------------------
-- 2. the catalogues: runtime messages, situational hints, help
---------------------------------------------------------------------------
i18n.set("zh")
for k, v in pairs(i18n.messages.zh) do clean(v, "i18n zh." .. k) end
for k in pairs(i18n.messages.en) do t.ok(i18n.messages.zh[k] ~= nil, "i18n: '" .. k .. "' has Chinese") end
local hints = require("netlearn.hints")
for k, v in pairs(hints.messages.zh) do clean(v, "hints zh." .. k) end
for k in pairs(hints.messages.en) do t.ok(hints.messages.zh[k] ~= nil, "hints: '" .. k .. "' has Chinese") end
local welcome = require("netlearn.welcome")
clean(welcome.BANNER.zh, "the banner")
for _, g in ipairs(welcome.GROUPS) do clean(g.zh, "help's group " .. g.en) end
for _, l in ipairs({ "show ip route", "show run", "conf t", "ls /tmp", "cd net1", "pwd", "enable" }) do
  local h = welcome.habit(l)
  t.like(h, "^netlearn：", "a habit from elsewhere in Chinese: " .. l)
  clean(h, "typography of the habit " .. l)
end
local ping6 = require("netlearn.cmd.ping6")
for k, v in pairs(ping6.messages.zh) do clean(v, "ping6 zh." .. k) end
local hz = require("netlearn.help_zh")
-- A help page's prose: its lines cut into columns at runs of spaces, without
-- the columns of syntax (a command line, an option, a [part]), where words
-- such as 地址 端口 are separate arguments.
local function prose(page)
  local keep = {}
  for line in (page .. "\n"):gmatch("(.-)\n") do
    for cell in (line:gsub("^%s+", "") .. "  "):gmatch("(.-)%s%s+") do
      local first = cell:match("^(%S+)") or ""
      first = first:gsub("^用法：", "")
      if cell ~= "" and not zt.COMMANDS[first] and not first:match("^[-%[<!$]") and not first:match("^%w+=") then
        keep[#keep + 1] = cell
      end
    end
  end
  return table.concat(keep, "\n")
end
commands.load_all()
for _, n in ipairs(commands.names()) do
  local spec = commands.registry[n]
  if spec.summary then
    t.ok(hz.SUMMARY[n] ~= nil, "help all: '" .. n .. "' has a Chinese summary")
    clean(hz.summary(n, spec), "summary of " .. n)
  end
  if spec.help then
    t.ok(hz.HELP[n] ~= nil, "help " .. n .. ": a Chinese page")
    clean(prose(hz.help(n, spec)), "help page of " .. n)
  end
end
local _, ok = LS.run("help")
t.ok(ok, "help runs")
for _, cmd in ipairs({ "help", "help all", "help trace", "help next", "route -h", "iptables -h", "why --help" }) do
  clean(prose((LS.run(cmd))), cmd .. " under --lang zh")
end

---------------------------------------------------------------------------
-- 3. every claim of every lesson, said in Chinese
---------------------------------------------------------------------------
local lesson = require("netlearn.lesson")
local claims = require("netlearn.claims")
local nclaims, bad_claims = 0, {}
for _, path in ipairs(lesson.all()) do
  local L = lesson.load(path)
  for si, s in ipairs(L and L.steps or {}) do
    for _, c in ipairs(s.claims or {}) do
      if not c.a.says then
        nclaims = nclaims + 1
        local zh = claims.render(c, "zh")
        local p = table.concat(zt.problems(zh), "; ")
        if p ~= "" then bad_claims[#bad_claims + 1] = lesson.id_of(path) .. " step " .. si .. ": " .. zh .. " (" .. p .. ")" end
      end
    end
  end
end
t.ok(nclaims > 100, "the lessons' claims were rendered (" .. nclaims .. ")")
t.ok(#bad_claims == 0, "every claim in Chinese has Chinese typography", table.concat(bad_claims, "\n"))

---------------------------------------------------------------------------
-- 4. a lab: narration, topo, trace path, the hints of failing commands
---------------------------------------------------------------------------
local narrate = require("netlearn.narrate")
local function change(cmd)
  local a = narrate.snapshot()
  LS.run(cmd)
  return narrate.format(narrate.diff(a, narrate.snapshot()))
end
local d = change("ip netns add z1")
t.is(d, "+ netns z1\n", "narration: a namespace")
d = change("ip link add zv0 type veth peer name zv1 netns z1")
t.is(d, "+ link zv0（veth，对端 zv1@z1）（在 host 里）\n", "narration: a veth pair, in Chinese")
d = change("ip addr add 10.66.0.1/24 dev zv0")
t.like(d, "%+ addr 10%.66%.0%.1/24 dev zv0（在 host 里）\n", "narration: an address")
d = change("ip link set zv0 up")
t.like(d, "^~ link zv0（在 host 里）：DOWN %-> UP（无载波）\n", "narration: a state change")
t.like(d, "%+ route 10%.66%.0%.0/24 dev zv0（在 host 里，内核自动添加）\n", "narration: the kernel's route")
clean(d, "narration is Chinese")
LS.run("ip -n z1 addr add 10.66.0.2/24 dev zv1")
LS.run("ip -n z1 link set zv1 up")
LS.run("ip -n z1 link set lo up")
d = change("sysctl -w net.ipv4.ip_forward=1")
t.is(d, "~ sysctl net.ipv4.ip_forward（在 host 里）：0 -> 1\n", "narration: a sysctl")
d = change("iptables -P FORWARD DROP")
t.is(d, "~ filter FORWARD 的默认策略（在 host 里）：ACCEPT -> DROP\n", "narration: a chain policy")
LS.run("iptables -P FORWARD ACCEPT")
t.is(narrate.format({}), "（内核里什么都没有变）\n", "narration: nothing changed")

local topo_out = LS.run("topo --ascii")
t.like(topo_out, "^实验室：2 个命名空间，2 个接口（不含 lo），1 对 veth\n", "topo: the summary in Chinese")
t.like(topo_out, "连线：\n  host zv0 %-%- z1 +zv1  veth 对", "topo: the links in Chinese")
for line in topo_out:gmatch("[^\n]+") do
  if not line:match("^[|+]") then clean(line, "topo line: " .. line) end
end

local tr = LS.run("trace path z1 10.66.0.1")
t.like(tr, "^一个 ping 从 z1 到 10%.66%.0%.1 的路径（%d+ 处看到）：", "trace path: the title in Chinese")
t.like(tr, "\n#  +%+us +位置 +方向 +源 IP +目的 IP +TTL ICMP +说明\n", "trace path: the column heads in Chinese")
t.like(tr, "请求", "trace path: a request")
t.like(tr, "应答", "trace path: a reply")
t.like(tr, "应答回来了（ttl=64）", "trace path: the verdict in Chinese")
-- the columns line up although the heads are Chinese (two columns a character)
local head, first = tr:match("\n(#[^\n]*)\n(1[^\n]*)")
t.is(i18n.width(head:match("^(.-)源 IP")), #first:match("^(.-)10%.66"), "trace path: the heads line up with the rows")

-- hints of failing commands: Chinese, never "hint:"
local function fails(cmd, want, name)
  local out, _, err = LS.run(cmd)
  local all = out .. err
  local hint = all:match("提示：[^\n]*") or all:match("hint:[^\n]*") or ""
  t.like(hint, "^提示：", name .. ": the hint is Chinese")
  if want then t.like(hint, want, name .. ": the hint names the fix") end
  clean(hint, name .. ": typography")
end
fails("ping -c 1 10.99.0.1", "ip route add", "ping, no route")
fails("ip netns exec z1 ping -c 1 10.99.0.1", "z1 没有到 10%.99%.0%.1 的路由", "ping in z1, no route")
LS.run("ip netns add z2")
fails("ip netns exec z2 ping -c 1 127.0.0.1", "ip link set lo up", "ping with lo down")
fails("ip netns exec z1 curl -m 1 10.66.0.1:8080", "没有程序在监听", "curl refused")
fails("ip link set nosuch up", "没有设备 nosuch", "ip, no such device")
fails("ip link set zv1 up", "zv1 在命名空间 z1 里", "ip, device in another namespace")
fails("ip route add 10.77.0.0/16 via 10.88.0.1", "网关", "ip route, gateway not on link")
fails("ip netns add z1", nil, "ip netns add, exists")
fails("ip addr add 1.2.3.4/33 dev zv0", "前缀长度", "ip addr, bad prefix")
fails("ip lnk", "ip link", "ip, unknown object")
fails("ip link set zv0 address 01:00:5e:00:00:01", "02:00:00:00:00:01", "ip link, a multicast MAC")
fails("ip neigh replace 10.66.0.9 lladdr 02:00:00:00:00 dev zv0", "MAC", "ip neigh, a short MAC")
fails("ip route add 10.77.0.1/24 dev zv0", "10%.77%.0%.0/24", "ip route, host bits")
fails("ip addr add 10.66.0.9/0 dev zv0", "默认路由", "ip addr, length 0")
fails("iptables -A INPUT -s 10.0.0.0/255.0.255.0 -j ACCEPT", "网段/长度", "iptables, a mask with holes")
fails("iptables -A INPUT -p tcp --dport nosuch -j ACCEPT", "服务名", "iptables, an unknown service")
fails("route add -net 10.0.0.0 gw 10.9.9.9", nil, "route, gateway not on link")
fails("sysctl -w net.ipv4.ip_forwrd=1", "net%.ipv4%.ip_forward", "sysctl, a misspelt name")
fails("tcpdump -i nosuch", "'ip link'", "tcpdump, no such device")
fails("ping -c x 10.66.0.2", "-c", "ping, a bad count")
fails("brctl addif br9 zv0", "brctl addbr br9", "brctl, no such bridge")
fails("trace path nowhere 10.66.0.1", "'ip netns'", "trace path, no such namespace")
fails("ns nowhere", "z1", "ns, no such namespace")
fails("iptables -A POSTROUTING -j MASQUERADE", "nat 表", "iptables, a nat chain in the filter table")
fails("iptables -A FORWARD -j accept", "-j ACCEPT", "iptables, a target in lower case")
fails("iptables -D FORWARD -s 10.1.2.3 -j DROP", "iptables %-t filter %-S FORWARD", "iptables -D, no such rule")
fails("iptables --ctstate NEW -A FORWARD -j ACCEPT", "%-m conntrack", "iptables, --ctstate without -m conntrack")
fails("iptables -t nat -A PREROUTING -j DNAT", "--to%-destination", "iptables, DNAT without --to-destination")

-- the ipip stand-in is marked in Chinese (where the kernel has no ipip)
local out, okt, err = LS.run("ip tunnel add ztun mode ipip remote 10.66.0.2 local 10.66.0.1")
t.ok(okt, "ip tunnel add", err)
local show = LS.run("ip tunnel show")
local l = net.link_get("", "ztun")
if l and l.userspace then
  t.like(err, "^netlearn：这个内核没有 ipip", "the stand-in notice is Chinese")
  t.like(show, "ttl inherit（netlearn 用户态的替身", "ip tunnel show marks the stand-in in Chinese, no space before the bracket")
else
  t.unlike(err, "user%-space", "kernel ipip: no stand-in notice")
  t.unlike(show, "替身", "kernel ipip: not marked")
end
LS.run("ip link del ztun")
LS.run("reset")
i18n.set("en")
t.is(narrate.format({}), "(nothing changed in the kernel)\n", "and English again with --lang en")
t.done()
