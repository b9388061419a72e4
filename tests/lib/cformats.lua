--[[ tests/lib/cformats.lua -- the format strings of the error messages made in
the C layer, read from src/*.c: the format of every l_fail(L, err, "..."),
luaL_error(L, "..."), nf_tables error text (snprintf(e->what, ...)) and message
pushed after nil (lua_pushnil(L); lua_pushfstring(L, "...")), adjacent
literals joined; read_lua does the same for the Lua modules that word what the
C bindings used to (netlearn.linkspec, addrspec, neighspec, natspec). Returns a list of
{ fmt = "...", file = "src/x.c", line = n }, one per call (duplicates kept). ]]
local M = {}

-- the C string literals at the start of s, joined (skipping spaces, newlines
-- and comments between them); nil when s does not start with a literal
local function literals(s)
  local out, i, any = {}, 1, false
  while true do
    local j = s:find("^%s*", i)
    j = select(2, s:find("^%s*", i)) + 1
    if s:sub(j, j) ~= '"' then break end
    local k = j + 1
    local buf = {}
    while true do
      local c = s:sub(k, k)
      if c == "" then return nil end
      if c == "\\" then
        local n = s:sub(k + 1, k + 1)
        buf[#buf + 1] = ({ n = "\n", t = "\t", ['"'] = '"', ["\\"] = "\\" })[n] or ("\\" .. n)
        k = k + 2
      elseif c == '"' then k = k + 1 break
      else buf[#buf + 1] = c k = k + 1 end
    end
    out[#out + 1] = table.concat(buf)
    any = true
    i = k
  end
  return any and table.concat(out) or nil
end

function M.read(srcdir)
  local list = {}
  local p = io.popen("ls " .. srcdir .. "/*.c")
  for file in p:lines() do
    local f = assert(io.open(file))
    local text = f:read("a")
    f:close()
    local function line_of(pos) return select(2, text:sub(1, pos):gsub("\n", "")) + 1 end
    -- l_fail(L, <errno expr>, "fmt"...: the errno expression has no string and no top-level comma
    for pos, rest in text:gmatch("()l_fail%s*%(%s*[%w_]+%s*,%s*[^,;\"]-,()") do
      local fmt = literals(text:sub(rest, rest + 2000))
      if fmt then list[#list + 1] = { fmt = fmt, file = file:match("src/.*"), line = line_of(pos) } end
    end
    -- an nf_tables error's words (struct nft_err's what, src/nft.c), and a
    -- message pushed after nil by hand
    for _, p in ipairs({ "()snprintf%s*%(%s*e%->what%s*,%s*sizeof%s*e%->what%s*,()",
      "()lua_pushnil%(L%);%s*lua_pushf?string%s*%(%s*L%s*,()",
      -- the rule checks of src/l_nat.c, nat.c, nft_match.c: BAD(fmt, ...) words
      -- the message l_fail then carries; l_nft_fail's own sentences
      "()%f[%w_]BAD%s*%(()", "()snprintf%s*%(%s*buf%s*,%s*sizeof%s*buf%s*,()" }) do
      -- BAD is the rule checks' macro only where it is defined to word a message
      local use = not p:find("BAD", 1, true) or text:find("#define BAD(...) do { snprintf(msg", 1, true)
      -- l_nft_fail's sentences are in l_nat.c; elsewhere buf is output, not an error
      if p:find("buf", 1, true) then use = file:match("l_nat%.c$") end
      for pos, rest in (use and text or ""):gmatch(p) do
        local fmt = literals(text:sub(rest, rest + 2000))
        if fmt then list[#list + 1] = { fmt = fmt, file = file:match("src/.*"), line = line_of(pos) } end
      end
    end
    -- what a kernel without nf_tables pieces lacks (l_nat.c's kernel_lacks)
    local b, e = text:find("\nstatic const char %*kernel_lacks%(.-\n}\n")
    if b then
      for pos, rest in text:sub(b, e):gmatch("()return%s+()\"") do
        local fmt = literals(text:sub(b + rest - 1, b + rest + 2000))
        if fmt then list[#list + 1] = { fmt = fmt, file = file:match("src/.*"), line = line_of(b + pos - 1) } end
      end
    end
    for pos, rest in text:gmatch("()luaL_error%s*%(%s*[%w_]+%s*,()") do
      local fmt = literals(text:sub(rest, rest + 2000))
      if fmt then list[#list + 1] = { fmt = fmt, file = file:match("src/.*"), line = line_of(pos) } end
    end
  end
  p:close()
  return list
end

-- The same for the Lua policy modules that word errors the C layer used to word
-- (lua/netlearn/linkspec.lua, addrspec.lua, neighspec.lua, natspec.lua, routespec.lua, pingspec.lua): the format of every fail(E.X, "...") and
-- string.format("...") call, as one list with read()'s.
function M.read_lua(files)
  local list = {}
  for _, file in ipairs(files) do
    local f = assert(io.open(file))
    local text = f:read("a")
    f:close()
    local function line_of(pos) return select(2, text:sub(1, pos):gsub("\n", "")) + 1 end
    for _, p in ipairs({ "()fail%(E%.%u+,%s*()[\"']", "()string%.format%(%s*()[\"']" }) do
      for pos, q in text:gmatch(p) do
        -- the literal ('...' or "...") up to its closing quote, its escapes read as Lua reads them
        local quote, e = text:sub(q, q), q + 1
        while text:sub(e, e) ~= quote do e = e + (text:sub(e, e) == "\\" and 2 or 1) end
        local fmt = load("return " .. text:sub(q, e))()
        list[#list + 1] = { fmt = fmt, file = file:match("lua/.*"), line = line_of(pos) }
      end
    end
  end
  return list
end

return M
