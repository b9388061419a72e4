-- Shared by tests/80..tests/84: run a lab script (tests/data/*.cmds: command lines, Lua
-- lines starting with "net.", # comments) and capture a command's output.
local commands = require("netlearn.commands")
local L = {}
L.data = os.getenv("TESTLIB") .. "/../data"

function L.run(line, ns)
  local out, err = {}, {}
  local ctx = commands.context({ ns = ns or "", stdout = function(s) out[#out + 1] = s end,
    stderr = function(s) err[#err + 1] = s end })
  local ok, status = commands.execute(line, ctx)
  return table.concat(out), ok, table.concat(err), status, ctx
end

function L.build(name)
  local f = assert(io.open(L.data .. "/" .. name, "r"))
  local failed = {}
  for line in f:lines() do
    if line:match("^net%.") then
      local chunk = assert(load("return " .. line, "=" .. name, "t", { net = net }))
      local r, e = chunk()
      if not r then failed[#failed + 1] = line .. ": " .. tostring(e) end
    elseif not line:match("^%s*#") and not line:match("^%s*$") then
      local _, ok, err = L.run(line)
      if not ok then failed[#failed + 1] = line .. ": " .. err end
    end
  end
  f:close()
  return #failed == 0, table.concat(failed, "\n")
end

function L.read(name)
  local f = io.open(L.data .. "/" .. name, "r")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

-- compare with the reviewed expected text; NETLEARN_REGEN=1 writes it instead
function L.expect(t, got, name, what)
  if os.getenv("NETLEARN_REGEN") then
    local f = assert(io.open(L.data .. "/" .. name, "w"))
    f:write(got)
    f:close()
  end
  local want = L.read(name)
  if got == want then return t.ok(true, what) end
  return t.ok(false, what, "got:\n" .. got .. "\nwant (tests/data/" .. name .. "):\n" .. tostring(want))
end

---------------------------------------------------------------------------
-- A minimal YAML reader for what netlearn.export writes: block maps and
-- lists (also lists of maps), flow lists of scalars, "quoted" and plain
-- scalars, # comments. Returns the value or nil, "line N: problem".
---------------------------------------------------------------------------
local function yscalar(s)
  s = s:gsub("%s+$", "")
  if s:sub(1, 1) == '"' then
    local body = s:match('^"(.*)"$')
    if not body then return nil, "unterminated string" end
    return (body:gsub("\\(.)", { n = "\n", t = "\t", ['"'] = '"', ["\\"] = "\\" }))
  end
  if s == "true" then return true elseif s == "false" then return false elseif s == "null" or s == "~" then return nil end
  if s:match("^%-?%d+$") then return tonumber(s) end
  return s
end

local function yflow(s)
  local out = {}
  local body = s:match("^%[(.*)%]$")
  if not body then return nil end
  local i = 1
  while i <= #body do
    local c = body:sub(i, i)
    if c:match("[%s,]") then i = i + 1
    elseif c == '"' then
      local j = i + 1
      while j <= #body and body:sub(j, j) ~= '"' do if body:sub(j, j) == "\\" then j = j + 1 end j = j + 1 end
      out[#out + 1] = yscalar(body:sub(i, j))
      i = j + 1
    else
      local j = body:find(",", i, true) or (#body + 1)
      out[#out + 1] = yscalar(body:sub(i, j - 1))
      i = j + 1
    end
  end
  return out
end

function L.yaml(text)
  local lines = {}
  local n = 0
  for raw in (text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    if not raw:match("^%s*#") and not raw:match("^%s*$") then
      lines[#lines + 1] = { ind = #raw:match("^ *"), text = raw:gsub("^ +", ""), n = n }
    end
  end
  local pos = 1
  local parse_block
  local function value_after(rest, ind, lineno)
    if rest == "" then
      local nx = lines[pos]
      if nx and (nx.ind > ind or (nx.ind == ind and nx.text:sub(1, 2) == "- ")) then return parse_block(nx.ind) end
      return nil
    end
    if rest:sub(1, 1) == "[" then
      local f = yflow(rest)
      if not f then error("line " .. lineno .. ": bad flow list", 0) end
      return f
    end
    return yscalar(rest)
  end
  function parse_block(ind)
    local first = lines[pos]
    if first.text:sub(1, 2) == "- " then
      local list = {}
      while lines[pos] and lines[pos].ind == ind and lines[pos].text:sub(1, 2) == "- " do
        local ln = lines[pos]
        local item = ln.text:sub(3)
        local k, rest = item:match("^([%w_%-%.]+):%s*(.*)$")
        if k then
          -- a map inside the list: its keys sit at ind + 2
          ln.text, ln.ind = item, ind + 2
          list[#list + 1] = parse_block(ind + 2)
        else
          pos = pos + 1
          list[#list + 1] = yscalar(item)
        end
      end
      return list
    end
    local map = {}
    while lines[pos] and lines[pos].ind == ind and lines[pos].text:sub(1, 2) ~= "- " do
      local ln = lines[pos]
      local k, rest = ln.text:match("^([^:%s]+):%s*(.-)%s*$")
      if not k then error("line " .. ln.n .. ": not 'key: value'", 0) end
      if map[k] ~= nil then error("line " .. ln.n .. ": key '" .. k .. "' twice", 0) end
      pos = pos + 1
      map[k] = value_after(rest, ind, ln.n)
    end
    if lines[pos] and lines[pos].ind > ind then error("line " .. lines[pos].n .. ": unexpected indentation", 0) end
    return map
  end
  local ok, v = pcall(function()
    if #lines == 0 then return nil end
    local r = parse_block(lines[1].ind)
    if lines[pos] then error("line " .. lines[pos].n .. ": left over", 0) end
    return r
  end)
  if not ok then return nil, v end
  return v
end

---------------------------------------------------------------------------
-- A small JSON-schema validator (draft-07 keywords used by
-- tests/data/clab-subset.schema.json): type, properties, required,
-- additionalProperties (false), patternProperties, enum, items, minItems,
-- maxItems, uniqueItems, pattern (\S and \s classes, anchors).
-- Returns the list of problems ("topology.links[1].endpoints: ...").
---------------------------------------------------------------------------
local function is_array(v)
  if type(v) ~= "table" then return false end
  local n = 0
  for _ in pairs(v) do n = n + 1 end
  return n == #v and (n > 0 or getmetatable(v) == "array")
end

local function lua_pattern(re)
  local out = re:gsub("%%", "%%%%"):gsub("\\S", "%%S"):gsub("\\s", "%%s"):gsub("\\d", "%%d"):gsub("%.%*", ".*")
  -- a '|' inside a [...] set is a plain character (containerlab's node names)
  local outside = out:gsub("%[[^%]]*%]", "")
  if out:find("\\", 1, true) or outside:find("[|(){}]") then error("pattern not supported by this validator: " .. re) end
  return out
end

local function jtype(v)
  if v == nil then return "null" end
  if type(v) == "string" then return "string" end
  if type(v) == "boolean" then return "boolean" end
  if math.type(v) == "integer" then return "integer" end
  if type(v) == "number" then return "number" end
  if is_array(v) then return "array" end
  return "object"
end

function L.validate(v, schema, path, problems)
  path = path or "(top)"
  problems = problems or {}
  local function bad(msg) problems[#problems + 1] = path .. ": " .. msg end
  local t = jtype(v)
  if schema.type then
    local want = schema.type
    local okt = t == want or (want == "number" and t == "integer") or (want == "object" and t == "array" and #v == 0)
    if not okt then bad("is " .. t .. ", want " .. want) return problems end
  end
  if schema.enum then
    local found = false
    for _, e in ipairs(schema.enum) do if e == v then found = true end end
    if not found then bad("'" .. tostring(v) .. "' is not one of the allowed values") end
  end
  if schema.pattern and type(v) == "string" and not v:find(lua_pattern(schema.pattern)) then
    bad("'" .. v .. "' does not match " .. schema.pattern)
  end
  if t == "object" then
    for _, r in ipairs(schema.required or {}) do
      if v[r] == nil then bad("missing required '" .. r .. "'") end
    end
    for k, sub in pairs(v) do
      local s = schema.properties and schema.properties[k]
      local matched = s ~= nil
      if s then L.validate(sub, s, path .. "." .. k, problems) end
      for pat, ps in pairs(schema.patternProperties or {}) do
        if k:find(lua_pattern(pat)) then
          matched = true
          L.validate(sub, ps, path .. "." .. k, problems)
        end
      end
      if not matched and schema.additionalProperties == false then bad("unknown key '" .. tostring(k) .. "'") end
    end
  elseif t == "array" then
    if schema.minItems and #v < schema.minItems then bad(#v .. " items, want at least " .. schema.minItems) end
    if schema.maxItems and #v > schema.maxItems then bad(#v .. " items, want at most " .. schema.maxItems) end
    if schema.uniqueItems then
      local seen = {}
      for _, x in ipairs(v) do
        if seen[x] then bad("item '" .. tostring(x) .. "' twice") end
        seen[x] = true
      end
    end
    if schema.items then
      for i, x in ipairs(v) do L.validate(x, schema.items, path .. "[" .. i .. "]", problems) end
    end
  end
  return problems
end

return L
