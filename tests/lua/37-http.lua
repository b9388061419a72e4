#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
-- tests/lua/37-http.lua: net.http_serve answered by the real curl, net.http_get and
-- net.tcp_connect against it, a closed port and a black hole.
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local lab = dofile(os.getenv("TESTLIB") .. "/probe_lab.lua")
local net = require("netlearn.core")
lab.build()

local dir = os.tmpname(); os.remove(dir)
assert(os.execute("mkdir -p " .. dir .. "/sub && printf hello > " .. dir .. "/a.txt"))
local log = dir .. ".log"

local pid = net.http_serve("net2", { port = 8888, dir = dir, log = log })
t.ok(math.type(pid) == "integer", "http_serve returns a pid")
t.fails("Address already in use", "second server on the same port", net.http_serve("net2", { port = 8888, dir = dir }))
t.fails("not a directory", "dir must exist", net.http_serve("net2", { port = 8889, dir = dir .. "/nope" }))
t.fails("not an IPv4 address", "bad bind address", net.http_serve("net2", { addr = "1.2.3", port = 8889 }))
t.fails("port", "bad port", net.http_serve("net2", { port = 70000 }))
t.fails("Cannot assign requested address", "address not in the namespace", net.http_serve("net2", { addr = "10.0.1.2", port = 8889 }))

local has_curl = lab.sh("net1", "command -v curl") ~= ""
if has_curl then
  local out = lab.sh("net1", "curl -sS http://10.0.2.2:8888/")
  t.like(out, "<title>Directory listing for /</title>", "curl gets the directory listing")
  t.like(out, '<li><a href="a.txt">a.txt</a></li>', "listing names a.txt")
  t.like(out, '<li><a href="sub/">sub/</a></li>', "listing marks directories")
  t.is(lab.sh("net1", "curl -sS http://10.0.2.2:8888/a.txt"), "hello", "curl gets the file")
  t.like(lab.sh("net1", "curl -sS -o /dev/null -w '%{http_code}' http://10.0.2.2:8888/nope"), "^404$", "404 for a missing file")
  t.like(lab.sh("net1", "curl -sS -I http://10.0.2.2:8888/a.txt"), "Content%-Length: 5", "HEAD answered with the length")
  out = lab.sh("net1", "curl -sS http://10.0.2.2:9999/")
  local r, msg, e, code = net.http_get("net1", "http://10.0.2.2:9999/")
  t.like(out, "Failed to connect to 10%.0%.2%.2 port 9999 after %d+ ms", "curl: refused")
  t.like(msg, "^Failed to connect to 10%.0%.2%.2 port 9999 after %d+ ms: Connection refused$", "http_get: refused in curl's words")
  t.is(code, 7, "curl code 7")
  t.like(out, "^curl: %(" .. code .. "%)", "curl exits 7 too")
else
  t.diag("curl not installed: skipping the curl oracle")
end

local r = net.http_get("net1", "http://10.0.2.2:8888/a.txt")
t.is(r and r.status, 200, "http_get 200")
t.is(r.reason, "OK", "reason OK")
t.is(r.body, "hello", "body")
t.is(r.headers["content-length"], "5", "headers by lower-case name")
t.is(r.header_list[1][1], "Server", "header_list keeps order and case")
t.like(r.local_addr, "^10%.0%.1%.2:%d+$", "local_addr")
t.is(r.remote_addr, "10.0.2.2:8888", "remote_addr")
r = net.http_get("net1", "10.0.2.2:8888/", { method = "HEAD", version = "1.0" })
t.is(r.status, 200, "HEAD without scheme")
t.is(r.body, "", "HEAD has no body")
t.like(r.head, "^HTTP/1%.0 200 OK\r\n", "raw head kept")
r = net.http_get("net1", "http://10.0.2.2:8888/sub")
t.is(r.status, 301, "directory without slash redirects")
t.is(r.headers.location, "/sub/", "Location")
r = net.http_get("net1", "http://10.0.2.2:8888/../../etc/passwd")
t.is(r.status, 404, "no way out of the served directory")
r = net.http_get("net1", "http://10.0.2.2:8888/nope")
t.is(r.status, 404, "404")
t.like(r.body, "File not found", "python's error page")

-- the log, python style
net.ping("net2", "10.0.2.2") -- give the server a moment to write
local f = io.open(log); local text = f and f:read("a") or ""; if f then f:close() end
t.like(text, '10%.0%.1%.2 %- %- %[%d%d/%a%a%a/%d%d%d%d %d%d:%d%d:%d%d%] "GET /a%.txt HTTP/1%.1" 200 %-', "access log line like python's")
t.like(text, "code 404, message File not found", "error log line like python's")

-- failures
local msg, e, code
r, msg, e, code = net.http_get("net1", "http://10.0.2.99/", { timeout = 0.3 })
t.like(msg, "^Connection timed out after %d+ milliseconds$", "black hole: timed out (-m)")
t.is(code, 28, "curl code 28")
r, msg, e, code = net.http_get("net1", "http://10.0.2.99/", { connect_timeout = 0.3 })
t.like(msg, "^Failed to connect to 10%.0%.2%.99 port 80 after %d+ ms: Timeout was reached$", "black hole: --connect-timeout words")
r, msg, e, code = net.http_get("net1", "http://nosuch.example/")
t.is(msg, "Could not resolve host: nosuch.example", "unknown name")
t.is(code, 6, "curl code 6")
r, msg, e, code = net.http_get("net1", "https://10.0.2.2/")
t.like(msg, 'Protocol "https" not supported', "https refused")
t.is(code, 1, "curl code 1")
r, msg, e, code = net.http_get("net1", "http://10.0.2.2:99999/")
t.is(code, 3, "bad port: curl code 3")
t.fails("no such namespace", "unknown namespace", net.http_get("nowhere", "http://10.0.2.2/"))
net.run("", { "ip", "-n", "net1", "route", "del", "default" })
r, msg, e, code = net.http_get("net1", "http://10.0.2.2:8888/")
t.like(msg, "after %d+ ms: Network is unreachable$", "no route")
net.run("", { "ip", "-n", "net1", "route", "add", "default", "via", "10.0.1.1" })

-- tcp_connect (nc -z)
t.is(net.tcp_connect("net1", "10.0.2.2", 8888), true, "tcp_connect to the server")
t.fails("^connect to 10%.0%.2%.2 port 8889 %(tcp%) failed: Connection refused$", "closed port", net.tcp_connect("net1", "10.0.2.2", 8889))
t.fails("timed out", "black hole", net.tcp_connect("net1", "10.0.2.99", 80, 0.3))
t.fails("port number invalid", "port 0", net.tcp_connect("net1", "10.0.2.2", 0))

-- stop the server
t.ok(net.kill(pid), "kill the server")
t.is(net.wait(pid), 143, "server ended by SIGTERM")
t.fails("Connection refused", "gone after kill", net.http_get("net1", "http://10.0.2.2:8888/"))
os.execute("rm -rf " .. dir)
os.remove(log)        -- the shell wrote it (with the learner's rights), the shell removes it
t.done()
