--[[ netlearn.pretty -- values printed at the prompt, readable by a learner.

Strings are shown quoted, tables as `{ key = value, ... }` with sorted keys,
arrays first, nested tables indented, depth and size limited so that printing
`net.link_list("net1")` stays short.
]]
local M = {}

local function is_ident(k) return type(k) == "string" and k:match("^[%a_][%w_]*$") end

-- the keys after the array part, sorted (netlearn.util's order)
local function keys_sorted(t)
  local n = #t
  local ks = {}
  for _, k in ipairs(require("netlearn.util").sorted_keys(t)) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then ks[#ks + 1] = k end
  end
  return ks, n
end

local function fmt(v, indent, depth, seen)
  local tv = type(v)
  if tv == "string" then return string.format("%q", v):gsub("\\\n", "\\n") end
  if tv ~= "table" then return tostring(v) end
  local mt = getmetatable(v)
  if mt and mt.__tostring then return tostring(v) end
  if seen[v] then return "<cycle>" end
  if depth > 4 then return "{...}" end
  seen[v] = true
  local ks, n = keys_sorted(v)
  if n == 0 and #ks == 0 then seen[v] = nil return "{}" end
  local parts, flat = {}, true
  for i = 1, n do
    parts[#parts + 1] = fmt(v[i], indent .. "  ", depth + 1, seen)
    if #parts > 200 then parts[#parts + 1] = "..." break end
  end
  for _, k in ipairs(ks) do
    local key = is_ident(k) and k or ("[" .. fmt(k, "", depth + 1, seen) .. "]")
    parts[#parts + 1] = key .. " = " .. fmt(v[k], indent .. "  ", depth + 1, seen)
  end
  seen[v] = nil
  local one = "{ " .. table.concat(parts, ", ") .. " }"
  for _, p in ipairs(parts) do if p:find("\n") then flat = false end end
  if flat and #one <= 78 then return one end
  return "{\n" .. indent .. "  " .. table.concat(parts, ",\n" .. indent .. "  ") .. "\n" .. indent .. "}"
end

function M.format(v) return (fmt(v, "", 0, {})) end

return M
