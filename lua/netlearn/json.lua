--[[ netlearn.json -- JSON for `ip -j` output and for reading real tools' `-j`.

  json.encode(value [, {keys={"ifindex","ifname",...}}]) -> string
  json.decode(text) -> value | nil, message
Tables with keys 1..n are arrays; json.array(t) marks an empty table as an
array; json.null stands for JSON null. Object keys come out in the order given
by the table's __keyorder metatable field when present, else sorted.
]]
local M = {}
M.null = setmetatable({}, { __tojson = function() return "null" end, __tostring = function() return "null" end })
local ARRAY = {}

function M.array(t) return setmetatable(t or {}, { __jsonarray = ARRAY }) end
function M.object(t, order) return setmetatable(t or {}, { __keyorder = order }) end

local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

local function str(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function enc(v, out)
  local tv = type(v)
  if v == nil or v == M.null then out[#out + 1] = "null"
  elseif tv == "boolean" then out[#out + 1] = tostring(v)
  elseif tv == "number" then
    if v ~= v or v == math.huge or v == -math.huge then out[#out + 1] = "null"
    elseif math.type(v) == "integer" then out[#out + 1] = tostring(v)
    else out[#out + 1] = string.format("%.14g", v) end
  elseif tv == "string" then out[#out + 1] = str(v)
  elseif tv == "table" then
    local mt = getmetatable(v) or {}
    local n = #v
    if n > 0 or mt.__jsonarray == ARRAY or (next(v) == nil and not mt.__keyorder) then
      out[#out + 1] = "["
      for i = 1, n do
        if i > 1 then out[#out + 1] = "," end
        enc(v[i], out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      if mt.__keyorder then
        local seen = {}
        for _, k in ipairs(mt.__keyorder) do if v[k] ~= nil then keys[#keys + 1] = k seen[k] = true end end
        local rest = {}
        for k in pairs(v) do if not seen[k] then rest[#rest + 1] = tostring(k) end end
        table.sort(rest)
        for _, k in ipairs(rest) do keys[#keys + 1] = k end
      else
        for k in pairs(v) do keys[#keys + 1] = tostring(k) end
        table.sort(keys)
      end
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = str(k)
        out[#out + 1] = ":"
        enc(v[k], out)
      end
      out[#out + 1] = "}"
    end
  else
    error("json: cannot encode a " .. tv)
  end
end

function M.encode(v)
  local out = {}
  enc(v, out)
  return table.concat(out)
end

-- decoding ---------------------------------------------------------------
local function decode_error(s, i, what)
  error({ json = string.format("JSON: %s at byte %d", what, i) })
end

local function skip(s, i)
  return s:find("[^ \t\r\n]", i) or #s + 1
end

local parse

local function parse_string(s, i)
  local out, j = {}, i + 1
  while true do
    local c = s:sub(j, j)
    if c == "" then decode_error(s, j, "unterminated string") end
    if c == '"' then return table.concat(out), j + 1 end
    if c == "\\" then
      local e = s:sub(j + 1, j + 1)
      local map = { b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/" }
      if map[e] then out[#out + 1] = map[e] j = j + 2
      elseif e == "u" then
        local hex = s:sub(j + 2, j + 5)
        if not hex:match("^%x%x%x%x$") then decode_error(s, j, "bad \\u escape") end
        local cp = tonumber(hex, 16)
        j = j + 6
        if cp >= 0xD800 and cp <= 0xDBFF and s:sub(j, j + 1) == "\\u" then
          local lo = tonumber(s:sub(j + 2, j + 5), 16)
          if lo and lo >= 0xDC00 and lo <= 0xDFFF then
            cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
            j = j + 6
          end
        end
        out[#out + 1] = utf8.char(cp)
      else decode_error(s, j, "bad escape") end
    else
      out[#out + 1] = c
      j = j + 1
    end
  end
end

parse = function(s, i, depth)
  if depth > 200 then decode_error(s, i, "nesting too deep") end
  i = skip(s, i)
  local c = s:sub(i, i)
  if c == "{" then
    local t = {}
    i = skip(s, i + 1)
    if s:sub(i, i) == "}" then return t, i + 1 end
    while true do
      if s:sub(i, i) ~= '"' then decode_error(s, i, "expected a key") end
      local k
      k, i = parse_string(s, i)
      i = skip(s, i)
      if s:sub(i, i) ~= ":" then decode_error(s, i, "expected ':'") end
      t[k], i = parse(s, i + 1, depth + 1)
      i = skip(s, i)
      local d = s:sub(i, i)
      if d == "}" then return t, i + 1 end
      if d ~= "," then decode_error(s, i, "expected ',' or '}'") end
      i = skip(s, i + 1)
    end
  elseif c == "[" then
    local t = M.array({})
    i = skip(s, i + 1)
    if s:sub(i, i) == "]" then return t, i + 1 end
    while true do
      local v
      v, i = parse(s, i, depth + 1)
      t[#t + 1] = v
      i = skip(s, i)
      local d = s:sub(i, i)
      if d == "]" then return t, i + 1 end
      if d ~= "," then decode_error(s, i, "expected ',' or ']'") end
      i = i + 1
    end
  elseif c == '"' then
    return parse_string(s, i)
  elseif s:sub(i, i + 3) == "true" then return true, i + 4
  elseif s:sub(i, i + 4) == "false" then return false, i + 5
  elseif s:sub(i, i + 3) == "null" then return M.null, i + 4
  else
    local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", i)
    if not num or num == "" then decode_error(s, i, "unexpected character") end
    return math.tointeger(tonumber(num)) or tonumber(num), i + #num
  end
end

function M.decode(s)
  local ok, v, i = pcall(parse, s, 1, 0)
  if not ok then
    if type(v) == "table" and v.json then return nil, v.json end
    error(v, 0)
  end
  i = skip(s, i)
  if i <= #s then return nil, string.format("JSON: trailing data at byte %d", i) end
  return v
end

return M
