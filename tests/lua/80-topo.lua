#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/80: topo draws the reference labs as reviewed (tests/data/80-*.txt), in
-- Unicode and ASCII; Graphviz and SVG output; big labs get a compact list.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/lab_script.lua")
local topo = require("netlearn.topo")

for _, lab in ipairs({ "article1", "bridge", "docker", "ipip" }) do
  L.run("reset")
  local ok, why = L.build("80-" .. lab .. ".cmds")
  t.ok(ok, lab .. ": the lab builds", why)
  local out, okd = L.run("topo")
  t.ok(okd, lab .. ": topo succeeds")
  L.expect(t, out, "80-" .. lab .. ".txt", lab .. ": the Unicode drawing is the reviewed one")
  out = L.run("show topology --ascii")
  L.expect(t, out, "80-" .. lab .. ".ascii", lab .. ": the ASCII drawing is the reviewed one")
  t.unlike(out, "[\128-\255]", lab .. ": --ascii is pure ASCII")
  local dot = L.run("topo --dot")
  t.like(dot, "^graph lab {", lab .. ": --dot writes a Graphviz graph")
  if lab == "ipip" then
    t.like(dot, '"h141":"d_tun0" %-%- "h142":"d_tun0" %[color="#%x+", style=dashed', "ipip: the tunnel is a dashed edge between the two tun0")
    t.like(dot, 'label="ipip tunnel over 172%.16%.94%.141 ↔ 172%.16%.94%.142"', "ipip: labelled with its underlay's addresses")
  end
  if lab == "docker" then
    t.like(dot, '"host":"d_br0" %-%- "switch host br0" %[color="#%x+", style=bold%]', "docker: the host's br0 joins the switch")
    t.like(dot, '"switch host br0":"d_veth1" %-%- "container1":"d_eth1" %[color="#%x+", label="veth1 ↔ eth1"%]',
      "docker: the veth pair is an edge from the switch's port to the container, labelled with both devices")
    t.like(dot, "%-t nat %-A POSTROUTING %-s 172%.168%.1%.0/24 %-o ens33 %-j MASQUERADE", "docker: the NAT rule is on the host")
    t.like(dot, "→ default via 192%.168%.0%.2", "docker: and its route")
  end
end

-- colour only when asked (the test's output is no terminal)
local plain = L.run("topo")
t.unlike(plain, "\27%[", "no colour codes when the output is not a terminal")
local coloured = L.run("topo --color")
t.like(coloured, "\27%[32mUP\27%[0m", "--color: UP in green")
t.is((coloured:gsub("\27%[%d+m", "")), plain, "--color changes nothing but the colours")

-- every line of the drawing has the same box width
local out = L.run("topo --ascii")
local widths = {}
for line in out:gmatch("[^\n]+") do
  local box = line:match("^([|+].-[|+])[ %-.=|+:]*$")
  if box and line:sub(1, 1) ~= " " then widths[#box] = true end
end
local n = 0
for _ in pairs(widths) do n = n + 1 end
t.is(n, 1, "every box of the drawing has the same width")

-- files
local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. dir))
local msg, ok = L.run("topo --dot " .. dir .. "/lab.dot")
t.ok(ok and msg:find("wrote Graphviz text", 1, true), "topo --dot FILE says where it wrote", msg)
t.like(io.open(dir .. "/lab.dot"):read("a"), "^graph lab", "the file holds the graph")
-- the picture, through Graphviz when it is installed and through netlearn's own
-- renderer (--builtin; the only one without Graphviz): both say what they are and
-- draw hosts, switches, addresses, routes, NAT rules and the dashed tunnel
local have_dot = net.run("", { "dot", "-V" }, { capture = true }) == 0
local have_xmllint = net.run("", { "xmllint", "--version" }, { capture = true }) == 0
local function well_formed(file, name)
  if have_xmllint then
    local code, _, err = net.run("", { "xmllint", "--noout", file }, { capture = true })
    t.is(code, 0, name .. ": the SVG is well-formed XML (xmllint)", err)
  else
    local code = net.run("", { "python3", "-c", "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])", file },
      { capture = true })
    if code ~= 127 then t.is(code, 0, name .. ": the SVG is well-formed XML (python's parser)") end
  end
