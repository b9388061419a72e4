--[[ netlearn.cmd.iptables_list -- iptables -L and -S: a table's chains and rules
(net.nft_list) printed as iptables-nft prints them: -L's columns (-n, -v,
-x, --line-numbers; names from /etc/services, /etc/hosts and /etc/networks
without -n) and -S's rule specifications in iptables-save's order.
]]
local net = require("netlearn.core")
local ipv4 = require("netlearn.ipv4")
local X = require("netlearn.cmd.iptables_match")
local P = require("netlearn.cmd.iptables_parse")
local is_builtin = P.is_builtin
local ip2int = ipv4.to_int

local M = {}

local service_name = require("netlearn.parse").service_name
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
    for _, c in ipairs(P.tables[o.table]) do chains[#chains + 1] = c end
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


M.rules_of, M.chain_of, M.policy_of = rules_of, chain_of, policy_of
M.references, M.user_chains = references, user_chains
M.nft_list = nft_list
M.list = do_list

return M
