--[[ netlearn.waitstats -- where a lesson's time goes, for NETLEARN_PROBE_STATS=1
(make bench, row 3; docs/performance.md). The C probes count their own waits
(src/probe_util.c: settle, answers, captures, intervals, quiet proofs, fixed
waits); this module adds what only the Lua side sees: capture rings opened and
closed (the kernel waits an RCU grace period in both), lab resets, and the
reason of each fixed wait. Off (and free: nothing is wrapped) unless the
variable is set.

  local ws = require("netlearn.waitstats")
  ws.time("resets", fn, ...)          -- fn(...)'s results; its time counted
  ws.reason("macvlan ...", seconds)   -- an "of which" row of a fixed wait
]]
local net = require("netlearn.core")
local M = {}

M.on = net.probe_stats_on()

function M.time(kind, fn, ...)
  if not M.on then return fn(...) end
  local t0 = net.monotonic()
  local r = table.pack(fn(...))
  net.probe_stat_add(kind, net.monotonic() - t0)
  return table.unpack(r, 1, r.n)
end

function M.reason(why, seconds)
  if M.on and why then net.probe_stat_add(nil, seconds, why) end
end

-- Count the rings: wrap RAW's capture_open, capture_open_many and their captures' close. Called
-- once by netlearn.machine before it copies RAW's functions into its views.
local installed = false
function M.install(raw)
  if not M.on or installed then return end
  installed = true
  local open, open_many, wrapped = raw.capture_open, raw.capture_open_many, false
  -- the captures' close is timed too, once their metatable exists
  local function wrap_close(cap)
    if not cap or wrapped then return end
    wrapped = true
    local mt = getmetatable(cap)
    local close = mt.__index.close
    local function timed(c)
      local t1 = net.monotonic()
      close(c)
      net.probe_stat_add("rings", net.monotonic() - t1)
    end
    mt.__index.close, mt.__close = timed, timed
  end
  raw.capture_open = function(...)
    local t0 = net.monotonic()
    local cap, e, code = open(...)
    net.probe_stat_add("rings", net.monotonic() - t0)
    wrap_close(cap)
    return cap, e, code
  end
  raw.capture_open_many = function(...)
    local t0 = net.monotonic()
    local caps, errs = open_many(...)
    net.probe_stat_add("rings", net.monotonic() - t0)
    for _, c in ipairs(caps) do if c then wrap_close(c) break end end
    return caps, errs
  end
end

return M
