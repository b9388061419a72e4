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
followed by one `hint:` line, raised with commands.fail; a line with an error
changes nothing.
]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local X = require("netlearn.cmd.iptables_match")
local P = require("netlearn.cmd.iptables_parse")         -- the command line
local List = require("netlearn.cmd.iptables_list")       -- -L and -S

local M = {}

local VERSION, TARGETS = P.VERSION, P.TARGETS
local usage_err, close_names = P.usage_err, P.close_names
local is_builtin, check_rule = P.is_builtin, P.check_rule
local rules_of, chain_of, references, user_chains = List.rules_of, List.chain_of, List.references, List.user_chains
local nft_list, do_list = List.nft_list, List.list
M.tables = P.tables
M.parse = P.parse
M.rule_line, M.rule_spec = List.rule_line, List.rule_spec

---------------------------------------------------------------------------
-- Running
---------------------------------------------------------------------------
-- Failing: commands.fail(status, iptables' lines, hint); the parser hands its
-- refusals back (nil, failure: iptables_parse's perr and usage_err) and this
-- file raises them.
local function usage_fail(msg, hint) error(usage_err(msg, hint), 0) end

-- The status of a change net.* made (ok) or refused (nil, msg): "iptables vX: msg", 1.
local function applied(ctx, ok, msg)
  if not ok then commands.fail(1, VERSION .. ": " .. tostring(msg)) end
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

-- The rule -D / -C / -R means (by number or by its words); none fails
local function find_rule(o, list, why)
  local rs = rules_of(list, o.table, o.chain)
  if o.num then
    if o.num < 1 or o.num > #rs then
      commands.fail(1, "iptables: Index of " .. why .. " too big.",
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
  commands.fail(1, "iptables: Bad rule (does a matching rule exist in that chain?).",
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
  if not o then error(e, 0) end
  if o.cmd == "h" then
    ctx:outln(require("netlearn.help_zh").text("iptables", { help = M.help }))
    return 0
  end
  if o.cmd == "V" then
    ctx:outln(VERSION)
    return 0
  end
  if not o.cmd then
    usage_fail("no command specified",
      L("hint: e.g. iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -j MASQUERADE, or iptables -nL to list", "提示：例如 iptables -t nat -A POSTROUTING -s 172.168.1.0/24 -j MASQUERADE，或用 iptables -nL 列出规则"))
  end
  if not M.tables[o.table] then
    local known = { "filter", "nat", "mangle", "raw", "security" }
    local isknown = false
    for _, k in ipairs(known) do if k == o.table then isknown = true end end
    if isknown then
      commands.fail(3, L("netlearn: the " .. o.table .. " table is not supported (netlearn has filter and nat)",
        "netlearn：不支持 " .. o.table .. " 表（netlearn 有 filter 和 nat）"),
        L("hint: iptables -t nat ... or iptables -t filter ...", "提示：例如 iptables -t nat ... 或 iptables -t filter ..."))
    end
    local g = close_names(o.table, { "filter", "nat", "mangle", "raw" })
    commands.fail(3, { VERSION .. ": table '" .. o.table .. "' does not exist",
      "Perhaps iptables or your kernel needs to be upgraded." },
      g and L("hint: did you mean -t " .. g .. "?", "提示：你是不是想输入 -t " .. g .. "？") or L("hint: the tables are filter (the default) and nat", "提示：表有 filter（默认）和 nat"))
  end
  local list, lerr = nft_list(ctx)
  if not list then commands.fail(1, VERSION .. ": " .. tostring(lerr)) end
  local function exists(chain)
    return is_builtin(o.table, chain) or chain_of(list, o.table, chain) ~= nil
  end
  local cmd = o.cmd
  if cmd == "N" then
    local c = o.chain
    if #c > 28 then
      usage_fail("chain name `" .. c .. "' too long (must be under 29 chars)",
        L("hint: Docker's longest is DOCKER-ISOLATION-STAGE-1 (24)", "提示：Docker 最长的是 DOCKER-ISOLATION-STAGE-1（24 个字符）"))
    end
    if TARGETS[c] then
      usage_fail("chain name may not clash with target name", L("hint: pick another name, e.g. MY-", "提示：换个名字，例如 MY-") .. c)
    end
    if exists(c) then
      commands.fail(1, "iptables: Chain already exists.",
        L("hint: 'iptables -t " .. o.table .. " -S' lists the chains (-N lines)",
          "提示：'iptables -t " .. o.table .. " -S' 列出链（-N 开头的行）"))
    end
    return applied(ctx, net.nft_chain_add(ctx.ns, o.table, c))
  end
  if cmd == "E" then
    local new = o.rest and o.rest[1]
    if not new then
      usage_fail("-E requires old-chain-name and new-chain-name",
        L("hint: iptables -E OLD NEW renames a chain made with -N", "提示：iptables -E 旧名 新名 重命名用 -N 建的链"))
    end
    if is_builtin(o.table, o.chain) then
      commands.fail(1, "iptables: No chain/target/match by that name.",
        L("hint: " .. o.chain .. " is a built-in chain and keeps its name; only chains made with -N can be renamed",
          "提示：" .. o.chain .. " 是内置链，不能改名；只有 -N 建的链能改名"))
    end
    local c = chain_of(list, o.table, o.chain)
    if not c then
      commands.fail(1, "iptables: No chain/target/match by that name.", chain_hint(o, list))
    end
    if #new > 28 then
      usage_fail("chain name `" .. new .. "' too long (must be under 29 chars)",
        L("hint: Docker's longest is DOCKER-ISOLATION-STAGE-1 (24)", "提示：Docker 最长的是 DOCKER-ISOLATION-STAGE-1（24 个字符）"))
    end
    if TARGETS[new] then
      usage_fail("chain name may not clash with target name", L("hint: pick another name, e.g. MY-", "提示：换个名字，例如 MY-") .. new)
    end
    if exists(new) then
      commands.fail(1, "iptables: File exists.",
        L("hint: " .. new .. " is already a chain of the " .. o.table .. " table; pick another name or -X it first",
          "提示：" .. new .. " 已经是 " .. o.table .. " 表的一条链；换个名字，或先 -X 删掉它"))
    end
    return applied(ctx, net.nft_chain_rename(ctx.ns, o.table, c.handle, new))
  end
  if cmd == "X" then
    local todo = o.chain and { o.chain } or user_chains(list, o.table)
    if o.chain and (is_builtin(o.table, o.chain) or not chain_of(list, o.table, o.chain)) then
      commands.fail(1, "iptables: No chain/target/match by that name.",
        is_builtin(o.table, o.chain) and L("hint: " .. o.chain .. " is a built-in chain; only chains made with -N can be deleted (-F empties it)",
          "提示：" .. o.chain .. " 是内置链；只有 -N 建的链能删除（-F 清空它）")
          or chain_hint(o, list))
    end
    -- all or nothing: check every chain before deleting any
    for _, c in ipairs(todo) do
      local refs = references(list, o.table, c)
      local n = #rules_of(list, o.table, c)
      if refs > 0 or n > 0 then
        commands.fail(4, VERSION .. ":  CHAIN_DEL failed (Device or resource busy): chain " .. c,
          refs > 0 and L("hint: " .. refs .. " rule(s) jump to " .. c ..
            "; delete them first ('iptables -t " .. o.table .. " -S' shows them)",
            "提示：有 " .. refs .. " 条规则跳到 " .. c .. "；先删掉它们（'iptables -t " .. o.table .. " -S' 列出它们）")
            or L("hint: " .. c .. " still has " .. n .. " rule(s): empty it first with iptables -t " .. o.table .. " -F " .. c,
              "提示：" .. c .. " 里还有 " .. n .. " 条规则：先用 iptables -t " .. o.table .. " -F " .. c .. " 清空它"))
      end
    end
    for _, c in ipairs(todo) do
      local ok, msg = net.nft_chain_del(ctx.ns, o.table, c)
      if not ok then return applied(ctx, ok, msg) end
    end
    return 0
  end
  if o.chain and not exists(o.chain) then
    commands.fail(1, "iptables: No chain/target/match by that name.", chain_hint(o, list))
  end
  if cmd_needs_rule(o) then
    local err = check_rule(o)
    if err then error(err, 0) end
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
      usage_fail("Chain '" .. t .. "' does not exist", hint)
    end
    if t == o.chain then
      commands.fail(4, VERSION .. ":  RULE_APPEND failed (Too many levels of symbolic links): rule in chain " .. o.chain,
        L("hint: a chain cannot jump to itself", "提示：链不能跳到它自己"))
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
      commands.fail(1, "iptables: Bad built-in chain name.",
        L("hint: netlearn sets policies of the filter table's built-in chains: iptables -P FORWARD ACCEPT", "提示：netlearn 只设置 filter 表内置链的默认策略：iptables -P FORWARD ACCEPT"))
    end
    if o.policy ~= "ACCEPT" and o.policy ~= "DROP" then
      commands.fail(1, "iptables: Bad policy name. Run `dmesg' for more information.",
        L("hint: a policy is ACCEPT or DROP (in capitals)", "提示：默认策略是 ACCEPT 或 DROP（大写）"))
    end
    return applied(ctx, net.chain_policy(ctx.ns, o.chain, o.policy))
  end
  if cmd == "D" or cmd == "C" then
    if cmd == "D" and not o.num and not o.rule.target then
      usage_fail("-D requires a rule number or a rule specification",
        L("hint: iptables -t " .. o.table .. " -D " .. o.chain .. " 1, or repeat the -A line with -D",
          "提示：iptables -t " .. o.table .. " -D " .. o.chain .. " 1，或者把 -A 那一行换成 -D 再写一遍"))
    end
    local r = find_rule(o, list, "deletion")
    if cmd == "C" then return 0 end
    return applied(ctx, net.nft_del(ctx.ns, { table = o.table, chain = o.chain, handle = r.handle }))
  end
  local spec = rule_spec_table(o)
  local rs = rules_of(list, o.table, o.chain)
  if cmd == "R" then
    if not o.num then
      usage_fail("-R requires a rule number", L("hint: iptables -R " .. o.chain .. " N RULE", "提示：iptables -R " .. o.chain .. " N 规则"))
    end
    if o.num < 1 or o.num > #rs then
      commands.fail(1, "iptables: Index of replacement too big.",
        L("hint: " .. o.chain .. " has " .. #rs .. " rule(s); ", "提示：" .. o.chain .. " 有 " .. #rs .. " 条规则；") ..
        "'iptables -t " .. o.table .. " -nL " .. o.chain .. L(" --line-numbers' shows their numbers", " --line-numbers' 显示它们的编号"))
    end
    spec.replace = rs[o.num].handle
  elseif cmd == "I" then
    local n = o.num or 1
    if n < 1 or n > #rs + 1 then
      commands.fail(1, "iptables: Index of insertion too big.",
        L("hint: " .. o.chain .. " has " .. #rs .. " rules; -I " .. o.chain .. " 1 puts a rule first",
          "提示：" .. o.chain .. " 有 " .. #rs .. " 条规则；-I " .. o.chain .. " 1 把规则放在最前面"))
    end
    if n <= #rs then spec.before = rs[n].handle end
    -- n == #rs + 1: appending
  end
  local add = o.table == "nat" and net.nat_add or net.filter_add
  local h, msg, errno = add(ctx.ns, spec)
  if not h then
    commands.fail(4, VERSION .. ":  RULE_" .. (cmd == "I" and "INSERT" or cmd == "R" and "REPLACE" or "APPEND") .. " failed (" ..
      tostring(errno and net.strerror(errno) or msg) .. "): rule in chain " .. o.chain,
      L("hint: ", "提示：") .. tostring(msg))
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