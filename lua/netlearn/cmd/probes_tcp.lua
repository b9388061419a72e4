--[[ netlearn.cmd.probes_tcp -- curl, python3 -m http.server, nc -z and tcping:
the TCP probes of the articles, printing what curl, python and nc print, on
top of net.http_get, net.http_serve (a probes_jobs.Server job) and net.tcp_connect.
]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
local net = require("netlearn.core")
local C = require("netlearn.cmd.probes_common")
local jobs = require("netlearn.cmd.probes_jobs")
local getopt, bad, add_result, is_ipv4 = C.getopt, C.bad, C.add_result, C.is_ipv4

local Server = jobs.Server

local M = {}

---------------------------------------------------------------------------
-- curl
---------------------------------------------------------------------------
local CURL_TRY = "curl: try 'curl --help' or 'curl --manual' for more information"

-- python's http.server sends these in this order and spelling
local HEADER_ORDER = { "Server", "Date", "Content-type", "Content-Length", "Last-Modified" }

local function header_lines(res)
  local out = {}
  local h = res.headers or {}
  if h[1] then
    for _, kv in ipairs(h) do out[#out + 1] = (kv.name or kv[1]) .. ": " .. (kv.value or kv[2]) end
    return out
  end
  local lower = {}
  for k, v in pairs(h) do lower[k:lower()] = { k, v } end
  for _, k in ipairs(HEADER_ORDER) do
    local e = lower[k:lower()]
    if e then
      out[#out + 1] = k .. ": " .. e[2]
      lower[k:lower()] = nil
    end
  end
  local rest = {}
  for k, e in pairs(lower) do rest[#rest + 1] = e[1] end
  table.sort(rest)
  for _, k in ipairs(rest) do out[#out + 1] = k .. ": " .. h[k] end
  return out
end

function M.parse_url(u)
  local scheme, rest = u:match("^(%a[%w+.-]*)://(.*)$")
  if scheme and scheme:lower() ~= "http" then return nil, "scheme", scheme end
  rest = rest or u
  local hostport, path = rest:match("^([^/]*)(.*)$")
  if path == "" then path = "/" end
  local host, port = hostport:match("^([^:]*):(%d*)$")
  host = host or hostport
  if port == "" then port = nil end
  if host == "" then return nil, "format" end
  port = tonumber(port) or 80
  if port < 1 or port > 65535 then return nil, "port" end
  return { host = host, port = math.tointeger(port), path = path, url = "http://" .. host .. ":" .. port .. path }
end

function M.curl(args, ctx)
  local o = { }
  local urls = {}
  local i = 1
  while i <= #args do
    local a = args[i]
    local function val()
      i = i + 1
      return args[i]
    end
    if a == "-I" or a == "--head" then o.head = true
    elseif a == "-s" or a == "--silent" then o.silent = true
    elseif a == "-S" or a == "--show-error" then o.show_error = true
    elseif a == "-v" or a == "--verbose" then o.verbose = true
    elseif a == "-i" or a == "--include" then o.include = true
    elseif a == "-L" or a == "--location" then o.location = true
    elseif a == "-sS" or a == "-Ss" then o.silent = true o.show_error = true
    elseif a == "-m" or a == "--max-time" or a == "--connect-timeout" then
      local v = val()
      if not v then
        return bad({ "curl: option " .. a .. ": requires parameter", CURL_TRY }, L("hint: -m takes seconds, e.g. curl -m 2 http://192.168.0.10:8888/", "提示：-m 后面是秒数，例如 curl -m 2 http://192.168.0.10:8888/"), 2)
      end
      o.timeout = tonumber(v)
      if not o.timeout or o.timeout < 0 then
        return bad({ "curl: option " .. a .. ": expected a proper numerical parameter", CURL_TRY }, L("hint: -m takes seconds, e.g. -m 2", "提示：-m 后面是秒数，例如 -m 2"), 2)
      end
    elseif a == "-o" or a == "--output" then
      return bad(L("netlearn: curl -o is not supported (netlearn writes no files)", "netlearn：不支持 curl -o（netlearn 不写文件）"), L("hint: drop -o; the body is printed and kept in ctx.results", "提示：去掉 -o；响应正文会被打印出来，并保存在 ctx.results 里"), 2)
    elseif a:sub(1, 1) == "-" and #a > 1 then
      return bad({ "curl: option " .. a .. ": is unknown", CURL_TRY }, L("hint: netlearn's curl knows -I -i -s -S -v -m SECONDS URL", "提示：netlearn 的 curl 认识 -I -i -s -S -v -m 秒 URL"), 2)
    else
      urls[#urls + 1] = a
    end
    i = i + 1
  end
  if #urls == 0 then
    return bad(CURL_TRY, L("hint: give a URL, e.g. curl 192.168.0.10:8888 or curl -I http://172.168.1.11/", "提示：给出一个 URL，例如 curl 192.168.0.10:8888 或 curl -I http://172.168.1.11/"), 2)
  end
  if #urls > 1 then
    return bad(L("netlearn: curl takes one URL here, got " .. #urls, "netlearn：这里 curl 只接受一个 URL，却给了 " .. #urls .. " 个"), L("hint: run curl once per URL", "提示：每个 URL 运行一次 curl"), 2)
  end
  local u, why, what = M.parse_url(urls[1])
  if not u then
    if why == "scheme" then
      return bad("curl: (1) Protocol \"" .. what .. "\" not supported or disabled in libcurl",
        L("hint: netlearn's curl speaks plain http://", "提示：netlearn 的 curl 只支持普通的 http://"), 1)
    end
    return bad("curl: (3) URL using bad/illegal format or missing URL", L("hint: e.g. curl http://192.168.0.10:8888/", "提示：例如 curl http://192.168.0.10:8888/"), 3)
  end
  if not is_ipv4(u.host) then
    return bad("curl: (6) Could not resolve host: " .. u.host,
      L("hint: the lab has no DNS; use an address, e.g. curl 192.168.0.10:8888", "提示：实验环境里没有 DNS；请用地址，例如 curl 192.168.0.10:8888"), 6)
  end
  u.host = is_ipv4(u.host)   -- curl connects to the address the host names ("127.1" is 127.0.0.1)
  if o.verbose then
    ctx:errln("*   Trying ", u.host, ":", u.port, "...")
  end
  local get_opts = { method = o.head and "HEAD" or "GET", timeout = o.timeout }
  -- under `netlearn check` nobody watches a typed curl wait: a connect that
  -- cannot be answered ends once the lab is proved quiet (docs/quiet-lab.md);
  -- a learner at the shell sees curl's own timeout
  local res, msg, errno
  if require("netlearn.lesson").tap_mode then
    res, msg, errno = require("netlearn.quiet").http_get(net, ctx.ns, u.url, get_opts)
  else
    res, msg, errno = net.http_get(ctx.ns, u.url, get_opts)
  end
  if not res then
    local code = (errno == net.errno.ETIMEDOUT or (msg and msg:find("timed out"))) and 28 or 7
    add_result(ctx, "curl", { error = msg, errno = errno, code = code }, { url = u.url })
    local lines, hint = {}, nil   -- -s without -S: curl says nothing, only its status
    if not o.silent or o.show_error then
      lines[1] = "curl: (" .. code .. ") " .. tostring(msg)
      if errno == net.errno.ECONNREFUSED then
        hint = require("netlearn.hints").refused(ctx.ns, u.host, u.port)
      elseif errno == net.errno.ENETUNREACH then
        hint = require("netlearn.hints").unreachable(ctx.ns, u.host)
      elseif code == 28 then
        hint = L("hint: no answer at all: a route, a FORWARD policy or a missing NAT drops the packets; tcpdump shows where they stop", "提示：完全没有回应：是某条路由、FORWARD 策略或缺少的 NAT 把包丢了；用 tcpdump 看包停在哪里")
      end
    end
    return bad(lines, hint, code)
  end
  add_result(ctx, "curl", res, { url = u.url })
  if o.verbose then
    ctx:errln("* Connected to ", u.host, " (", u.host, ") port ", u.port)
    ctx:errln("< HTTP/1.0 ", res.status, " ", res.reason or "")
    for _, l in ipairs(header_lines(res)) do ctx:errln("< ", l) end
  end
  if o.head or o.include then
    ctx:out("HTTP/1.0 ", res.status, " ", res.reason or "", "\r\n")
    for _, l in ipairs(header_lines(res)) do ctx:out(l, "\r\n") end
    ctx:out("\r\n")
  end
  if not o.head and res.body then ctx:out(res.body) end
  return 0
end

---------------------------------------------------------------------------
-- python3 -m http.server / python -m SimpleHTTPServer
---------------------------------------------------------------------------
local function PY_HINT() return L("hint: python3 -m http.server [PORT] [--bind ADDR] [-d DIR], e.g. ip netns exec container1 python3 -m http.server 80", "提示：python3 -m http.server [端口] [--bind 地址] [-d 目录]，例如 ip netns exec container1 python3 -m http.server 80") end

function M.python(args, ctx, name)
  if args[1] ~= "-m" or (args[2] ~= "http.server" and args[2] ~= "SimpleHTTPServer") then
    return bad(L("netlearn: " .. name .. " runs here only as '" .. name .. " -m http.server [PORT]'",
      "netlearn：这里的 " .. name .. " 只能这样运行：'" .. name .. " -m http.server [端口]'"),
      L("hint: for a real interpreter type '!" .. name .. " ...' (it runs in the current namespace)",
        "提示：要用真实的解释器，请输入 '!" .. name .. " ...'（它在当前命名空间里运行）"), 2)
  end
  local py2 = args[2] == "SimpleHTTPServer"
  local port, addr, dir = 8000, "0.0.0.0", "."
  local i = 3
  while i <= #args do
    local a = args[i]
    if (a == "--bind" or a == "-b") and not py2 then
      i = i + 1
      addr = args[i]
      addr = addr and is_ipv4(addr)
      if not addr then
        return bad("usage: server.py [-h] [--cgi] [--bind ADDRESS] [--directory DIRECTORY] [port]",
          L("hint: --bind takes an address of this namespace, e.g. --bind 172.168.1.11", "提示：--bind 后面是这个命名空间的一个地址，例如 --bind 172.168.1.11"), 2)
      end
    elseif (a == "--directory" or a == "-d") and not py2 then
      i = i + 1
      dir = args[i]
      if not dir then return bad("server.py: error: argument --directory/-d: expected one argument", PY_HINT(), 2) end
    elseif a:match("^%d+$") then
      port = tonumber(a)
      if port > 65535 then
        return bad("OverflowError: bind(): port must be 0-65535.", L("hint: a port is 1..65535", "提示：端口是 1..65535"), 1)
      end
    else
      return bad("server.py: error: argument port: invalid int value: '" .. a .. "'", PY_HINT(), 2)
    end
    i = i + 1
  end
  -- in a lesson the server serves an empty listing (src/http.c), never a directory
  if require("netlearn.guard").active() then dir = nil end
  local pid, msg, errno = net.http_serve(ctx.ns, { addr = addr, port = math.tointeger(port), dir = dir })
  if not pid then
    if errno == net.errno.EADDRINUSE then
      return bad("OSError: [Errno 98] Address already in use",
        L("hint: something already listens on port " .. port .. " here ('jobs' lists netlearn's servers)",
          "提示：这里已经有程序在监听端口 " .. port .. "（'jobs' 列出 netlearn 的服务器）"), 1)
    elseif errno == net.errno.EADDRNOTAVAIL then
      return bad("OSError: [Errno 99] Cannot assign requested address",
        L("hint: --bind needs an address this namespace has ('ip addr')", "提示：--bind 需要这个命名空间拥有的地址（'ip addr'）"), 1)
    end
    return bad("netlearn: " .. tostring(msg), PY_HINT(), 1)
  end
  local words = { name }
  for _, a in ipairs(args) do words[#words + 1] = a end
  local job = jobs.new_job(setmetatable({ kind = "http_server", command = table.concat(words, " "), ns = ctx.ns,
    pid = pid, addr = addr, port = port, ctx = ctx }, Server))
  add_result(ctx, "http_server", job, { job = job.id })
  if py2 then
    ctx:outln("Serving HTTP on ", addr, " port ", port, " ...")
  else
    ctx:outln(string.format("Serving HTTP on %s port %d (http://%s:%d/) ...", addr, port, addr, port))
  end
  if jobs.interactive() and not ctx.background then
    ctx:errln("[", job.id, "] ", job.command, "  (in the background; 'kill %", job.id, "' stops it)")
  end
  return 0
end

---------------------------------------------------------------------------
-- nc -z and tcping
---------------------------------------------------------------------------
-- a port as netcat reads it (strtoul base 10, 1-65535: "0x50", "8e1" and
-- "80 " refused); tcping takes the same
local function port_ok(p)
  return (require("netlearn.parse").int(p, "nc", 1, 65535))
end

function M.nc(args, ctx)
  local o, rest, c = getopt(args, { z = "flag", v = "flag", w = "value", n = "flag", ["4"] = "flag", u = "flag", l = "flag" })
  local hint = L("hint: nc -z [-v] [-w SECONDS] ADDRESS PORT, e.g. nc -zv 192.168.0.10 8888", "提示：nc -z [-v] [-w 秒] 地址 端口，例如 nc -zv 192.168.0.10 8888")
  if not o then
    if rest == "invalid" then return bad("nc: invalid option -- '" .. c .. "'", hint, 1) end
    return bad("nc: option requires an argument -- '" .. c .. "'", hint, 1)
  end
  if o.l or o.u or not o.z then
    return bad(L("netlearn: nc only checks ports here (-z); listening and data transfer are not supported",
      "netlearn：这里的 nc 只检查端口（-z）；不支持监听和传输数据"),
      L("hint: nc -zv ADDRESS PORT tests a TCP port; '!nc ...' runs the real nc if it is installed", "提示：nc -zv 地址 端口 测试一个 TCP 端口；装了真实的 nc 时，'!nc ...' 运行它"), 1)
  end
  if #rest ~= 2 then return bad("usage: nc [-46CDdFhklNnrStUuvZz] [-w timeout] [destination] [port]", hint, 1) end
  local host, port = rest[1], port_ok(rest[2])
  if not port then return bad("nc: port range not valid", hint, 1) end
  if not is_ipv4(host) then
    return bad("nc: getaddrinfo for host \"" .. host .. "\" port " .. rest[2] .. ": Temporary failure in name resolution",
      L("hint: the lab has no DNS; use an address", "提示：实验环境里没有 DNS；请用地址"), 1)
  end
  host = is_ipv4(host)
  local timeout = o.w and tonumber(o.w) or nil
  if o.w and not timeout then return bad("nc: timeout invalid: " .. o.w, hint, 1) end
  local ok, msg, errno = net.tcp_connect(ctx.ns, host, port, timeout)
  add_result(ctx, "nc", { host = host, port = port, open = ok and true or false, error = msg, errno = errno })
  if ok then
    if o.v then ctx:errln("Connection to ", host, " ", port, " port [tcp/*] succeeded!") end
    return 0
  end
  -- nc says why only with -v; its status says it always
  return bad(o.v and { "nc: connect to " .. host .. " port " .. port .. " (tcp) failed: " ..
    tostring(errno and net.strerror(errno) or msg) } or {}, nil, 1)
end

function M.tcping(args, ctx)
  local count = 4
  local rest = {}
  local i = 1
  while i <= #args do
    if args[i] == "-n" then
      i = i + 1
      count = require("netlearn.parse").int(args[i] or "", "nc", 1, 1000000)
      if not count then return bad("tcping: -n takes a count", L("hint: tcping -n 2 192.168.0.10 9999", "提示：例如 tcping -n 2 192.168.0.10 9999"), 1) end
    elseif args[i]:sub(1, 1) == "-" then
      return bad("tcping: unknown option " .. args[i], L("hint: tcping [-n COUNT] ADDRESS PORT, e.g. tcping 192.168.0.10 9999", "提示：tcping [-n 次数] 地址 端口，例如 tcping 192.168.0.10 9999"), 1)
    else
      rest[#rest + 1] = args[i]
    end
    i = i + 1
  end
  if #rest < 1 or #rest > 2 then
    return bad("tcping: give ADDRESS [PORT]", L("hint: tcping 192.168.0.10 9999", "提示：例如 tcping 192.168.0.10 9999"), 1)
  end
  local host, port = rest[1], port_ok(rest[2] or "80")
  if not port then return bad("tcping: bad port " .. tostring(rest[2]), L("hint: a port is 1..65535", "提示：端口是 1..65535"), 1) end
  if not is_ipv4(host) then return bad("tcping: unknown host " .. host, L("hint: the lab has no DNS; use an address", "提示：实验环境里没有 DNS；请用地址"), 1) end
  host = is_ipv4(host)
  local okn = 0
  local results = {}
  for k = 1, count do
    local ok, msg, errno = jobs.shielded(net.tcp_connect, ctx.ns, host, port, 2)
    results[k] = { open = ok and true or false, error = msg, errno = errno }
    if ok then
      okn = okn + 1
      ctx:outln("Probing ", host, ":", port, "/tcp - Port is open")
    else
      ctx:outln("Probing ", host, ":", port, "/tcp - No response")
    end
    if net.interrupted(true) then
      ctx:outln("Control-C")
      break
    end
  end
  local sent = #results
  ctx:outln("")
  ctx:outln("Ping statistics for ", host, ":", port)
  ctx:outln("     ", sent, " probes sent.")
  ctx:outln(string.format("     %d successful, %d failed.  (%.2f%% fail)", okn, sent - okn, (sent - okn) * 100 / sent))
  add_result(ctx, "tcping", { host = host, port = port, probes = results, open = okn > 0 })
  return okn > 0 and 0 or 1
end

M.help_curl = [[
curl [-I] [-i] [-s] [-S] [-v] [-m SECONDS] [http://]ADDRESS[:PORT][/PATH]
Examples:
  curl -I 192.168.0.10:8888
  ip netns exec container1 curl http://172.168.1.12/
Errors and exit codes are curl's: (7) Failed to connect ... Connection refused, (28) timeout.]]
M.help_python = [[
python3 -m http.server [PORT] [--bind ADDR] [-d DIR]      (default port 8000)
python -m SimpleHTTPServer [PORT]
  Starts an HTTP server in the current namespace as a background job
  ('jobs' lists it, 'kill %N' stops it). Nothing else of Python runs here.
Examples:
  ip netns exec container1 python3 -m http.server 80]]
M.help_nc = [[
nc -z [-v] [-w SECONDS] ADDRESS PORT     is a TCP port open? (exit 0 yes, 1 no)
Example:
  nc -zv 192.168.0.10 8888]]
M.help_tcping = [[
tcping [-n COUNT] ADDRESS [PORT]          TCP "ping" as the Docker article uses on Windows
Example:
  tcping 192.168.0.10 9999]]

return M
