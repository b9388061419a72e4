--[[ netlearn.challenge -- troubleshooting challenges (issue 24): netlearn builds a
lesson's finished lab, breaks it with faults from the catalogue
(netlearn.faults), and the learner finds and fixes them.

  netlearn challenge LESSON [--seed N] [--level 1|2|3]   a challenge in the shell
  netlearn challenge LESSON --seed N --solution          the faults ('#' lines), then the fix
  netlearn challenge --selftest [LESSON...]              TAP: inject, break, fix, hold

The symptoms are the lesson's own reachability claims (reaches, curl) that hold
in the finished lab, plus a big-packet ping for each reaches claim: the learner
sees which of them fail, never the cause. Claims decide: any working fix counts.
Faults are drawn with M.rng, a PRNG in plain integer Lua: the same lesson, seed
and level give the same faults on every machine.
]]
local lesson = require("netlearn.lesson")
local claims = require("netlearn.claims")
local faults = require("netlearn.faults")
local i18n = require("netlearn.i18n")
local guard = require("netlearn.guard")
local quiet = require("netlearn.quiet")

local M = {}

M.SEEDS = 20            -- seeds per lesson in the selftest
M.BIG = 1400            -- payload of the big-packet symptom
M.POINTS = { start = 100, hint = 10, why = 5 }

local W = {
  symptoms = { en = "Something in the lab is broken. These should work, and do not:",
    zh = "实验环境里有东西坏了。下面这些本该正常，现在不行：" },
  still_ok = { en = "These still work:", zh = "这些仍然正常：" },
  how = { en = "Find and fix it with the usual commands. 'check' checks, 'hint' gives a hint (-%d points), " ..
    "'why' explains a probe (-%d points), 'give up' shows the faults and the fix, 'end' leaves.",
    zh = "用平常的命令找出问题并修好。'check' 检查，'hint' 给提示（扣 %d 分），'why' 解释一次探测（扣 %d 分），" ..
      "'give up' 显示故障和修法，'end' 离开。" },
  solved = { en = "solved: every claim holds again. Score %d, time %s.", zh = "解决了：所有声明都重新成立。得分 %d，用时 %s。" },
  not_solved = { en = "not solved: %d claims still fail", zh = "还没解决：仍有 %d 条声明不成立" },
  gave_up = { en = "The faults, each with a fix, in the order to fix them (the last one made first):",
    zh = "故障和对应的修法，按修复的顺序列出（最后造成的先修）：" },
  the_fix = { en = "Any other fix that makes the claims hold counts too.",
    zh = "任何能让声明重新成立的修法都算数。" },
  no_challenge = { en = "no challenge is running; start one with 'netlearn challenge LESSON'",
    zh = "现在没有挑战；用 'netlearn challenge LESSON' 开始一个" },
  hint_n = { en = "hint %d (-%d points, score now %d): %s", zh = "提示 %d（扣 %d 分，现在 %d 分）：%s" },
  why_cost = { en = "(why: -%d points, score now %d)", zh = "（why：扣 %d 分，现在 %d 分）" },
  started = { en = "Challenge: %s (level %d, seed %d)", zh = "挑战：%s（难度 %d，种子 %d）" },
  building = { en = "building the finished lab of %s and breaking it...", zh = "正在搭建 %s 的完整环境，然后把它弄坏……" },
  big = { en = "%s reaches %s with %d-byte pings", zh = "%s 用 %d 字节的 ping 能 ping 通 %s" },
  left = { en = "challenge left (score %d not kept: not solved)", zh = "已离开挑战（没有解决，分数 %d 不记录）" },
  step_skip = { en = "(a challenge: 'netlearn challenge LESSON' in a terminal)",
    zh = "（这是一个挑战：在终端里运行 'netlearn challenge 课程名'）" },
  over = { en = "the challenge is over; 'end' leaves it", zh = "挑战已经结束；'end' 离开" },
}
M.W = W
local function t(key, ...) return i18n.format(i18n.pick(W[key]), ...) end

