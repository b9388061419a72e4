--[[ netlearn.util -- small table helpers several modules need, written once:
the keys of a table in order, and the check every declaration (lesson steps,
claims, faults) makes of its fields.

  local util = require("netlearn.util")
  util.sorted_keys({ b = 1, a = 2 })                  --> { "a", "b" }
  util.field_names({ en = "string", zh = "string" })  --> "en, zh"
  util.unknown_field({ en = "x", eh = "y" }, { en = "string", zh = "string" })  --> "eh"
]]
local M = {}

-- keys of t, sorted (numbers before strings, each in their own order)
function M.sorted_keys(t)
  local k = {}
  for x in pairs(t) do k[#k + 1] = x end
  table.sort(k, function(a, b)
    if type(a) == type(b) and (type(a) == "string" or type(a) == "number") then return a < b end
    return type(a) < type(b)
  end)
  return k
end

-- the fields a spec {field = type} declares, as "a, b, c"
function M.field_names(spec)
  return table.concat(M.sorted_keys(spec), ", ")
end

-- the first key of t (in sorted order) that spec does not declare, or nil
function M.unknown_field(t, spec)
  for _, k in ipairs(M.sorted_keys(t)) do
    if spec[k] == nil then return k end
  end
end

return M
