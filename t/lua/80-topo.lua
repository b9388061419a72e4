-- t/80: topo draws the reference labs as reviewed (t/data/80-*.txt), in
-- Unicode and ASCII; Graphviz and SVG output; big labs get a compact list.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/../lua/8x-lib.lua")
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
    t.like(dot, '"h141:tun0" %-%- "h142:tun0" %[style=dashed', "ipip: the tunnel is a dashed edge between the two tun0")
  end
  if lab == "docker" then
    t.like(dot, '"host:veth1" %-%- "host:br0" %[style=bold', "docker: a bridge port is joined to its bridge")
    t.like(dot, '"host:veth1" %-%- "container1:eth1";', "docker: the veth pair is an edge")
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
msg, ok = L.run("topo --svg " .. dir .. "/lab.svg")
t.ok(ok and msg:find("wrote " .. dir .. "/lab.svg", 1, true), "topo --svg FILE writes a picture", msg)
local svg = io.open(dir .. "/lab.svg"):read("a")
t.like(svg, "^<svg xmlns=\"http://www.w3.org/2000/svg\"", "the SVG file starts like one")
t.like(svg, "stroke%-dasharray", "the tunnel is dashed in the SVG too")
t.like(svg, "</svg>\n$", "the SVG file is complete")
local code = net.run("", { "python3", "-c", "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])", dir .. "/lab.svg" }, { capture = true })
if code ~= 127 then t.is(code, 0, "the SVG is well-formed XML (python's parser)") end
os.execute("rm -rf " .. dir)

-- bad input
local _, okb, err, st = L.run("topo --bogus")
t.ok(not okb and st == 2, "an unknown option fails with status 2")
t.like(err, "^topo: unknown option '%-%-bogus'\nhint: ", "and says so with a hint")
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
