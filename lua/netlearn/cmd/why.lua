--[[ netlearn.cmd.why -- the `why FROM DEST[:PORT]` command: why doesn't it ping?

Walks one packet from namespace FROM (or `host`) to DEST through the lab's real
state, hop by hop, marks the first broken link, prints the command that would
fix it, then sends one real probe (ping, or a TCP connection for DEST:PORT /
--tcp) and says whether the prediction held. See docs/why.md and
netlearn.why for the Lua API. The result is appended to ctx.results as
{kind="why", result=...}.
]]
local commands = require("netlearn.commands")
local why = require("netlearn.why")

local M = {}

M.help = [[why [--tcp] [--no-probe] [--lang en|zh] FROM DEST[:PORT]
  walks a packet from namespace FROM ('host' for the sandbox's own) to DEST
  the way the kernel decides: route lookup, ARP and the wire, forwarding,
  rp_filter, firewall, NAT, tunnels, and the reply's way back. Marks the first
  broken hop (✘), suggests the command that fixes it, then sends one real
  probe to check the prediction. DEST:PORT (or --tcp, port 80) asks about a
  TCP connection instead of a ping (the DNAT/curl case).
Examples:
  why net2 192.167.3.2
  why container1 192.168.0.2
  why host 192.168.0.10:8888]]

function M.run(args, ctx)
  if args[1] == "-h" or args[1] == "--help" then
    ctx:outln(require("netlearn.help_zh").text("why", { help = M.help }))
    return 0
  end
  local o, from, dest = why.parse_args(args)
  if not o then commands.fail(2, tostring(from)) end
  local r, msg = why.diagnose(from, dest, o)
  if not r then commands.fail(2, tostring(msg)) end
  for _, line in ipairs(why.format(r)) do ctx:outln(line) end
  if ctx.results then ctx.results[#ctx.results + 1] = { kind = "why", result = r, ns = ctx.ns } end
  return r.ok and 0 or 1
end

commands.register("why", {
  summary = "why doesn't it ping? why net2 192.167.3.2 (hop by hop, with the fix)",
  help = M.help,
  run = M.run,
  looks = true,     -- its probe only looks (commands.looks)
  complete = function(words)
    local net = require("netlearn.core")
    if #words <= 2 then
      local t = { "host", "--tcp", "--no-probe" }
      for _, n in ipairs(net.ns_list() or {}) do t[#t + 1] = n end
      return t
    end
    return {}
  end,
})

return M
