--[[ netlearn.cmd.probes_common -- what the probe commands share: GNU getopt, the
error line and its hint, and the results a lesson reads (ctx.results).
]]
local parse = require("netlearn.parse")

local M = {}

-- a numeric host as ping, traceroute, nc and curl read it (getaddrinfo: inet_aton,
-- so "127.1" is 127.0.0.1) -> canonical dotted quad | nil
local function is_ipv4(s) return (parse.addr(s, "resolver")) end

local function add_result(ctx, kind, result, extra)
  if not ctx.results then return end
  local r = { kind = kind, result = result, ns = ctx.ns }
  for k, v in pairs(extra or {}) do r[k] = v end
  ctx.results[#ctx.results + 1] = r
end

-- GNU getopt, as ping and traceroute use it: options anywhere, clusters (-nc 2),
-- values attached (-c2) or separate. spec: letter -> "flag" | "value".
-- Returns opts, operands  or nil, kind, letter.
local function getopt(args, spec)
  local o, rest = {}, {}
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--" then
      for k = i + 1, #args do rest[#rest + 1] = args[k] end
      break
    elseif a:sub(1, 1) == "-" and #a > 1 then
      local k = 2
      while k <= #a do
        local c = a:sub(k, k)
        local kind = spec[c]
        if not kind then return nil, "invalid", c end
        if kind == "value" then
          local v = a:sub(k + 1)
          if v == "" then
            i = i + 1
            v = args[i]
            if not v then return nil, "missing", c end
          end
          o[c] = v
          break
        end
        o[c] = true
        k = k + 1
      end
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  return o, rest
end
M.getopt = getopt

-- A probe's refusal through the one failure convention (commands.fail): the real
-- tool's line(s), then netlearn's hint; status CODE. What the probe already printed
-- on stdout goes out first, so the lines keep their order. Never returns.
local function bad(line, hint, code)
  io.stdout:flush()
  require("netlearn.commands").fail(code, line, hint)
end

-- One number of ping's options, read as iputils reads it: a count (-c, -s, -t:
-- strtol base 10, netlearn.parse's "ping" rule) or a time (-i, -W, -w: strtod)
-- -> the number | nil, iputils' line ("ping: invalid argument: ...")
local function ping_number(v, lo, hi, integer)
  local n, why
  if integer then
    n, why = parse.int(v, "ping", lo, hi)
  else
    n = parse.decimal(v)
    if n and (n < lo or n > hi) then n, why = nil, "range" end
  end
  if n then return n end
  if why == "range" then
    return nil, string.format("ping: invalid argument: '%s': out of range: %s <= value <= %s", v, tostring(lo), tostring(hi))
  end
  return nil, "ping: invalid argument: '" .. v .. "'"
end
M.ping_number = ping_number

M.is_ipv4 = is_ipv4
M.add_result = add_result
M.bad = bad

return M
