#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/29e-api-ipv4.lua -- every net API word that is an IPv4 address
is read by src/addrparse.c's parse_ipv4 (issue #19: one IPv4 reader in C):
net.http_serve's addr=, net.ping's and net.traceroute's src= and destination
(a destination that is no dotted quad may still be a host name), and
net.ipip_user_add's local= and remote=. A dotted quad is taken; the forms
other tools read their own way ("010.0.0.1" octal, "10.1" short, "0x0a..."
hex, a space around it) are refused everywhere with the binding's one line,
as the API takes canonical text only (the commands read the learner's words
through netlearn.parse first). ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local net = require("netlearn.core")
local E = net.errno

assert(net.ns_add("v4"))
assert(net.link_set("v4", "lo", { up = true }))

local REFUSED = { "010.0.0.1", "10.1", "0x0a.0.0.1", "10.0.0.01", " 127.0.0.1", "127.0.0.1 ", "1.2.3.4.", "256.0.0.1" }

-- each site: a call with the word in its place -> the result
local SITES = {
  { "http_serve addr=", "not an IPv4 address to bind to", function(a)
    return net.http_serve("v4", { addr = a, port = 8080, quiet = true }) end },
  { "ping src=", "not an IPv4 source address", function(a)
    return net.ping("v4", "127.0.0.1", { src = a, count = 1, wait = 1 }) end },
  { "ping destination", "not an IPv4 address", function(a)
    return net.ping("v4", a, { count = 1, wait = 1 }) end },
  { "traceroute src=", "not an IPv4 source address", function(a)
    return net.traceroute("v4", "127.0.0.1", { src = a, max_hops = 1, wait = 0.2 }) end },
  { "ipip_user_add remote=", "remote= must be an IPv4 address", function(a)
    return net.ipip_user_add("v4", { name = "t0", remote = a }) end },
  { "ipip_user_add local=", "local= must be an IPv4 address", function(a)
    return net.ipip_user_add("v4", { name = "t0", ["local"] = a, remote = "127.0.0.2" }) end },
}

for _, s in ipairs(SITES) do
  for _, a in ipairs(REFUSED) do
    -- a host name with spaces would go to the resolver: only digit-and-dot
    -- words are sure to be refused as addresses at the destination
    if s[1] ~= "ping destination" or a:find("^[%d.]+$") then
      local r, msg, errno = s[3](a)
      t.ok(r == nil and errno == E.EINVAL and tostring(msg):find(s[2], 1, true) ~= nil
        and not tostring(msg):find("\n"),
        string.format("%s \"%s\": refused in one line", s[1], a), tostring(msg))
    end
  end
end

-- the dotted quad is taken where it is cheap to see: a server bound to it, a ping from it
local pid, msg = net.http_serve("v4", { addr = "127.0.0.1", port = 8080, quiet = true })
t.ok(pid, "http_serve addr=\"127.0.0.1\" is taken", msg)
if pid then net.kill(pid) net.wait(pid) end
local r
r, msg = net.ping("v4", "127.0.0.1", { src = "127.0.0.1", count = 1, wait = 1 })
t.ok(r and r.received == 1, "ping src=\"127.0.0.1\" to 127.0.0.1 is taken and answered", msg)

net.ns_del("v4")
t.done()
