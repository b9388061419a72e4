--[[ netlearn.cmd.route -- net-tools `route` on net.route_*.

`route -n` prints the main table the way net-tools does (Kernel IP routing
table, Destination Gateway Genmask Flags Metric Ref Use Iface);
`route add -net 172.168.1.0/24 dev br0`, `route add -net NET netmask M gw G`,
`route add default gw G`, `route add -host A dev D` and the same with `del`
change it through net.route_add / net.route_del. Errors are net-tools' lines
(SIOCADDRT: No such device) plus one hint, raised with commands.fail.
]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local ipv4 = require("netlearn.ipv4")
local parse = require("netlearn.parse")

local M = {}

local ip2int, int2ip, len2mask, mask2len = ipv4.to_int, ipv4.to_str, ipv4.mask, ipv4.mask_len
M.ip2int = ip2int

-- The rows of `route -n`, as Lua tables (also used by tests and lessons).
function M.rows(ns)
  local routes, e = net.route_list(ns, { table = "main", family = "inet" })
  if not routes then return nil, e end
  local rows = {}
  for _, r in ipairs(routes) do
    local tbl = r.table
    if (tbl == nil or tbl == 254 or tbl == "main") and (r.type == nil or r.type ~= "local" and r.type ~= "broadcast") then
      local dst, len = "0.0.0.0", 0
      if r.dst and r.dst ~= "default" then
        dst, len = r.dst:match("^([%d.]+)/?(%d*)$")
        len = tonumber(len) or r.dst_len or 32
      end
      if dst then
        local flags = "U"
        if r.gateway then flags = flags .. "G" end
        if len == 32 then flags = flags .. "H" end
        if r.protocol == "redirect" then flags = flags .. "D" end
        local reject = r.type == "unreachable" or r.type == "prohibit" or r.type == "blackhole"
        if reject then flags = "!" .. (flags:gsub("^U", "")) end
        rows[#rows + 1] = {
          dst = dst, len = len, key = ip2int(dst) or 0, gateway = r.gateway or "0.0.0.0",
          genmask = int2ip(len2mask(len)), flags = flags, metric = r.metric or 0,
          iface = reject and "-" or (r.dev or "*"),
        }
      end
    end
  end
  -- /proc/net/route walks the FIB trie: by address, longer prefixes first
  table.sort(rows, function(a, b)
    if a.key ~= b.key then return a.key < b.key end
    return a.len > b.len
  end)
  return rows
end

function M.show(ctx, numeric)
  local rows, e = M.rows(ctx.ns)
  if not rows then commands.fail(1, "route: " .. tostring(e)) end
  ctx:outln("Kernel IP routing table")
  ctx:outln("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface")
  for _, r in ipairs(rows) do
    local dst = r.dst
    if not numeric and r.dst == "0.0.0.0" and r.len == 0 then dst = "default" end
    ctx:outln(string.format("%-15s %-15s %-15s %-5s %-6d %-2d %7d %s",
      dst, r.gateway, r.genmask, r.flags, r.metric, 0, 0, r.iface))
  end
  return 0
end

local USAGE = "Usage: inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M] [netmask N] [[dev] If]"
local function HINT() return L("hint: route add -net 172.168.1.0/24 dev br0 | route add -net 10.1.8.0 netmask 255.255.255.0 gw 1.1.1.2 | route add default gw 172.168.1.1", "提示：例如 route add -net 172.168.1.0/24 dev br0 | route add -net 10.1.8.0 netmask 255.255.255.0 gw 1.1.1.2 | route add default gw 172.168.1.1") end

-- Parse `add|del` arguments into a net.route_* spec; a bad line fails (commands.fail).
function M.parse_change(args)
  local kind, target
  local spec = {}
  local i = 1
  local netmask
  while i <= #args do
    local a = args[i]
    if a == "-net" or a == "-host" then
      kind = a:sub(2)
    elseif a == "gw" or a == "netmask" or a == "metric" or a == "dev" or a == "mss" or a == "window" or a == "irtt" then
      local v = args[i + 1]
      if not v then commands.fail(0, USAGE, HINT()) end
      i = i + 1
      if a == "gw" then
        local g = parse.addr(v, "resolver")
        if not g then commands.fail(6, v .. ": Unknown host", L("hint: netlearn has no DNS: give the gateway as an address, e.g. gw 172.168.1.1", "提示：netlearn 没有 DNS：网关要写成地址，例如 gw 172.168.1.1")) end
        spec.via = g
      elseif a == "netmask" then
        netmask = v
      elseif a == "metric" then
        local m = tonumber(v)
        if not m or m < 0 or m % 1 ~= 0 then commands.fail(0, USAGE, L("hint: metric takes a whole number, e.g. metric 100", "提示：metric 后面是整数，例如 metric 100")) end
        spec.metric = math.tointeger(m)
      elseif a == "dev" then
        spec.dev = v
      end
    elseif a == "reject" then
      spec.type = "unreachable"
    elseif a == "mod" or a == "dyn" or a == "reinstate" then
      -- accepted by net-tools, meaningless here
      local _ = a
    elseif a:sub(1, 1) == "-" then
      commands.fail(0, "route: invalid option -- '" .. a:sub(2, 2) .. "'", HINT())
    elseif not target then
      target = a
    elseif not spec.dev then
      spec.dev = a                          -- the trailing `[dev] If`
    else
      commands.fail(0, USAGE, HINT())
    end
    i = i + 1
  end
  if not target then commands.fail(0, USAGE, HINT()) end
  if target == "default" or target == "0.0.0.0" and not netmask and kind ~= "host" then
    if kind == "host" then commands.fail(3, "route: netmask doesn't match route address", HINT()) end
    spec.dst = "default"
    return spec
  end
  -- net-tools reads the target with inet_aton ("10.3" is 10.0.0.3) and the length
  -- as C's strtoul ("/020" is /16): netlearn.parse's "resolver" reading
  local addr, len = target:match("^([^/]+)/(.*)$")
  addr = addr or target
  addr = parse.addr(addr, "resolver") or addr
  if not ip2int(addr) then
    commands.fail(6, addr .. ": Host name lookup failure", L("hint: netlearn has no DNS: give the target as an address or NET/LEN, e.g. 172.168.1.0/24", "提示：netlearn 没有 DNS：目标要写成地址或 网段/长度，例如 172.168.1.0/24"))
  end
  if len then
    len = parse.whole_number(len, 32, true)
    if not len then
      commands.fail(3, "route: netmask doesn't match route address", L("hint: the prefix length after / is 0..32, e.g. 172.168.1.0/24", "提示：/ 后面的前缀长度是 0..32，例如 172.168.1.0/24"))
    end
  end
  if netmask then
    local m = ip2int(parse.addr(netmask, "resolver") or "")
    local ml = m and mask2len(m)
    if not ml then commands.fail(3, "route: bogus netmask " .. netmask, L("hint: a netmask is contiguous ones, e.g. 255.255.255.0", "提示：子网掩码是连续的 1，例如 255.255.255.0")) end
    if len and len ~= ml then commands.fail(3, "route: netmask doesn't match route address", HINT()) end
    len = ml
  end
  if kind == "host" then
    if len and len ~= 32 then commands.fail(3, "route: netmask doesn't match route address", L("hint: -host routes are /32; use -net for a network", "提示：-host 路由是 /32；网段请用 -net")) end
    len = 32
  end
  if not len then
    -- net-tools guesses a classful mask for -net without one
    local first = ip2int(addr) >> 24
    len = first < 128 and 8 or first < 192 and 16 or first < 224 and 24 or 32
    if kind == nil then len = 32 end
    if ip2int(addr) & ~len2mask(len) & 0xffffffff ~= 0 then
      -- net-tools hands the kernel the classful mask, which refuses it
      local class = (len == 8 and "A (/8)" or len == 16 and "B (/16)" or "C (/24)")
      local fixed = "route add -net " .. int2ip(ip2int(addr) & 0xffffff00) .. "/24 ..."
      commands.fail(7, "SIOCADDRT: Invalid argument", L("hint: without /LEN or netmask, -net " .. addr ..
        " means a class " .. class .. " network; write the prefix: " .. fixed,
        "提示：不写 /长度 或 netmask 时，-net " .. addr .. " 表示一个 " .. class:gsub(" %(", "（"):gsub("%)", "）") ..
        " 类网络；请写出前缀：" .. fixed))
    end
  end
  if ip2int(addr) & ~len2mask(len) & 0xffffffff ~= 0 then
    local net_ = int2ip(ip2int(addr) & len2mask(len)) .. "/" .. len
    commands.fail(3, "route: netmask doesn't match route address", L("hint: the host bits of " .. addr .. " must be zero for /" ..
      len .. ", e.g. " .. net_, "提示：/" .. len .. " 时 " .. addr .. " 的主机位必须是 0，例如 " .. net_))
  end
  spec.dst = addr .. "/" .. len
  return spec
end

local ERR_HINTS = function() return {
  [19] = L("hint: no such interface here: 'ip link' lists this namespace's devices", "提示：这里没有这个接口：'ip link' 列出这个命名空间的设备"),
  [101] = L("hint: the gateway must be on a directly connected subnet (give it an address with 'ip addr add' first)", "提示：网关必须在直连的子网上（先用 'ip addr add' 给设备一个那个子网的地址）"),
  [17] = L("hint: that route exists already: 'route -n' shows it; 'route del' removes it", "提示：这条路由已经存在：'route -n' 显示它；'route del' 删除它"),
  [3] = L("hint: no such route: 'route -n' shows the table", "提示：没有这条路由：'route -n' 显示路由表"),
} end

local function change(ctx, verb, args)
  local spec = M.parse_change(args)
  if verb == "add" and not spec.dev and not spec.via then
    commands.fail(7, "SIOCADDRT: No such device",
      L("hint: say where the route goes: add 'dev DEV' or 'gw ADDRESS'", "提示：说明路由往哪里走：加上 'dev 设备' 或 'gw 地址'"))
  end
  local ok, msg, errno
  if verb == "add" then
    spec.exclusive = false      -- SIOCADDRT: beside the kernel's own route, as route(8) does
    ok, msg, errno = net.route_add(ctx.ns, spec)
  else
    ok, msg, errno = net.route_del(ctx.ns, spec)
  end
  if not ok then
    commands.fail(7, (verb == "add" and "SIOCADDRT: " or "SIOCDELRT: ") .. tostring(errno and net.strerror(errno) or msg),
      ERR_HINTS()[errno] or (L("hint: ", "提示：") .. tostring(msg)))
  end
  return 0
end

function M.run(args, ctx)
  local numeric, i = false, 1
  while args[i] and args[i]:sub(1, 1) == "-" and args[i] ~= "-net" and args[i] ~= "-host" do
    local a = args[i]
    if a == "-n" or a == "--numeric" then numeric = true
    elseif a == "-e" or a == "-ee" or a == "-v" or a == "-F" or a == "-4" or a == "--inet" or a == "-A" then
      if a == "-A" then i = i + 1 end
    elseif a == "-nee" or a == "-ne" or a == "-en" or a == "-nv" then numeric = true
    elseif a == "-h" or a == "--help" then
      ctx:outln(require("netlearn.help_zh").text("route", { help = M.help }))
      return 0
    elseif a == "-C" then
      commands.fail(1, "route: the routing cache (-C) is gone from Linux since 3.6",
        L("hint: 'route -n' shows the table; 'ip route get ADDR' shows the choice for one address", "提示：'route -n' 显示路由表；'ip route get 地址' 显示一个地址会选哪条路由"))
    elseif a == "-6" then
      commands.fail(1, "route: netlearn's route shows IPv4 only",
        L("hint: 'ip -6 route' shows IPv6 routes", "提示：'ip -6 route' 显示 IPv6 路由"))
    else
      -- net-tools prints its usage and exits 0 here
      commands.fail(0, "route: invalid option -- '" .. a:sub(2, 2) .. "'",
        L("hint: route -n | route add -net NET/LEN dev DEV | route add default gw ADDR", "提示：用法：route -n | route add -net 网段/长度 dev 设备 | route add default gw 地址"))
    end
    i = i + 1
  end
  local verb = args[i]
  if verb == nil then
    return M.show(ctx, numeric)
  end
  if verb == "add" or verb == "del" then
    return change(ctx, verb, { table.unpack(args, i + 1) })
  end
  if verb == "flush" then
    commands.fail(3, "Flushing `inet' routing table not supported",
      L("hint: 'ip route flush dev DEV' or 'route del ...' for each route", "提示：用 'ip route flush dev 设备'，或对每条路由 'route del ...'"))
  end
  commands.fail(1, "route: unknown command '" .. verb .. "'",
    L("hint: route -n | route add ... | route del ...", "提示：用法：route -n | route add ... | route del ..."))
end

M.help = [[
route [-n]                                     the main routing table, net-tools style
route add -net NET/LEN [gw GW] [metric M] [dev] DEV
route add -net NET netmask MASK [gw GW] [dev DEV]
route add -host ADDR [gw GW] [dev] DEV
route add default gw GW [dev DEV]
route del ...                                  the same words remove a route
Examples:
  route -n
  route add -net 172.168.1.0/24 dev br0
  route add -net 10.1.8.0 netmask 255.255.255.0 gw 1.1.1.2
  route add default gw 172.168.1.1
Without -n the default route shows as 'default'; netlearn never looks names up.]]

commands.register("route", {
  summary = "show or change the routing table the net-tools way: route -n",
  help = M.help,
  run = M.run,
  -- route -n looks; route add/del changes (commands.looks)
  looks = function(args)
    for _, a in ipairs(args) do if a == "add" or a == "del" or a == "delete" then return false end end
    return true
  end,
})

return M
