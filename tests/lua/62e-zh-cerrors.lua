#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/62e-zh-cerrors.lua -- the error messages made in C reach a Chinese
learner in Chinese (issue 20). Every format of l_fail / luaL_error in src/*.c
has a Chinese text in netlearn.errors_zh's tables, or is on its short list of
real-tool words (M.VERBATIM), or has no English word at all; every Chinese
text passes zhtext.problems and keeps the format's conversions; a message made
from a format comes out Chinese with its names and numbers, inside a line with
a prefix and a kernel's extended-ACK text after it; under English nothing
changes. The checks are shown able to fail. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local CF = dofile(os.getenv("TESTLIB") .. "/cformats.lua")
local ez = require("netlearn.errors_zh")
local zt = require("netlearn.zhtext")
local i18n = require("netlearn.i18n")

local src = os.getenv("TESTDIR") .. "/../src"
local formats = CF.read(src)
-- net.link_add's checks moved to Lua keep their Chinese in the same tables
-- (and so do the checks of addresses, neighbours, NAT rules, routes and rules)
local lua_dir = os.getenv("TESTDIR") .. "/../lua/netlearn/"
-- (a kind's own rules are its description's check: lua/netlearn/kinds/<name>.lua)
local spec_files = { lua_dir .. "linkspec.lua", lua_dir .. "addrspec.lua", lua_dir .. "neighspec.lua",
  lua_dir .. "natspec.lua", lua_dir .. "routespec.lua", lua_dir .. "pingspec.lua" }
for _, k in ipairs(require("netlearn.kinds").all()) do
  if k.check then spec_files[#spec_files + 1] = lua_dir .. "kinds/" .. k.name .. ".lua" end
end
for _, f in ipairs(CF.read_lua(spec_files)) do
  formats[#formats + 1] = f
end
t.ok(#formats > 250, "the C sources give their error formats", #formats)
-- the extractor sees a known one
local seen = {}
for _, f in ipairs(formats) do seen[f.fmt] = f end
t.ok(seen["%s: mode= is for %s only"], "the extractor finds l_fail's format")
t.ok(seen["sleep: interrupted"], "the extractor finds a format in src/lnet.c")
t.ok(seen["%s: mode= is for %s only"] and seen["%s: VNI %d out of range 0-16777215"],
  "the extractor finds net.link_add's formats in lua/netlearn/linkspec.lua and the kinds' checks")
t.ok(seen["%s: label longer than 15 bytes"] and seen["neigh %s: nud \"%s\": unknown state"],
  "the extractor finds the address and neighbour checks' formats in addrspec.lua and neighspec.lua")
t.ok(seen["%s %s: table \"%s\": not a table (main, local, default or 1-4294967295)"]
  and seen["rule list: family \"%s\": use inet or inet6"],
  "the extractor finds the route and rule checks' formats in lua/netlearn/routespec.lua")

local zh = ez.all()
-- words outside the conversions: a run of two letters
local function has_words(fmt) return fmt:gsub("%%[-#0 +]*%d*%.?%*?%d*[hlLqjzt]*[diouxXeEfgGcsp%%]", ""):find("%a%a") ~= nil end
local function covered(fmt) return zh[fmt] ~= nil or ez.VERBATIM[fmt] ~= nil or not has_words(fmt) end
local missing = {}
for fmt, f in pairs(seen) do
  if not covered(fmt) then missing[#missing + 1] = f.file .. ":" .. f.line .. ": " .. fmt end
end
table.sort(missing)
t.ok(#missing == 0, "every C error format has its Chinese (netlearn.errors_zh_*) or is real-tool words",
  table.concat(missing, "\n"))
t.ok(not covered("%s: a format nobody wrote a Chinese for"), "the coverage check can fail")
t.ok(covered("%s: %s"), "a format without words needs no Chinese")

-- each Chinese text: typography, and the conversions carried over
local function nconv(fmt)
  local n = 0
  for c in fmt:gmatch("%%[-#0 +]*%d*%.?%*?%d*[hlLqjzt]*([diouxXeEfgGcsp%%])") do if c ~= "%" then n = n + 1 end end
  return n
end
local bad = {}
for fmt, text in pairs(zh) do
  local p = zt.problems(text)
  local want = nconv(fmt)
  for k = 1, want do
    if not text:find("%" .. k .. "$s", 1, true) then p[#p + 1] = "conversion " .. k .. " dropped" end
  end
  if text:find("%%%d%$s") and text:gsub("%%%d%$s", ""):gsub("%%%%", ""):find("%%") then p[#p + 1] = "a bare % conversion" end
  if not text:find("[\228-\233]") then p[#p + 1] = "no Chinese" end
  if not seen[fmt] then p[#p + 1] = "no such format in src/*.c or lua/netlearn/{link,addr,neigh,nat,route,ping}spec.lua (changed or gone?)" end
  if #p > 0 then bad[#bad + 1] = fmt .. " -> " .. text .. ": " .. table.concat(p, "; ") end
end
table.sort(bad)
t.ok(#bad == 0, "every Chinese text is clean and keeps the format's names and numbers", table.concat(bad, "\n"))
t.ok(#zt.problems("设备 不存在") > 0, "the typography check can fail")

-- translation of whole lines
i18n.set("zh")
local function zhline(en, want, name)
  t.is(ez.line(en), want, name)
end
zhline("x0: unknown device type 'foo' (use veth, bridge, macvlan, ipvlan, vxlan, ipip or dummy)",
  "x0：未知的设备类型 'foo'（可用 veth、bridge、macvlan、ipvlan、vxlan、ipip 或 dummy）", "a message with names")
zhline("netlearn: mv2: mode= is for macvlan and ipvlan only",
  "netlearn：mv2：mode= 只用于 macvlan 和 ipvlan", "a prefix before the message stays")
zhline("hint: netlearn: lo: the loopback device cannot be deleted", "提示：netlearn：lo：回环设备不能删除",
  "netlearn's 'hint: ' prefix is Chinese too")
zhline("hint: dummy devices need a kernel with CONFIG_DUMMY (module dummy); this kernel has none",
  "提示：dummy 设备需要内核支持 CONFIG_DUMMY（模块 dummy）；这个内核没有", "a kind's noun from C is Chinese")
zhline("eth0: a passthru macvlan must be its parent's only macvlan (mv1 is already on it)\n",
  "eth0：passthru 模式的 macvlan 必须是其父设备上唯一的 macvlan（mv1 已经在上面）\n", "the newline stays")
zhline("x0: a device with this name already exists in namespace net1", "x0：已有同名设备（在命名空间 net1 里）",
  "where_ns's 'in namespace NS' is Chinese")
zhline("x0: a device with this name already exists in the host", "x0：已有同名设备（在主机上）",
  "where_ns's 'in the host' is Chinese")
zhline("iptables v1.8.9 (nf_tables): nat_add: MASQUERADE works only in chain POSTROUTING, not INPUT",
  "iptables v1.8.9 (nf_tables): nat_add：MASQUERADE 只能用在 POSTROUTING 链，不能用在 INPUT", "a NAT rule check")
zhline("v0: mtu 70000 out of range 68-65535", "v0：mtu 70000 超出范围 68-65535", "numbers carry over")
zhline("v0: cannot create veth: Operation not permitted", "v0：无法创建 veth：Operation not permitted",
  "the errno text after the message stays")
zhline("RTNETLINK answers: File exists", "RTNETLINK answers: File exists", "iproute2's words stay")
zhline("tcpdump: eth9: No such device exists", "tcpdump: eth9: No such device exists", "tcpdump's words stay")
zhline("some other English line", "some other English line", "a line no format makes stays")
t.is(ez.translate("completely unknown"), nil, "translate: nil for a line no format makes")
zhline("ping: interrupted by the user", "ping: interrupted by the user",
  "a short format inside a longer English sentence is left alone")
zhline("sleep: interrupted", "sleep：被中断", "a whole short message is translated")
zhline("x0: a device with this name already exists: Kernel says so",
  "x0：已有同名设备：Kernel says so", "a kernel's extended ACK after the message stays")
-- every format, filled in with sample values, comes out as its own Chinese
local n, wrong = 0, {}
for fmt, text in pairs(zh) do
  local k = 0
  local en = fmt:gsub("%%[-#0 +]*%d*%.?%*?%d*[hlLqjzt]*([diouxXeEfgGcsp%%])", function(c)
    if c == "%" then return "%" end
    k = k + 1
    if c == "s" then return "w" .. k elseif c == "c" then return "c" else return tostring(10 + k) end
  end)
  local okc, got = pcall(ez.translate, en)
  if not okc then got = "error: " .. got end
  n = n + 1
  if not got or not got:find("[\228-\233]") then wrong[#wrong + 1] = en .. " -> " .. tostring(got) end
end
t.ok(#wrong == 0, "each of the " .. n .. " formats, filled in, is translated", table.concat(wrong, "\n"))
i18n.set("en")
t.is(ez.line("x0: unknown device type 'foo' (use veth, bridge, macvlan, ipvlan, vxlan, ipip or dummy)"),
  "x0: unknown device type 'foo' (use veth, bridge, macvlan, ipvlan, vxlan, ipip or dummy)",
  "under English the line is unchanged")
t.done()
