--[[ netlearn.cmd.probes_jobs -- background jobs: tcpdump's captures and the HTTP servers.

tcpdump and python3 -m http.server run as jobs (netlearn has one terminal):
M.jobs lists them (`jobs`), `kill %N`, `fg` + Ctrl-C, `tcpdump stop` or -c N
stop them. A Capture prints its packets as they arrive (M.watch: the shell
watches its fd; in pipe mode after each input line, and while a ping runs,
M.drain_all); a Server is a child process serving HTTP. M.shielded runs a
probe so that Ctrl-C ends it without losing what it found.
netlearn.cmd.probes re-exports what other modules use.
]]
local net = require("netlearn.core")

local M = {}
M.jobs = {}          -- [id] = job; ids are reused like bash's once a job ends

-- Ctrl-C arms a hook on the main Lua thread that raises "interrupted" at the
-- next instruction, which would throw away the partial result a probe returns.
-- A probe therefore runs in a fresh coroutine (hooks are per thread) and, when
-- it saw Ctrl-C, disarms the main thread's hook itself before returning.
local MAIN = debug.getregistry()[1]
function M.shielded(fn, ...)
  local args = table.pack(...)
  local co = coroutine.create(function()
    local r = table.pack(fn(table.unpack(args, 1, args.n)))
    if net.interrupted(false) and type(MAIN) == "thread" and MAIN ~= coroutine.running() then
      debug.sethook(MAIN)
    end
    return table.unpack(r, 1, r.n)
  end)
  local res = table.pack(coroutine.resume(co))
  if not res[1] then error(res[2], 0) end
  return table.unpack(res, 2, res.n)
end

local function shell() return require("netlearn.shell") end

local function interactive() return require("netlearn.repl").interactive() end
M.interactive = interactive

---------------------------------------------------------------------------
-- Background jobs
---------------------------------------------------------------------------
local function new_job(job)
  local id = 1
  while M.jobs[id] do id = id + 1 end
  job.id = id
  job.running = true
  M.jobs[id] = job
  return job
end

function M.job_list()
  local t = {}
  for id, j in pairs(M.jobs) do t[#t + 1] = j end
  table.sort(t, function(a, b) return a.id < b.id end)
  return t
end

-- Print what every running capture has seen so far (used while ping runs).
function M.drain_all()
  for _, j in pairs(M.jobs) do
    if j.running and j.drain then pcall(j.drain, j) end
  end
end

function M.stop_all(quiet)
  for _, j in ipairs(M.job_list()) do
    if j.running then j:stop(quiet) end
  end
end

local function forget(job)
  if M.jobs[job.id] == job then M.jobs[job.id] = nil end
end
M.new_job = new_job

---------------------------------------------------------------------------
-- Captures (tcpdump)
---------------------------------------------------------------------------
local function stamp(t)
  t = t or 0
  local s = math.floor(t)
  return os.date("%H:%M:%S", s) .. string.format(".%06d", math.floor((t - s) * 1e6 + 0.5) % 1000000)
end

local Capture = {}
Capture.__index = Capture
M.Capture = Capture

function Capture:line(p)
  local body = self.e and p.text_e or p.text
  if not body then body = p.text or "?" end
  if self.any then
    body = string.format("%s %-3s %s", p.ifname or "?", p.dir or "", body)
  end
  -- a RAW (tun, ipip) link: the decoder's text_e is tcpdump -e's own
  -- "ip: 10.1.5.10 > ...", with no second "IP"
  return stamp(p.time) .. " " .. body
end

-- Take captured frames: keep and print them, up to -c. The echoes netlearn
-- sends itself to prove a claim (a task re-checking its claims after each
-- command, a challenge's symptoms) carry claims.PROBE_PATTERN and are left
-- out: the learner's capture shows the learner's traffic.
function Capture:take(pkts)
  local pattern = require("netlearn.claims").PROBE_PATTERN
  for _, p in ipairs(pkts) do
    if self.count and #self.packets >= self.count then break end
    if not (p.data and p.data:find(pattern, 1, true)) then
      self.packets[#self.packets + 1] = p
      if not self.quiet then self.ctx:outln(self:line(p)) end
    end
  end
end

function Capture:drain()
  if not self.running then return end
  self:take(self.cap:read(self.count and (self.count - #self.packets) or nil) or {})
  io.stdout:flush()
  if self.count and #self.packets >= self.count then self:stop() end
end

function Capture:stop(quiet, interrupted)
  if not self.running then return end
  -- what arrived until now still counts
  local more = (not self.count or #self.packets < self.count) and
    self.cap:read(self.count and (self.count - #self.packets) or nil) or {}
  self:take(more)
  self.running = false
  if self.fd then shell().unwatch(self.fd) end
  -- frames that found the kernel's ring full (tcpdump -B too small, or a flood)
  local st = self.cap:stats()
  local dropped = st and st.dropped or 0
  self.cap:close()
  local n = #self.packets
  io.stdout:flush()
  if not quiet then
    if interrupted then self.ctx:errln("") end
    self.ctx:errln(n, " packet", n == 1 and "" or "s", " captured")
    self.ctx:errln(n, " packet", n == 1 and "" or "s", " received by filter")
    self.ctx:errln(dropped, " packet", dropped == 1 and "" or "s", " dropped by kernel")
  end
  io.stdout:flush()
  forget(self)
end

-- Run the job in the foreground until Ctrl-C (`fg`).
function Capture:foreground()
  return M.shielded(self.fg_loop, self)
end

function Capture:fg_loop()
  while self.running do
    self:take(self.cap:wait(0.2, self.count and (self.count - #self.packets) or nil) or {})
    io.stdout:flush()
    if self.count and #self.packets >= self.count then
      self:stop()
      return 0
    end
    if net.interrupted(true) then
      self:stop(false, true)
      return 130
    end
  end
  return 0
end

function Capture:status() return self.running and "Running" or "Done" end

-- Print the capture's packets as they arrive: the shell watches its fd.
function M.watch(job)
  job.fd = job.cap:fd()
  shell().watch(job.fd, function() job:drain() end)
end

---------------------------------------------------------------------------
-- HTTP servers (python3 -m http.server)
---------------------------------------------------------------------------
local Server = {}
Server.__index = Server

function Server:alive()
  if not self.running then return false end
  local r, _, errno = net.wait(self.pid, true)
  if r == false then return true end
  if r == nil and errno ~= net.errno.ECHILD then return true end      -- not ours to ask; assume alive
  self.running = false
  return false
end

function Server:status()
  return self:alive() and "Running" or "Done"
end

function Server:stop(quiet, interrupted)
  if self.running then
    net.kill(self.pid)
    net.wait(self.pid)
    self.running = false
  end
  if interrupted and not quiet then
    self.ctx:outln("")
    self.ctx:outln("Keyboard interrupt received, exiting.")
  end
  forget(self)
end

function Server:foreground()
  return M.shielded(self.fg_loop, self)
end

function Server:fg_loop()
  while self:alive() do
    if net.interrupted(true) then
      self:stop(false, true)
      return 130
    end
    -- wait a little without burning the CPU: a capture-free sleep via wait on nothing
    local ok = pcall(function() return net.wait(self.pid, true) end)
    local _ = ok
    os.execute("sleep 0.2")
  end
  forget(self)
  return 0
end
M.Server = Server

-- end of input in pipe mode: stop the captures still running, with their summary
do
  local finishers = shell().finishers
  finishers[#finishers + 1] = function() M.stop_all() end
end

return M
