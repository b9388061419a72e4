#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/82: export clab writes a containerlab topology: valid against a subset of
-- containerlab's schema (tests/data/clab-subset.schema.json), parsed back to the
-- same lab, and the Docker lab's file is the reviewed one.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local L = dofile(os.getenv("TESTLIB") .. "/lab_script.lua")
local json = require("netlearn.json")
local export = require("netlearn.export")

local schema = json.decode(L.read("clab-subset.schema.json"))
t.ok(type(schema) == "table" and schema.properties.topology, "the schema subset loads")

-- containerlab's own rules beyond the schema (core/clab.go getSpecialLinkNodes,
-- links/link_brief.go): an endpoint's node part before the first ':' names a
-- node, and host / mgmt-net / macvlan there mean something else (the machine's
-- root namespace, the management bridge, a macvlan on the machine's NIC);
-- an interface name is a Linux one (1-15 bytes)
function clab_rules(doc)
  local bad = {}
  local nodes = doc.topology and doc.topology.nodes or {}
  for name in pairs(nodes) do
    if export.RESERVED[name:lower()] then bad[#bad + 1] = "node " .. name .. " is reserved by containerlab" end
    if name:find(":", 1, true) then bad[#bad + 1] = "node " .. name .. " has a ':'" end
  end
  for _, l in ipairs(doc.topology and doc.topology.links or {}) do
    for _, ep in ipairs(l.endpoints or {}) do
      local node, ifn = ep:match("^([^:]*):(.*)$")
      if not node or not nodes[node] then bad[#bad + 1] = "endpoint " .. ep .. ": no such node" end
      if not ifn or #ifn == 0 or #ifn > 15 or ifn:find("[:/%s]") then bad[#bad + 1] = "endpoint " .. ep .. ": not an interface name" end
    end
  end
  return bad
end

-- the validator itself rejects what containerlab rejects
local function problems(v) return table.concat(L.validate(v, schema), "; ") end
t.is(problems({ name = "x", topology = { nodes = { a = { kind = "linux" } } } }), "", "a minimal topology is valid")
t.like(problems({ topology = { nodes = {} } }), "missing required 'name'", "no name: refused")
t.like(problems({ name = "x", topology = { nodes = { a = { kind = "docker" } } } }), "not one of the allowed", "an unknown kind: refused")
t.like(problems({ name = "x", topology = { nodes = { a = { kind = "linux", colour = "red" } } } }), "unknown key 'colour'",
  "an unknown node field: refused")
t.like(problems({ name = "x", topology = { nodes = {}, links = { { endpoints = { "a:e1", "b" } } } } }), "does not match",
  "an endpoint without an interface: refused")
t.like(problems({ name = "x", topology = { nodes = {}, links = { { endpoints = { "a:e1", "b:e1", "c:e1" } } } } }),
  "at most 2", "three endpoints: refused")
t.like(problems({ name = "x", topology = { nodes = {}, links = { { endpoints = { "a:e1", "a:e1" } } } } }),
  "twice", "the same endpoint twice: refused")
t.like(problems({ name = "x", topology = { nodes = { a = { kind = "linux", exec = {} } } } }), "want array", "an empty exec: refused")
t.like(problems({ name = "x", topology = { nodes = { ["h141:ns1"] = { kind = "linux" } } } }), "unknown key 'h141:ns1'",
  "a node name with ':' (containerlab's pattern): refused")
t.like(problems({ name = "a b", topology = { nodes = {} } }), "does not match", "a lab name with a space: refused")
t.like(table.concat(clab_rules({ topology = { nodes = { host = { kind = "linux" } },
  links = { { endpoints = { "host:e1", "x:e2" } } } } }), "; "), "node host is reserved.*endpoint x:e2: no such node",
  "the naming rules catch a node called host and an endpoint on no node")

-- the YAML emitter: quoting
t.is(export.scalar("linux"), "linux", "a plain word stays plain")
t.is(export.scalar("yes"), '"yes"', "a YAML boolean word is quoted")
t.is(export.scalar("ip addr add 10.0.0.1/24 dev e1"), '"ip addr add 10.0.0.1/24 dev e1"', "spaces are quoted")
t.is(export.scalar('say "hi" # x'), '"say \\"hi\\" # x"', "quotes are escaped")
local back = L.yaml(export.yaml(export.map({ { "a", export.map({ { "b", { "x: y", "#z", "1.5" } } }) } })))
t.ok(back and back.a and back.a.b[1] == "x: y" and back.a.b[2] == "#z" and back.a.b[3] == "1.5", "tricky strings survive a round trip")

local function pyoracle(file)
  local script = [[
import sys, json
try:
    import yaml, jsonschema
except ImportError:
    sys.exit(3)
doc = yaml.safe_load(open(sys.argv[1]))
jsonschema.validate(doc, json.load(open(sys.argv[2])))
]]
  local code, _, err = net.run("", { "python3", "-c", script, file, L.data .. "/clab-subset.schema.json" }, { capture = true })
  return code, err
end

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. dir))
for _, lab in ipairs({ "article1", "bridge", "docker", "ipip" }) do
  L.run("reset")
  local ok, why = L.build("80-" .. lab .. ".cmds")
  t.ok(ok, lab .. ": the lab builds", why)
  local file = dir .. "/" .. lab .. ".clab.yml"
  local msg, okx = L.run("export clab " .. file)
  t.ok(okx and msg:find("wrote " .. file, 1, true), lab .. ": export clab writes the file", msg)
  local text = io.open(file):read("a")
  local doc, perr = L.yaml(text)
  t.ok(doc, lab .. ": the YAML parses back", perr)
  doc = doc or {}
  t.is(problems(doc), "", lab .. ": valid against containerlab's schema (subset)")
  t.is(doc.name, lab, lab .. ": the topology is named after the file")
  -- the links are the lab's veth pairs between namespaces, with the right devices
  local topo = require("netlearn.topo")
  local m = topo.model(topo.gather())
  local want = {}
  for _, e in ipairs(m.edges) do
    if e.kind == "veth" and e.a.ns ~= e.b.ns then
      local function ep(p) return (p.ns == "" and "lab-host" or p.ns) .. ":" .. (p.dev == "eth0" and "eth0-lab" or p.dev) end
      want[#want + 1] = ep(e.a) .. " " .. ep(e.b)
    end
  end
  local got = {}
  for _, l in ipairs(doc.topology and doc.topology.links or {}) do got[#got + 1] = table.concat(l.endpoints, " ") end
  t.is(table.concat(got, ", "), table.concat(want, ", "), lab .. ": one link per veth pair between namespaces")
  for _, ns in ipairs(net.ns_list()) do
    local node = doc.topology and doc.topology.nodes and doc.topology.nodes[export.node_names(net.ns_list())[ns]]
    t.ok(node and node.kind == "linux" and node.image == "nicolaka/netshoot", lab .. ": namespace " .. ns .. " is a linux node")
    -- every address of the namespace is an exec line
    local execs = table.concat(node and node.exec or {}, "\n")
    for _, a in ipairs(net.addr_list(ns)) do
      if a.family == "inet" and a.dev ~= "lo" then
        local dev = a.dev == "eth0" and "eth0-lab" or a.dev
        t.ok(execs:find("ip addr add " .. a.address .. "/" .. a.prefixlen .. " dev " .. dev, 1, true),
          lab .. ": " .. ns .. " gets " .. a.address .. " by exec")
      end
    end
  end
  t.is(table.concat(clab_rules(doc), "; "), "", lab .. ": containerlab's naming rules hold")
  local code, err = pyoracle(file)
  if code == 0 or (code ~= 127 and code ~= 3) then
    t.is(code, 0, lab .. ": PyYAML + jsonschema agree it is valid", err)
  end
  if lab == "docker" then L.expect(t, text:gsub(dir, "DIR"), "82-docker.clab.yml", "docker: the exported file is the reviewed one") end
  if lab == "ipip" then
    local h141 = table.concat(doc.topology.nodes.h141.exec, "\n")
    t.like(h141, "ip tunnel add tun0 mode ipip remote 172%.16%.94%.142 local 172%.16%.94%.141", "ipip: the tunnel is an exec line")
    t.like(h141, "ip link add br0 type bridge\n", "ipip: the bridge inside a node is made by exec")
    t.like(h141, "ip link set br%-int0 master br0", "ipip: and its port joined")
    t.like(h141, "sysctl %-w net%.ipv4%.ip_forward=1", "ipip: forwarding is on")
    t.like(h141, "ip route replace 10%.1%.8%.0/24 via 1%.1%.1%.2 dev tun0 onlink", "ipip: the route through the tunnel")
    local bridge_first = h141:find("type bridge", 1, true) < h141:find("master br0", 1, true)
    t.ok(bridge_first, "ipip: the bridge is made before its port joins it")
  end
end
-- names containerlab would refuse or read otherwise: a namespace called host
-- (containerlab's host is the machine itself), a machine view's host141:ns1,
-- names that would meet after cleaning
L.run("reset")
-- (the shell refuses `ip netns add host`; a lesson's machine view or the raw
-- API can still make one, so the export must cope)
local _, okh, errh = L.run("ip netns add host")
t.ok(not okh and errh:find('"host" is the name of the lab', 1, true), "ip netns add host is refused", errh)
assert(require("netlearn.machine").raw.ns_add("host"))
for _, l in ipairs({ "ip netns add Host", "ip netns add host141:ns1", "ip netns add host141-ns1",
  "ip netns add mgmt-net", "ip netns add lab-host",
  "ip link add ha type veth peer name hb", "ip link set hb netns host", "ip addr add 10.9.1.1/24 dev ha",
  "ip link add hc type veth peer name hd", "ip link set hc netns host141:ns1", "ip link set hd netns mgmt-net",
  "ip link add he type veth peer name hf", "ip link set he netns lab-host", "ip link set hf netns host141-ns1" }) do
  local msg, okl = L.run(l)
  t.ok(okl, "odd names: " .. l, msg)
end
local file = dir .. "/names.clab.yml"
local msg, okx = L.run("export clab " .. file)
t.ok(okx, "odd names: export clab writes the file", msg)
local text = io.open(file):read("a")
local doc, perr = L.yaml(text)
t.ok(doc, "odd names: the YAML parses back", perr)
doc = doc or { topology = { nodes = {} } }
t.is(problems(doc), "", "odd names: valid against containerlab's schema (subset)")
t.is(table.concat(clab_rules(doc), "; "), "", "odd names: containerlab's naming rules hold")
local keys = {}
for line in text:gmatch("\n    ([^%s:#][^\n]-):\n") do keys[#keys + 1] = line end
local seen, dup = {}, nil
for _, k in ipairs(keys) do if seen[k] then dup = k end seen[k] = true end
t.ok(#keys == 7 and not dup, "odd names: seven nodes, no key twice (" .. table.concat(keys, " ") .. ")")
for _, want in ipairs({ "lab-host", "host-ns", "Host-ns", "host141-ns1", "host141-ns1-2", "mgmt-net-ns", "lab-host-2" }) do
  t.ok(doc.topology.nodes[want], "odd names: node " .. want)
end
t.like(text, "# node lab%-host = the lab's host", "the header maps lab-host to the lab's host namespace")
t.like(text, "# node host%-ns = namespace host\n", "... host-ns to namespace host")
t.like(text, "# node host141%-ns1%-2 = namespace host141:ns1\n", "... and the machine view's name (host141-ns1 is taken)")
t.unlike(text, "# node host141%-ns1 =", "a namespace whose name containerlab takes keeps it, unmapped")
t.like(text, '%- endpoints: %["lab%-host:ha", "host%-ns:hb"%]', "the link to namespace host uses its node name")
t.unlike(text, '"host:', "no endpoint on containerlab's host")
L.run("reset")
os.execute("rm -rf " .. dir)

-- bad input
local _, ok, err = L.run("export")
t.like(err, "^export: unknown format 'nil'", "export needs a format")
_, ok, err = L.run("export clab")
t.like(err, "^export clab: give the file to write", "export clab needs a file")
_, ok, err = L.run("export clab x.yml --name 'a b'")
t.like(err, "is not a usable lab name", "a bad --name is refused")
_, ok, err = L.run("export clab /nonexistent/x.yml")
t.like(err, "^export: cannot write /nonexistent/x.yml", "an unwritable file is one clear line")
t.like(L.run("export clab - --name demo"), "\nname: demo\ntopology:\n", "export clab - prints to the screen")
t.done()