---------------------------------------------------------------------------
-- The PRNG: xorshift32 seeded through splitmix-style mixing; integer only,
-- so the sequence is the same on every machine and Lua build.
---------------------------------------------------------------------------
local MASK = 0xffffffff
function M.rng(seed)
  local x = (seed * 0x9E3779B1 + 0x7F4A7C15) & MASK
  x = ((x ~ (x >> 16)) * 0x85EBCA6B) & MASK
  x = ((x ~ (x >> 13)) * 0xC2B2AE35) & MASK
  x = x ~ (x >> 16)
  if x == 0 then x = 0x6D2B79F5 end
  local r = {}
  function r.next()
    x = x ~ ((x << 13) & MASK)
    x = x ~ (x >> 17)
    x = x ~ ((x << 5) & MASK)
    return x
  end
  -- an integer in 1..n
  function r.pick(n) return (r.next() % n) + 1 end
  return r
end

---------------------------------------------------------------------------
-- Building the lab and its symptoms
---------------------------------------------------------------------------
local function exec(line)
  local commands = require("netlearn.commands")
  local buf = {}
  local ctx = commands.context({ ns = "", stdout = function(s) buf[#buf + 1] = s end,
    stderr = function(s) buf[#buf + 1] = s end })
  ctx.default_count = 1
  local ok, e, st = pcall(commands.execute, line, ctx)
  if not ok then return 1, table.concat(buf) .. (guard.is_refusal(e) or tostring(e)) end
  return tonumber(st) or 0, table.concat(buf)
end
M.exec = exec

-- A fault's command line: with the lesson guard on, as a lesson's own lines run
-- (no program started, no file written), whoever declared the fault.
local function fault_exec(line)
  return guard.lesson(exec, line)
end

local function ns_of(from) return (from == nil or from == "host") and "" or from end

-- One echo, tried twice with 0.1 s each, for a symptom: the result that got a
-- reply, or nil. A try the quiet lab proved unanswered is not tried again
-- (netlearn.quiet: the lab's answer is in), so a fault costs milliseconds.
local function quick_ping(from, to, size)
  for _ = 1, 2 do
    local r = net.ping(from, to, { count = 1, timeout = 0.1, size = size, pattern = claims.PROBE_PATTERN,
                                   quiet = quiet.plan(net) })
    if r and (r.received or 0) > 0 then return r end
    if r and r.quiet then return nil end
  end
  return nil
end

-- a symptom: {render = function(lang), check = function() -> ok, kind = "reaches"|"curl"|"big"}
local function claim_symptom(c, lab)
  local s = { kind = c.kind == "ping" and "reaches" or c.kind }
  s.render = function(lang) return claims.render(c, lang) end
  if s.kind == "reaches" then
    -- a quick probe: a failing ping costs at most 0.2 s, not the claim's 3 x 0.5 s
    s.check = function(quick)
      if not quick then return (claims.check(c, lab)) end
      local r = quick_ping(ns_of(c.a.from), c.a.to)
      if r then return not c.a.ttl or r.ttl == c.a.ttl end
      return false
    end
  else
    s.check = function() return (claims.check(c, lab)) end
  end
  return s
end

local function big_symptom(from, to)
  local s = { kind = "big" }
  s.render = function(lang)
    local who = faults.who(ns_of(from), lang)
    if lang == "zh" then return i18n.format(W.big.zh, who, M.BIG, to) end
    return i18n.format(W.big.en, (who:gsub("^t", "T")), to, M.BIG)
  end
  s.check = function() return quick_ping(ns_of(from), to, M.BIG) ~= nil end
  return s
end

-- Build the finished lab of lesson L (every step, every task's solution), quietly.
function M.build(L)
  lesson.reset_lab()
  local R = lesson.new_run(L, "unattended", { out = function() end })
  for n = 1, #L.steps do R:perform(n, true) end
  local lab = R:lab(true)
  local C = { L = L, R = R, lab = lab, symptoms = {} }
  local seen = {}
  for _, s in ipairs(L.steps) do
    for _, c in ipairs(s.claims) do
      local k = c.kind
      local positive = (k == "reaches" or k == "ping") or (k == "curl" and not c.a.refused and not c.a.fails)
      local key = claims.render(c, "en")
      if positive and not seen[key] then
        seen[key] = true
        local sym = claim_symptom(c, lab)
        if sym.check(false) then
          C.symptoms[#C.symptoms + 1] = sym
          if sym.kind == "reaches" then
            local bk = (c.a.from or "") .. ">" .. c.a.to
            if not seen[bk] then
              seen[bk] = true
              local b = big_symptom(c.a.from, c.a.to)
              if b.check() then C.symptoms[#C.symptoms + 1] = b end
            end
          end
        end
      end
    end
  end
  C.view = faults.view(net, exec)
  return C
end

-- -> list of the indexes of the symptoms that fail now; with `kinds` (a set),
-- stop at the first failing symptom of one of those kinds
function M.failing(C, quick, kinds)
  local bad = {}
  for i, s in ipairs(C.symptoms) do
    if not s.check(quick) then
      bad[#bad + 1] = i
      if kinds and kinds[s.kind] then break end
    end
  end
  return bad
end

---------------------------------------------------------------------------
-- Drawing faults
---------------------------------------------------------------------------
local function set_of(list) local s = {} for _, v in ipairs(list) do s[v] = true end return s end

local function run_all(cmds)
  for _, c in ipairs(cmds) do
    local st, out = fault_exec(c)
    if st ~= 0 then return nil, "'" .. c .. "': " .. (out:gsub("\n+$", "")) end
  end
  return true
end
M.run_all = run_all

-- kinds from `--faults FILE` (netlearn.faults.load_file), for every lesson of this run
M.extra = {}

-- The kinds that may apply to lesson L: the catalogue's, then --faults files',
-- then the lesson's own (its `faults` field), in that fixed order.
function M.kinds(L)
  faults.load()
  local out = {}
  for _, k in ipairs(faults.kinds) do out[#out + 1] = k end
  for _, k in ipairs(M.extra) do out[#out + 1] = k end
  for _, k in ipairs(L.faults or {}) do out[#out + 1] = k end
  return out
end

-- every (kind, target) of this lab, in a fixed order. A kind whose targets()
-- fails is a bug in its declaration: C.kind_errors says which and where.
function M.candidates(C)
  local by_kind = {}
  C.kind_errors = {}
  for _, k in ipairs(M.kinds(C.L)) do
    local ts, e = faults.call(k, "targets", C.view)
    if not ts then C.kind_errors[#C.kind_errors + 1] = e
    elseif #ts > 0 then by_kind[#by_kind + 1] = { kind = k, targets = ts } end
  end
  return by_kind
end

-- -> fault, or nil and why (a kind from outside the catalogue may fail)
local function instance(kind, target, view)
  local f = { kind = kind, target = target }
  local e
  f.inject, e = faults.call(kind, "inject", target, view)
  if not f.inject then return nil, e end
  f.fix, e = faults.call(kind, "fix", target, view)
  if not f.fix then return nil, e end
  return f
end

local function breaks(kind, bad, C)
  for _, i in ipairs(bad) do
    for _, b in ipairs(kind.breaks) do if C.symptoms[i].kind == b then return true end end
  end
  return false
end

-- Undo faults (the last injected first). A command that fails (a gateway the
-- kernel cannot check while another fault hides the main table) is tried again
-- after the others. -> true when every command ran at last, and the commands
-- in the order that worked.
function M.fix(faults_list)
  local seq, later = {}, {}
  for i = #faults_list, 1, -1 do
    for _, c in ipairs(faults_list[i].fix) do
      if fault_exec(c) == 0 then seq[#seq + 1] = c else later[#later + 1] = c end
    end
  end
  for _ = 1, 2 do
    local again = {}
    for _, c in ipairs(later) do
      if fault_exec(c) == 0 then seq[#seq + 1] = c else again[#again + 1] = c end
    end
    later = again
  end
  return #later == 0, seq
end

-- Draw the faults of (seed, level); `only`: a kind name, to draw from that kind alone.
-- Undo faults and look again: -> every fix command ran, the symptoms that
-- still fail (indexes), the fix commands in the order that worked
function M.mend(C, got)
  local fixed, seq = M.fix(got)
  return fixed, M.failing(C, false), seq
end

function M.draw(C, seed, level, only)
  local rng = M.rng(seed * 4 + level)
  local cands = M.candidates(C)
  if #C.kind_errors > 0 then return nil, C.kind_errors[1] end
  if only then
    local keep = {}
    for _, ck in ipairs(cands) do if ck.kind.name == only then keep[1] = ck end end
    if #keep == 0 then
      local known = false
      for _, k in ipairs(M.kinds(C.L)) do known = known or k.name == only end
      if not known then return nil, "no fault kind '" .. only .. "' (docs/lesson-authoring.md lists the catalogue)" end
      return nil, "the fault kind " .. only .. " finds nothing to break in this lab"
    end
    cands = keep
  end
  if #cands == 0 then return nil, "no fault of the catalogue applies to this lab" end
  if #C.symptoms == 0 then return nil, "the lesson's finished lab has no reachability claim to break" end
  local want = level == 1 and 1 or 2
  local got, used = {}, {}
  local tries = 0
  while #got < want and tries < 60 do
    tries = tries + 1
    local ck = cands[rng.pick(#cands)]
    local tg = ck.targets[rng.pick(#ck.targets)]
    local f, ie
    if not used[tg.obj] then
      f, ie = instance(ck.kind, tg, C.view)
      if not f then return nil, ie end
    end
    if f then
      -- alone, on the finished lab: which symptoms does it break?
      local prev = got
      if #prev > 0 then M.fix(prev) end
      local okr, e = run_all(f.inject)
      local bad = okr and M.failing(C, true, level ~= 3 and set_of(f.kind.breaks) or nil) or {}
      local keep = okr and breaks(f.kind, bad, C)
      if keep and level == 3 and #prev > 0 then
        local first = set_of(prev[1].broke)
        keep = false
        for _, i in ipairs(bad) do if first[i] then keep = true end end
      end
      if okr then run_all(f.fix) end
      if not okr then
        run_all(f.fix)
        C.errors = (C.errors or 0) + 1
        C.last_error = "fault " .. f.kind.name .. (f.kind.origin and (" (" .. f.kind.origin .. ")") or "") .. ": " .. e
      end
      for _, p in ipairs(prev) do run_all(p.inject) end
      -- on top of the faults kept so far: it must still apply (a route on a
      -- device another fault moved away does not), else it is undone
      if keep and not run_all(f.inject) then
        run_all(f.fix)
        keep = false
      end
      if keep then
        f.broke = bad
        got[#got + 1] = f
        used[tg.obj] = true
      end
    end
  end
  if #got < want then
    local last = C.last_error and ("; the last fault that could not be made: " .. C.last_error) or ""
    return nil, (only and ("no target of " .. only .. " breaks a claim of this lab (" .. tries .. " tries)")
      or ("no fault set found after " .. tries .. " draws")) .. last
  end
  return got
end

function M.describe(f, lang)
  return faults.fill(i18n.pick(f.kind.title, lang), f.target, lang)
end

---------------------------------------------------------------------------
-- Options
---------------------------------------------------------------------------
local USAGE = "usage: netlearn challenge LESSON [--seed N] [--level 1|2|3] [--kind NAME] [--solution] [--faults FILE] | " ..
  "netlearn challenge --selftest [--faults FILE] [LESSON...]"
M.USAGE = USAGE

-- -> options, or nil, one line naming the problem and the fix
function M.parse(args)
  local o = { level = 1, names = {}, fault_files = {} }
  local i = 1
  while i <= #args do
    local a = args[i]
    local k, v = a:match("^(%-%-%a+)=(.*)$")
    k = k or a
    if k == "--seed" or k == "--level" then
      if not v then i = i + 1 v = args[i] end
      local n = v and v:match("^%d+$") and tonumber(v)
      if k == "--seed" then
        if not n or n > 2147483647 then
          return nil, "challenge: --seed takes a whole number 0..2147483647" .. (v and (", not '" .. v .. "'") or "") ..
            ", e.g. --seed 7"
        end
        o.seed = n
      else
        if n ~= 1 and n ~= 2 and n ~= 3 then
          return nil, "challenge: --level takes 1, 2 or 3" .. (v and (", not '" .. v .. "'") or "") ..
            " (1: one fault, 2: two faults, 3: two faults hiding behind each other)"
        end
        o.level = n
      end
    elseif k == "--kind" then
      if not v then i = i + 1 v = args[i] end
      if not v or not v:match("^[a-z0-9_]+$") then
        return nil, "challenge: --kind takes the name of a fault kind, e.g. --kind link_down" ..
          (v and (", not '" .. v .. "'") or "")
      end
      o.kind = v
    elseif k == "--faults" then
      if not v then i = i + 1 v = args[i] end
      if not v or v == "" then
        return nil, "challenge: --faults takes a file of fault{...} declarations, e.g. --faults myfaults.lua"
      end
      o.fault_files[#o.fault_files + 1] = v
    elseif a == "--solution" then o.solution = true
    elseif a == "--selftest" then o.selftest = true
    elseif a:sub(1, 1) == "-" then
      return nil, "challenge: unknown option '" .. a .. "' (" .. USAGE:sub(8) .. ")"
    else
      o.names[#o.names + 1] = a
    end
    i = i + 1
  end
  if o.selftest then
    if o.solution then return nil, "challenge: --selftest and --solution do not go together" end
  else
    if #o.names ~= 1 then
      return nil, "challenge takes one LESSON, e.g. 'netlearn challenge 06-bridge' ('netlearn list' shows them)"
    end
  end
  o.paths = {}
  local names = o.names
  if o.selftest and #names == 0 then
    for _, p in ipairs(lesson.all()) do o.paths[#o.paths + 1] = p end
  end
  for _, n in ipairs(names) do
    local p = lesson.resolve(n)
    if not p then
      return nil, "challenge: no lesson '" .. n .. "' (a name in " .. lesson.dir() .. " or a file; 'netlearn list' shows them)"
    end
    o.paths[#o.paths + 1] = p
  end
  return o
end

-- the seed when none is given: from the clock (shown, so it can be replayed)
local function default_seed() return os.time() % 100000 end

---------------------------------------------------------------------------
-- --solution and --selftest
---------------------------------------------------------------------------
local function load_lesson(p)
  local L, e = lesson.load(p, { trust = false })
  if not L then return nil, lesson.clean(e) end
  local f = lesson.missing(L)
  if f then return nil, lesson.clean(L.id) .. ": " .. lesson.missing_text(f), true end
  return L
end

function M.solution_text(C, got, lang, seq)
  local out = {}
  out[#out + 1] = "# " .. C.L.id .. " seed " .. C.seed .. " level " .. C.level
  for i, f in ipairs(got) do out[#out + 1] = "# fault " .. i .. " (" .. f.kind.name .. "): " .. M.describe(f, lang) end
  for _, c in ipairs(seq) do out[#out + 1] = c end
  return table.concat(out, "\n") .. "\n"
end

local function solution_cli(o)
  local L, e = load_lesson(o.paths[1])
  if not L then io.stderr:write("netlearn: ", e, "\n") return 1 end
  local C = M.build(L)
  C.seed, C.level = o.seed or default_seed(), o.level
  local got, why = M.draw(C, C.seed, C.level, o.kind)
  if not got then io.stderr:write("netlearn: challenge: ", L.id, ": ", why, "\n") return 1 end
  -- the fix as it ran on this lab, in the order that works
  -- and the fix really mends the lab: every symptom claim holds again
  local ok, still, seq = M.mend(C, got)
  io.stdout:write(M.solution_text(C, got, i18n.lang, seq))
  if not ok then io.stderr:write("netlearn: challenge: a fix command failed on this lab\n") return 1 end
  for _, i in ipairs(still) do io.stderr:write("netlearn: challenge: after the fix this still fails: ", C.symptoms[i].render(i18n.lang), "\n") end
  return #still == 0 and 0 or 1
end

local function selftest_cli(o)
  local n, failed = 0, 0
  local function tap(ok, name, diag)
    n = n + 1
    if not ok then failed = failed + 1 end
    io.stdout:write(ok and "ok " or "not ok ", n, " - ", (name:gsub("#", "\\#")), "\n")
    if diag and not ok then io.stdout:write("#   ", (diag:gsub("\n", "\n#   ")), "\n") end
    io.stdout:flush()
  end
  lesson.tap_mode = true
  local seeds = tonumber(os.getenv("NETLEARN_CHALLENGE_SEEDS") or "") or M.SEEDS
  for _, p in ipairs(o.paths) do
    local L, e, skip = load_lesson(p)
    local id = lesson.id_of(p)
    if not L then
      if skip then
        n = n + 1
        io.stdout:write("ok ", n, " - ", id, " # SKIP ", e, "\n")
      else
        tap(false, id .. ": loads", e)
      end
    else
      local C = M.build(L)
      local cands = M.candidates(C)
      io.stdout:write("# ", id, ": ", #C.symptoms, " symptom claims, ", #cands, " fault kinds apply\n")
      if #C.symptoms == 0 or #cands == 0 then
        n = n + 1
        io.stdout:write("ok ", n, " - ", id, " # SKIP no reachability claim to break in the finished lab\n")
      else
        local distinct, kinds = {}, {}
        for seed = 1, seeds do
          local got, why = M.draw(C, seed, o.level, o.kind)
          if not got then
            tap(false, id .. " seed " .. seed .. ": faults drawn", why)
          else
            local names = {}
            for _, f in ipairs(got) do
              names[#names + 1] = f.kind.name .. "@" .. f.target.obj
              kinds[f.kind.name] = true
            end
            local key = table.concat(names, " + ")
            distinct[key] = true
            -- M.draw kept each fault only after seeing it break a symptom of its kind
            local nb = 0
            for _, f in ipairs(got) do nb = math.min(nb == 0 and #f.broke or nb, #f.broke) end
            tap(nb > 0, id .. " seed " .. seed .. ": " .. key .. " breaks " .. nb .. "+ claim(s)")
            local fixed, still = M.mend(C, got)
            local diag = {}
            for _, i in ipairs(still) do diag[#diag + 1] = "still fails: " .. C.symptoms[i].render("en") end
            if not fixed then diag[#diag + 1] = "a fix command failed" end
            tap(fixed and #still == 0, id .. " seed " .. seed .. ": the fix restores every claim", table.concat(diag, "\n"))
            if #still > 0 or not fixed then C = M.build(L) end     -- start again from a clean lab
          end
        end
        local nd, kn = 0, {}
        for _ in pairs(distinct) do nd = nd + 1 end
        for k in pairs(kinds) do kn[#kn + 1] = k end
        table.sort(kn)
        io.stdout:write("# ", id, ": kinds drawn: ", table.concat(kn, ", "), "\n")
        if not o.kind then tap(nd >= 2, id .. ": " .. seeds .. " seeds give " .. nd .. " different fault sets") end
        -- an instructor's kinds (the lesson's own, --faults files'), each on its
        -- own: it must break a claim of this lab and its fix must mend it
        for _, k in ipairs(M.kinds(L)) do
          if faults.is_untrusted(k) and (not o.kind or o.kind == k.name) then
            local got, why = M.draw(C, 1, 1, k.name)
            tap(got ~= nil, id .. ": fault kind " .. k.name .. " (" .. k.origin .. ") breaks a claim", why)
            if got then
              local fixed, still = M.mend(C, got)
              tap(fixed and #still == 0, id .. ": fault kind " .. k.name .. ": its fix restores every claim")
              if #still > 0 or not fixed then C = M.build(L) end
            end
          end
        end
      end
    end
  end
  lesson.tap_mode = false
  io.stdout:write("1..", n, "\n")
  return failed == 0 and 0 or 1
end

---------------------------------------------------------------------------
-- The challenge in the shell
---------------------------------------------------------------------------
M.current = nil

local function fmt_time(s)
  return string.format("%d:%02d", s // 60, s % 60)
end

function M.say(s) io.stdout:write(lesson.clean(s), "\n") io.stdout:flush() end

function M.show_symptoms(C)
  local bad = M.failing(C, true)
  local badset = set_of(bad)
  M.say(t("symptoms"))
  for _, i in ipairs(bad) do M.say("  ✘ " .. C.symptoms[i].render(i18n.lang)) end
  local okl = {}
  for i, s in ipairs(C.symptoms) do if not badset[i] then okl[#okl + 1] = s end end
  if #okl > 0 then
    M.say(t("still_ok"))
    for _, s in ipairs(okl) do M.say("  ✔ " .. s.render(i18n.lang)) end
  end
  return bad
end

local function record(C, solved)
  require("netlearn.progress").challenge_log(C.L.id, { seed = C.seed, level = C.level,
    score = solved and C.score or 0, time = os.time() - C.started, solved = solved })
end

function M.check()
  local C = M.current
  if not C then return nil, t("no_challenge") end
  if C.over then return nil, t("over") end
  local bad = M.failing(C, false)
  if #bad == 0 then
    C.over = true
    M.say("✔ " .. t("solved", C.score, fmt_time(os.time() - C.started)))
    record(C, true)
    M.over(C)
    return true
  end
  M.say(t("not_solved", #bad))
  for _, i in ipairs(bad) do M.say("  ✘ " .. C.symptoms[i].render(i18n.lang)) end
  return true
end

function M.hint()
  local C = M.current
  if not C then return nil, t("no_challenge") end
  if C.over then return nil, t("over") end
  C.hints = C.hints + 1
  local nf = #C.faults
  local f = C.faults[((C.hints - 1) % nf) + 1]
  local grade = math.min((C.hints - 1) // nf + 1, #f.kind.hints)
  C.score = math.max(0, C.score - M.POINTS.hint)
  local text = faults.fill(i18n.pick(f.kind.hints[grade]), f.target, i18n.lang)
  M.say("💡 " .. t("hint_n", C.hints, M.POINTS.hint, C.score, text))
  return true
end

function M.why_used()
  local C = M.current
  if not C or C.over then return end
  C.score = math.max(0, C.score - M.POINTS.why)
  M.say(t("why_cost", M.POINTS.why, C.score))
end

function M.give_up()
  local C = M.current
  if not C then return nil, t("no_challenge") end
  if C.over then return nil, t("over") end
  C.over = true
  C.score = 0
  M.say(t("gave_up"))
  -- last injected first: a fault made later may stand on an earlier one (a
  -- route through an address that another fault removed)
  for i = #C.faults, 1, -1 do
    M.say("  • " .. M.describe(C.faults[i], i18n.lang))
    for _, c in ipairs(C.faults[i].fix) do M.say("      $ " .. c) end
  end
  M.say(t("the_fix"))
  record(C, false)
  M.over(C)
  return true
end

function M.leave()
  local C = M.current
  if not C then return nil, t("no_challenge") end
  if not C.over then M.say(t("left", C.score)) record(C, false) end
  M.current = nil
  M.over(C)
  return true
end

-- A challenge pinned in a lesson ends: the lesson goes on (netlearn.lesson)
-- and the shell's words are the lesson's again. On its own, it stays until 'end'.
function M.over(C)
  C.over = true
  if not C.run then return end
  M.current = nil
  local R, n = C.run, C.step_n
  C.run = nil
  lesson.challenge_over(R, n)
end

function M.prompt()
  local C = M.current
  if not C then return nil end
  return "[challenge " .. C.L.id .. (C.over and " ✔" or "") .. "] "
end

-- Start a challenge on lesson path p: build, break, show the symptoms. -> C or nil, why
function M.start(p, seed, level, kind)
  local L, e = load_lesson(p)
  if not L then return nil, e end
  M.say(t("building", L.id))
  local C = M.build(L)
  C.seed, C.level = seed or default_seed(), level or 1
  local got, why = M.draw(C, C.seed, C.level, kind)
  if not got then return nil, "challenge: " .. L.id .. ": " .. why end
  C.faults, C.score, C.hints, C.started = got, M.POINTS.start, 0, os.time()
  M.current = C
  require("netlearn.cmd.challenge").install()
  M.say("")
  M.say(t("started", i18n.pick(L.title), C.level, C.seed))
  M.show_symptoms(C)
  M.say(t("how", M.POINTS.hint, M.POINTS.why))
  return C
end

-- A lesson's challenge{} step (netlearn.lesson): under `netlearn check`, prove
-- the step's seed breaks the lab and its fix mends it; walked, start it.
function M.step(R, s, n)
  if s.level and (s.level < 1 or s.level > 3) then error(s.file .. ":" .. s.line .. ": challenge: level must be 1, 2 or 3", 0) end
  local seed, level = s.seed or 1, s.level or 1
  if R.mode == "check" then
    local C = M.build(R.L)
    local got, why = M.draw(C, seed, level)
    R:tap_line(got ~= nil, R.L.id .. " step " .. n .. ": " .. R:pick({ en = "challenge seed " .. seed .. " breaks the lab",
      zh = "挑战种子 " .. seed .. " 把实验环境弄坏了" }), why)
    if not got then return false end
    local fixed, still = M.mend(C, got)
    R:tap_line(fixed and #still == 0, R.L.id .. " step " .. n .. ": " ..
      R:pick({ en = "the challenge's fix restores every claim", zh = "挑战的修复让每条断言重新成立" }))
    R.done[n] = fixed and #still == 0
    return R.done[n]
  end
  if R.mode ~= "interactive" then
    R:say(t("step_skip"))
    R.done[n] = true
    return true
  end
  local C, e = M.start(R.L.path, s.seed, level)
  if not C then R:say("netlearn: " .. e) return false end
  -- the lesson waits for the challenge: it is done (and the lesson complete)
  -- when the challenge is solved, given up or left (M.over)
  C.run, C.step_n = R, n
  R.challenge = n
  return true
end

-- `netlearn challenge ...` after the sandbox is entered; o from M.parse
function M.cli(o)
  for _, p in ipairs(o.fault_files or {}) do
    local list, e = faults.load_file(p)
    if not list then io.stderr:write("netlearn: challenge: ", lesson.clean(e), "\n") return 2 end
    for _, k in ipairs(list) do
      for _, x in ipairs(M.extra) do
        if x.name == k.name then
          io.stderr:write("netlearn: challenge: ", k.origin, ": fault ", k.name, " is declared in ", x.origin,
            " too: give one of them another name\n")
          return 2
        end
      end
      M.extra[#M.extra + 1] = k
    end
  end
  if o.selftest then return selftest_cli(o) end
  if o.solution then return solution_cli(o) end
  local C, e = M.start(o.paths[1], o.seed, o.level, o.kind)
  if not C then io.stderr:write("netlearn: ", e, "\n") return 1 end
  return "shell"
end

return M