end
local function picture(lab, opt)
  local f = dir .. "/" .. lab .. (opt ~= "" and "-builtin" or "") .. ".svg"
  local msg, ok = L.run("topo --svg " .. f .. opt)
  local name = lab .. (opt ~= "" and " (built-in renderer)" or (have_dot and " (Graphviz)" or " (no Graphviz: built-in)"))
  t.ok(ok and msg:find("wrote " .. f, 1, true), name .. ": topo --svg FILE writes a picture", msg)
  if opt ~= "" then
    t.like(msg, "netlearn's own layout, as asked: %-%-builtin", name .. ": says which renderer")
  elseif have_dot then
    t.like(msg, "laid out by Graphviz", name .. ": says Graphviz laid it out")
  else
    t.like(msg, "netlearn's own layout: Graphviz 'dot' is not installed", name .. ": says Graphviz is missing")
  end
  local svg = io.open(f):read("a")
  t.like(svg, "<svg", name .. ": an SVG")
  t.like(svg, "</svg>%s*$", name .. ": complete")
  well_formed(f, name)
  -- the words a teacher points at (text in the SVG: XML-escaped, maybe split by Graphviz at spaces)
  local text = svg:gsub("<[^>]*>", " "):gsub("&#(%d+);", function(n) return utf8.char(tonumber(n)) end)
  text = text:gsub("&gt;", ">"):gsub("&lt;", "<"):gsub("&apos;", "'"):gsub("&quot;", '"'):gsub("&amp;", "&")
  text = text:gsub("\194\160", " "):gsub("%s+", " ")
  return svg, text, name
end
if not have_dot then t.diag("Graphviz is not installed: only the built-in renderer is tested (scripts/deps.sh installs it)") end
for _, lab in ipairs({ "docker", "ipip" }) do
  L.run("reset")
  assert(L.build("80-" .. lab .. ".cmds"))
  for _, opt in ipairs({ "", " --builtin" }) do
    local svg, text, name = picture(lab, opt)
    t.like(text, "switch br0", name .. ": the bridge is a switch")
    if lab == "docker" then
      for _, w in ipairs({ "container1", "eth1 veth", "172.168.1.11/24", "172.168.1.1/24", "ip_forward=1",
          "→ default via 172.168.1.1", "→ default via 192.168.0.2", "port veth1", "veth1 ↔ eth1", "ens33 ↔ eth0",
          "iptables / NAT", "-t nat -A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE" }) do
        t.ok(text:find(w, 1, true), name .. ": shows '" .. w .. "'", text)
      end
    else
      for _, w in ipairs({ "h141", "tun0 ipip", "1.1.1.1/24", "172.16.94.142/24", "→ 10.1.8.0/24 via 1.1.1.2",
          "switch in h142", "br-int0 ↔ int0", "ipip tunnel over 172.16.94.141 ↔ 172.16.94.142",
          "ipip*: netlearn's user-space ipip stand-in" }) do
        t.ok(text:find(w, 1, true), name .. ": shows '" .. w .. "'", text)
      end
      t.like(svg, "stroke%-dasharray", name .. ": the tunnel is dashed")
    end
  end
end
os.execute("rm -rf " .. dir)

-- bad input
local _, okb, err, st = L.run("topo --bogus")
t.ok(not okb and st == 2, "an unknown option fails with status 2")
t.like(err, "^topo: unknown option '%-%-bogus'\nhint: ", "and says so with a hint")
_, okb, err = L.run("topo --builtin")
t.like(err, "^topo: %-%-builtin chooses the SVG renderer; it goes with %-%-svg FILE", "--builtin without --svg is refused")
_, okb, err = L.run("topo --svg")
t.like(err, "^topo: %-%-svg needs a file name", "--svg without a file is refused")
_, okb, err = L.run("show routes")
t.like(err, "^show: unknown object 'routes'", "show knows only topology")
_, okb, err = L.run("topo --dot /nonexistent/dir/x.dot")
t.like(err, "^topo: cannot write /nonexistent/dir/x.dot", "an unwritable file is one clear line")

-- a lab too big to draw: a compact list instead
L.run("reset")
for i = 1, 31 do assert(net.ns_add(string.format("n%02d", i))) end
assert(net.link_add("n01", { name = "a", type = "veth", peer = "b", peer_ns = "n02" }))
out = L.run("topo")
t.like(out, "^topo: 32 namespaces: too many to draw readably %(the limit is 30%); here is a compact list instead",
  "more than 30 namespaces: said plainly")
t.like(out, "\nn01: a DOWN %-> n02/b\n", "and a compact line per namespace")
t.unlike(out, "┌", "no boxes")
t.like(L.run("topo --compact"), "^Lab: 32 namespaces", "topo --compact works on any lab")

-- speed: the model of a lab of ~10 namespaces is quick
L.run("reset")
local t0 = os.clock()
local m = topo.model(topo.gather())
topo.draw(m)
t.ok(os.clock() - t0 < 0.5, "gathering and drawing take well under a second")
t.done()
