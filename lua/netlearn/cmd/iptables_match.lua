--[[ netlearn.cmd.iptables_match -- iptables' -m multiport, -m mark, -m state and
-m comment: their options, and how -S and -L print them back (as iptables 1.8.9
does). netlearn.cmd.iptables calls in here; the rule fields are those of
net.filter_add (multiport=, multiport_dir=, mark=, state=, comment=, order=,
not_multiport=, not_mark=, not_state=). ]]
local X = {}

-- the options each match makes known, -> the rule field
X.OPTS = {
  multiport = { dports = "mp_dports", ["destination-ports"] = "mp_dports", sports = "mp_sports",
    ["source-ports"] = "mp_sports", ports = "mp_ports" },
  mark = { mark = "mark" },
  state = { state = "state" },
  comment = { comment = "comment" },
}
-- the fields a rule is compared by (-D and -C by words)
X.FIELDS = { "multiport", "multiport_dir", "not_multiport", "mark", "not_mark", "state", "not_state", "comment", "order" }
-- the kinds of match whose order matters, by the name -m takes
X.KINDS = { addrtype = true, conntrack = true, multiport = true, mark = true, state = true, comment = true }
local STATES = { "INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED" }

local function port_of(w)
  local n = tonumber(w)
  if w:match("^%d+$") and n <= 65535 then return math.tointeger(n) end
end

-- "22,80:90" -> the list as typed, or nil, message, hint (iptables' words)
local function ports(v)
  local out, count = {}, 0
  for item in (v .. ","):gmatch("([^,]*),") do
    local lo, hi = item:match("^([^:]*):([^:]*)$")
    if lo then
      local a, b = port_of(lo == "" and "0" or lo), port_of(hi == "" and "65535" or hi)
      if not a or not b then
        return nil, "invalid port/service `" .. (a and hi or lo) .. "' specified",
          "hint: a port is a number 0..65535; a list is 22,80,8000:8080"
      end
      if a > b then
        return nil, "invalid portrange specified", "hint: the lower port comes first: " .. b .. ":" .. a
      end
      count = count + 2
      out[#out + 1] = a .. ":" .. b
    else
      local n = port_of(item)
      if not n then
        return nil, "invalid port/service `" .. item .. "' specified",
          "hint: a port is a number 0..65535; a list is 22,80,8000:8080"
      end
      count = count + 1
      out[#out + 1] = tostring(n)
    end
    if count > 15 then
      return nil, "too many ports specified", "hint: -m multiport takes at most 15 ports (a range counts as two)"
    end
  end
  return table.concat(out, ",")
end

-- one option of these matches into r; nil or err{message, hint}
function X.parse(field, v, r)
  if field:match("^mp_") then
    if r.multiport then
      return { "multiport can only have one option", "hint: one of --sports, --dports, --ports per -m multiport" }
    end
    local l, msg, hint = ports(v)
    if not l then return { msg, hint } end
    r.multiport, r.multiport_dir = l, field:sub(4)
    r.not_multiport = r.not_mp
    r.not_mp = nil
  elseif field == "mark" then
    local val, mask = v:match("^([^/]+)/(.+)$")
    val = val or v
    local function num(s)
      local n = s:match("^0[xX]%x+$") and tonumber(s:sub(3), 16) or (s:match("^%d+$") and tonumber(s))
      if n and n <= 0xffffffff then return n end
    end
    if not num(val) or (mask and not num(mask)) then
      return { "Bad mark value \"" .. v .. "\"", "hint: --mark VALUE[/MASK], numbers up to 0xffffffff, e.g. 0x1/0xff" }
    end
    r.mark = string.format("0x%x", num(val)) .. (mask and num(mask) ~= 0xffffffff and string.format("/0x%x", num(mask)) or "")
  elseif field == "state" then
    local want = {}
    for w in (v .. ","):gmatch("([^,]*),") do
      local hit
      for k, n in ipairs(STATES) do if n == w:upper() then hit = k end end
      if not hit then
        return { "Bad state \"" .. w .. "\"", "hint: states are " .. table.concat(STATES, ",") .. ", e.g. --state RELATED,ESTABLISHED" }
      end
      want[hit] = true
    end
    local out = {}
    for k, n in ipairs(STATES) do if want[k] then out[#out + 1] = n end end
    r.state = table.concat(out, ",")
  elseif field == "comment" then
    if #v > 255 then return { "comment may not exceed 255 characters", "hint: shorten the comment" } end
    r.comment = v
  end
end

-- the negation field a '!' before this option sets
function X.not_field(field)
  if field:match("^mp_") then return "mp" end
  return field
end

-- after parsing: the checks that need the whole line; nil or err{message, hint}
function X.finish(r, order)
  if r.multiport and not ((r.proto == "tcp" or r.proto == "udp") and not r.not_proto) then
    return { "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
      "hint: put -p tcp (or -p udp) before -m multiport" }
  end
  if #order >= 2 then r.order = table.concat(order, ",") end
end

-- iptables-save's quoting of a string value
local function quote(s)
  if s:match("^[%w_%-]+$") then return s end
  return '"' .. s:gsub("[\"\\']", "\\%0") .. '"'
end

-- the kinds present, in the order they were written
function X.order(r)
  local out, seen = {}, {}
  local present = { addrtype = r.src_type or r.dst_type, conntrack = r.ctstate, state = r.state,
    multiport = r.multiport, mark = r.mark, comment = r.comment }
  local given = r.order or (r.addrtype_first and "addrtype,conntrack" or "conntrack,addrtype")
  for k in given:gmatch("[^,]+") do
    if present[k] and not seen[k] then out[#out + 1] = k seen[k] = true end
  end
  for _, k in ipairs({ "conntrack", "addrtype", "state", "multiport", "mark", "comment" }) do
    if present[k] and not seen[k] then out[#out + 1] = k seen[k] = true end
  end
  return out
end

-- the -S words of one of these matches
function X.spec(r, kind, w)
  local function neg(f) if r["not_" .. f] then w[#w + 1] = "!" end end
  w[#w + 1] = "-m" w[#w + 1] = kind
  if kind == "multiport" then
    neg("multiport")
    w[#w + 1] = "--" .. r.multiport_dir w[#w + 1] = r.multiport
  elseif kind == "mark" then
    neg("mark")
    w[#w + 1] = "--mark" w[#w + 1] = r.mark
  elseif kind == "state" then
    neg("state")
    w[#w + 1] = "--state" w[#w + 1] = r.state
  elseif kind == "comment" then
    w[#w + 1] = "--comment" w[#w + 1] = quote(r.comment)
  end
end

-- the -L words of one of these matches (service names unless numeric)
function X.extra(r, kind, numeric, service_name)
  if kind == "multiport" then
    local l = r.multiport
    if not numeric then
      l = l:gsub("%d+", function(p) return service_name(tonumber(p), r.proto) end)
    end
    return "multiport " .. r.multiport_dir .. " " .. (r.not_multiport and " !" or "") .. l
  elseif kind == "mark" then
    return "mark match " .. (r.not_mark and "! " or "") .. r.mark
  elseif kind == "state" then
    return (r.not_state and "! " or "") .. "state " .. r.state
  elseif kind == "comment" then
    return "/* " .. r.comment .. " */"
  end
end

return X
