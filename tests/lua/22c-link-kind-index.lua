#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/22c-link-kind-index.lua -- a link kind is one unit: the Lua index
(netlearn.kinds) and the C table (src/kind.c, seen through net.link_add's
words) list the same kinds in the same order; every description has what its
consumers read; completion, `ip link help`, `ip -d link` (text and JSON) and
doctor take each kind's words from its description, vlan included (checked
here on a made-up link table, so without a kernel that has vlan); export,
net.link_add's checks and why read the descriptions too, so a made-up kind
added to the index is exported, checked and worded without another file
changing; the consumers that read them name no kind. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local kinds = require("netlearn.kinds")
local fmt = require("netlearn.iproute_fmt")
local complete = require("netlearn.complete")

-- the C table and the Lua index agree
local _, e = net.link_add(nil, { name = "x0", type = "nosuchkind" })
local c_list = tostring(e):match("%(use (.-)%)$")
t.is(c_list, kinds.words(kinds.names, "or"), "C's kinds are the Lua index's, in its order")

-- every description has what its consumers read
for _, k in ipairs(kinds.all()) do
  t.ok(type(k.noun) == "table" and k.noun.en and k.noun.zh, k.name .. ": noun in English and Chinese")
  t.ok(k.config and k.config:match("^CONFIG_") and k.module, k.name .. ": kernel option and module")
  t.ok(type(k.usage) == "string" and k.usage:sub(1, #k.name) == k.name, k.name .. ": usage")
  t.ok(type(k.example) == "string" and k.example:match(" type " .. k.name), k.name .. ": example")
  t.ok(type(k.details) == "function" and type(k.options) == "table" and type(k.probe) == "table", k.name .. ": details, options, probe")
  t.ok(k.parent ~= "required" or k.probe_parent, k.name .. ": doctor gives a parent when it needs one")
  if k.modes then
    t.ok(k.default_mode and type(k.mode_error) == "function", k.name .. ": modes have a default and an error")
    local got = complete.complete_words({ "ip", "link", "add", "x", "link", "lo", "type", k.name, "mode" }, "", "")
    local want = { table.unpack(k.modes) }
    table.sort(want)
    t.is(table.concat(got, " "), table.concat(want, " "), k.name .. ": completion offers its modes")
  end
end
t.is(table.concat(complete.complete_words({ "ip", "link", "add", "x", "type" }, "", ""), " "),
  table.concat((function() local n = { table.unpack(kinds.names) }; table.sort(n); return n end)(), " "),
  "completion after type: every kind")
t.is(table.concat(complete.complete_words({ "ip", "link", "add", "x", "link", "lo", "type", "vlan" }, "", ""), " "), "id",
  "completion after type vlan: its options")
-- macvlan's source mode: created by no one, offered nowhere
t.ok(not table.concat(kinds.get("macvlan").modes, " "):find("source"), "macvlan: source is not among netlearn's modes")

-- ip link help: every kind's usage
local help = require("netlearn.cmd.ip_help").OBJ_HELP.link
for _, k in ipairs(kinds.all()) do
  t.ok(help:find(k.usage, 1, true), "ip link help lists " .. k.name)
end

-- ip -d link of a vlan, as the real ip prints it (tests/lua/22b-link-vlan.lua checks
-- against the real ip where the kernel has vlan)
local l = { ifindex = 5, name = "eth0.10", type = "vlan", flags = { "BROADCAST", "MULTICAST" }, mtu = 1500,
  qdisc = "noop", operstate = "DOWN", group = "default", txqlen = 1000, linktype = "ether",
  address = "02:00:00:00:00:01", broadcast = "ff:ff:ff:ff:ff:ff", promiscuity = 0, link = "eth0", link_index = 4,
  id = 10, protocol = "802.1Q", vlan_flags = { "REORDER_HDR" } }
local text = fmt.link_text(l, { links = { l, { ifindex = 4, name = "eth0" } }, details = true })
t.like(text, "\n    vlan protocol 802%.1Q id 10 <REORDER_HDR> ", "ip -d link: the vlan line")
t.like(text, "^5: eth0%.10@eth0: ", "ip -d link: DEV@PARENT")
local j = require("netlearn.json").encode(fmt.link_json(l, { links = { l }, details = true }))
t.like(j, '"info_kind":"vlan","info_data":{"protocol":"802.1Q","id":10,"flags":%["REORDER_HDR"%]}', "ip -d -j link: info_data")

-- doctor tries every kind
local doctor = require("netlearn.doctor")
local tried = {}
for _, d in ipairs(doctor.DEVICES) do tried[#tried + 1] = d[1] end
t.is(table.concat(tried, " "), table.concat(kinds.names, " "), "doctor tries every kind")

-- C's noun of a kind (src/kind_<name>.c, in "... need a kernel with ...") is its
-- description's, and reaches a Chinese learner in its Chinese
local ez = require("netlearn.errors_zh")
for _, k in ipairs(kinds.all()) do
  local c = assert(io.open(os.getenv("TESTDIR") .. "/../src/kind_" .. k.name .. ".c")):read("a")
  t.is(c:match('%.noun = "([^"]*)"'), k.noun.en, k.name .. ": C's noun is the description's")
  t.is(ez.NOUNS[k.noun.en], k.noun.zh, k.name .. ": its noun has its Chinese in errors_zh")
end

do -- vlan's noun was missing from errors_zh's list, so this line stayed half English
  local i18n = require("netlearn.i18n")
  local was = i18n.lang
  i18n.lang = "zh"
  local zh = ez.line("vlan devices need a kernel with CONFIG_VLAN_8021Q (module 8021q); this kernel has none")
  i18n.lang = was
  t.like(zh, "^vlan 设备", "a vlan-less kernel's error is Chinese under zh", zh)
end

-- export: a kind's own words (its `export`), a child only on its parent's node
local vlan = kinds.get("vlan")
local function on_node(d) return d == "eth0" and "eth0-lab" or nil end
t.is(kinds.export_words(vlan, l, on_node), " link eth0-lab type vlan id 10", "export: a vlan on its parent")
t.is(kinds.export_words(vlan, { type = "vlan", id = 10, link = "gone" }, on_node), nil, "export: no parent on the node, no vlan")
t.is(select(2, kinds.export_words(kinds.get("veth"), { type = "veth", link = "eth0" }, on_node)), "eth0",
  "export: a veth with both ends on the node makes its peer too")
t.is(kinds.export_words(kinds.get("ipip"), { type = "ipip" }, on_node), nil, "export: ipip is not a kind's words (ip tunnel add)")

-- the consumers read descriptions, not kind names
for _, f in ipairs({ "export.lua", "why_model.lua", "narrate.lua", "quiet.lua", "linkspec.lua" }) do
  local src = assert(io.open(os.getenv("TESTDIR") .. "/../lua/netlearn/" .. f)):read("a")
  local named = {}
  for _, n in ipairs(kinds.names) do
    -- linkspec's master rule names the kinds of masters, which are not all netlearn's kinds
    if src:find('"' .. n .. '"', 1, true) and not (f == "linkspec.lua" and n == "bridge") then named[#named + 1] = n end
  end
  t.is(table.concat(named, " "), "", f .. " names no kind")
end

-- a made-up kind, added to the index only: net.link_add's words and export take it in
local stub = { errno = net.errno, ns_exists = function() return true end, link_get = function() return nil end }
local linkspec = require("netlearn.linkspec")
local _, msg = linkspec.check(stub, "", { name = "d0", type = "dummy", remote = "10.0.0.1" })
t.is(msg, "d0: remote= is for vxlan and ipip tunnels only", "linkspec: the tunnels' words come from their fields")
package.loaded["netlearn.kinds.gre"] = { name = "gre", noun = { en = "gre tunnels", zh = "gre 隧道" },
  fields = { "remote", "local", "ttl" }, wire = "tunnel", export = true,
  args = function(x) return " remote " .. x.remote end,
  check = function(x, C) if not x.remote then return C.fail(C.E.EINVAL, "%s: a gre needs remote=", x.name) end return true end }
kinds.names[#kinds.names + 1] = "gre"
_, msg = linkspec.check(stub, "", { name = "d0", type = "dummy", remote = "10.0.0.1" })
t.is(msg, "d0: remote= is for vxlan, ipip and gre tunnels only", "linkspec: a new tunnel kind joins the words")
_, msg = linkspec.check(stub, "", { name = "g0", type = "gre" })
t.is(msg, "g0: a gre needs remote=", "linkspec: a kind's own check runs")
t.ok(linkspec.check(stub, "", { name = "g0", type = "gre", remote = "10.0.0.2" }), "linkspec: a good spec of a new kind passes")
t.is(kinds.export_words(kinds.get("gre"), { type = "gre", remote = "10.0.0.2" }, on_node), " type gre remote 10.0.0.2",
  "export: a new kind's words")
table.remove(kinds.names)
t.done()
