--[[ netlearn.cmd.iptables -- the iptables command lines of the articles, as nf_tables rules.

What the Docker and packet-path articles type, and what learners try next:
  iptables -t nat -A POSTROUTING -s 172.168.1.0/24 [-o ens33] -j MASQUERADE
  iptables -t nat -A POSTROUTING -s NET -j SNAT --to-source ADDR
  iptables -t nat -A PREROUTING|OUTPUT -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80
  iptables -P FORWARD ACCEPT | iptables -t filter --policy FORWARD ACCEPT
  iptables -A FORWARD [-i/-o/-s/-d/-p] -j ACCEPT|DROP|REJECT
  iptables -t nat -nL [--line-numbers] | -L -n -v | -S | -F [CHAIN] | -D CHAIN N | -D CHAIN RULE
Each becomes an nf_tables rule through net.nat_add / net.filter_add /
net.chain_policy / net.nft_list / net.nft_del / net.nft_flush; listings are
shaped like iptables-nft's. Errors are iptables' own words followed by one
`hint:` line; a line with an error changes nothing.
]]
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local ipv4 = require("netlearn.ipv4")

local M = {}

local VERSION = "iptables v1.8.9 (nf_tables)"
local TRY = "Try `iptables -h' or 'iptables --help' for more information."

M.tables = {
  filter = { "INPUT", "FORWARD", "OUTPUT" },
  nat = { "PREROUTING", "INPUT", "OUTPUT", "POSTROUTING" },
}
local TARGETS = { ACCEPT = true, DROP = true, REJECT = true, RETURN = true,
  MASQUERADE = true, SNAT = true, DNAT = true }
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
local TARGET_OPTS = {
  DNAT = { ["to-destination"] = "to", random = "random", persistent = "persistent" },
  SNAT = { ["to-source"] = "to", random = "random", ["random-fully"] = "random", persistent = "persistent" },
  MASQUERADE = { ["to-ports"] = "to-ports", random = "random", ["random-fully"] = "random" },
  REJECT = { ["reject-with"] = "reject-with" },
}

local function perr(lines, code, hint)
  return { lines = lines, code = code, hint = hint }
end

local function usage_err(msg, hint)
  return perr({ VERSION .. ": " .. msg, TRY }, 2, hint)
end

