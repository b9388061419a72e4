#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/23c-addr-neigh-spec.lua -- issue #19 for addresses and
neighbours: what net.addr_add/addr_del/addr_flush and net.neigh_set/neigh_list/
neigh_flush are given is checked and worded once, in Lua (netlearn.addrspec,
netlearn.neighspec). The C bindings alone (netlearn.cnet) keep one plain
"DEV: FN: FIELD= malformed or out of range" for a field their request cannot
carry, and change nothing; what the kernel answers is still worded in C, and
comes first when the device is not there. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local cnet = require("netlearn.cnet")
local addrspec = require("netlearn.addrspec")
local neighspec = require("netlearn.neighspec")
local i18n = require("netlearn.i18n")
local ez = require("netlearn.errors_zh")

assert(net.ns_add("s1"))
assert(net.link_add("s1", { name = "e0", type = "veth", peer = "e1", up = true }))
assert(net.addr_add("s1", "e0", "10.0.1.1/24"))
assert(net.neigh_set("s1", "add", { dst = "10.0.1.5", dev = "e0", lladdr = "02:00:00:00:00:05" }))

-- the lab's addresses and neighbours, as the real ip lists them
local function state() return t.nsh("s1", "ip -o addr; ip neigh") end

local function same(name, want_pat, f, ...) t.fails_unchanged(state, want_pat, name, f, ...) end

local E = net.errno
-- DEV false: no device to name (the guard then starts with the function)
local function plain(fn, field, dev)
  return "^" .. (dev == false and "" or ((dev or "e0") .. ": ")) .. fn .. ": " .. field .. "= malformed or out of range$"
end

-- addresses: the Lua words through net, the plain guard through cnet
local ADDR = {
  { "prefix", "^10.0.0.300/24: not an IPv4 prefix %(want a.b.c.d/len%)$", "addr_add", "10.0.0.300/24" },
  { "prefix", "^2001:db8::1/129: not an IPv6 prefix", "addr_add", "2001:db8::1/129" },
  { "broadcast", "^10.0.0: not an IPv4 broadcast address", "addr_add", "10.0.9.1/24", { broadcast = "10.0.0" } },
  { "broadcast", "^2001:db8::1/64: broadcast= is for IPv4 addresses only$", "addr_add", "2001:db8::1/64", { broadcast = "+" } },
  { "scope", "^planet: unknown scope %(use global, site, link, host or 0%-255%)$", "addr_add", "10.0.9.1/24", { scope = "planet" } },
  { "label", "^e0:abcdefghijklmnop: label longer than 15 bytes$", "addr_add", "10.0.9.1/24", { label = "e0:abcdefghijklmnop" } },
  { "prefix", "^10.9.9/24: not an IPv4 prefix", "addr_del", "10.9.9/24" },
}
for _, c in ipairs(ADDR) do
  local field, words, fn = c[1], c[2], c[3]
  same("net." .. fn .. " " .. c[4] .. " (" .. field .. "): netlearn.addrspec's words", words, net[fn], "s1", "e0", c[4], c[5])
  same("cnet." .. fn .. " " .. c[4] .. " (" .. field .. "): the plain guard", plain(fn, field), cnet[fn], "s1", "e0", c[4], c[5])
end
same("net.addr_flush family=ipx: addrspec's words", "^ipx: unknown family %(use inet, inet6 or all%)$", net.addr_flush, "s1", "e0", { family = "ipx" })
same("cnet.addr_flush family=ipx: the plain guard", plain("addr_flush", "family"), cnet.addr_flush, "s1", "e0", { family = "ipx" })

-- the words are the module's: the same text from addrspec.check_add itself, no kernel asked
local ok, msg, errno = addrspec.check_add(net, "s1", "e0", "10.0.9.1/24", { label = "eth0:1" })
t.ok(not ok and errno == E.EINVAL, "addrspec.check_add refuses a label not named after its device")
t.is(select(2, net.addr_add("s1", "e0", "10.0.9.1/24", { label = "eth0:1" })), msg, "... and net.addr_add says the same")
t.is(addrspec.ipv4_only("inet6", { label = "x" }), "label", "ipv4_only: IPv6 takes no label")
t.ok(addrspec.scope_ok("link") and addrspec.scope_ok("200") and not addrspec.scope_ok("256") and not addrspec.scope_ok(""),
  "scope_ok: the names and 0-255")

-- the kernel's answers stay C's, and a missing device is said before a bad option
same("addr_add on no such device with a bad scope: the device is named",
  "^nosuch: no such device in namespace s1$", net.addr_add, "s1", "nosuch", "10.0.9.1/24", { scope = "planet" })
same("addr_add in no such namespace with a bad label: the namespace is named",
  "^nons: no such namespace$", net.addr_add, "nons", "e0", "10.0.9.1/24", { label = "x" })
