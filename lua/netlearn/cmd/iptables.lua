--[[ netlearn.cmd.iptables -- the iptables command lines of the articles, as nf_tables rules.

What the Docker and packet-path articles type, and what learners try next:
  iptables -t nat -A POSTROUTING -s 172.168.1.0/24 [-o ens33] -j MASQUERADE
  iptables -t nat -A POSTROUTING -s NET -j SNAT --to-source ADDR
  iptables -t nat -A PREROUTING|OUTPUT -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80
  iptables -P FORWARD ACCEPT | iptables -t filter --policy FORWARD ACCEPT
  iptables -A FORWARD [-i/-o/-s/-d/-p] -j ACCEPT|DROP|REJECT
  iptables -t nat -nL [--line-numbers] | -L -n -v | -S | -F [CHAIN] | -D CHAIN N | -D CHAIN RULE
and what `iptables-save` prints on a Docker host: user chains (-N/-X, -j CHAIN,
-g CHAIN, RETURN), '!' before -s/-d/-i/-o/-p/--sport/--dport/--src-type/
--dst-type/--ctstate, -m addrtype --src-type/--dst-type, -m conntrack
--ctstate, port ranges (--dport 8000:8080), -R, -C, -Z, -E; and -m state,
-m multiport, -m mark, -m comment (netlearn.cmd.iptables_match).
Each becomes an nf_tables rule through net.nat_add / net.filter_add /
net.chain_policy / net.nft_chain_add / net.nft_chain_del / net.nft_zero /
net.nft_list / net.nft_del / net.nft_flush, written as iptables-nft writes it, so
the real iptables reads netlearn's rules and netlearn reads the real one's.
Listings are shaped like iptables-nft's. Errors are iptables' own words
followed by one `hint:` line; a line with an error changes nothing.
]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local ipv4 = require("netlearn.ipv4")
local X = require("netlearn.cmd.iptables_match")

local M = {}

local VERSION = "iptables v1.8.9 (nf_tables)"
local TRY = "Try `iptables -h' or 'iptables --help' for more information."

M.tables = {
  filter = { "INPUT", "FORWARD", "OUTPUT" },
  nat = { "PREROUTING", "INPUT", "OUTPUT", "POSTROUTING" },
}
local TARGETS = { ACCEPT = true, DROP = true, REJECT = true, RETURN = true,
  MASQUERADE = true, SNAT = true, DNAT = true, MARK = true }
local CTSTATES = { "INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT" }
local ADDRTYPES = { "UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE",
  "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE" }
local PROTO_NUM = { tcp = 6, udp = 17, icmp = 1, all = 0 }
local PROTO_NAME = { [6] = "tcp", [17] = "udp", [1] = "icmp", [0] = "all" }

---------------------------------------------------------------------------
-- Small helpers
---------------------------------------------------------------------------
local ip2int, int2ip = ipv4.to_int, ipv4.to_str

-- "a.b.c.d[/len|/mask]" -> canonical "net/len" (host bits cleared, as iptables does)
local function parse_net(s)
  local addr, rest = s:match("^([^/]+)/(.+)$")
  addr = addr or s
  local a = ip2int(addr)
  if not a then return nil end
  local len = 32
  if rest then
    if rest:match("^%d+$") then
      len = tonumber(rest)
      if len > 32 then return nil, "mask" end
    else
      local m = ip2int(rest)
      if not m then return nil, "mask" end
      len = ipv4.leading_ones(m)
    end
  end
  return int2ip(a & ipv4.mask(len)) .. "/" .. len
end

local services
local function service_name(port, proto)
  if not services then
    services = {}
    local f = io.open("/etc/services", "r")
    if f then
      for line in f:lines() do
        local name, p, pr = line:match("^([%w%-_%.]+)%s+(%d+)/(%a+)")
        if name then
          local k = pr .. "/" .. p
          if not services[k] then services[k] = name end
        end
      end
      f:close()
    end
  end
  return services[(proto or "tcp") .. "/" .. tostring(port)] or tostring(port)
end

local function close_names(word, list)
  local best, bestd
  for _, c in ipairs(list) do
    -- a cheap distance: shared prefix and length difference
    local d = 0
    for k = 1, math.max(#word, #c) do
      if word:sub(k, k) ~= c:sub(k, k) then d = d + 1 end
    end
    local sorted_w = {}
    for ch in word:gmatch(".") do sorted_w[#sorted_w + 1] = ch end
    table.sort(sorted_w)
    local sorted_c = {}
    for ch in c:gmatch(".") do sorted_c[#sorted_c + 1] = ch end
    table.sort(sorted_c)
    if table.concat(sorted_w) == table.concat(sorted_c) then d = math.min(d, 1) end  -- a transposition
    if math.abs(#word - #c) <= 2 and d <= math.max(1, #word // 3) and (not bestd or d < bestd) then best, bestd = c, d end
  end
  return best
end

---------------------------------------------------------------------------
-- Parsing (getopt-like: combined short flags, long-option prefixes, option
-- words taking values, match and target options known only once -p / -j say so)
---------------------------------------------------------------------------
local COMMANDS = { A = "append", I = "insert", D = "delete", L = "list", S = "list-rules",
  F = "flush", P = "policy", Z = "zero", N = "new-chain", X = "delete-chain", E = "rename-chain",
  R = "replace", C = "check", h = "help", V = "version" }
local LONG_CMD = { append = "A", insert = "I", delete = "D", list = "L", ["list-rules"] = "S",
  flush = "F", policy = "P", zero = "Z", ["new-chain"] = "N", ["delete-chain"] = "X",
  ["rename-chain"] = "E", replace = "R", check = "C", help = "h", version = "V" }
local LONG_OPT = { table = "t", source = "s", src = "s", destination = "d", dst = "d",
  ["in-interface"] = "i", ["out-interface"] = "o", protocol = "p", jump = "j", ["goto"] = "g",
  numeric = "n", verbose = "v", exact = "x", ["line-numbers"] = "line-numbers", match = "m",
  wait = "w", ["wait-interval"] = "W", fragment = "f", ["set-counters"] = "c", ipv4 = "4", ipv6 = "6" }
local WITH_VALUE = { t = true, s = true, d = true, i = true, o = true, p = true, j = true, g = true, m = true, W = true, c = true }
local PORT_OPTS = { sport = "sport", ["source-port"] = "sport", dport = "dport", ["destination-port"] = "dport",
  ["tcp-flags"] = "tcp-flags", syn = "syn", ["tcp-option"] = "tcp-option" }
local MATCH_OPTS = {
  addrtype = { ["src-type"] = "src_type", ["dst-type"] = "dst_type", ["limit-iface-in"] = "limit",
    ["limit-iface-out"] = "limit" },
  conntrack = { ctstate = "ctstate", ctproto = "other", ctorigsrc = "other", ctorigdst = "other",
    ctreplsrc = "other", ctrepldst = "other", ctstatus = "other", ctexpire = "other", ctdir = "other" },
}
for m, opts in pairs(X.OPTS) do MATCH_OPTS[m] = opts end
-- a comma list of names (any case) -> the canonical list, or nil, the bad word
local function name_list(v, names)
  local want = {}
  for w in (v .. ","):gmatch("([^,]*),") do
    local hit
    for k, n in ipairs(names) do if n == w:upper() then hit = k end end
    if not hit then return nil, w end
    want[hit] = true
  end
  -- in the order iptables prints them back
  local out = {}
  for k, n in ipairs(names) do if want[k] then out[#out + 1] = n end end
  return table.concat(out, ",")
end
local TARGET_OPTS = {
  DNAT = { ["to-destination"] = "to", random = "random", persistent = "persistent" },
  SNAT = { ["to-source"] = "to", random = "random", ["random-fully"] = "random", persistent = "persistent" },
  MASQUERADE = { ["to-ports"] = "to-ports", random = "random", ["random-fully"] = "random" },
  REJECT = { ["reject-with"] = "reject-with" },
  MARK = X.MARK_OPTS,
}

local function perr(lines, code, hint)
  return { lines = lines, code = code, hint = hint }
end

local function usage_err(msg, hint)
  return perr({ VERSION .. ": " .. msg, TRY }, 2, hint)
end

-- an error from netlearn.cmd.iptables_match: {message, hint, blank = iptables prints an empty line}
local function match_err(err)
  local lines = { VERSION .. ": " .. err[1] }
  if err.blank then lines[#lines + 1] = "" end
  lines[#lines + 1] = TRY
  return perr(lines, 2, err[2])
end

-- Parse an iptables argv. Returns o or nil, err{lines, code, hint}.
function M.parse(args)
  local o = { table = "filter", cmd = nil, rule = {}, inv = false }
  local r = o.rule
  local i = 1
  local known_long_for = {}   -- option -> true once -p tcp / -m addrtype / -j X made them known
  local pending_not = false   -- a '!' waiting for the option it negates
  local order = {}            -- the -m matches whose order iptables keeps, as written
  local function take_not(field)
    if pending_not then r["not_" .. field] = true end
    pending_not = false
  end
  local function set_cmd(c, ai)
    if o.cmd and o.cmd ~= c then
      return usage_err("Cannot use -" .. c .. " with -" .. o.cmd,
        L("hint: one command per line: -A, -I, -D, -L, -S, -F or -P", "提示：一行一个命令：-A、-I、-D、-L、-S、-F 或 -P"))
    end
    o.cmd = c
    -- the chain (and rule number / policy) follow the command letter
    local function optarg()
      local v = args[ai + 1]
      if v and (v:sub(1, 1) ~= "-" or v == "-") then
        i = ai + 1
        return v
      end
    end
    if c == "A" or c == "I" or c == "D" or c == "R" or c == "C" or c == "N" or c == "X" or c == "P" or c == "E" then
      local ch = optarg()
      if not ch and (c ~= "X") then
        return usage_err("option \"-" .. c .. "\" requires an argument",
          L("hint: name the chain, e.g. iptables -t nat -", "提示：写出链名，例如 iptables -t nat -") .. c .. " POSTROUTING ...")
      end
      o.chain = ch
      if c == "I" or c == "D" or c == "R" then
        local n = args[i + 1]
        if n and n:match("^%d+$") then
          o.num = tonumber(n)
          i = i + 1
        end
      elseif c == "P" then
        local t = args[i + 1]
        if not t or t:sub(1, 1) == "-" then
          return usage_err("-P requires a chain and a policy",
            L("hint: iptables -P FORWARD ACCEPT", "提示：例如 iptables -P FORWARD ACCEPT"))
        end
        o.policy = t
        i = i + 1
      elseif c == "E" then
        local new = args[i + 1]
        if new and new:sub(1, 1) ~= "-" then
          o.rest = { new }
          i = i + 1
        end
      end
    elseif c == "L" or c == "S" or c == "F" or c == "Z" then
      local ch = optarg()
      o.chain = ch
      if ch and (c == "L" or c == "S") and args[i + 1] and args[i + 1]:match("^%d+$") then
        o.num = tonumber(args[i + 1])
        i = i + 1
      end
    end
  end
  local function value(opt, ai, inline)
    if inline and inline ~= "" then return inline end
    local v = args[ai + 1]
    if v == nil then
      return nil, usage_err("option \"" .. opt .. "\" requires an argument",
        L("hint: ", "提示：") .. opt .. L(" takes a value, e.g. ", " 后面要有一个值，例如 ") .. (({ ["-s"] = "-s 172.168.1.0/24", ["-o"] = "-o ens33",
          ["-i"] = "-i br0", ["-p"] = "-p tcp", ["-j"] = "-j MASQUERADE", ["-t"] = "-t nat", ["-d"] = "-d 10.0.0.1",
          ["--dport"] = "--dport 8888", ["--to-destination"] = "--to-destination 172.168.1.11:80" })[opt] or (opt .. L(" VALUE", " 值"))))
    end
    i = ai + 1
    return v
  end
  local function handle(letter, optname, v)
    if letter == "t" then
      o.table = v
      o.table_set = true
    elseif letter == "s" or letter == "d" then
      take_not(letter == "s" and "src" or "dst")
      local p, why = parse_net(v)
      if not p then
        if why == "mask" then
          return usage_err("invalid mask `" .. (v:match("/(.*)$") or v) .. "' specified",
            L("hint: the prefix length is 0..32, e.g. 172.168.1.0/24", "提示：前缀长度是 0..32，例如 172.168.1.0/24"))
        end
        return usage_err("host/network `" .. v .. "' not found",
          L("hint: netlearn has no DNS: write an address or NET/LEN, e.g. 172.168.1.0/24", "提示：netlearn 没有 DNS：写地址或 网段/长度，例如 172.168.1.0/24"))
      end
      r[letter == "s" and "src" or "dst"] = p
      r[letter == "s" and "src_typed" or "dst_typed"] = v
    elseif letter == "i" or letter == "o" then
      if #v > 15 then
        return usage_err("interface name `" .. v .. "' must be shorter than IFNAMSIZ (16)",
          L("hint: interface names have at most 15 characters", "提示：接口名最多 15 个字符"))
      end
      r[letter == "i" and "iif" or "oif"] = v
      take_not(letter == "i" and "iif" or "oif")
    elseif letter == "p" then
      take_not("proto")
      local p = v:lower()
      if tonumber(p) then p = PROTO_NAME[tonumber(p)] or p end
      if p == "all" or p == "0" then
        r.proto = nil
      elseif p == "tcp" or p == "udp" or p == "icmp" then
        r.proto = p
        known_long_for.ports = p ~= "icmp" or nil
      else
        return usage_err("unknown protocol \"" .. v .. "\" specified",
          L("hint: netlearn's iptables knows -p tcp, -p udp, -p icmp and -p all", "提示：netlearn 的 iptables 认识 -p tcp、-p udp、-p icmp 和 -p all"))
      end
    elseif letter == "j" or letter == "g" then
      if r.target then
        return usage_err("multiple -j flags not allowed", L("hint: a rule has one target: one -j or -g", "提示：一条规则只有一个目标：一个 -j 或 -g"))
      end
      -- a user chain is checked against the kernel's chains when the line runs
      r.target = v
      r["goto"] = letter == "g" or nil
      if letter == "g" and TARGETS[v] then
        return usage_err("goto '" .. v .. "' is not a chain", L("hint: -g takes a user chain; for " .. v .. " write -j " .. v, "提示：-g 后面是用户链；" .. v .. " 要写成 -j " .. v))
      end
    elseif letter == "m" then
      local m = v:lower()
      if m == "tcp" or m == "udp" then
        known_long_for.ports = true
        if not r.proto then r.proto_from_m = m end
      elseif X.KINDS[m] then
        known_long_for[m] = true
        -- iptables keeps the matches in the order they are written
        if m == "addrtype" and not known_long_for.conntrack then r.addrtype_first = true end
        order[#order + 1] = m
      else
        return perr({ VERSION .. ": Couldn't load match `" .. v .. "':No such file or directory", "", TRY }, 2,
          L("hint: the matches netlearn knows: ", "提示：netlearn 认识的匹配模块：") .. "-m tcp, -m udp, -m addrtype, -m conntrack, -m state, " ..
          "-m multiport, -m mark, -m comment")
      end
    elseif letter == "n" then o.numeric = true
    elseif letter == "v" then o.verbose = true
    elseif letter == "x" then o.exact = true
    elseif letter == "line-numbers" then o.line_numbers = true
    elseif letter == "w" or letter == "W" or letter == "4" then
      -- waiting for the xtables lock / IPv4: nothing to do here
      local _ = optname
    elseif letter == "6" then
      return perr({ L("netlearn: iptables handles IPv4 only (ip6tables rules are not supported)",
        "netlearn：iptables 只处理 IPv4（不支持 ip6tables 规则）") }, 2,
        L("hint: drop the -6", "提示：去掉 -6"))
    elseif letter == "f" or letter == "c" then
      return perr({ L("netlearn: iptables " .. optname .. " is not supported", "netlearn：不支持 iptables " .. optname) }, 2,
        L("hint: netlearn's iptables covers -s -d -i -o -p --sport --dport -j", "提示：netlearn 的 iptables 支持 -s -d -i -o -p --sport --dport -j"))
    end
  end
  while i <= #args do
    local a = args[i]
    if a == "!" then
      if pending_not then
        return nil, usage_err("multiple consecutive ! not allowed", L("hint: one '!' negates the option after it", "提示：一个 '!' 对它后面的选项取反"))
      end
      pending_not = true
    elseif a:sub(1, 2) == "--" and #a > 2 then
      local name, inline = a:match("^%-%-([^=]+)=(.*)$")
      name = name or a:sub(3)
      -- candidate long options in this position
      local cands = {}
      for k, v in pairs(LONG_CMD) do cands[k] = { kind = "cmd", v = v } end
      for k, v in pairs(LONG_OPT) do cands[k] = { kind = "opt", v = v } end
      if known_long_for.ports then for k, v in pairs(PORT_OPTS) do cands[k] = { kind = "port", v = v } end end
      for m, opts in pairs(MATCH_OPTS) do
        if known_long_for[m] then for k, v in pairs(opts) do cands[k] = { kind = "match", v = v, m = m } end end
      end
      if r.target and TARGET_OPTS[r.target] then
        for k, v in pairs(TARGET_OPTS[r.target]) do cands[k] = { kind = "target", v = v } end
      end
      local hit = cands[name]
      if not hit then
        local found
        for k, v in pairs(cands) do
          if k:sub(1, #name) == name then
            if found then found = false break end
            found = v
          end
        end
        hit = found or nil
      end
      if not hit then
        local hint
        if PORT_OPTS[name] and not known_long_for.ports then
          hint = L("hint: --" .. name .. " needs a protocol first: -p tcp --" .. name .. " N",
            "提示：--" .. name .. " 前面要先有协议：-p tcp --" .. name .. " N")
        elseif MATCH_OPTS.addrtype[name] then
          hint = L("hint: --" .. name .. " belongs to -m addrtype: ", "提示：--" .. name .. " 属于 -m addrtype：") ..
            "-m addrtype --" .. name .. " LOCAL"
        elseif MATCH_OPTS.conntrack[name] then
          hint = L("hint: --" .. name .. " belongs to -m conntrack: ", "提示：--" .. name .. " 属于 -m conntrack：") ..
            "-m conntrack --ctstate RELATED,ESTABLISHED"
        elseif (name == "to-destination" or name == "to-source" or name:match("^to")) and not r.target then
          hint = L("hint: --" .. name .. " belongs after -j DNAT / -j SNAT", "提示：--" .. name .. " 要写在 -j DNAT / -j SNAT 后面")
        elseif name:match("^to") and r.target then
          hint = L("hint: -j ", "提示：-j ") .. r.target .. (r.target == "DNAT" and L(" takes --to-destination ADDR[:PORT]",
            " 后面是 --to-destination 地址[:端口]") or r.target == "SNAT" and L(" takes --to-source ADDR", " 后面是 --to-source 地址")
            or L(" takes no --to option", " 不带 --to 选项"))
        else
          local all = {}
          for k in pairs(cands) do all[#all + 1] = k end
          for k in pairs(PORT_OPTS) do all[#all + 1] = k end
          table.sort(all)
          local g = close_names(name, all)
          hint = g and L("hint: did you mean --" .. g .. "?", "提示：你是不是想输入 --" .. g .. "？") or L("hint: 'help iptables' lists what netlearn's iptables accepts", "提示：'help iptables' 列出 netlearn 的 iptables 接受的写法")
        end
        return nil, perr({ VERSION .. ": unknown option \"" .. a .. "\"", TRY }, 2, hint)
      end
      if hit.kind == "cmd" then
        local e = set_cmd(hit.v, i)
        if e then return nil, e end
      elseif hit.kind == "opt" then
        local v
        if WITH_VALUE[hit.v] then
          local e
          v, e = value("--" .. name, i, inline)
          if not v then return nil, e end
        end
        local e = handle(hit.v, "--" .. name, v)
        if e then return nil, e end
      elseif hit.kind == "port" then
        if hit.v == "sport" or hit.v == "dport" then
          take_not(hit.v)
          local v, e = value("--" .. name, i, inline)
          if not v then return nil, e end
          local lo, hi = v:match("^(%d*):(%d*)$")
          local function port(x)
            local n = tonumber(x)
            if n and n >= 0 and n <= 65535 and n % 1 == 0 then return math.tointeger(n) end
          end
          if lo then
            local a, b = port(lo == "" and "0" or lo), port(hi == "" and "65535" or hi)
            if not a or not b then
              return nil, usage_err("invalid port/service `" .. (a and hi or lo) .. "' specified",
                L("hint: a range is LOW:HIGH, two numbers 0..65535, e.g. --dport 8000:8080", "提示：范围写成 低:高，两个 0..65535 的数，例如 --dport 8000:8080"))
            end
            if a > b then
              return nil, usage_err("invalid portrange (min > max)",
                L("hint: the lower port comes first: --", "提示：小的端口写在前面：--") .. hit.v .. " " .. b .. ":" .. a)
            end
            r[hit.v] = a == b and a or (a .. ":" .. b)
          else
            local n = port(v)
            if not n then
              return nil, usage_err("invalid port/service `" .. v .. "' specified",
                L("hint: a port is a number 0..65535, e.g. --dport 8888, or a range 8000:8080", "提示：端口是 0..65535 的数，例如 --dport 8888，或一个范围 8000:8080"))
            end
            r[hit.v] = n
          end
        else
          return nil, perr({ "netlearn: --" .. name .. " is not supported" }, 2, L("hint: match ports with --sport / --dport", "提示：用 --sport / --dport 匹配端口"))
        end
      elseif hit.kind == "match" and X.OPTS[hit.m] then
        take_not(X.not_field(hit.v))
        local v, e = value("--" .. name, i, inline)
        if not v then return nil, e end
        if hit.v == "comment" and r.not_comment then
          return nil, perr({ VERSION .. ": comment: option \"--comment\" cannot be inverted.", "", TRY }, 2,
            L("hint: drop the '!' before --comment (a comment matches every packet)", "提示：去掉 --comment 前面的 '!'（注释匹配每一个包）"))
        end
        local err = X.parse(hit.v, v, r)
        if err then return nil, match_err(err) end
      elseif hit.kind == "match" then
        if hit.v == "src_type" or hit.v == "dst_type" or hit.v == "ctstate" then
          take_not(hit.v)
          local v, e = value("--" .. name, i, inline)
          if not v then return nil, e end
          if hit.v == "ctstate" then
            local l, bad = name_list(v, CTSTATES)
            if not l then
              return nil, usage_err("Bad ctstate \"" .. bad .. "\"",
                L("hint: states are ", "提示：状态有 ") .. table.concat(CTSTATES, ",") .. L(", e.g. ", "，例如 ") ..
                  "--ctstate RELATED,ESTABLISHED")
            end
            r.ctstate = l
          else
            local l, bad = name_list(v, ADDRTYPES)
            if not l then
              return nil, usage_err("addrtype: bad type \"" .. bad .. "\"",
                L("hint: a type is one of ", "提示：类型是其中之一：") .. table.concat(ADDRTYPES, ",") .. L(", e.g. ", "，例如 ") ..
                  "--dst-type LOCAL")
            end
            r[hit.v] = l
          end
        else
          return nil, perr({ "netlearn: --" .. name .. " is not supported" }, 2,
            hit.m == "addrtype" and L("hint: -m addrtype takes --src-type and --dst-type", "提示：-m addrtype 后面是 --src-type 和 --dst-type")
              or L("hint: -m conntrack takes --ctstate (e.g. RELATED,ESTABLISHED)", "提示：-m conntrack 后面是 --ctstate（例如 RELATED,ESTABLISHED）"))
        end
      elseif hit.kind == "target" then
        if hit.v == "to" then
          local v, e = value("--" .. name, i, inline)
          if not v then return nil, e end
          local addr, port = v:match("^([%d.]+):(%d+)$")
          addr = addr or v
          if not ip2int(addr) or (port and (tonumber(port) < 1 or tonumber(port) > 65535)) then
            return nil, usage_err("Bad IP address \"" .. v .. "\"",
              L("hint: --to-destination ADDR[:PORT], e.g. 172.168.1.11:80", "提示：--to-destination 地址[:端口]，例如 172.168.1.11:80"))
          end
          if port and r.target == "SNAT" and not r.proto then
            return nil, usage_err("Need TCP, UDP, SCTP or DCCP with port specification",
              L("hint: add -p tcp before a port", "提示：在端口前面加 -p tcp"))
          end
          if port and r.target == "DNAT" and not r.proto then
            return nil, usage_err("Need TCP, UDP, SCTP or DCCP with port specification",
              L("hint: add -p tcp (and --dport N) before -j DNAT --to-destination ADDR:PORT", "提示：在 -j DNAT --to-destination 地址:端口 前面加 -p tcp（和 --dport N）"))
          end
          r.to = v
        elseif X.MARK_OPTS[name] or hit.v:match("^xmark:") then
          local v, e = value("--" .. name, i, inline)
          if not v then return nil, e end
          local err = X.parse_mark_target(hit.v, v, r)
          if err then return nil, match_err(err) end
        elseif hit.v == "reject-with" then
          local v, e = value("--" .. name, i, inline)
          if not v then return nil, e end
          r.reject_with = v
        else
          return nil, perr({ "netlearn: --" .. name .. " is not supported" }, 2, L("hint: drop --", "提示：去掉 --") .. name)
        end
      end
    elseif a:sub(1, 1) == "-" and #a > 1 then
      -- a cluster of short options: -nL, -nvL, -tnat, -jMASQUERADE
      local k = 2
      while k <= #a do
        local c = a:sub(k, k)
        if COMMANDS[c] then
          if k < #a and c ~= "L" and c ~= "S" and c ~= "F" and c ~= "Z" then
            return nil, usage_err("unknown option \"" .. a .. "\"", L("hint: write the chain as its own word: -" .. c .. " CHAIN",
              "提示：链名要单独写成一个词：-" .. c .. " 链名"))
          end
          if c == "h" then o.cmd = "h" break end
          if c == "V" then o.cmd = "V" break end
          local e = set_cmd(c, i)
          if e then return nil, e end
          if k < #a then
            -- -LS etc: only flags may follow
            k = k + 1
          else
            break
          end
        elseif WITH_VALUE[c] then
          local v, e
          if k < #a then
            v = a:sub(k + 1)
          else
            v, e = value("-" .. c, i)
            if not v then return nil, e end
          end
          e = handle(c, "-" .. c, v)
          if e then return nil, e end
          break
        elseif c == "n" or c == "v" or c == "x" or c == "w" or c == "4" or c == "6" or c == "f" then
          local e = handle(c, "-" .. c)
          if e then return nil, e end
          if c == "w" and args[i + 1] and args[i + 1]:match("^%d+$") and k == #a then i = i + 1 end
        else
          return nil, usage_err(k == 2 and ("unknown option \"" .. a .. "\"") or ("invalid option -- '" .. c .. "'"),
            L("hint: 'help iptables' lists what netlearn's iptables accepts", "提示：'help iptables' 列出 netlearn 的 iptables 接受的写法"))
        end
        k = k + 1
      end
    else
      return nil, perr({ "Bad argument `" .. a .. "'", TRY }, 2,
        L("hint: every word needs an option before it; a chain follows -A/-I/-D, e.g. -A POSTROUTING", "提示：每个词前面都要有选项；链名跟在 -A/-I/-D 后面，例如 -A POSTROUTING"))
    end
    if pending_not and a ~= "!" then
      return nil, usage_err("unexpected ! flag before " .. a,
        L("hint: '!' goes before -s -d -i -o -p --sport --dport --src-type --dst-type --ctstate", "提示：'!' 写在 -s -d -i -o -p --sport --dport --src-type --dst-type --ctstate 前面"))
    end
    i = i + 1
  end
  if pending_not then
    return nil, usage_err("no option after '!'", L("hint: '!' negates the option after it, e.g. ! -o docker0", "提示：'!' 对它后面的选项取反，例如 ! -o docker0"))
  end
  if not (r.ctstate and (r.src_type or r.dst_type)) then r.addrtype_first = nil end
  local xerr = X.finish(r, order)
  if xerr then return nil, match_err(xerr) end
  if r.proto_from_m and not r.proto then
    return nil, usage_err("unknown option \"--dport\"", L("hint: -m " .. r.proto_from_m .. " needs -p " .. r.proto_from_m .. " too",
      "提示：-m " .. r.proto_from_m .. " 还需要 -p " .. r.proto_from_m))
  end
  return o
end

---------------------------------------------------------------------------
-- Checks that need the table (what iptables learns from the kernel)
---------------------------------------------------------------------------
local function is_builtin(tbl, chain)
  for _, c in ipairs(M.tables[tbl] or {}) do if c == chain then return true end end
  return false
end

local function check_rule(o)
  local r, tbl = o.rule, o.table
  local chain = o.chain
  if not r.target then
    return perr({ L("netlearn: a rule without -j does nothing here (only counts packets)",
      "netlearn：没有 -j 的规则在这里什么也不做（只计数）") }, 2,
      L("hint: add a target, e.g. -j ACCEPT, -j DROP or -j MASQUERADE", "提示：加一个目标，例如 -j ACCEPT、-j DROP 或 -j MASQUERADE"))
  end
  local hooks_ok = {
    MASQUERADE = { POSTROUTING = true }, SNAT = { POSTROUTING = true, INPUT = true },
    DNAT = { PREROUTING = true, OUTPUT = true },
  }
  if tbl == "nat" and (r.target == "DROP" or r.target == "REJECT") then
    return perr({ VERSION .. ": ", "The \"nat\" table is not intended for filtering, the use of " .. r.target .. " is therefore inhibited.", "", "", TRY }, 2,
      L("hint: filter in the filter table: ", "提示：过滤请在 filter 表里做：") .. "iptables -A FORWARD ... -j " .. r.target)
  end
  if tbl == "filter" and hooks_ok[r.target] then
    return perr({ VERSION .. ":  RULE_APPEND failed (Invalid argument): rule in chain " .. chain }, 4,
      L("hint: ", "提示：") .. r.target .. L(" lives in the nat table: ", " 属于 nat 表：") .. "iptables -t nat -A " ..
      (r.target == "DNAT" and "PREROUTING" or "POSTROUTING") .. " ... -j " .. r.target)
  end
  if hooks_ok[r.target] and is_builtin(tbl, chain) and not hooks_ok[r.target][chain] then
    local where = {}
    for c in pairs(hooks_ok[r.target]) do where[#where + 1] = c end
    table.sort(where)
    return perr({ VERSION .. ":  RULE_APPEND failed (Invalid argument): rule in chain " .. chain }, 4,
      L("hint: " .. r.target .. " works in " .. table.concat(where, " or ") .. ", not " .. chain,
        "提示：" .. r.target .. " 用在 " .. table.concat(where, " 或 ") .. " 里，不能用在 " .. chain .. " 里"))
  end
  if (r.target == "DNAT" or r.target == "SNAT") and not r.to then
    local opt = r.target == "DNAT" and "--to-destination" or "--to-source"
    return perr({ VERSION .. ": " .. r.target .. ": option \"" .. opt .. "\" must be specified", "", TRY }, 2,
      L("hint: e.g. -j ", "提示：例如 -j ") .. r.target .. " " .. opt .. (r.target == "DNAT" and " 172.168.1.11:80" or " 192.168.0.10"))
  end
  if r.not_proto and (r.sport or r.dport) then
    return perr({ VERSION .. ": unknown option \"--" .. (r.sport and "sport" or "dport") .. "\"", TRY }, 2,
      L("hint: ports need a protocol, not its negation: -p tcp --dport N", "提示：端口需要协议，而不是协议的取反：-p tcp --dport N"))
  end
  if r.iif and (chain == "POSTROUTING" or chain == "OUTPUT") then
    return perr({ VERSION .. ": Can't use -i with " .. chain }, 2,
      L("hint: packets leaving have only an output interface here: use -o", "提示：这里的包是出去的，只有出接口：用 -o"))
  end
  if r.oif and (chain == "PREROUTING" or chain == "INPUT") then
    return perr({ VERSION .. ": Can't use -o with " .. chain }, 2,
      L("hint: packets arriving have only an input interface here: use -i", "提示：这里的包是进来的，只有入接口：用 -i"))
  end
  if r.target == "REJECT" and r.reject_with and r.reject_with ~= "icmp-port-unreachable" then
    return perr({ "netlearn: --reject-with " .. r.reject_with .. " is not supported" }, 2,
      L("hint: drop --reject-with (icmp-port-unreachable is what netlearn sends)", "提示：去掉 --reject-with（netlearn 发的就是 icmp-port-unreachable）"))
  end
  return nil
end

---------------------------------------------------------------------------
-- Listing
---------------------------------------------------------------------------
local function rules_of(list, tbl, chain)
  local out = {}
  for _, r in ipairs(list.rules or {}) do
    if r.table == tbl and r.chain == chain then out[#out + 1] = r end
  end
  return out
end

local function chain_of(list, tbl, chain)
  for _, c in ipairs(list.chains or {}) do
    if c.table == tbl and c.chain == chain then return c end
  end
end

local function policy_of(list, tbl, chain)
  local c = chain_of(list, tbl, chain)
  return c and c.policy or "ACCEPT", c
end

-- how many rules jump (or go) to chain, as iptables counts references
local function references(list, tbl, chain)
  local n = 0
  for _, r in ipairs(list.rules or {}) do
    if r.table == tbl and r.target == chain then n = n + 1 end
  end
  return n
end

-- the table's user chains, by name (as iptables-nft lists them)
local function user_chains(list, tbl)
  local out = {}
  for _, c in ipairs(list.chains or {}) do
    if c.table == tbl and not c.hook then out[#out + 1] = c.chain end
  end
  table.sort(out)
  return out
end

-- An address's name as iptables -L finds it without -n: a host name from
-- /etc/hosts, else a network name from /etc/networks, else the number.
local addr_names
local function addr_name(a)
  if not addr_names then
    addr_names = { hosts = {}, nets = {} }
    for file, key in pairs({ ["/etc/hosts"] = "hosts", ["/etc/networks"] = "nets" }) do
      local f = io.open(file, "r")
      if f then
        for line in f:lines() do
          line = line:gsub("#.*", "")
          local x, y = line:match("^%s*(%S+)%s+(%S+)")
          if x then
            local addr, name = x, y
            if key == "nets" then addr, name = y, x end
            if ip2int(addr) and not addr_names[key][addr] then addr_names[key][addr] = name end
          end
        end
        f:close()
      end
    end
  end
  return addr_names.hosts[a] or addr_names.nets[a] or a
end

local function addr_col(p, numeric)
  if not p or p == "0.0.0.0/0" then return numeric and "0.0.0.0/0" or "anywhere" end
  local a, len = p:match("^(.-)/(%d+)$")
  a, len = a or p, len or "32"
  if not numeric then a = addr_name(a) end
  return len == "32" and a or (a .. "/" .. len)
end

local function num(n, exact)
  n = n or 0
  if exact then return string.format("%8d ", n) end
  if n <= 99999 then return string.format("%5d ", n) end
  local units = { "K", "M", "G", "T" }
  local u = 0
  repeat
    n = n // 1000
    u = u + 1
  until n <= 9999 or u == #units
  return string.format("%4d%s ", n, units[u])
end

local function port_col(what, v, inv, numeric, proto)
  local s = tostring(v)
  local lo, hi = s:match("^(%d+):(%d+)$")
  if lo then
    if not numeric then lo, hi = service_name(tonumber(lo), proto), service_name(tonumber(hi), proto) end
    return what .. "s:" .. (inv and "!" or "") .. lo .. ":" .. hi
  end
  return what .. ":" .. (inv and "!" or "") .. (numeric and s or service_name(tonumber(s), proto))
end

-- The extra column of -L: "tcp dpt:8888 to:172.168.1.11:80"
local function extras(r, numeric)
  local t = {}
  local pre = r["goto"] and "[goto] " or ""
  if (r.proto == "tcp" or r.proto == "udp") and not r.not_proto then
    local m = { r.proto }
    if r.sport then m[#m + 1] = port_col("spt", r.sport, r.not_sport, numeric, r.proto) end
    if r.dport then m[#m + 1] = port_col("dpt", r.dport, r.not_dport, numeric, r.proto) end
    if #m > 1 then t[#t + 1] = table.concat(m, " ") end
  end
  local function ct()
    if r.ctstate then t[#t + 1] = (r.not_ctstate and "! " or "") .. "ctstate " .. r.ctstate end
  end
  local function at()
    if r.src_type or r.dst_type then
      local m = { "ADDRTYPE match" }
      if r.src_type then m[#m + 1] = "src-type " .. (r.not_src_type and "!" or "") .. r.src_type end
      if r.dst_type then m[#m + 1] = "dst-type " .. (r.not_dst_type and "!" or "") .. r.dst_type end
      t[#t + 1] = table.concat(m, " ")
    end
  end
  for _, k in ipairs(X.order(r)) do
    if k == "addrtype" then at() elseif k == "conntrack" then ct()
    else t[#t + 1] = X.extra(r, k, numeric, service_name) end
  end
  if (r.target == "DNAT" or r.target == "SNAT") and r.to then t[#t + 1] = "to:" .. r.to end
  if r.target == "REJECT" then t[#t + 1] = "reject-with icmp-port-unreachable" end
  if r.target == "MARK" and r.set_xmark then t[#t + 1] = X.mark_target_extra(r.set_xmark) end
  if #t == 0 then return pre end
  return pre .. " " .. table.concat(t, " ")
end

function M.rule_line(r, o, n)
  local parts = {}
  if o.line_numbers then parts[#parts + 1] = string.format("%-4d ", n) end
  if o.verbose then parts[#parts + 1] = num(r.packets, o.exact) .. num(r.bytes, o.exact) end
  parts[#parts + 1] = string.format("%-9s ", r.target or "")
  parts[#parts + 1] = (r.not_proto and "!" or " ") .. string.format("%-5s", r.proto or "all")
  parts[#parts + 1] = "-- "
  if o.verbose then
    local any = o.numeric and "*" or "any"
    parts[#parts + 1] = string.format(" %-6s %-6s ", (r.not_iif and "!" or "") .. (r.iif or any),
      (r.not_oif and "!" or "") .. (r.oif or any))
  end
  -- each address: '!' or a space, then the address in 19 columns and a space
  parts[#parts + 1] = (r.not_src and "!" or " ") .. string.format("%-19s ", addr_col(r.src, o.numeric)) ..
    (r.not_dst and "!" or " ") .. string.format("%-19s ", addr_col(r.dst, o.numeric))
  return table.concat(parts) .. extras(r, o.numeric)
end

local function list_chain(ctx, o, list, chain, first)
  if not first then ctx:outln("") end
  local pol, c = policy_of(list, o.table, chain)
  if not is_builtin(o.table, chain) then
    ctx:outln("Chain ", chain, " (", references(list, o.table, chain), " references)")
  elseif o.verbose then
    ctx:outln("Chain ", chain, " (policy ", pol, " ", c and c.packets or 0, " packets, ",
      c and c.bytes or 0, " bytes)")
  else
    ctx:outln("Chain ", chain, " (policy ", pol, ")")
  end
  local head = {}
  if o.line_numbers then head[#head + 1] = "num  " end
  if o.verbose then head[#head + 1] = o.exact and "    pkts      bytes " or " pkts bytes " end
  head[#head + 1] = "target     prot opt "
  if o.verbose then head[#head + 1] = "in     out     " end
  head[#head + 1] = "source               destination         "
  ctx:outln(table.concat(head))
  for n, r in ipairs(rules_of(list, o.table, chain)) do
    ctx:outln(M.rule_line(r, o, n))
  end
end

-- `-S` form of one rule, in iptables-save's order (counters: -S -v's "-c P B")
function M.rule_spec(r, counters)
  local w = { "-A", r.chain }
  local function opt(field, flag, v)
    if r["not_" .. field] then w[#w + 1] = "!" end
    w[#w + 1] = flag
    w[#w + 1] = tostring(v)
  end
  if r.src and (r.src ~= "0.0.0.0/0" or r.not_src) then opt("src", "-s", r.src) end
  if r.dst and (r.dst ~= "0.0.0.0/0" or r.not_dst) then opt("dst", "-d", r.dst) end
  if r.iif then opt("iif", "-i", r.iif) end
  if r.oif then opt("oif", "-o", r.oif) end
  if r.proto then
    opt("proto", "-p", r.proto)
    if (r.proto == "tcp" or r.proto == "udp") and (r.sport or r.dport) then
      w[#w + 1] = "-m" w[#w + 1] = r.proto
      if r.sport then opt("sport", "--sport", r.sport) end
      if r.dport then opt("dport", "--dport", r.dport) end
    end
  end
  local function ct()
    if r.ctstate then
      w[#w + 1] = "-m" w[#w + 1] = "conntrack"
      opt("ctstate", "--ctstate", r.ctstate)
    end
  end
  local function at()
    if r.src_type or r.dst_type then
      w[#w + 1] = "-m" w[#w + 1] = "addrtype"
      if r.src_type then opt("src_type", "--src-type", r.src_type) end
      if r.dst_type then opt("dst_type", "--dst-type", r.dst_type) end
    end
  end
  for _, k in ipairs(X.order(r)) do
    if k == "addrtype" then at() elseif k == "conntrack" then ct() else X.spec(r, k, w) end
  end
  if counters then
    w[#w + 1] = "-c" w[#w + 1] = tostring(r.packets or 0) w[#w + 1] = tostring(r.bytes or 0)
  end
  if r.target then
    w[#w + 1] = r["goto"] and "-g" or "-j"
    w[#w + 1] = r.target
  end
  if r.target == "DNAT" and r.to then w[#w + 1] = "--to-destination" w[#w + 1] = r.to end
  if r.target == "SNAT" and r.to then w[#w + 1] = "--to-source" w[#w + 1] = r.to end
  if r.target == "REJECT" then w[#w + 1] = "--reject-with" w[#w + 1] = "icmp-port-unreachable" end
  if r.target == "MARK" and r.set_xmark then w[#w + 1] = "--set-xmark" w[#w + 1] = r.set_xmark end
  return table.concat(w, " ")
end

local function nft_list(ctx)
  local list, e = net.nft_list(ctx.ns)
  if not list then return nil, e end
  return list
end

local function do_list(ctx, o, list)
  local chains
  if o.chain then
    chains = { o.chain }
  else
    chains = {}
    for _, c in ipairs(M.tables[o.table]) do chains[#chains + 1] = c end
    for _, c in ipairs(user_chains(list, o.table)) do chains[#chains + 1] = c end
  end
  if o.cmd == "S" then
    for _, c in ipairs(chains) do
      if is_builtin(o.table, c) then
        local pol, ch = policy_of(list, o.table, c)
        if o.verbose then
          ctx:outln("-P ", c, " ", pol, " -c ", ch and ch.packets or 0, " ", ch and ch.bytes or 0)
        else
          ctx:outln("-P ", c, " ", pol)
        end
      else
        ctx:outln("-N ", c)
      end
    end
    for _, c in ipairs(chains) do
      for n, r in ipairs(rules_of(list, o.table, c)) do
        if not o.num or o.num == n then ctx:outln(M.rule_spec(r, o.verbose)) end
      end
    end
    return 0
  end
  for k, c in ipairs(chains) do list_chain(ctx, o, list, c, k == 1) end
  return 0
end

---------------------------------------------------------------------------
-- Running
---------------------------------------------------------------------------
local function fail(ctx, e)
  for _, l in ipairs(e.lines) do ctx:errln(l) end
  if e.hint then ctx:errln(e.hint) end
  return e.code
end

-- The status of a change net.* made (ok) or refused (nil, msg): "iptables vX: msg", 1.
local function applied(ctx, ok, msg)
  if not ok then
    ctx:errln(VERSION, ": ", msg)
    return 1
  end
  return 0
end

local RULE_FIELDS = { "target", "iif", "oif", "proto", "to", "goto", "src_type", "dst_type", "ctstate", "addrtype_first",
  "not_src", "not_dst", "not_iif", "not_oif", "not_proto", "not_sport", "not_dport", "not_src_type",
  "not_dst_type", "not_ctstate" }
for _, k in ipairs(X.FIELDS) do RULE_FIELDS[#RULE_FIELDS + 1] = k end

local function same_rule(a, b)
  local function n(p) if p == nil or p == "0.0.0.0/0" then return nil end return p end
  local function h(p) if p and not p:find("/") then return p .. "/32" end return p end
  if n(h(a.src)) ~= n(h(b.src)) or n(h(a.dst)) ~= n(h(b.dst)) then return false end
  if tostring(a.sport) ~= tostring(b.sport) or tostring(a.dport) ~= tostring(b.dport) then return false end
  for _, k in ipairs(RULE_FIELDS) do
    if (a[k] or nil) ~= (b[k] or nil) then return false end
  end
  return true
end

-- The rule -D / -C / -R means (by number or by its words): rule | nil, err
local function find_rule(o, list, why)
  local rs = rules_of(list, o.table, o.chain)
  if o.num then
    if o.num < 1 or o.num > #rs then
      return nil, perr({ "iptables: Index of " .. why .. " too big." }, 1,
        L("hint: " .. o.chain .. " has " .. #rs .. " rule" .. (#rs == 1 and "" or "s") ..
          "; 'iptables -t " .. o.table .. " -nL " .. o.chain .. " --line-numbers' shows their numbers",
          "提示：" .. o.chain .. " 有 " .. #rs .. " 条规则；'iptables -t " .. o.table .. " -nL " .. o.chain ..
          " --line-numbers' 显示它们的编号"))
    end
    return rs[o.num]
  end
  local want = {}
  for k, v in pairs(o.rule) do want[k] = v end
  want.chain = o.chain
  for _, r in ipairs(rs) do
    if same_rule(r, want) then return r end
  end
  return nil, perr({ "iptables: Bad rule (does a matching rule exist in that chain?)." }, 1,
    L("hint: 'iptables -t " .. o.table .. " -S " .. o.chain .. "' shows the rules exactly as -D and -C want them, or use -D " .. o.chain .. " N",
      "提示：'iptables -t " .. o.table .. " -S " .. o.chain .. "' 按 -D 和 -C 要的样子原样列出规则，或者用 -D " .. o.chain .. " N"))
end

local function cmd_needs_rule(o) return o.cmd == "A" or o.cmd == "I" or o.cmd == "R" or o.cmd == "C" end

-- The rule as net.nat_add / net.filter_add want it
local function rule_spec_table(o)
  local r = o.rule
  local spec = { chain = o.chain }
  for _, k in ipairs({ "target", "src", "dst", "iif", "oif", "proto", "sport", "dport", "to", "goto",
    "src_type", "dst_type", "ctstate", "not_src", "not_dst", "not_iif", "not_oif", "not_proto",
    "not_sport", "not_dport", "not_src_type", "not_dst_type", "not_ctstate", "addrtype_first" }) do
    spec[k] = r[k]
  end
  for _, k in ipairs(X.FIELDS) do spec[k] = r[k] end
  return spec
end

local function chain_hint(o, list)
  local up = o.chain:upper()
  if is_builtin(o.table, up) then return L("hint: chain names are in capitals: ", "提示：链名是大写的：") .. up end
  if o.table == "filter" and is_builtin("nat", up) then
    return L("hint: " .. up .. " is in the nat table: ", "提示：" .. up .. " 在 nat 表里：") .. "iptables -t nat ..."
  end
  local all = {}
  for _, c in ipairs(M.tables[o.table]) do all[#all + 1] = c end
  for _, c in ipairs(user_chains(list, o.table)) do all[#all + 1] = c end
  local g = close_names(o.chain, all)
  if require("netlearn.i18n").lang == "zh" then
    return "提示：" .. o.table .. " 表的链有 " .. table.concat(all, " ") ..
      (g and ("；你是不是想输入 " .. g .. "？") or "") .. "（iptables -N 名字 新建一条链）"
  end
  return "hint: the " .. o.table .. " table's chains are " .. table.concat(all, " ") ..
    (g and ("; did you mean " .. g .. "?") or "") .. " (iptables -N NAME makes a chain)"
end

function M.run(args, ctx)
  local o, e = M.parse(args)
  if not o then return fail(ctx, e) end
  if o.cmd == "h" then
    ctx:outln(require("netlearn.help_zh").text("iptables", { help = M.help }))
    return 0
  end
  if o.cmd == "V" then
    ctx:outln(VERSION)
    return 0
  end
  if not o.cmd then
    return fail(ctx, usage_err("no command specified",
      L("hint: e.g. iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -j MASQUERADE, or iptables -nL to list", "提示：例如 iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -j MASQUERADE，或用 iptables -nL 列出规则")))
  end
  if not M.tables[o.table] then
    local known = { "filter", "nat", "mangle", "raw", "security" }
    local isknown = false
    for _, k in ipairs(known) do if k == o.table then isknown = true end end
    if isknown then
      return fail(ctx, perr({ L("netlearn: the " .. o.table .. " table is not supported (netlearn has filter and nat)",
        "netlearn：不支持 " .. o.table .. " 表（netlearn 有 filter 和 nat）") }, 3,
        L("hint: iptables -t nat ... or iptables -t filter ...", "提示：例如 iptables -t nat ... 或 iptables -t filter ...")))
    end
    local g = close_names(o.table, { "filter", "nat", "mangle", "raw" })
    return fail(ctx, perr({ VERSION .. ": table '" .. o.table .. "' does not exist",
      "Perhaps iptables or your kernel needs to be upgraded." }, 3,
      g and L("hint: did you mean -t " .. g .. "?", "提示：你是不是想输入 -t " .. g .. "？") or L("hint: the tables are filter (the default) and nat", "提示：表有 filter（默认）和 nat")))
  end
  if not net.nft_list then
    ctx:errln("iptables: nf_tables rules are not available in this build of netlearn")
    return 1
  end
  local list, lerr = nft_list(ctx)
  if not list then
    ctx:errln(VERSION, ": ", lerr)
    return 1
  end
  local function exists(chain)
    return is_builtin(o.table, chain) or chain_of(list, o.table, chain) ~= nil
  end
  local cmd = o.cmd
  if cmd == "N" then
    local c = o.chain
    if #c > 28 then
      return fail(ctx, usage_err("chain name `" .. c .. "' too long (must be under 29 chars)",
        L("hint: Docker's longest is DOCKER-ISOLATION-STAGE-1 (24)", "提示：Docker 最长的是 DOCKER-ISOLATION-STAGE-1（24 个字符）")))
    end
    if TARGETS[c] then
      return fail(ctx, usage_err("chain name may not clash with target name", L("hint: pick another name, e.g. MY-", "提示：换个名字，例如 MY-") .. c))
    end
    if exists(c) then
      return fail(ctx, perr({ "iptables: Chain already exists." }, 1,
        L("hint: 'iptables -t " .. o.table .. " -S' lists the chains (-N lines)",
          "提示：'iptables -t " .. o.table .. " -S' 列出链（-N 开头的行）")))
    end
    return applied(ctx, net.nft_chain_add(ctx.ns, o.table, c))
  end
  if cmd == "E" then
    local new = o.rest and o.rest[1]
    if not new then
      return fail(ctx, usage_err("-E requires old-chain-name and new-chain-name",
        L("hint: iptables -E OLD NEW renames a chain made with -N", "提示：iptables -E 旧名 新名 重命名用 -N 建的链")))
    end
    if is_builtin(o.table, o.chain) then
      return fail(ctx, perr({ "iptables: No chain/target/match by that name." }, 1,
        L("hint: " .. o.chain .. " is a built-in chain and keeps its name; only chains made with -N can be renamed",
          "提示：" .. o.chain .. " 是内置链，不能改名；只有 -N 建的链能改名")))
    end
    local c = chain_of(list, o.table, o.chain)
    if not c then
      return fail(ctx, perr({ "iptables: No chain/target/match by that name." }, 1, chain_hint(o, list)))
    end
    if #new > 28 then
      return fail(ctx, usage_err("chain name `" .. new .. "' too long (must be under 29 chars)",
        L("hint: Docker's longest is DOCKER-ISOLATION-STAGE-1 (24)", "提示：Docker 最长的是 DOCKER-ISOLATION-STAGE-1（24 个字符）")))
    end
    if TARGETS[new] then
      return fail(ctx, usage_err("chain name may not clash with target name", L("hint: pick another name, e.g. MY-", "提示：换个名字，例如 MY-") .. new))
    end
    if exists(new) then
      return fail(ctx, perr({ "iptables: File exists." }, 1,
        L("hint: " .. new .. " is already a chain of the " .. o.table .. " table; pick another name or -X it first",
          "提示：" .. new .. " 已经是 " .. o.table .. " 表的一条链；换个名字，或先 -X 删掉它")))
    end
    return applied(ctx, net.nft_chain_rename(ctx.ns, o.table, c.handle, new))
  end
  if cmd == "X" then
    local todo = o.chain and { o.chain } or user_chains(list, o.table)
    if o.chain and (is_builtin(o.table, o.chain) or not chain_of(list, o.table, o.chain)) then
      return fail(ctx, perr({ "iptables: No chain/target/match by that name." }, 1,
        is_builtin(o.table, o.chain) and L("hint: " .. o.chain .. " is a built-in chain; only chains made with -N can be deleted (-F empties it)",
          "提示：" .. o.chain .. " 是内置链；只有 -N 建的链能删除（-F 清空它）")
          or chain_hint(o, list)))
    end
    -- all or nothing: check every chain before deleting any
    for _, c in ipairs(todo) do
      local refs = references(list, o.table, c)
      local n = #rules_of(list, o.table, c)
      if refs > 0 or n > 0 then
        return fail(ctx, perr({ VERSION .. ":  CHAIN_DEL failed (Device or resource busy): chain " .. c }, 4,
          refs > 0 and L("hint: " .. refs .. " rule(s) jump to " .. c ..
            "; delete them first ('iptables -t " .. o.table .. " -S' shows them)",
            "提示：有 " .. refs .. " 条规则跳到 " .. c .. "；先删掉它们（'iptables -t " .. o.table .. " -S' 列出它们）")
            or L("hint: " .. c .. " still has " .. n .. " rule(s): empty it first with iptables -t " .. o.table .. " -F " .. c,
              "提示：" .. c .. " 里还有 " .. n .. " 条规则：先用 iptables -t " .. o.table .. " -F " .. c .. " 清空它")))
      end
    end
    for _, c in ipairs(todo) do
      local ok, msg = net.nft_chain_del(ctx.ns, o.table, c)
      if not ok then return applied(ctx, ok, msg) end
    end
    return 0
  end
  if o.chain and not exists(o.chain) then
    return fail(ctx, perr({ "iptables: No chain/target/match by that name." }, 1, chain_hint(o, list)))
  end
  if cmd_needs_rule(o) then
    local err = check_rule(o)
    if err then return fail(ctx, err) end
    local t = o.rule.target
    if not TARGETS[t] and not chain_of(list, o.table, t) then
      local hint
      if TARGETS[t:upper()] then
        hint = L("hint: targets are written in capitals: -j ", "提示：目标是大写的：-j ") .. t:upper()
      elseif is_builtin(o.table, t) then
        hint = L("hint: a rule cannot jump to a built-in chain; make a chain with iptables -t " .. o.table .. " -N NAME",
          "提示：规则不能跳到内置链；用 iptables -t " .. o.table .. " -N 名字 新建一条链")
      else
        local all = { "ACCEPT", "DROP", "REJECT", "RETURN", "MASQUERADE", "SNAT", "DNAT", "MARK" }
        for _, c in ipairs(user_chains(list, o.table)) do all[#all + 1] = c end
        local g = close_names(t, all)
        hint = g and L("hint: did you mean -j " .. g .. "?", "提示：你是不是想输入 -j " .. g .. "？")
          or (L("hint: make the chain first: iptables", "提示：先建这条链：iptables") .. (o.table ~= "filter" and (" -t " .. o.table) or "") ..
            " -N " .. t .. L(" (targets: ", "（目标有：") .. "ACCEPT DROP REJECT RETURN MASQUERADE SNAT DNAT MARK" .. L(")", "）"))
      end
      return fail(ctx, usage_err("Chain '" .. t .. "' does not exist", hint))
    end
    if t == o.chain then
      return fail(ctx, perr({ VERSION .. ":  RULE_APPEND failed (Too many levels of symbolic links): rule in chain " .. o.chain }, 4,
        L("hint: a chain cannot jump to itself", "提示：链不能跳到它自己")))
    end
  end
  if cmd == "L" or cmd == "S" then return do_list(ctx, o, list) end
  if cmd == "F" then
    return applied(ctx, net.nft_flush(ctx.ns, { table = o.table, chain = o.chain }))
  end
  if cmd == "Z" then
    return applied(ctx, net.nft_zero(ctx.ns, o.table, o.chain))
  end
  if cmd == "P" then
    if o.table ~= "filter" or not is_builtin(o.table, o.chain) then
      return fail(ctx, perr({ "iptables: Bad built-in chain name." }, 1,
        L("hint: netlearn sets policies of the filter table's built-in chains: iptables -P FORWARD ACCEPT", "提示：netlearn 只设置 filter 表内置链的默认策略：iptables -P FORWARD ACCEPT")))
    end
    if o.policy ~= "ACCEPT" and o.policy ~= "DROP" then
      return fail(ctx, perr({ "iptables: Bad policy name. Run `dmesg' for more information." }, 1,
        L("hint: a policy is ACCEPT or DROP (in capitals)", "提示：默认策略是 ACCEPT 或 DROP（大写）")))
    end
    return applied(ctx, net.chain_policy(ctx.ns, o.chain, o.policy))
  end
  if cmd == "D" or cmd == "C" then
    if cmd == "D" and not o.num and not o.rule.target then
      return fail(ctx, usage_err("-D requires a rule number or a rule specification",
        L("hint: iptables -t " .. o.table .. " -D " .. o.chain .. " 1, or repeat the -A line with -D",
          "提示：iptables -t " .. o.table .. " -D " .. o.chain .. " 1，或者把 -A 那一行换成 -D 再写一遍")))
    end
    local r, err = find_rule(o, list, "deletion")
    if not r then return fail(ctx, err) end
    if cmd == "C" then return 0 end
    return applied(ctx, net.nft_del(ctx.ns, { table = o.table, chain = o.chain, handle = r.handle }))
  end
  local spec = rule_spec_table(o)
  local rs = rules_of(list, o.table, o.chain)
  if cmd == "R" then
    if not o.num then
      return fail(ctx, usage_err("-R requires a rule number", L("hint: iptables -R " .. o.chain .. " N RULE", "提示：iptables -R " .. o.chain .. " N 规则")))
    end
    if o.num < 1 or o.num > #rs then
      return fail(ctx, perr({ "iptables: Index of replacement too big." }, 1,
        L("hint: " .. o.chain .. " has " .. #rs .. " rule(s); ", "提示：" .. o.chain .. " 有 " .. #rs .. " 条规则；") ..
        "'iptables -t " .. o.table .. " -nL " .. o.chain .. L(" --line-numbers' shows their numbers", " --line-numbers' 显示它们的编号")))
    end
    spec.replace = rs[o.num].handle
  elseif cmd == "I" then
    local n = o.num or 1
    if n < 1 or n > #rs + 1 then
      return fail(ctx, perr({ "iptables: Index of insertion too big." }, 1,
        L("hint: " .. o.chain .. " has " .. #rs .. " rules; -I " .. o.chain .. " 1 puts a rule first",
          "提示：" .. o.chain .. " 有 " .. #rs .. " 条规则；-I " .. o.chain .. " 1 把规则放在最前面")))
    end
    if n <= #rs then spec.before = rs[n].handle end
    -- n == #rs + 1: appending
  end
  local add = o.table == "nat" and net.nat_add or net.filter_add
  local h, msg, errno = add(ctx.ns, spec)
  if not h then
    ctx:errln(VERSION, ":  RULE_", cmd == "I" and "INSERT" or cmd == "R" and "REPLACE" or "APPEND", " failed (",
      errno and net.strerror(errno) or msg, "): rule in chain ", o.chain)
    ctx:errln(L("hint: ", "提示："), msg)
    return 4
  end
  return 0
end

M.help = [==[
iptables [-t filter|nat] COMMAND [MATCHES] [-j TARGET [TARGET-OPTIONS]]
  -A CHAIN rule / -I CHAIN [N] rule      append / insert a rule (before rule N)
  -D CHAIN N / -D CHAIN rule             delete a rule by number or by its words
  -R CHAIN N rule / -C CHAIN rule        replace rule N / check that a rule exists
  -L [CHAIN] [-n] [-v] [-x] [--line-numbers] / -S [CHAIN]   list (-v: counters)
  -F [CHAIN]  flush     -Z [CHAIN]  zero counters     -P CHAIN ACCEPT|DROP  policy (filter)
  -N CHAIN  new user chain     -X [CHAIN]  delete an empty, unreferenced user chain
  -E OLD NEW  rename a user chain
matches ('!' before one negates it):
  -s NET  -d NET  -i DEV  -o DEV  -p tcp|udp|icmp  --sport P[:P]  --dport P[:P]
  -m addrtype --src-type|--dst-type LOCAL,UNICAST,...
  -m conntrack --ctstate NEW,RELATED,ESTABLISHED,INVALID,UNTRACKED,SNAT,DNAT
  -m state --state NEW,RELATED,ESTABLISHED,INVALID,UNTRACKED
  -m multiport --dports|--sports|--ports 22,80,8000:8080   (after -p tcp|udp)
  -m mark --mark V[/MASK]     -m comment --comment TEXT
targets: ACCEPT DROP REJECT RETURN, -j CHAIN (a user chain), -g CHAIN (goto)
         MARK --set-mark V[/M] | --set-xmark V[/M] | --and-mark M | --or-mark V | --xor-mark V
         MASQUERADE  SNAT --to-source A  (nat POSTROUTING, or a user chain)
         DNAT --to-destination A[:P]      (nat PREROUTING, OUTPUT, or a user chain)
Examples (the Docker article, and Docker's own rules):
  iptables -t filter --policy FORWARD ACCEPT
  iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE
  iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80
  iptables -t nat -N DOCKER
  iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
  iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
  iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  iptables -t nat -nL --line-numbers        iptables -t nat -D POSTROUTING 1
Rules are nf_tables rules written as iptables-nft writes them, per namespace:
the real iptables, iptables-save and nft read them.
Not supported: the mangle and raw tables (-j MARK works in filter and nat).]==]

-- Does `iptables ARGS` only look (-L, -S, and no command that changes)? (commands.looks)
local CHANGES = { A = true, I = true, D = true, R = true, F = true, Z = true, N = true, X = true, P = true, E = true }
local LONG_CHANGES = { append = true, insert = true, delete = true, replace = true, flush = true, zero = true,
  ["new-chain"] = true, ["delete-chain"] = true, policy = true, ["rename-chain"] = true }
function M.looks(args)
  local look = false
  for _, a in ipairs(args) do
    local long = a:match("^%-%-([%w-]+)")
    if long then
      if LONG_CHANGES[long] then return false end
      if long == "list" or long == "list-rules" then look = true end
    elseif a:match("^%-%a+$") then
      for ch in a:sub(2):gmatch(".") do
        if CHANGES[ch] then return false end
        if ch == "L" or ch == "S" then look = true end
      end
    end
  end
  return look
end

commands.register("iptables", {
  summary = "NAT and filter rules the iptables way: iptables -t nat -A POSTROUTING ... -j MASQUERADE",
  help = M.help,
  run = M.run,
  looks = M.looks,
})

return M
