--[[ netlearn.cmd.iptables_match -- iptables' -m multiport, -m mark, -m state and
-m comment: their options, and how -S and -L print them back (as iptables 1.8.9
does). netlearn.cmd.iptables calls in here; the rule fields are those of
net.filter_add (multiport=, multiport_dir=, mark=, state=, comment=, order=,
not_multiport=, not_mark=, not_state=). ]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
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
X.FIELDS = { "multiport", "multiport_dir", "not_multiport", "mark", "not_mark", "state", "not_state", "comment", "order",
  "set_xmark" }
-- -j MARK's options, -> how each sets (mark, mask)
X.MARK_OPTS = { ["set-mark"] = "xmark:set", ["set-xmark"] = "xmark:xset", ["and-mark"] = "xmark:and",
  ["or-mark"] = "xmark:or", ["xor-mark"] = "xmark:xor" }
-- the kinds of match whose order matters, by the name -m takes
X.KINDS = { addrtype = true, conntrack = true, multiport = true, mark = true, state = true, comment = true }
local STATES = { "INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED" }

-- the number at the start of s as strtoul(s, &end, 0) reads it: n, the rest; nil if none
-- or past 32 bits
local function num_prefix(s)
  local n, rest
  local h, r = s:match("^0[xX](%x+)(.*)$")
  if h then n, rest = tonumber(h, 16), r
  elseif s:match("^0") then
    local o, r2 = s:match("^0([0-7]*)(.*)$")
    n, rest = o == "" and 0 or tonumber(o, 8), r2
  else
    local d, r3 = s:match("^(%d+)(.*)$")
    if d then n, rest = tonumber(d), r3 end
  end
  if n and n <= 0xffffffff then return math.tointeger(n), rest end
end
local function u32(s)
  local n, rest = num_prefix(s)
  if n and rest == "" then return n end
end
-- "V" or "V/M" -> V, M (M nil when not given); or nil, "garbage" when a number is
-- followed by something else, nil when there is no number
local function value_mask(v)
  local x, rest = num_prefix(v)
  if not x then return nil end
  if rest == "" then return x, nil end
  if rest:sub(1, 1) ~= "/" then return nil, "garbage" end
  local y, rest2 = num_prefix(rest:sub(2))
  if not y then return nil end
  if rest2 ~= "" then return nil, "garbage" end
  return x, y
end

-- one port as iptables reads it (netlearn.parse: "010" is 8, "http" is 80)
local function port_of(w, proto) return (require("netlearn.parse").port(w, proto)) end

-- "22,80:90" -> the list with each port as a number, or nil, message, hint
-- (iptables' words)
local function ports(v, proto)
  local out, count = {}, 0
  for item in (v .. ","):gmatch("([^,]*),") do
    local lo, hi = item:match("^([^:]*):([^:]*)$")
    if lo then
      local a, b = port_of(lo, proto), port_of(hi, proto)
      if not a or not b then
        return nil, "invalid port/service `" .. (a and hi or lo) .. "' specified",
          L("hint: a port is a number 0..65535; a list is 22,80,8000:8080", "提示：端口是 0..65535 的数；列表写成 22,80,8000:8080")
      end
      if a == b then   -- iptables wants LO < HI in a multiport range
        return nil, "invalid portrange specified", L("hint: a range needs two different ports; one port is written alone: ", "提示：范围要两个不同的端口；一个端口就单独写：") .. a
      elseif a > b then
        return nil, "invalid portrange specified", L("hint: the lower port comes first: ", "提示：小的端口写在前面：") .. b .. ":" .. a
      end
      count = count + 2
      out[#out + 1] = a .. ":" .. b
    else
      local n = port_of(item, proto)
      if not n then
        return nil, "invalid port/service `" .. item .. "' specified",
          L("hint: a port is a number 0..65535; a list is 22,80,8000:8080", "提示：端口是 0..65535 的数；列表写成 22,80,8000:8080")
      end
      count = count + 1
      out[#out + 1] = tostring(n)
    end
    if count > 15 then
      return nil, "too many ports specified", L("hint: -m multiport takes at most 15 ports (a range counts as two)", "提示：-m multiport 最多 15 个端口（一个范围算两个）")
    end
  end
  return table.concat(out, ",")
end

-- one option of these matches into r; nil or err{message, hint}
function X.parse(field, v, r)
  if field:match("^mp_") then
    if r.multiport then
      return { "multiport can only have one option", L("hint: one of --sports, --dports, --ports per -m multiport", "提示：每个 -m multiport 只能用 --sports、--dports、--ports 中的一个") }
    end
    local l, msg, hint = ports(v, r.proto)
    if not l then return { msg, hint } end
    r.multiport, r.multiport_dir = l, field:sub(4)
    r.not_multiport = r.not_mp
    r.not_mp = nil
  elseif field == "mark" then
    local val, mask = value_mask(v)
    if not val and mask == "garbage" then
      return { "mark: trailing garbage after value for option \"--mark\".",
        L("hint: --mark VALUE[/MASK], numbers up to 0xffffffff, e.g. 0x1/0xff", "提示：--mark 值[/掩码]，数最大 0xffffffff，例如 0x1/0xff"), blank = true }
    end
    if not val then
      return { "mark: bad integer value for option \"--mark\", or out of range.",
        L("hint: --mark VALUE[/MASK], numbers up to 0xffffffff, e.g. 0x1/0xff", "提示：--mark 值[/掩码]，数最大 0xffffffff，例如 0x1/0xff"), blank = true }
    end
    r.mark = string.format("0x%x", val) .. (mask and mask ~= 0xffffffff and string.format("/0x%x", mask) or "")
  elseif field == "state" then
    local want = {}
    for w in (v .. ","):gmatch("([^,]*),") do
      local hit
      if w == "" then
        return { "\"--state\" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED",
          L("hint: e.g. --state RELATED,ESTABLISHED (no empty item, no trailing comma)", "提示：例如 --state RELATED,ESTABLISHED（不能有空项，末尾不能有逗号）") }
      end
      for k, n in ipairs(STATES) do if n == w:upper() then hit = k end end
      if not hit then
        return { "Bad state \"" .. w .. "\"", L("hint: states are ", "提示：状态有 ") .. table.concat(STATES, ",") .. L(", e.g. ", "，例如 ") .. "--state RELATED,ESTABLISHED" }
      end
      want[hit] = true
    end
    local out = {}
    for k, n in ipairs(STATES) do if want[k] then out[#out + 1] = n end end
    r.state = table.concat(out, ",")
  elseif field == "comment" then
    if #v > 255 then return { "comment may not exceed 255 characters", L("hint: shorten the comment", "提示：把注释改短") } end
    r.comment = v
  end
end

-- one -j MARK option into r.set_xmark ("0xMARK/0xMASK", as iptables-save prints it); nil or err
function X.parse_mark_target(field, v, r)
  local opt
  for k, f in pairs(X.MARK_OPTS) do if f == field then opt = k end end
  if r.mark_opt then
    return { "MARK: option \"--" .. r.mark_opt .. "\" cannot be used together with \"--" .. opt .. "\".",
      L("hint: one of --set-mark, --set-xmark, --and-mark, --or-mark, --xor-mark per rule", "提示：每条规则只能用 --set-mark、--set-xmark、--and-mark、--or-mark、--xor-mark 中的一个"), blank = true }
  end
  local val, mask = value_mask(v)
  if field ~= "xmark:set" and field ~= "xmark:xset" then
    -- --and-mark, --or-mark, --xor-mark take one 32-bit number
    if not val or mask ~= nil then
      return { "MARK: bad value for option \"--" .. opt .. "\", or out of range (0-4294967295).",
        L("hint: --" .. opt .. " takes one number, e.g. 0x4", "提示：--" .. opt .. " 后面是一个数，例如 0x4"), blank = true }
    end
  elseif not val and mask == "garbage" then
    return { "MARK: trailing garbage after value for option \"--" .. opt .. "\".",
      L("hint: --" .. opt .. " VALUE[/MASK], numbers up to 0xffffffff, e.g. 0x1/0xff",
        "提示：--" .. opt .. " 值[/掩码]，数最大 0xffffffff，例如 0x1/0xff"), blank = true }
  elseif not val then
    return { "MARK: bad integer value for option \"--" .. opt .. "\", or out of range.",
      L("hint: --" .. opt .. " VALUE[/MASK], numbers up to 0xffffffff, e.g. 0x1/0xff",
        "提示：--" .. opt .. " 值[/掩码]，数最大 0xffffffff，例如 0x1/0xff"), blank = true }
  end
  local m, k
  if field == "xmark:set" then m, k = val, mask and (val | mask) or 0xffffffff
  elseif field == "xmark:xset" then m, k = val, mask or 0xffffffff
  elseif field == "xmark:and" then m, k = 0, (~val) & 0xffffffff
  elseif field == "xmark:or" then m, k = val, val
  else m, k = val, 0 end
  r.mark_opt = opt
  r.set_xmark = string.format("0x%x/0x%x", m, k)
end

-- -L's words for -j MARK (as iptables' MARK target prints them)
function X.mark_target_extra(xmark)
  local a, b = xmark:match("^0x(%x+)/0x(%x+)$")
  local m, k = tonumber(a, 16), tonumber(b, 16)
  if m == 0 then return string.format("MARK and 0x%x", (~k) & 0xffffffff) end
  if m == k then return string.format("MARK or 0x%x", m) end
  if k == 0 then return string.format("MARK xor 0x%x", m) end
  if k == 0xffffffff then return string.format("MARK set 0x%x", m) end
  return string.format("MARK xset 0x%x/0x%x", m, k)
end

-- the negation field a '!' before this option sets
function X.not_field(field)
  if field:match("^mp_") then return "mp" end
  return field
end

-- after parsing: the checks that need the whole line; nil or err{message, hint}
function X.finish(r, order)
  r.mark_opt = nil
  if r.target == "MARK" and not r.set_xmark then
    return { "MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required",
      L("hint: e.g. -j MARK --set-mark 0x1", "提示：例如 -j MARK --set-mark 0x1") }
  end
  for _, m in ipairs(order) do
    if m == "multiport" and not r.multiport then
      return { "multiport expection an option", L("hint: -m multiport --dports 22,80 (or --sports, --ports)", "提示：例如 -m multiport --dports 22,80（或 --sports、--ports）") }
    end
    local need = ({ mark = "mark", comment = "comment", state = "state" })[m]
    if need and not r[need] then
      return { m .. ": option \"--" .. need .. "\" must be specified",
        L("hint: ", "提示：") .. "-m " .. m .. " --" .. need .. ({ mark = " 0x1", comment = " \"why this rule\"", state = " NEW" })[m], blank = true }
    end
  end
  if r.multiport and not ((r.proto == "tcp" or r.proto == "udp") and not r.not_proto) then
    return { "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
      L("hint: put -p tcp (or -p udp) before -m multiport", "提示：在 -m multiport 前面写 -p tcp（或 -p udp）") }
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

-- The match part of a rule as -S writes it, one word group an entry
-- ("-p tcp", "! -s 10.0.0.0/8", "-m conntrack", ...): what topo's and why's rule
-- texts share (they add the table, chain and target each their own way)
function X.match_words(r)
  local t = {}
  local function add(field, opt)
    if r[field] then t[#t + 1] = (r["not_" .. field] and "! " or "") .. opt .. " " .. r[field] end
  end
  add("proto", "-p")
  add("src", "-s")
  add("dst", "-d")
  add("iif", "-i")
  add("oif", "-o")
  add("sport", "--sport")
  add("dport", "--dport")
  if r.ctstate then t[#t + 1] = "-m conntrack" add("ctstate", "--ctstate") end
  if r.src_type or r.dst_type then t[#t + 1] = "-m addrtype" add("src_type", "--src-type") add("dst_type", "--dst-type") end
  for _, k in ipairs({ "state", "multiport", "mark", "comment" }) do
    if r[k] then
      local w = {}
      X.spec(r, k, w)
      t[#t + 1] = table.concat(w, " ")
    end
  end
  return t
end

return X
