--[[ netlearn.cmd.ip_netns -- `ip netns` (iproute2's ip/ipnetns.c), the lab's named
namespaces (its "machines"), for cmd/ip.lua:

  ip [-j] netns [list]          the names, with the nsid the current namespace has for each
  ip netns add NAME | delete NAME | ip netns del -all
  ip netns exec NAME CMD ...    a netlearn command, or a real program, inside NAME
  ip netns identify [PID] | pids NAME

  local netns = require("netlearn.cmd.ip_netns")(helpers)   -- helpers: see ip.lua
  netns.run(args, opts, ctx)    -- ctx.ns_eff: the namespace the command runs in
]]
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local json = require("netlearn.json")
local usage = require("netlearn.cmd.ip_help")

return function(H)
  local M = {}
  local fail, garbage, unsupported, L, is = H.fail, H.garbage, H.unsupported, H.L, H.is
  local need_ns, nsname_finder, emit_json = H.need_ns, H.nsname_finder, H.emit_json

  local function bad_ns_name(n)
    return n == nil or n == "" or n:find("/", 1, true) or n == "." or n == ".."
  end

  -- nsid (as seen from ns) -> name, learned from veth peers
  local function nsids(ns)
    local map = {}
    local ok, links = pcall(net.link_list, ns)
    if not ok or not links then return map end
    local finder = nsname_finder(ns)
    for _, l in ipairs(links) do
      if l.link_netnsid ~= nil and map[l.link_netnsid] == nil then
        local n = finder(l)
        if n then map[n] = l.link_netnsid end
      end
    end
    return map
  end

  local function netns_list(ctx, o)
    local names, e = net.ns_list()
    if not names then fail(1, e, L("the sandbox's /run/netns cannot be read; nothing was listed", "读不了沙箱的 /run/netns；什么也没列出")) end
    local ids = nsids(ctx.ns_eff or "")
    if o.json then
      local t = {}
      for _, n in ipairs(names) do t[#t + 1] = json.object({ name = n, id = ids[n] }, { "name", "id" }) end
      emit_json(ctx, t)
      return 0
    end
    for _, n in ipairs(names) do
      if ids[n] then ctx:outln(n, " (id: ", ids[n], ")") else ctx:outln(n) end
    end
    return 0
  end

  local function netns_exec(a, ctx)
    local name = a:next()
    if not name then fail(255, "No netns name specified", L("say which namespace: 'ip netns exec net1 ip addr'", "说明是哪个命名空间：'ip netns exec net1 ip addr'")) end
    need_ns(name)
    if not a:more() then fail(255, "No command specified", L("say what to run: 'ip netns exec " .. name .. " ip addr'", "说明要运行什么：'ip netns exec " .. name .. " ip addr'")) end
    local words = { table.unpack(a.t, a.i) }
    local child = ctx:with_ns(name)
    local cmd = { redirect = ctx.redirect, background = ctx.background }
    if commands.lookup(words[1]) then
      local st = commands.run_words(words, child, cmd)
      return st
    end
    if ctx.external then return ctx.external(words, child, cmd) end
    if ctx.redirect then
      fail(2, L("netlearn: redirection ('" .. ctx.redirect.op .. "') of a real program is not supported: nothing was run",
        "netlearn：不支持对真实程序做重定向（'" .. ctx.redirect.op .. "'）：什么也没运行"),
        L("put '!' before the line to run it with the real shell: !ip netns exec " .. name .. " ...",
          "在这一行前面加 '!'，用真实的 shell 运行它：!ip netns exec " .. name .. " ..."))
    end
    io.stdout:flush()
    if ctx.background then
      local pid, e = net.run(name, words, { background = true })
      if not pid then fail(255, e, L("check the program name", "检查程序名")) end
      ctx:outln("[", pid, "]")
      return 0
    end
    local code, e = net.run(name, words)
    if not code then fail(255, tostring(e), L("the program could not be started in " .. name, "程序无法在 " .. name .. " 里启动")) end
    return code
  end

  local function netns_cmd(a, o, ctx)
    local sub = a:next()
    if sub == nil then return netns_list(ctx, o) end
    local NETNS = { "list", "show", "lst", "list-id", "help", "add", "set", "delete", "identify", "pids", "exec", "monitor", "attach" }
    local m
    for _, c in ipairs(NETNS) do if is(sub, c) then m = c break end end
    if m == "show" or m == "lst" then m = "list" end
    if not m then
      fail(255, string.format('Command "%s" is unknown, try "ip netns help".', sub),
        L("ip netns understands list, add NAME, delete NAME, exec NAME CMD..., identify, pids NAME",
          "ip netns 认识 list、add 名字、delete 名字、exec 名字 命令...、identify、pids 名字"))
    end
    if m == "list" then
      if a:more() then garbage("netns", a:peek()) end
      return netns_list(ctx, o)
    elseif m == "help" then
      ctx:outln(usage.NETNS_HELP)
      return 0
    elseif m == "add" then
      local n = a:next()
      if bad_ns_name(n) then fail(255, string.format('Invalid netns name "%s"', tostring(n or "")), L("give a name: 'ip netns add net1'", "给出一个名字：'ip netns add net1'")) end
      if a:more() then garbage("netns", a:peek()) end
      if n == "host" then
        -- netlearn's name for the lab's own namespace (`ns host`, why, topo): a
        -- second "host" would make every one of them ambiguous
        fail(1, 'netlearn: "host" is the name of the lab\'s own namespace',
          L("you are in it already ('ns host' comes back to it); give the new namespace another name, e.g. 'ip netns add host2'",
            "你已经在它里面了（'ns host' 回到它）；给新命名空间换个名字，例如 'ip netns add host2'"))
      end
      local ok, e = net.ns_add(n)
      if not ok then
        fail(1, e, L("'ip netns list' shows the namespaces; remove the old one with 'ip netns del " .. n .. "' first",
          "'ip netns list' 列出命名空间；先用 'ip netns del " .. n .. "' 删除旧的"))
      end
      return 0
    elseif m == "delete" then
      local n = a:next()
      if n == "-all" or n == "-a" or (n == nil and o.all) then   -- ip netns del -all, ip -all netns del
        local names, e = net.ns_list()
        if not names then fail(1, e, L("the sandbox's /run/netns cannot be read; nothing was deleted", "读不了沙箱的 /run/netns；什么也没删除")) end
        local st = 0
        for _, x in ipairs(names) do
          local ok, de = net.ns_del(x)
          if not ok then ctx:errln(de) st = 1 end
        end
        return st
      end
      if bad_ns_name(n) then fail(255, string.format('Invalid netns name "%s"', tostring(n or "")), L("say which: 'ip netns del net1'", "说明删除哪个：'ip netns del net1'")) end
      if a:more() then garbage("netns", a:peek()) end
      if not net.ns_exists(n) then
        fail(1, string.format('Cannot remove namespace file "/run/netns/%s": No such file or directory', n),
          L("there is no namespace " .. n .. "; 'ip netns list' shows them", "没有命名空间 " .. n .. "；'ip netns list' 列出它们"))
      end
      local ok, e = net.ns_del(n)
      if not ok then fail(1, e, L("the namespace could not be removed", "这个命名空间删不掉")) end
      return 0
    elseif m == "exec" then
      return netns_exec(a, ctx)
    elseif m == "identify" then
      if a:more() then
        local p = a:next()
        if not p:match("^%d+$") then fail(1, string.format('Invalid pid "%s"', p), L("give a process id", "给出一个进程号")) end
      end
      ctx:outln(ctx.ns_eff or "")
      return 0
    elseif m == "pids" then
      local n = a:next()
      if bad_ns_name(n) then fail(1, 'No netns name specified', L("say which: 'ip netns pids net1'", "说明是哪个：'ip netns pids net1'")) end
      if a:more() then garbage("netns", a:peek()) end
      if not net.ns_exists(n) then
        fail(1, "Cannot open network namespace: No such file or directory",
          L("there is no namespace " .. n .. "; 'ip netns list' shows them", "没有命名空间 " .. n .. "；'ip netns list' 列出它们"))
      end
      local pids, e = net.ns_pids(n)
      if not pids then fail(1, e, L("netlearn could not read /proc", "netlearn 读不了 /proc")) end
      for _, p in ipairs(pids) do ctx:outln(tostring(p)) end
      return 0
    else
      unsupported(m, "ip netns", "list, add, delete, exec, identify, pids")
    end
  end

  M.run = netns_cmd

  return M
end