same("a bad prefix comes before the device", "^10.0.9.300/24: not an IPv4 prefix", net.addr_add, "s1", "nosuch", "10.0.9.300/24")

-- neighbours
local NEIGH = {
  { "dst", '^neigh add: "10.0.1.300": not an IPv4 or IPv6 address$', { dst = "10.0.1.300", dev = "e0" } },
  { "dev", "^neigh add: a device %(dev%) is required$", { dst = "10.0.1.6" }, false },
  { "lladdr", '^neigh add: lladdr "02:00:00:00:00": not a MAC address$', { dst = "10.0.1.6", dev = "e0", lladdr = "02:00:00:00:00" } },
  { "nud", '^neigh add: nud "STALE": unknown state$', { dst = "10.0.1.6", dev = "e0", nud = "STALE" } },
}
for _, c in ipairs(NEIGH) do
  same("net.neigh_set " .. c[1] .. ": netlearn.neighspec's words", c[2], net.neigh_set, "s1", "add", c[3])
  same("cnet.neigh_set " .. c[1] .. ": the plain guard", plain("neigh_set", c[1], c[4]), cnet.neigh_set, "s1", "add", c[3])
end
same("net.neigh_list family: neighspec's words", '^neigh list: family "ipx": use inet, inet6 or all$', net.neigh_list, "s1", { family = "ipx" })
same("cnet.neigh_list family: the plain guard", plain("neigh_list", "family", false), cnet.neigh_list, "s1", { family = "ipx" })
local long = string.rep("d", 16)
local r, m, e = net.neigh_flush("s1", { dev = long })
t.ok(r == nil and m == 'neigh flush: dev "' .. long .. '": not a device name (1-15 bytes)' and e == E.ENODEV,
  "net.neigh_flush dev too long: neighspec's words, ENODEV", m)
same("cnet.neigh_flush dev too long: the plain guard", plain("neigh_flush", "dev", long), cnet.neigh_flush, "s1", { dev = long })
same("neigh_set on no such device: C's words for the kernel's answer", '^neigh add: Cannot find device "nosuch"$',
  net.neigh_set, "s1", "add", { dst = "10.0.1.6", dev = "nosuch" })
t.ok(neighspec.NUD.stale and not neighspec.NUD.STALE, "neighspec.NUD: the states' names, lower case")

-- unknown fields and wrong types are the C binding's to name or raise, as before;
-- one checker (src/l_spec.c's l_check_fields) words every family's unknown field
t.fails("^addr_add: unknown field 'bogus' %(known fields: broadcast, label, scope, nodad, noprefixroute%)$",
  "addr_add unknown field: named by C, in the shared words", net.addr_add("s1", "e0", "10.0.9.1/24", { bogus = 1 }))
t.fails("^neigh: unknown field 'foo'", "neigh_set unknown field: named by C", net.neigh_set("s1", "add", { dst = "10.0.1.6", dev = "e0", foo = 1 }))
local okr, err = pcall(net.neigh_set, "s1", "bogus", { dst = "10.0.1.6", dev = "e0" })
t.ok(not okr and tostring(err):find("invalid option 'bogus'", 1, true), "neigh_set bad op raises", tostring(err))
okr, err = pcall(net.addr_add, "s1", {}, "10.0.9.1/24")
t.ok(not okr, "addr_add device a table raises", tostring(err))

-- the plain guard and the Lua words in Chinese
i18n.lang = "zh"
t.is(ez.line("e0: addr_add: scope= malformed or out of range"), "e0：addr_add：scope= 格式不对或超出范围", "the guard in Chinese")
t.is(ez.line('neigh add: nud "STALE": unknown state'), 'neigh add：nud "STALE"：未知状态', "neighspec's words in Chinese")
t.is(ez.line("planet: unknown scope (use global, site, link, host or 0-255)"),
  "planet：未知的 scope（可用 global、site、link、host 或 0-255）", "addrspec's words in Chinese")
-- a leading name with ':' in it (an IPv6 prefix, a label) is put in Chinese too
-- (it stayed English: the leading name of a format was read without ':')
t.is(ez.line("2001:db8::1/64: broadcast= is for IPv4 addresses only"), "2001:db8::1/64：broadcast= 只用于 IPv4 地址",
  "an IPv6 prefix before the words")
t.is(ez.line("hint: netlearn: eth0:1: a label must begin with the device name (e0:...)"),
  "提示：netlearn：eth0:1：标签必须以设备名开头（e0:...）", "a label before the words, after the hint's prefix")
t.is(ez.line("netlearn: veth0: no such device in the host"), "netlearn：veth0：没有设备（在主机上）", "a name without ':' as before")
i18n.lang = "en"

net.ns_del("s1")
t.done()
