--[[ netlearn.record -- what the learner types becomes a lesson skeleton.

`record start` begins; every command line typed after it is kept with its
exit status and the probe results it produced (ctx.results). `record stop
FILE` writes a lesson (docs/lesson-authoring.md) with one step per run of
commands ending in a probe; each probe's outcome becomes a claim:

  ping that got a reply      ->  reaches { from = "net1", to = "192.167.2.2" }
  ping that got none         ->  not_reaches { from = ..., to = ... }   and the
                                 ping is written as fails "..." in the step
  curl that got a response   ->  curl { from =, url =, status = 200 }
  curl refused / failing     ->  curl { from =, url =, refused = true } / fails = true

A command that failed is left out (as a comment): it changed nothing. A line
of Lua is kept as a comment too (a lesson runs command lines). Commands that
only look (topo, help, set, record, ...) are not recorded. The explanations
are TODO placeholders in English and Chinese for the author to fill in; the
file passes `netlearn check` as written.

  local record = require("netlearn.record")
  record.start(); record.on_line("ip netns add net1", "ok", ctx); ...
  local text = record.lesson_text(record.stop())
]]
local M = {}

M.active = false
M.entries = {}

-- commands that only look or control the shell: not part of a lesson
M.SKIP = { topo = true, show = true, help = true, set = true, record = true, export = true, jobs = true,
  fg = true, ns = true, lesson = true, next = true, back = true, again = true, skip = true, hint = true,
  explain = true, score = true, ["end"] = true, exit = true, quit = true, why = true, trace = true, pathtrace = true }

function M.start()
  M.active = true
  M.entries = {}
end

function M.stop()
  M.active = false
  local e = M.entries
  M.entries = {}
  return e
end

local function first_word(line) return line:match("^%s*([%w_%-%.]+)") end

-- called after every complete line typed at the prompt (shell.after_command)
function M.on_line(line, result, ctx)
  if not M.active or result == "exit" then return end
  local word = first_word(line)
  if line:match("^%s*!") then
    M.entries[#M.entries + 1] = { comment = "ran a real program (not replayed): " .. line }
    return
  end
  if not ctx then
    M.entries[#M.entries + 1] = { comment = "Lua (not replayed): " .. line:gsub("\n", " ") }
    return
  end
  if word and M.SKIP[word] then return end
  local results = {}
  for _, r in ipairs(ctx.results or {}) do results[#results + 1] = r end
  M.entries[#M.entries + 1] = { line = line, ns = ctx.ns or "", ok = result == "ok", results = results }
end

---------------------------------------------------------------------------
-- Writing the lesson
---------------------------------------------------------------------------
local function q(s) return string.format("%q", s) end
local function from_of(ns) return (ns == nil or ns == "") and "host" or ns end

-- claims for one command's probe results -> list of Lua source strings, and
-- whether the command is expected to fail
local function claims_of(entry)
  local out, fails = {}, not entry.ok
  for _, r in ipairs(entry.results) do
    local from = q(from_of(r.ns))
    if r.kind == "ping" and r.result and r.dest then
      local res = r.result
      if (res.received or 0) > 0 then
        out[#out + 1] = "reaches { from = " .. from .. ", to = " .. q(r.dest) .. " }"
      else
        local err = res.error and (res.error:gsub("^.*:%s*", "")) or nil
        if not err and res.unreachable and res.unreachable[1] then err = res.unreachable[1].text end
        out[#out + 1] = "not_reaches { from = " .. from .. ", to = " .. q(r.dest) ..
          (err and (", error = " .. q(err)) or "") .. " }"
      end
    elseif r.kind == "curl" and r.url and r.result then
      local res = r.result
      if res.status then
        out[#out + 1] = "curl { from = " .. from .. ", url = " .. q(r.url) .. ", status = " .. res.status .. " }"
      elseif res.error and res.error:lower():find("refused", 1, true) then
        out[#out + 1] = "curl { from = " .. from .. ", url = " .. q(r.url) .. ", refused = true }"
      else
        out[#out + 1] = "curl { from = " .. from .. ", url = " .. q(r.url) .. ", fails = true }"
      end
    end
  end
  return out, fails
end

function M.lesson_text(entries, opts)
  opts = opts or {}
  local steps, cur = {}, { run = {}, claims = {}, notes = {} }
  local function close()
    if #cur.run > 0 or #cur.claims > 0 then
      steps[#steps + 1] = cur
      cur = { run = {}, claims = {}, notes = {} }
    end
  end
  for _, e in ipairs(entries) do
    if e.comment then
      cur.notes[#cur.notes + 1] = e.comment
    else
      local line = e.line:gsub("\n", " ")
      if e.ns ~= "" then line = "ip netns exec " .. e.ns .. " " .. line end
      local claims, fails = claims_of(e)
      if not e.ok and #claims == 0 then
        cur.notes[#cur.notes + 1] = "failed, left out: " .. line
      else
        cur.run[#cur.run + 1] = fails and ("fails " .. q(line)) or q(line)
        for _, c in ipairs(claims) do cur.claims[#cur.claims + 1] = c end
        if #claims > 0 then close() end
      end
    end
  end
  close()
  local out = {}
  local function w(s) out[#out + 1] = s end
  w("--[[ " .. (opts.name or "recorded") .. " -- a lesson recorded with `record start` / `record stop`.")
  w("")
  w("Recorded by netlearn: each step holds the commands as they were typed, and the")
  w("probes' outcomes as claims. Fill in the TODO explanations (English and Chinese),")
  w("titles and objectives; `netlearn check` runs it as it is.")
  w("]]")
  w('title = { en = "TODO: a recorded lab", zh = "TODO：录制的实验" }')
  w('article = "TODO: the article this lab follows"')
  w('objectives = {')
  w('  { en = "TODO: what the learner will be able to do", zh = "TODO：学习目标" },')
  w('}')
  w("")
  w("steps = {")
  for i, s in ipairs(steps) do
    for _, n in ipairs(s.notes) do w("  -- " .. n) end
    w("  step {")
    w('    title = { en = "Step ' .. i .. '", zh = "第 ' .. i .. ' 步" },')
    w('    en = "TODO: explain what these commands do and what the probe shows.",')
    w('    zh = "TODO：解释这些命令做了什么，探测结果说明了什么。",')
    w("    run = {")
    for _, r in ipairs(s.run) do w("      " .. r .. ",") end
    w("    },")
    if #s.claims > 0 then
      w("    claims = {")
      for _, c in ipairs(s.claims) do w("      " .. c .. ",") end
      w("    },")
    end
    w("  },")
  end
  for _, n in ipairs(cur.notes) do w("  -- " .. n) end
  w("}")
  return table.concat(out, "\n") .. "\n", #steps
end

return M
