--[[ netlearn.drift -- telling a lab that changed under a lesson from a wrong answer.

When a claim fails because the namespace or device it names is gone (the
learner deleted net1, or ran 'reset'), every later claim fails too: a cascade
of ✘ that says nothing about the learner's understanding. After the first
such claim of a check, the lesson runtime calls note(), which says once that
the lab changed and that 'again' rebuilds it.

  require("netlearn.drift").note(run, claim, lab)   -- from Run:check_claims
  require("netlearn.drift").missing(claim, net)     --> "namespace net1" or nil
]]
local M = {}

local MSG = {
  en = { changed = "⚠ the lab changed under the lesson (%s is gone): type 'again' to rebuild it up to this step",
         ns = "namespace %s", dev = "device %s in %s" },
  zh = { changed = "⚠ 实验室在课程中被改动了（%s 不见了）：输入 'again' 把它重建到这一步",
         ns = "命名空间 %s", dev = "设备 %s（%s 里）" },
}

local function nsname(ns)
  if ns == nil or ns == "" or ns == "host" then return "" end
  return ns
end

-- What the claim names that no longer exists, as words, or nil.
function M.missing(c, net)
  local i18n = require("netlearn.i18n")
  local a = c and c.a or {}
  for _, f in ipairs({ "ns", "from" }) do
    local ns = type(a[f]) == "string" and nsname(a[f]) or ""
    if ns ~= "" and not net.ns_exists(ns) then
      return i18n.message(MSG, i18n.lang, "ns", ns)
    end
  end
  if type(a.dev) == "string" then
    local ns = nsname(a.ns)
    if (ns == "" or net.ns_exists(ns)) and a.exists ~= false and not net.link_get(ns, a.dev) then
      return i18n.message(MSG, i18n.lang, "dev", a.dev, ns == "" and "host" or ns)
    end
  end
  return nil
end

local said = setmetatable({}, { __mode = "k" })   -- lab -> true: once per check

-- After a failing claim c of run R (checked against lab): say once that the lab drifted.
function M.note(R, c, lab)
  if said[lab] then return end
  local ok, what = pcall(M.missing, c, lab.net)
  if not ok or not what then return end
  said[lab] = true
  local i18n = require("netlearn.i18n")
  R:say(i18n.message(MSG, i18n.lang, "changed", what))
end

return M
