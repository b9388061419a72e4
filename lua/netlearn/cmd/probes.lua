--[[ netlearn.cmd.probes -- ping, traceroute, tcpdump, curl, python3 -m http.server, nc, tcping.

The probe command lines of the articles, printing what iputils ping,
traceroute, tcpdump, curl, python and nc print, on top of net.ping,
net.traceroute, net.capture_open, net.http_get, net.http_serve and
net.tcp_connect, in the current namespace (ctx.ns).

Every probe appends its Lua result to ctx.results ({kind="ping", result=...},
"traceroute", "capture", "curl", "http_server", "nc") so lessons can check it.

tcpdump and the HTTP server are background jobs (with or without a trailing
`&`, since netlearn has one terminal): they are listed in M.jobs, shown by
`jobs`, stopped by `kill %N`, `fg` + Ctrl-C, `tcpdump stop`, or by -c N.
A capture job prints packets as they arrive (shell.watch on its fd; in pipe
mode after each input line, and while a ping in the same session runs).

ping's default count: on a terminal, like iputils, ping runs until Ctrl-C;
when input is not a terminal (pipes, tests) or ctx.default_count is set (the
lesson runtime), it sends ctx.default_count or 4 packets.

This module registers the commands and keeps the names other modules use; the
work is in its parts:
  netlearn.cmd.probes_jobs      background jobs: Capture, Server, shielded, watchers
  netlearn.cmd.probes_common    getopt, the error line and hint, ctx.results
  netlearn.cmd.probes_ping      ping, traceroute
  netlearn.cmd.probes_tcpdump   tcpdump (live, -w FILE, -r FILE)
  netlearn.cmd.probes_tcp       curl, python3 -m http.server, nc -z, tcping
]]
local commands = require("netlearn.commands")
local C = require("netlearn.cmd.probes_common")
local jobs = require("netlearn.cmd.probes_jobs")
local ping = require("netlearn.cmd.probes_ping")
local tcpdump = require("netlearn.cmd.probes_tcpdump")
local tcp = require("netlearn.cmd.probes_tcp")
local getopt = C.getopt

local M = {}
-- the job system
M.jobs = jobs.jobs
M.shielded = jobs.shielded
M.job_list = jobs.job_list
M.drain_all = jobs.drain_all
M.stop_all = jobs.stop_all
M.Capture = jobs.Capture
M.getopt = getopt
-- the commands
M.DEFAULT_COUNT = ping.DEFAULT_COUNT
M.fmt_ms = ping.fmt_ms
M.ping_summary = ping.ping_summary
M.ping, M.traceroute = ping.ping, ping.traceroute
M.may_write_file = tcpdump.may_write_file
M.tcpdump = tcpdump.tcpdump
M.parse_url = tcp.parse_url
M.curl, M.python, M.nc, M.tcping = tcp.curl, tcp.python, tcp.nc, tcp.tcping
M.help_ping, M.help_traceroute = ping.help_ping, ping.help_traceroute
M.help_tcpdump = tcpdump.help_tcpdump
M.help_curl, M.help_python, M.help_nc, M.help_tcping = tcp.help_curl, tcp.help_python, tcp.help_nc, tcp.help_tcping

---------------------------------------------------------------------------
-- Registration
---------------------------------------------------------------------------
commands.register("ping", { summary = "send ICMP echo requests: ping -c 2 192.167.2.2", help = M.help_ping, run = M.ping,
  complete = function(...) return require("netlearn.cmd.ping6").complete(...) end })
commands.register("traceroute", { summary = "the routers on the way: traceroute -n 10.1.8.10", help = M.help_traceroute, run = M.traceroute })
commands.register("tcpdump", { summary = "capture packets (background job): tcpdump -i veth1 -n icmp", help = M.help_tcpdump,
  run = M.tcpdump, prepare = tcpdump.prepare })
commands.register("curl", { summary = "fetch a URL over HTTP: curl 192.168.0.10:8888", help = M.help_curl, run = M.curl })
commands.register("python3", { summary = "python3 -m http.server PORT: a web server in this namespace", help = M.help_python,
  run = function(a, ctx) return M.python(a, ctx, "python3") end })
commands.register("python", { help = M.help_python, run = function(a, ctx) return M.python(a, ctx, "python") end })
-- a lesson writes no file: tcpdump -w and curl -o are refused when it is loaded
commands.registry.tcpdump.lesson = function(args)
  local o = getopt(args, { i = "value", n = "flag", e = "flag", c = "value", l = "flag", w = "value",
    p = "flag", v = "flag", q = "flag", t = "flag", s = "value", A = "flag", X = "flag", x = "flag",
    U = "flag", S = "flag", N = "flag", h = "flag", D = "flag" })
  if o and o.w then
    return "'tcpdump -w " .. o.w .. "' writes a file, and a lesson writes no file (drop -w; a capture{} " ..
      "claim checks what crosses a device)"
  end
  return nil
end
commands.registry.curl.lesson = function(args)
  for _, a in ipairs(args) do
    if a == "-o" or a == "--output" or a == "-O" or a == "--remote-name" then
      return "'curl " .. a .. "' writes a file, and a lesson writes no file (drop " .. a .. "; a curl{} " ..
        "claim checks the page)"
    end
  end
  return nil
end
-- a lesson's web server serves an empty listing: it reads no directory of the learner's
for _, n in ipairs({ "python3", "python" }) do
  commands.registry[n].lesson = function(args)
    for _, a in ipairs(args) do
      if a == "-d" or a == "--directory" then
        return "'" .. n .. " -m http.server " .. a .. " DIR' serves a directory, and a lesson reads and serves " ..
          "no file (drop " .. a .. " DIR: in a lesson the server answers with an empty directory listing)"
      end
    end
    return nil
  end
end
commands.register("nc", { summary = "is a TCP port open: nc -zv 192.168.0.10 8888", help = M.help_nc, run = M.nc })
commands.register("tcping", { summary = "TCP ping a port: tcping 192.168.0.10 9999", help = M.help_tcping, run = M.tcping })

-- probes and captures only look at the lab (commands.looks): a task does not
-- re-check its claims after them
for _, n in ipairs({ "ping", "traceroute", "tcpdump", "curl", "tcping", "nc" }) do commands.registry[n].looks = true end

return M
