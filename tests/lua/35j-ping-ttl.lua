#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/35j-ping-ttl.lua -- a ping's TTL, with real iputils ping (run in a
namespace of this test's sandbox) as the oracle: -t 0 passes iputils' range
check and the kernel refuses it ("cannot set unicast time-to-live: Invalid
argument", exit 2), -t 255 is sent, -t 256 is out of iputils' range ("invalid
argument: '256': out of range: 0 <= value <= 255", exit 1). netlearn's `ping`
and net.ping say what ping says; the range and the words are
netlearn.pingspec's alone, and the bare C binding keeps its plain guard. ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
local net = require("netlearn.core")
local cnet = require("netlearn.cnet")

assert(net.ns_add("pt"))
assert(net.link_set("pt", "lo", { up = true }))

-- what real ping does: its first line and exit status
local function real(ttl)
  local out = t.nsh("pt", "ping -n -c 1 -W 1 -t " .. ttl .. " 127.0.0.1 2>&1; echo \"exit=$?\"")
  return out:match("^([^\n]*)"), tonumber(out:match("exit=(%d+)"))
end

for _, c in ipairs { { 0 }, { 255 }, { 256 } } do
  local ttl = c[1]
  local line, code = real(ttl)
  local st, out, err = cmdline.run("ping -n -c 1 -W 1 -t " .. ttl .. " 127.0.0.1", "pt")
  local r, msg, errno = net.ping("pt", "127.0.0.1", { ttl = ttl, count = 1, timeout = 1 })
  if code == 0 then
    t.like(line, "^PING 127%.0%.0%.1", "ping -t " .. ttl .. ": the real ping sends")
    t.ok(st == 0 and out:find("1 received", 1, true), "ping -t " .. ttl .. ": netlearn's ping sends and is answered", out .. err)
    t.ok(r and r.received == 1, "net.ping ttl=" .. ttl .. ": sent and answered", msg)
  else
    t.like(line, "^ping: ", "ping -t " .. ttl .. ": the real ping refuses it (" .. tostring(line) .. ")")
    t.is(err:match("^([^\n]*)"), line, "ping -t " .. ttl .. ": netlearn's ping says what ping says")
    t.is(st, code, "... with ping's exit status " .. tostring(code))
    t.ok(r == nil and msg == line:gsub("^ping: ", "") and errno == net.errno.EINVAL,
      "net.ping ttl=" .. ttl .. ": refused in ping's words, EINVAL", tostring(msg))
  end
end

-- the bare binding: 0 is the kernel's default TTL there, beyond 255 its plain guard
local r = cnet.ping("pt", "127.0.0.1", { ttl = 0, count = 1, timeout = 1 })
t.ok(r and r.received == 1, "cnet.ping ttl=0: the bare binding sends with the default TTL")
local _, msg = cnet.ping("pt", "127.0.0.1", { ttl = 256, count = 1 })
t.is(msg, "ping: ttl= malformed or out of range", "cnet.ping ttl=256: the plain guard")
_, msg = cnet.ping6("pt", "::1", { size = 65528 })
t.is(msg, "ping6: size= malformed or out of range", "cnet.ping6 size=65528: the plain guard names its binding")
_, msg = net.ping6("pt", "::1", { size = 65528 })
t.is(msg, "invalid argument: '65528': out of range: 0 <= value <= 65527", "net.ping6 size=65528: pingspec's words")
_, msg = net.ping("pt", "127.0.0.1", { count = 1.5 })
t.is(msg, "bad number of packets to transmit: 1.5 (use a whole number, 0 for no limit)", "net.ping count=1.5: the words as before")

net.ns_del("pt")
t.done()
