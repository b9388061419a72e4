--[[ netlearn.cmd.iptables_parse -- reading an iptables command line: the command,
the table and chain, the matches and the target with their options, as
iptables 1.8 (nf_tables) reads them (combined short flags, long-option
prefixes, '!' before an option, match and target options known only once
-p / -m / -j say so), and the checks iptables makes before asking the kernel
(check_rule). A refusal is handed back as nil, commands.failure(status, lines,
hint): iptables' own words, then one `hint:` line; cmd/iptables.lua raises it.
-m state/multiport/mark/comment are netlearn.cmd.iptables_match's.
]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
local parse = require("netlearn.parse")
local commands = require("netlearn.commands")
local X = require("netlearn.cmd.iptables_match")
local natspec = require("netlearn.natspec")      -- which target fits which chain

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

-- "ADDR[/LEN|/MASK]" as iptables reads it (netlearn.parse) -> canonical "net/len"
-- (host bits cleared, as iptables does) | nil, why
local function parse_net(s)
  local a, len = parse.prefix(s, "iptables")
  if not a then return nil, len end
  return a .. "/" .. len
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

-- a refusal: iptables' lines, its status, one hint (commands.failure, handed
-- back to iptables.lua, which raises it)
local function perr(lines, code, hint)
  return commands.failure(code, lines, hint)
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

-- Parse an iptables argv. Returns o or nil, failure (commands.failure).
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
          return usage_err("invalid mask `" .. (v:match("/([^/]*)$") or v) .. "' specified",
            L("hint: the prefix length is 0..32, e.g. 172.168.1.0/24", "提示：前缀长度是 0..32，例如 172.168.1.0/24"))
        elseif why == "holes" then
          return perr({ L("netlearn: the mask in `" .. v .. "' has holes (its ones are not contiguous)",
            "netlearn：`" .. v .. "' 里的掩码有空洞（1 不是连续的）") }, 2,
            L("hint: netlearn matches by prefix length: write NET/LEN, e.g. 172.168.1.0/24",
              "提示：netlearn 按前缀长度匹配：请写成网段/长度，例如 172.168.1.0/24"))
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
          -- as iptables reads it (netlearn.parse): 0-65535 in C's strtoul, or a service name
          local a, b, word = parse.port_range(v, r.proto)
          if not a and b == "order" then
            local lo, hi = v:match("^(.-):(.*)$")
            return nil, usage_err("invalid portrange (min > max)",
              L("hint: the lower port comes first: --", "提示：小的端口写在前面：--") .. hit.v .. " " .. hi .. ":" .. lo)
          elseif not a then
            return nil, usage_err("invalid port/service `" .. word .. "' specified", b == "name"
              and L("hint: netlearn knows these service names: http, https, ssh, domain, ...; or write the number, e.g. --dport 8888",
                "提示：netlearn 认识这些服务名：http、https、ssh、domain 等；也可以直接写端口号，例如 --dport 8888")
              or L("hint: a port is a number 0..65535, e.g. --dport 8888, or a range 8000:8080", "提示：端口是 0..65535 的数，例如 --dport 8888，或一个范围 8000:8080"))
          end
          r[hit.v] = a == b and a or (a .. ":" .. b)
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
          local canon = parse.addr(addr, "iptables-nat")
          if not canon or (port and (tonumber(port) < 1 or tonumber(port) > 65535)) then
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
          r.to = canon .. (port and (":" .. math.tointeger(tonumber(port))) or "")
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
  local hooks_ok = natspec.TARGET_CHAINS
  if tbl == "nat" and natspec.FILTER_ONLY[r.target] then
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
  if r.iif and natspec.NO_IIF[chain] then
    return perr({ VERSION .. ": Can't use -i with " .. chain }, 2,
      L("hint: packets leaving have only an output interface here: use -o", "提示：这里的包是出去的，只有出接口：用 -o"))
  end
  if r.oif and natspec.NO_OIF[chain] then
    return perr({ VERSION .. ": Can't use -o with " .. chain }, 2,
      L("hint: packets arriving have only an input interface here: use -i", "提示：这里的包是进来的，只有入接口：用 -i"))
  end
  if r.target == "REJECT" and r.reject_with and r.reject_with ~= "icmp-port-unreachable" then
    return perr({ "netlearn: --reject-with " .. r.reject_with .. " is not supported" }, 2,
      L("hint: drop --reject-with (icmp-port-unreachable is what netlearn sends)", "提示：去掉 --reject-with（netlearn 发的就是 icmp-port-unreachable）"))
  end
  return nil
end

M.VERSION, M.TRY, M.TARGETS = VERSION, TRY, TARGETS
M.close_names = close_names
M.perr, M.usage_err = perr, usage_err
M.is_builtin = is_builtin
M.check_rule = check_rule

return M
