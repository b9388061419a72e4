#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/35i-curl-quiet.lua: the quiet-lab proof for TCP connects (issue 22,
-- docs/quiet-lab.md, "TCP"). A connect nothing answers ends by the proof, and
-- the proof never hides an answer that does come: first connects that need
-- ARP on every hop, an address added while an old INCOMPLETE entry waits, and
-- a SYN a listener with a full accept queue dropped (answered after the
-- client's retransmit; ListenDrops tells). Wrong curl claims still fail. In
-- the three-namespace lab of tests/lib/probe_lab.lua.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/probe_lab.lua")
local net = require("netlearn.core")
local quiet = require("netlearn.quiet")
local claims = require("netlearn.claims")
local zhtext = require("netlearn.zhtext")
local C = claims.kinds
lab.build()

local flush_neigh, check = lab.flush_neigh, lab.checker()

-- TCP sockets that are not listening (their timers send later: capture claims
-- keep the fixed wait): none in a lab without TCP (sockstat says so at once),
-- none with only a listener, some once connections have been made
local function tcp_open() return assert(net.lab_quiet_facts { tcp = true }).tcp_open end
t.is(tcp_open(), 0, "no TCP socket in the lab: none counted")
local server = assert(net.http_serve("net2", { port = 8888, quiet = true }))
local URL = "http://10.0.2.2:8888/"
t.is(tcp_open(), 0, "a listener is not counted")

-- the facts carry the listeners' dropped SYNs when asked
local f = assert(net.lab_quiet_facts { listen = true })
t.ok(math.type(f.listen_drops) == "integer", "lab_quiet_facts{listen=true} counts ListenDrops (" .. tostring(f.listen_drops) .. ")")
t.is(assert(net.lab_quiet_facts()).listen_drops, nil, "and only when asked")
local q = quiet.plan(net, false, true)
t.ok(q and math.type(q.listen_drops) == "integer", "plan(net, false, true) hands the count on")

-- first connects that need ARP on both hops: never cut off by the proof
local got = 0
for _ = 1, 20 do
  flush_neigh()
  local r = quiet.http_get(net, "net1", URL, { timeout = 2 })
  got = got + ((r and r.status == 200) and 1 or 0)
end
t.is(got, 20, "20 first connects across the router (ARP on both hops each time) all answered")
t.ok(tcp_open() > 0, "the connections' TIME_WAIT sockets are counted (" .. tcp_open() .. ")")

-- a black hole at the router: the SYN is dropped without a word, and proved so
lab.sh("router", "ip route add blackhole 10.0.2.2/32")
local r, err, errno, code, quiet_ms = quiet.http_get(net, "net1", URL, { timeout = 2 })
t.ok(r == nil and errno == net.errno.ETIMEDOUT and code == 28, "a black-holed connect times out as curl's (28)", err)
t.ok(math.type(quiet_ms) == "float" or math.type(quiet_ms) == "integer", "and the proof ended it: a fifth value, the ms (" .. tostring(quiet_ms) .. ")")
local ok, seen = check(C.curl { from = "net1", url = URL, fails = true })
t.ok(ok, "curl{fails} of a black-holed server holds", seen)
t.like(seen, "the lab was quiet %d+ ms after the probe", "and says how the wait ended")
ok, seen = check(C.curl { from = "net1", url = URL, fails = true }, "zh")
t.like(seen, "实验环境在探测后 %d+ 毫秒就安静了", "the words in Chinese")
t.is(#zhtext.problems(seen:match("实验.*")), 0, "Chinese typography of the words")
ok, seen = check(C.curl { from = "net1", url = URL, status = 200 })
t.ok(not ok, "curl{status=200} of the black-holed server fails (a wrong claim)", seen)
lab.sh("router", "ip route del blackhole 10.0.2.2/32")
ok, seen = check(C.curl { from = "net1", url = URL, fails = true })
t.ok(not ok, "curl{fails} once the route is back fails (a wrong claim)", seen)

-- a closed port answers at once: nothing to prove
r, err, errno, code, quiet_ms = quiet.http_get(net, "net1", "http://10.0.2.2:9/", { timeout = 2 })
t.ok(r == nil and errno == net.errno.ECONNREFUSED and code == 7 and quiet_ms == nil, "a closed port: refused, no proof needed", err)

-- the quiet proof off: the fixed timeout
quiet.on = false
lab.sh("router", "ip route add blackhole 10.0.2.2/32")
r, err, errno, code, quiet_ms = quiet.http_get(net, "net1", URL, { timeout = 0.3 })
t.ok(r == nil and code == 28 and quiet_ms == nil, "NETLEARN_QUIET=0: the full timeout", err)
lab.sh("router", "ip route del blackhole 10.0.2.2/32")
quiet.on = true

-- an INCOMPLETE entry from before waits for its retransmit; the address appears meanwhile
lab.sh("router", "ip neigh flush all")
net.http_get("net1", "http://10.0.2.77:8888/", { timeout = 0.05 })
t.is(assert(net.lab_quiet_facts()).incomplete_before, 0, "the router's INCOMPLETE entry was made after the last change")
lab.sh("net2", "ip addr add 10.0.2.77/24 dev v2")
t.is(assert(net.lab_quiet_facts()).incomplete_before, 1, "after a change it may get an answer: the proof waits for it")
r, err = quiet.http_get(net, "net1", "http://10.0.2.77:8888/", { timeout = 4 })
t.is(r and r.status, 200, "an address added after a failed ARP is reached (the retransmit is waited for)", err)
lab.sh("net2", "ip addr del 10.0.2.77/24 dev v2")

-- a listener whose accept queue is full drops the SYN and takes the client's
-- retransmit a second later, with the lab quiet in between: ListenDrops moved,
-- so the connect is made again with its full timeout
local function drops() return assert(net.lab_quiet_facts { listen = true }).listen_drops end
local held, before, after
for _ = 1, 3 do
  local stopped = assert(net.http_serve("net2", { port = 8890, quiet = true }))
  os.execute("kill -STOP " .. stopped)
  -- fill the accept queue: the server accepts nothing while stopped
  local failed = 0
  for _ = 1, 200 do
    if net.tcp_connect("net1", "10.0.2.2", 8890, 0.2) then failed = 0 else failed = failed + 1 end
    if failed == 2 then break end
  end
  before = drops()
  os.execute("(sleep 0.3; kill -CONT " .. stopped .. ") &")
  r, err = quiet.http_get(net, "net1", "http://10.0.2.2:8890/", { timeout = 4 })
  after = drops()
  net.kill(stopped)
  net.wait(stopped)
  held = failed == 2 and r and r.status == 200 and after > before
  if held then break end
  net.sleep(0.5)
end
t.ok(held, "a SYN dropped by a full accept queue is answered after its retransmit (ListenDrops "
  .. tostring(before) .. " -> " .. tostring(after) .. ")", err)

net.kill(server)
net.wait(server)
t.done()