-- Parse an iptables argv. Returns o or nil, err{lines, code, hint}.
function M.parse(args)
  local o = { table = "filter", cmd = nil, rule = {}, inv = false }
  local r = o.rule
  local i = 1
  local known_long_for = {}   -- option -> true once -p tcp / -j X made them known
  local function set_cmd(c, ai)
    if o.cmd and o.cmd ~= c then
      return usage_err("Cannot use -" .. c .. " with -" .. o.cmd,
        "hint: one command per line: -A, -I, -D, -L, -S, -F or -P")
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
          "hint: name the chain, e.g. iptables -t nat -" .. c .. " POSTROUTING ...")
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
            "hint: iptables -P FORWARD ACCEPT")
        end
        o.policy = t
        i = i + 1
      elseif c == "E" then
        i = i + 1
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
        "hint: " .. opt .. " takes a value, e.g. " .. (({ ["-s"] = "-s 172.168.1.0/24", ["-o"] = "-o ens33",
          ["-i"] = "-i br0", ["-p"] = "-p tcp", ["-j"] = "-j MASQUERADE", ["-t"] = "-t nat", ["-d"] = "-d 10.0.0.1",
          ["--dport"] = "--dport 8888", ["--to-destination"] = "--to-destination 172.168.1.11:80" })[opt] or (opt .. " VALUE")))
    end
    i = ai + 1
    return v
  end
  local function handle(letter, optname, v)
    if letter == "t" then
      o.table = v
      o.table_set = true
    elseif letter == "s" or letter == "d" then
      local p, why = parse_net(v)
      if not p then
        if why == "mask" then
          return usage_err("invalid mask `" .. (v:match("/(.*)$") or v) .. "' specified",
            "hint: the prefix length is 0..32, e.g. 172.168.1.0/24")
        end
        return usage_err("host/network `" .. v .. "' not found",
          "hint: netlearn has no DNS: write an address or NET/LEN, e.g. 172.168.1.0/24")
      end
      r[letter == "s" and "src" or "dst"] = p
      r[letter == "s" and "src_typed" or "dst_typed"] = v
    elseif letter == "i" or letter == "o" then
      if #v > 15 then
        return usage_err("interface name `" .. v .. "' must be shorter than IFNAMSIZ (16)",
          "hint: interface names have at most 15 characters")
      end
      r[letter == "i" and "iif" or "oif"] = v
    elseif letter == "p" then
      local p = v:lower()
      if tonumber(p) then p = PROTO_NAME[tonumber(p)] or p end
      if p == "all" or p == "0" then
        r.proto = nil
      elseif p == "tcp" or p == "udp" or p == "icmp" then
        r.proto = p
        known_long_for.ports = p ~= "icmp" or nil
      else
        return usage_err("unknown protocol \"" .. v .. "\" specified",
          "hint: netlearn's iptables knows -p tcp, -p udp, -p icmp and -p all")
      end
    elseif letter == "j" then
      if not TARGETS[v] then
        if TARGETS[v:upper()] then
          return usage_err("Chain '" .. v .. "' does not exist",
            "hint: targets are written in capitals: -j " .. v:upper())
        end
        local guess = close_names(v, { "ACCEPT", "DROP", "REJECT", "MASQUERADE", "SNAT", "DNAT", "RETURN" })
        return usage_err("Chain '" .. v .. "' does not exist",
          guess and ("hint: did you mean -j " .. guess .. "?")
            or "hint: netlearn's targets: ACCEPT DROP REJECT MASQUERADE SNAT DNAT")
      end
      r.target = v
    elseif letter == "m" then
      local m = v:lower()
      if m == "tcp" or m == "udp" then
        known_long_for.ports = true
        if not r.proto then r.proto_from_m = m end
      elseif m == "state" or m == "conntrack" or m == "comment" or m == "multiport" or m == "mark" then
        return perr({ "netlearn: iptables -m " .. v .. " is not supported (netlearn's iptables covers the articles' rules)" }, 2,
          "hint: use plain matches: -s -d -i -o -p --sport --dport")
      else
        return perr({ VERSION .. ": Couldn't load match `" .. v .. "':No such file or directory", "", TRY }, 2,
          "hint: -m tcp / -m udp are the matches netlearn knows")
      end
    elseif letter == "n" then o.numeric = true
    elseif letter == "v" then o.verbose = true
    elseif letter == "x" then o.exact = true
    elseif letter == "line-numbers" then o.line_numbers = true
    elseif letter == "w" or letter == "W" or letter == "4" then
      -- waiting for the xtables lock / IPv4: nothing to do here
      local _ = optname
    elseif letter == "6" then
      return perr({ "netlearn: iptables handles IPv4 only (ip6tables rules are not supported)" }, 2,
        "hint: drop the -6")
    elseif letter == "g" or letter == "f" or letter == "c" then
      return perr({ "netlearn: iptables " .. optname .. " is not supported" }, 2,
        "hint: netlearn's iptables covers -s -d -i -o -p --sport --dport -j")
    end
  end
  while i <= #args do
    local a = args[i]
    if a == "!" then
      return nil, perr({ "netlearn: negation ('!') is not supported by netlearn's iptables" }, 2,
        "hint: write the positive rule; e.g. accept what you want and set the chain policy with -P")
    elseif a:sub(1, 2) == "--" and #a > 2 then
      local name, inline = a:match("^%-%-([^=]+)=(.*)$")
      name = name or a:sub(3)
      -- candidate long options in this position
      local cands = {}
      for k, v in pairs(LONG_CMD) do cands[k] = { kind = "cmd", v = v } end
      for k, v in pairs(LONG_OPT) do cands[k] = { kind = "opt", v = v } end
      if known_long_for.ports then for k, v in pairs(PORT_OPTS) do cands[k] = { kind = "port", v = v } end end
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
          hint = "hint: --" .. name .. " needs a protocol first: -p tcp --" .. name .. " N"
        elseif (name == "to-destination" or name == "to-source" or name:match("^to")) and not r.target then
          hint = "hint: --" .. name .. " belongs after -j DNAT / -j SNAT"
        elseif name:match("^to") and r.target then
          hint = "hint: -j " .. r.target .. (r.target == "DNAT" and " takes --to-destination ADDR[:PORT]"
            or r.target == "SNAT" and " takes --to-source ADDR" or " takes no --to option")
        else
          local all = {}
          for k in pairs(cands) do all[#all + 1] = k end
          for k in pairs(PORT_OPTS) do all[#all + 1] = k end
          table.sort(all)
          local g = close_names(name, all)
          hint = g and ("hint: did you mean --" .. g .. "?") or "hint: 'help iptables' lists what netlearn's iptables accepts"
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
          local v, e = value("--" .. name, i, inline)
          if not v then return nil, e end
          local n = tonumber(v)
          if not n or n < 0 or n > 65535 or n % 1 ~= 0 then
            if v:match("^%d+:%d+$") then
              return nil, perr({ "netlearn: port ranges (" .. v .. ") are not supported" }, 2, "hint: give one port, e.g. --dport 8888")
            end
            return nil, usage_err("invalid port/service `" .. v .. "' specified",
              "hint: a port is a number 0..65535, e.g. --dport 8888")
          end
          r[hit.v] = math.tointeger(n)
        else
          return nil, perr({ "netlearn: --" .. name .. " is not supported" }, 2, "hint: match ports with --sport / --dport")
        end
      elseif hit.kind == "target" then
        if hit.v == "to" then
          local v, e = value("--" .. name, i, inline)
          if not v then return nil, e end
          local addr, port = v:match("^([%d.]+):(%d+)$")
          addr = addr or v
          if not ip2int(addr) or (port and (tonumber(port) < 1 or tonumber(port) > 65535)) then
            return nil, usage_err("Bad IP address \"" .. v .. "\"",
              "hint: --to-destination ADDR[:PORT], e.g. 172.168.1.11:80")
          end
          if port and r.target == "SNAT" and not r.proto then
            return nil, usage_err("Need TCP, UDP, SCTP or DCCP with port specification",
              "hint: add -p tcp before a port")
          end
          if port and r.target == "DNAT" and not r.proto then
            return nil, usage_err("Need TCP, UDP, SCTP or DCCP with port specification",
              "hint: add -p tcp (and --dport N) before -j DNAT --to-destination ADDR:PORT")
          end
          r.to = v
        elseif hit.v == "reject-with" then
          local v, e = value("--" .. name, i, inline)
          if not v then return nil, e end
          r.reject_with = v
        else
          return nil, perr({ "netlearn: --" .. name .. " is not supported" }, 2, "hint: drop --" .. name)
        end
      end
    elseif a:sub(1, 1) == "-" and #a > 1 then
      -- a cluster of short options: -nL, -nvL, -tnat, -jMASQUERADE
      local k = 2
      while k <= #a do
        local c = a:sub(k, k)
        if COMMANDS[c] then
          if k < #a and c ~= "L" and c ~= "S" and c ~= "F" and c ~= "Z" then
            return nil, usage_err("unknown option \"" .. a .. "\"", "hint: write the chain as its own word: -" .. c .. " CHAIN")
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
            "hint: 'help iptables' lists what netlearn's iptables accepts")
        end
        k = k + 1
      end
    else
      return nil, perr({ "Bad argument `" .. a .. "'", TRY }, 2,
        "hint: every word needs an option before it; a chain follows -A/-I/-D, e.g. -A POSTROUTING")
    end
    i = i + 1
  end
  if r.proto_from_m and not r.proto then
    return nil, usage_err("unknown option \"--dport\"", "hint: -m " .. r.proto_from_m .. " needs -p " .. r.proto_from_m .. " too")
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
    return perr({ "netlearn: a rule without -j does nothing here (only counts packets)" }, 2,
      "hint: add a target, e.g. -j ACCEPT, -j DROP or -j MASQUERADE")
  end
  local hooks_ok = {
    MASQUERADE = { POSTROUTING = true }, SNAT = { POSTROUTING = true, INPUT = true },
    DNAT = { PREROUTING = true, OUTPUT = true },
  }
  if tbl == "nat" and (r.target == "DROP" or r.target == "REJECT") then
    return perr({ VERSION .. ": ", "The \"nat\" table is not intended for filtering, the use of " .. r.target .. " is therefore inhibited.", "", "", TRY }, 2,
      "hint: filter in the filter table: iptables -A FORWARD ... -j " .. r.target)
  end
  if tbl == "filter" and hooks_ok[r.target] then
    return perr({ VERSION .. ":  RULE_APPEND failed (Invalid argument): rule in chain " .. chain }, 4,
      "hint: " .. r.target .. " lives in the nat table: iptables -t nat -A " ..
      (r.target == "DNAT" and "PREROUTING" or "POSTROUTING") .. " ... -j " .. r.target)
  end
  if hooks_ok[r.target] and not hooks_ok[r.target][chain] then
    local where = {}
    for c in pairs(hooks_ok[r.target]) do where[#where + 1] = c end
    table.sort(where)
    return perr({ VERSION .. ":  RULE_APPEND failed (Invalid argument): rule in chain " .. chain }, 4,
      "hint: " .. r.target .. " works in " .. table.concat(where, " or ") .. ", not " .. chain)
  end
  if (r.target == "DNAT" or r.target == "SNAT") and not r.to then
    local opt = r.target == "DNAT" and "--to-destination" or "--to-source"
    return perr({ VERSION .. ": " .. r.target .. ": option \"" .. opt .. "\" must be specified", "", TRY }, 2,
      "hint: e.g. -j " .. r.target .. " " .. opt .. (r.target == "DNAT" and " 172.168.1.11:80" or " 192.168.0.10"))
  end
  if r.iif and (chain == "POSTROUTING" or chain == "OUTPUT") then
    return perr({ VERSION .. ": Can't use -i with " .. chain }, 2,
      "hint: packets leaving have only an output interface here: use -o")
  end
  if r.oif and (chain == "PREROUTING" or chain == "INPUT") then
    return perr({ VERSION .. ": Can't use -o with " .. chain }, 2,
      "hint: packets arriving have only an input interface here: use -i")
  end
  if r.target == "REJECT" and r.reject_with and r.reject_with ~= "icmp-port-unreachable" then
    return perr({ "netlearn: --reject-with " .. r.reject_with .. " is not supported" }, 2,
      "hint: drop --reject-with (icmp-port-unreachable is what netlearn sends)")
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

local function policy_of(list, tbl, chain)
  for _, c in ipairs(list.chains or {}) do
    if c.table == tbl and c.chain == chain then return c.policy or "ACCEPT", c end
  end
  return "ACCEPT"
end

local function addr_col(p, numeric)
  if not p or p == "0.0.0.0/0" then return numeric and "0.0.0.0/0" or "anywhere" end
  return (p:gsub("/32$", ""))
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

-- The extra column of -L: "tcp dpt:8888 to:172.168.1.11:80"
local function extras(r, numeric)
  local t = {}
  if r.proto == "tcp" or r.proto == "udp" then
    local m = { r.proto }
    if r.sport then m[#m + 1] = "spt:" .. (numeric and r.sport or service_name(r.sport, r.proto)) end
    if r.dport then m[#m + 1] = "dpt:" .. (numeric and r.dport or service_name(r.dport, r.proto)) end
    if #m > 1 then t[#t + 1] = table.concat(m, " ") end
  end
  if (r.target == "DNAT" or r.target == "SNAT") and r.to then t[#t + 1] = "to:" .. r.to end
  if r.target == "REJECT" then t[#t + 1] = "reject-with icmp-port-unreachable" end
  if #t == 0 then return "" end
  return " " .. table.concat(t, " ")
end

function M.rule_line(r, o, n)
  local parts = {}
  if o.line_numbers then parts[#parts + 1] = string.format("%-4d ", n) end
  if o.verbose then parts[#parts + 1] = num(r.packets, o.exact) .. num(r.bytes, o.exact) end
  parts[#parts + 1] = string.format("%-9s ", r.target or "")
  parts[#parts + 1] = " " .. string.format("%-5s", r.proto or "all")
  parts[#parts + 1] = string.format("%-4s", "--")
  if o.verbose then
    parts[#parts + 1] = string.format("%-6s %-6s  ", r.iif or "*", r.oif or "*")
  end
  parts[#parts + 1] = string.format("%-20s %-20s", addr_col(r.src, o.numeric), addr_col(r.dst, o.numeric))
  local line = table.concat(parts) .. extras(r, o.numeric)
  -- iptables does not show -i/-o without -v; nothing else to add
  return line
end

local function list_chain(ctx, o, list, chain, first)
  if not first then ctx:outln("") end
  local pol = policy_of(list, o.table, chain)
  if o.verbose then
    ctx:outln("Chain ", chain, " (policy ", pol, " 0 packets, 0 bytes)")
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

-- `-S` form of one rule
function M.rule_spec(r)
  local w = { "-A", r.chain }
  if r.src and r.src ~= "0.0.0.0/0" then w[#w + 1] = "-s" w[#w + 1] = r.src end
  if r.dst and r.dst ~= "0.0.0.0/0" then w[#w + 1] = "-d" w[#w + 1] = r.dst end
  if r.iif then w[#w + 1] = "-i" w[#w + 1] = r.iif end
  if r.oif then w[#w + 1] = "-o" w[#w + 1] = r.oif end
  if r.proto then
    w[#w + 1] = "-p" w[#w + 1] = r.proto
    if (r.proto == "tcp" or r.proto == "udp") and (r.sport or r.dport) then
      w[#w + 1] = "-m" w[#w + 1] = r.proto
      if r.sport then w[#w + 1] = "--sport" w[#w + 1] = tostring(r.sport) end
      if r.dport then w[#w + 1] = "--dport" w[#w + 1] = tostring(r.dport) end
    end
  end
  w[#w + 1] = "-j" w[#w + 1] = r.target
  if r.target == "DNAT" and r.to then w[#w + 1] = "--to-destination" w[#w + 1] = r.to end
  if r.target == "SNAT" and r.to then w[#w + 1] = "--to-source" w[#w + 1] = r.to end
  if r.target == "REJECT" then w[#w + 1] = "--reject-with" w[#w + 1] = "icmp-port-unreachable" end
  return table.concat(w, " ")
end

local function nft_list(ctx)
  local list, e = net.nft_list(ctx.ns)
  if not list then return nil, e end
  return list
end

local function do_list(ctx, o)
  local list, e = nft_list(ctx)
  if not list then
    ctx:errln(VERSION, ": ", e)
    return 1
  end
  local chains = o.chain and { o.chain } or M.tables[o.table]
  if o.cmd == "S" then
    for _, c in ipairs(chains) do
      ctx:outln("-P ", c, " ", (policy_of(list, o.table, c)))
    end
    for _, c in ipairs(chains) do
      for n, r in ipairs(rules_of(list, o.table, c)) do
        if not o.num or o.num == n then ctx:outln(M.rule_spec(r)) end
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

local function same_rule(a, b)
  local function n(p) if p == nil or p == "0.0.0.0/0" then return nil end return p end
  return a.target == b.target and n(a.src) == n(b.src) and n(a.dst) == n(b.dst)
    and a.iif == b.iif and a.oif == b.oif and a.proto == b.proto
    and tonumber(a.sport) == tonumber(b.sport) and tonumber(a.dport) == tonumber(b.dport)
    and (a.to or nil) == (b.to or nil)
end

-- Find the handle of the rule -D means (number or spec). Returns rule | nil, err
local function find_rule(ctx, o)
  local list, e = nft_list(ctx)
  if not list then return nil, perr({ VERSION .. ": " .. e }, 1) end
  local rs = rules_of(list, o.table, o.chain)
  if o.num then
    if o.num < 1 or o.num > #rs then
      return nil, perr({ "iptables: Index of deletion too big." }, 1,
        "hint: " .. o.chain .. " has " .. #rs .. " rule" .. (#rs == 1 and "" or "s") ..
        "; 'iptables -t " .. o.table .. " -nL " .. o.chain .. " --line-numbers' shows their numbers")
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
    "hint: 'iptables -t " .. o.table .. " -S " .. o.chain .. "' shows the rules exactly as -D wants them, or use -D " .. o.chain .. " N")
end

local function cmd_needs_rule(o) return o.cmd == "A" or o.cmd == "I" end

function M.run(args, ctx)
  local o, e = M.parse(args)
  if not o then return fail(ctx, e) end
  if o.cmd == "h" then
    ctx:outln(M.help)
    return 0
  end
  if o.cmd == "V" then
    ctx:outln(VERSION)
    return 0
  end
  if not o.cmd then
    return fail(ctx, usage_err("no command specified",
      "hint: e.g. iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -j MASQUERADE, or iptables -nL to list"))
  end
  if not M.tables[o.table] then
    local known = { "filter", "nat", "mangle", "raw", "security" }
    local isknown = false
    for _, k in ipairs(known) do if k == o.table then isknown = true end end
    if isknown then
      return fail(ctx, perr({ "netlearn: the " .. o.table .. " table is not supported (netlearn has filter and nat)" }, 3,
        "hint: iptables -t nat ... or iptables -t filter ..."))
    end
    local g = close_names(o.table, { "filter", "nat", "mangle", "raw" })
    return fail(ctx, perr({ VERSION .. ": table '" .. o.table .. "' does not exist",
      "Perhaps iptables or your kernel needs to be upgraded." }, 3,
      g and ("hint: did you mean -t " .. g .. "?") or "hint: the tables are filter (the default) and nat"))
  end
  if o.cmd == "N" or o.cmd == "X" or o.cmd == "E" then
    if o.cmd == "X" and not o.chain then return 0 end   -- no user chains to delete
    return fail(ctx, perr({ "netlearn: user-defined chains (-" .. o.cmd .. ") are not supported" }, 2,
      "hint: put rules in the built-in chains: " .. table.concat(M.tables[o.table], " ")))
  end
  if o.cmd == "R" or o.cmd == "C" or o.cmd == "Z" then
    return fail(ctx, perr({ "netlearn: iptables -" .. o.cmd .. " is not supported" }, 2,
      "hint: delete with -D CHAIN N and add again with -A / -I"))
  end
  if o.chain and not is_builtin(o.table, o.chain) then
    local up = o.chain:upper()
    local hint
    if is_builtin(o.table, up) then
      hint = "hint: chain names are in capitals: " .. up
    elseif o.table == "filter" and is_builtin("nat", up) then
      hint = "hint: " .. up .. " is in the nat table: iptables -t nat ..."
    else
      local g = close_names(up, M.tables[o.table])
      hint = "hint: the " .. o.table .. " table's chains are " .. table.concat(M.tables[o.table], " ") ..
        (g and ("; did you mean " .. g .. "?") or "")
    end
    if o.cmd == "L" or o.cmd == "S" or o.cmd == "F" then
      return fail(ctx, perr({ "iptables: No chain/target/match by that name." }, 1, hint))
    end
    return fail(ctx, perr({ "iptables: No chain/target/match by that name." }, 1, hint))
  end
  if cmd_needs_rule(o) then
    local err = check_rule(o)
    if err then return fail(ctx, err) end
  end
  if not net.nft_list then
    ctx:errln("iptables: nf_tables rules are not available in this build of netlearn")
    return 1
  end
  local cmd = o.cmd
  if cmd == "L" or cmd == "S" then return do_list(ctx, o) end
  if cmd == "F" then
    return applied(ctx, net.nft_flush(ctx.ns, { table = o.table, chain = o.chain }))
  end
  if cmd == "P" then
    if o.table ~= "filter" then
      return fail(ctx, perr({ "iptables: Bad built-in chain name." }, 1,
        "hint: netlearn sets policies in the filter table: iptables -P FORWARD ACCEPT"))
    end
    if o.policy ~= "ACCEPT" and o.policy ~= "DROP" then
      return fail(ctx, perr({ "iptables: Bad policy name. Run `dmesg' for more information." }, 1,
        "hint: a policy is ACCEPT or DROP (in capitals)"))
    end
    return applied(ctx, net.chain_policy(ctx.ns, o.chain, o.policy))
  end
  if cmd == "D" then
    if not o.num and not o.rule.target then
      return fail(ctx, usage_err("-D requires a rule number or a rule specification",
        "hint: iptables -t " .. o.table .. " -D " .. o.chain .. " 1, or repeat the -A line with -D"))
    end
    local r, err = find_rule(ctx, o)
    if not r then return fail(ctx, err) end
    return applied(ctx, net.nft_del(ctx.ns, { table = o.table, chain = o.chain, handle = r.handle }))
  end
  if cmd == "A" or cmd == "I" then
    if cmd == "I" and o.num and o.num ~= 1 then
      local list = nft_list(ctx) or { rules = {} }
      local n = #rules_of(list, o.table, o.chain)
      if o.num > n + 1 then
        return fail(ctx, perr({ "iptables: Index of insertion too big." }, 1,
          "hint: " .. o.chain .. " has " .. n .. " rules; -I " .. o.chain .. " 1 puts a rule first"))
      end
      if o.num ~= n + 1 then
        return fail(ctx, perr({ "netlearn: iptables -I CHAIN N only inserts at the top (N=1) or the end" }, 2,
          "hint: -I " .. o.chain .. " puts the rule first; -A " .. o.chain .. " puts it last"))
      end
      cmd = "A"
    end
    local r = o.rule
    local spec = { chain = o.chain, target = r.target, src = r.src, dst = r.dst, iif = r.iif, oif = r.oif,
      proto = r.proto, sport = r.sport, dport = r.dport, to = r.to,
      position = cmd == "I" and "insert" or "append" }
    local add = o.table == "nat" and net.nat_add or net.filter_add
    local h, msg, errno = add(ctx.ns, spec)
    if not h then
      ctx:errln(VERSION, ":  RULE_", cmd == "I" and "INSERT" or "APPEND", " failed (",
        errno and net.strerror(errno) or msg, "): rule in chain ", o.chain)
      ctx:errln("hint: ", msg)
      return 4
    end
    return 0
  end
  return fail(ctx, usage_err("no command specified", "hint: -A, -I, -D, -L, -S, -F or -P"))
end

M.help = [==[
iptables [-t filter|nat] COMMAND [MATCHES] [-j TARGET [TARGET-OPTIONS]]
  -A CHAIN rule / -I CHAIN [1] rule      append / insert a rule
  -D CHAIN N / -D CHAIN rule             delete a rule by number or by its words
  -L [CHAIN] [-n] [-v] [-x] [--line-numbers] / -S [CHAIN]   list
  -F [CHAIN]                             flush       -P CHAIN ACCEPT|DROP   policy (filter)
matches: -s NET  -d NET  -i DEV  -o DEV  -p tcp|udp|icmp  --sport N  --dport N
targets: ACCEPT DROP REJECT (filter: INPUT FORWARD OUTPUT)
         MASQUERADE  SNAT --to-source A  (nat POSTROUTING)
         DNAT --to-destination A[:P]      (nat PREROUTING, OUTPUT)
Examples (the Docker article):
  iptables -t filter --policy FORWARD ACCEPT
  iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE
  iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80
  iptables -t nat -A OUTPUT -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80
  iptables -t nat -nL --line-numbers        iptables -t nat -D POSTROUTING 1
Rules are nf_tables rules (as iptables-nft makes them), per namespace.
Not supported: user chains, -m state/conntrack, '!', port ranges, -R, -C, -Z.]==]

commands.register("iptables", {
  summary = "NAT and filter rules the iptables way: iptables -t nat -A POSTROUTING ... -j MASQUERADE",
  help = M.help,
  run = M.run,
})

return M
