--[[ netlearn.lesson_cli -- the command line: `netlearn run`, `netlearn check`, `netlearn list`.

Part of netlearn.lesson (it adds its functions to that table): M.run_cli,
M.check_cli (TAP), M.list_cli. netlearn.main calls them.
]]
local sbx = require("netlearn.sandboxenv")
local i18n = require("netlearn.i18n")
local progress = require("netlearn.progress")

local M = require("netlearn.lesson")    -- the table this file adds to

---------------------------------------------------------------------------
-- The command line: run, check, list
---------------------------------------------------------------------------
-- `netlearn run` and `check` always run a lesson contained (DESIGN 3c);
-- trusted Lua is `netlearn lua FILE` (netlearn.main), never a lesson.
local function contained(opts)
  sbx.trusted = false
  opts.trust = false
end

function M.run_cli(arg, opts)
  opts = opts or {}
  contained(opts)
  local repl = require("netlearn.repl")
  if repl.interactive() then
    local R, e = M.start(arg, opts)
    if not R then io.stderr:write(e, "\n") return 1 end
    return "shell"
  end
  -- unattended, with human output
  local path = M.resolve(arg)
  local L, e
  if path then L, e = M.load(path, opts) end   -- (`path and M.load()` would drop the message)
  if not L then
    io.stderr:write(M.clean(e or i18n.t("cannot_open_lesson", tostring(arg))), "\n")
    return path and 1 or 2     -- nothing of that name: 2, as 'check' of a missing lesson
  end
  local f = M.missing(L)
  if f then
    io.stderr:write("netlearn: ", M.clean(L.id), ": ", M.missing_text(f), "\n")
    return 1
  end
  local R = M.new_run(L, "unattended", opts)
  R:say(i18n.t("unattended"))
  R:intro()
  M.reset_lab()
  for n = 1, #L.steps do R:perform(n) end
  R:finish()
  return R.failed == 0 and 0 or 1
end

function M.check_cli(args, opts)
  opts = opts or {}
  contained(opts)
  local paths = {}
  if #args == 0 then
    paths = M.all()
    if #paths == 0 then io.stderr:write("netlearn: ", i18n.t("no_lessons", M.dir()), "\n") return 1 end
  else
    for _, a in ipairs(args) do
      local p = M.resolve(a)
      if not p then
        io.stderr:write(i18n.t("check_no_lesson", a, M.dir()), "\n")
        return 2
      end
      paths[#paths + 1] = p
    end
  end
  local T = { n = 0, failed = 0 }
  M.tap_mode = true
  for _, p in ipairs(paths) do
    local L, e = M.load(p, opts)
    local id = M.clean(M.id_of(p)):gsub("#", "\\#")
    if not L then
      T.n = T.n + 1
      T.failed = T.failed + 1
      io.stdout:write("not ok ", T.n, " - ", id, ": loads\n")
      M.comment(e, "#   ")
    else
      M.comment(id .. ": " .. i18n.pick(L.title))
      local todo = M.todo_warning(L)
      if todo then M.comment("warning: " .. todo) io.stderr:write("netlearn: ", M.clean(i18n.t("warning", todo)), "\n") end
      local f, cfg = M.missing(L)
      if f then
        T.n = T.n + 1
        io.stdout:write("ok ", T.n, " - ", id, " # SKIP needs ", cfg, "\n")
        M.comment(M.missing_text(f))
      else
        M.reset_lab()
        local R = M.new_run(L, "check", { tap = T })
        for n = 1, #L.steps do
          local ok, err = pcall(R.perform, R, n)
          if not ok then R:tap_line(false, id .. " step " .. n .. ": runs", tostring(err)) end
        end
        io.stdout:write(require("netlearn.ipip_path").tap_comment(id))   -- kernel ipip or the stand-in
      end
    end
    io.stdout:flush()
  end
  M.tap_mode = false
  io.stdout:write("1..", T.n, "\n")
  return T.failed == 0 and 0 or 1
end

function M.list_cli(args, opts)
  opts = opts or {}
  contained(opts)
  local paths, info = M.all()
  local LW = {   -- where a lesson came from (the search path: M.dirs)
    from = { en = "from %s", zh = "来自 %s" },
    hides = { en = "replaces the shipped lesson of that name", zh = "取代了同名的自带课程" },
    hidden = { en = "replaces %s", zh = "取代了 %s" },
    yours = { en = "Your own lessons: %s (a folder of LESSON.lua files; NETLEARN_LESSONS=dir:dir adds folders before it)",
      zh = "你自己的课程：%s（放 LESSON.lua 文件的目录；NETLEARN_LESSONS=目录:目录 可在它之前加目录）" },
  }
  local function lw(k, ...) return i18n.format(i18n.pick(LW[k]), ...) end
  if #paths == 0 then
    io.stdout:write(i18n.t("no_lessons", M.dir()), "\n", lw("yours", M.user_dir()), "\n")
    return 0
  end
  local prog = progress.load()
  io.stdout:write(i18n.t("list_head"), "\n")
  local status = 0
  local w = 12                                  -- the names' column, as wide as the longest
  for _, p in ipairs(paths) do w = math.max(w, #M.id_of(p)) end
  local col = "%-" .. w .. "s"
  for _, p in ipairs(paths) do
    local id = M.id_of(p)
    local L, e = M.load(p, opts)
    if not L then
      io.stdout:write(M.clean(string.format("  " .. col .. " %s: %s\n", id, i18n.t("loading_failed"), e)))
      status = 1
    else
      local rec = prog[id]
      local n = #L.steps
      local pr
      if not rec then pr = i18n.t("progress_new")
      elseif rec.finished then pr = i18n.t("progress_done", rec.score, rec.max)
      else
        local d = 0
        for k in pairs(rec.steps) do if k <= n then d = d + 1 end end
        pr = i18n.t("progress_some", d, n)
      end
      local f, cfg = M.missing(L)
      local where = ""
      local I = info[p]
      if I and I.where ~= "shipped" then
        where = " · " .. lw("from", I.dir)
        if I.hides then
          where = where .. " · " .. (I.hides:sub(1, #M.dir() + 1) == M.dir() .. "/" and lw("hides") or lw("hidden", I.hides))
        end
      end
      local art = M.article_title(L)
      io.stdout:write(M.clean(string.format("  " .. col .. " %s\n  " .. col .. " %s%s%s%s%s\n", id, i18n.pick(L.title), "",
        art and (art .. " · ") or "", i18n.t("steps_n", n), " · " .. pr, f and (" · ⚠ " .. i18n.t("needs", cfg)) or "",
        where .. (#L.todos > 0 and (" · ⚠ " .. #L.todos .. " TODO") or ""))))
    end
  end
  io.stdout:write(lw("yours", M.user_dir()), "\n")
  return status
end

return M
