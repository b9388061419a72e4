--[[ netlearn.pingspec -- the options of a ping (net.ping, net.ping6 and the
`ping` / `ping6` commands): their ranges and the words for a value out of
them, in one place (issue #19: policy in Lua, mechanism in C). The words are
iputils ping's where ping has them (`-t 256`: "invalid argument: '256': out of
range: 0 <= value <= 255"; `-t 0` passes that check and the kernel refuses it:
"cannot set unicast time-to-live: Invalid argument"), and netlearn's for the
API's own fields. src/l_probe.c's probe_l_ping_args keeps a plain guard
("ping: ttl= malformed or out of range") for what it cannot carry.

  local pingspec = require("netlearn.pingspec")
  pingspec.TTL                              --> { lo = 0, hi = 255 }
  pingspec.ttl_refused(0)                   --> "cannot set unicast time-to-live: Invalid argument"
  pingspec.check(net, "ping", { ttl = 256 })  --> nil, "invalid argument: '256': out of range: 0 <= value <= 255", EINVAL
  pingspec.wrap(net)                        -- net.ping and net.ping6 checked
]]
local guard = require("netlearn.specguard")
local fail = guard.fail

local M = {}

-- iputils' range check of -t (0 passes it; IPv4 then refuses 0 at setsockopt)
M.TTL = { lo = 0, hi = 255 }
-- the largest payload: 65535 less the IPv4 and ICMP headers / the ICMPv6 header
M.MAX_SIZE = { ping = 65507, ping6 = 65527 }

local function whole(v) return math.type(v) == "integer" or (v == math.floor(v) and v == v) end

-- A TTL out of iputils' range, or IPv4's 0: iputils' words (without "ping: "),
-- or nil when the TTL may be sent. IPV6 keeps 0 as ping6 does: the default.
function M.ttl_refused(v, ipv6)
  if v < M.TTL.lo or v > M.TTL.hi or not whole(v) then
    return string.format("invalid argument: '%g': out of range: %d <= value <= %d", v, M.TTL.lo, M.TTL.hi)
  end
  if v == 0 and not ipv6 then return "cannot set unicast time-to-live: Invalid argument" end
end

local function num(opts, k) return type(opts[k]) == "number" and opts[k] or nil end

-- The numbers of net.ping's (FN "ping") or net.ping6's ("ping6") options
-- table: true, or nil, one line, EINVAL. Fields of other types are left to
-- the binding, which raises.
function M.check(net, fn, opts)
  if type(opts) ~= "table" then return true end
  local E = net.errno
  local count, interval, timeout = num(opts, "count"), num(opts, "interval"), num(opts, "timeout")
  local deadline, ttl, size = num(opts, "deadline"), num(opts, "ttl"), num(opts, "size")
  if count and (count < 0 or not whole(count) or count > 1e9) then
    return fail(E.EINVAL, "bad number of packets to transmit: %g (use a whole number, 0 for no limit)", count)
  end
  if interval and not (interval >= 0.001) then
    return fail(E.EINVAL, "bad timing interval: %g (use at least 0.001 seconds)", interval)
  end
  if timeout and (not (timeout > 0) or timeout > 2147483) then
    return fail(E.EINVAL, "bad linger time: %g (use a number of seconds above 0)", timeout)
  end
  if deadline and not (deadline >= 0 and deadline <= 2147483) then
    return fail(E.EINVAL, "bad wait time: %g (use a number of seconds, 0 for none)", deadline)
  end
  local why = ttl and M.ttl_refused(ttl, fn == "ping6")
  if why then return nil, why, E.EINVAL end
  local max = M.MAX_SIZE[fn]
  if size and (size < 0 or size > max or not whole(size)) then
    return fail(E.EINVAL, "invalid argument: '%g': out of range: 0 <= value <= %d", size, max)
  end
  return true
end

local function typed(ns, dest, opts)
  return guard.str(ns, true) and guard.str(dest) and (opts == nil or type(opts) == "table")
end

function M.wrap(net)
  net.ping = guard.checked(net.ping, typed, function(_, _, opts) return M.check(net, "ping", opts) end)
  net.ping6 = guard.checked(net.ping6, typed, function(_, _, opts) return M.check(net, "ping6", opts) end)
end

return M
