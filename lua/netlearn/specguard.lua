--[[ netlearn.specguard -- how a spec module (netlearn.addrspec,
netlearn.neighspec, netlearn.natspec, netlearn.routespec) is put in front of a C binding of netlearn.cnet: arguments
of the types the binding takes are checked in Lua first, and a refusal is
returned as the binding would return it (nil, message, errno) without calling
it; arguments of other types, or a table with a field the module does not
know, go to the C binding as they are, which raises or names the field, with
no place in this file in front of its error.

  local guard = require("netlearn.specguard")
  net.addr_del = guard.checked(net.addr_del, typed, check)
  -- typed(...) -> boolean; check(...) -> true | nil, message, errno
  guard.str(v[, nil_ok])        -- a string as luaL_checkstring takes it (or a number)
  guard.fields(t, { dev = "string", router = "any" })  -- nil, or a table of those only
  return guard.fail(E.EINVAL, "%s: not a prefix", p)  -- a refusal as a binding returns it
]]
local M = {}

local pcall, error, type = pcall, error, type

-- a value luaL_checkstring (or l_checkns, when nil is allowed) takes
function M.str(v, nil_ok)
  return type(v) == "string" or type(v) == "number" or (nil_ok and v == nil) or false
end

-- a spec module's refusal, as the binding would return it: nil, message, errno
function M.fail(errno, format, ...) return nil, string.format(format, ...), errno end

-- nil, or a table whose keys are all in FIELDS, each "string" one a string or
-- a number (what l_optfield_str takes)
function M.fields(t, fields)
  if t == nil then return true end
  if type(t) ~= "table" then return false end
  for k, v in pairs(t) do
    local want = fields[k]
    if not want or (want == "string" and not M.str(v)) then return false end
  end
  return true
end

-- RAW's results as it returned them (as many), or its error raised again as it was
local function passed(ok, ...)
  if not ok then error((...), 0) end
  return ...
end

-- a string with a NUL byte inside, as an argument or a field (key or value)
-- of a table argument: the C guard in front of every binding (src/lnet.c's
-- nul_guard) refuses it in its own words, the same for every field, so the
-- checks leave it to that guard
local function has_nul(...)
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if type(v) == "string" and v:find("\0", 1, true) then return true end
    if type(v) == "table" then
      for k, x in pairs(v) do
        if (type(k) == "string" and k:find("\0", 1, true)) or (type(x) == "string" and x:find("\0", 1, true)) then
          return true
        end
      end
    end
  end
  return false
end

-- RAW with CHECK in front, for arguments TYPED accepts
function M.checked(raw, typed, check)
  return function(...)
    if typed(...) and not has_nul(...) then
      local ok, msg, errno = check(...)
      if not ok then return nil, msg, errno end
    end
    return passed(pcall(raw, ...))
  end
end

return M
