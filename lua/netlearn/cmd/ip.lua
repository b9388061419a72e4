--[[ netlearn.cmd.ip -- the `ip` command (iproute2) on top of netlearn's primitives.

Accepts the command lines the articles type -- `ip netns add net1`,
`ip link add veth0 type veth peer name veth1`, `ip l s br-int0 master br0`,
`ip a a 10.1.5.10/24 dev int0`, `ip r a default via 10.1.5.1`,
`ip netns exec net1 ip addr`, `ip -n net1 -j route` -- resolves
abbreviations the way iproute2 does (first prefix match in iproute2's own
table order), checks the whole line before changing anything, acts through
`net.*` (netlink in C, never the real `ip`), and prints what iproute2 prints.
Errors are iproute2's words plus one line of plain-language hint.

  require("netlearn.cmd.ip")            -- registers `ip`
  commands.execute("ip -br addr")
]]
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local json = require("netlearn.json")
local fmt = require("netlearn.iproute_fmt")
local v4 = require("netlearn.ipv4")
local inet = require("netlearn.inet")

local IP = {}

---------------------------------------------------------------------------
-- Failing: raise {code, msg, hint}; the top level prints two lines.
---------------------------------------------------------------------------
local Fail = {}
Fail.__index = Fail

-- en or zh, in the learner's language: hints are worded when they are raised
local i18n = require("netlearn.i18n")
local function L(en, zh) return i18n.lang == "zh" and zh or en end

local function fail(code, msg, hint)
  error(setmetatable({ code = code, msg = msg, hint = hint }, Fail), 0)
end
IP.fail = fail

local function garbage(key, word, hint)
  fail(255, string.format('Error: either "%s" is duplicate, or "%s" is a garbage.', key, word),
    hint or L("'" .. word .. "' is not understood here; 'help ip' lists the syntax",
      "这里不认识 '" .. word .. "'；'help ip' 列出语法"))
end

local function invarg(what, word, hint)
  fail(255, string.format('Error: argument "%s" is wrong: %s', word, what), hint)
end

local function unsupported(word, where, supported)
  fail(255, string.format('netlearn: "%s" is not supported in "%s"', word, where),
    L("netlearn understands: " .. supported .. " (a real ip runs with '!ip ...')",
      "netlearn 认识：" .. supported .. "（真实的 ip 用 '!ip ...' 运行）"))
end

-- Errors coming back from a primitive: the kernel's extended-ACK text the way
-- iproute2 prints it ("Error: ..."), else "RTNETLINK answers: <strerror>".
local EXTACK = {
  "Nexthop has invalid gateway", "Address already assigned", "Address not found",
  "mtu greater than device maximum", "mtu less than device minimum", "Unknown device type",
  "Attribute failed policy validation", "Invalid prefix for given prefix length",
  "Gateway can not be a local address", "Nexthop device is not up", "Invalid gateway address",
  "Device does not exist", "Invalid table id", "Unknown routing table", "Device only has inet6 addresses",
  "Invalid scope", "Route with host scope can not have a gateway", "Invalid source address",
  "address already assigned", "address not found",    -- IPv6's words (ipv6: ...)
}

local function kernel_words(msg, errno)
  msg = tostring(msg or "")
  local mtu, lo, hi = msg:match("mtu (%d+) out of range (%d+)%-(%d+)")
  if mtu then
    if tonumber(mtu) > tonumber(hi) then return "Error: mtu greater than device maximum." end
    return "Error: mtu less than device minimum."
  end
  for _, e in ipairs(EXTACK) do
    local s, _, pre = msg:find("(%a*%d?:? ?)" .. e:gsub("%p", "%%%0"))
    if s then
      if pre ~= "ipv4: " and pre ~= "ipv6: " then pre = "" end
      return "Error: " .. pre .. e .. "."
    end
  end
  if errno and errno ~= 0 then return "RTNETLINK answers: " .. net.strerror(errno) end
  return "Error: " .. msg
end
IP.kernel_words = kernel_words

-- netlearn's own words from a primitive (C), said in Chinese under --lang zh
local KMSG_ZH = {
  { "^(%S+): a passthru macvlan must be its parent's only macvlan %((%S+) is already on it%)$",
    "%1：passthru 模式的 macvlan 必须是父设备唯一的 macvlan（%2 已经在它上面了）" },
}
local function kmsg(msg)
  msg = tostring(msg)
  if i18n.lang == "zh" then
    for _, p in ipairs(KMSG_ZH) do
      local s, n = msg:gsub(p[1], p[2])
      if n > 0 then return s end
    end
  end
  return msg
end

local function kfail(msg, errno, hint)
  local said = kmsg(msg)
  fail(2, kernel_words(msg, errno), hint or ("netlearn" .. (said ~= tostring(msg) and "：" or ": ") .. said))
end

---------------------------------------------------------------------------
-- Small parsers
---------------------------------------------------------------------------
local function ipv4(s)
  if type(s) ~= "string" then return nil end
  return v4.to_int(s)
end
IP.ipv4 = ipv4

-- "a.b.c.d[/len]" -> addr, len (len nil when absent)
local function prefix(s)
  if type(s) ~= "string" then return nil end
  local a, l = s:match("^([%d%.]+)/(%d+)$")
  if not a then a = s end
  if not ipv4(a) then return nil end
  if l then
    l = tonumber(l)
    if l > 32 then return nil end
  end
  return a, l
end
IP.prefix = prefix

local FAM_HINTS = {
  en = {
    inet = "write an IPv4 address such as 10.1.5.1 (four numbers 0-255)",
    inet6 = "write an IPv6 address such as 2001:db8::1 (hex groups split by ':', '::' once for a run of zeros)",
  },
  zh = {
    inet = "写一个 IPv4 地址，例如 10.1.5.1（四个 0-255 的数）",
    inet6 = "写一个 IPv6 地址，例如 2001:db8::1（十六进制分组用 ':' 隔开，一串 0 可以用一次 '::'）",
  },
}
local PFX_HINTS = {
  en = {
    inet = "write an IPv4 address with its prefix length, e.g. 192.167.2.1/24",
    inet6 = "write an IPv6 address with its prefix length (0-128), e.g. 2001:db8::1/64",
    any = "write an address with its prefix length: IPv4 192.167.2.1/24 (0-32) or IPv6 2001:db8::1/64 (0-128)",
  },
  zh = {
    inet = "写一个带前缀长度的 IPv4 地址，例如 192.167.2.1/24",
    inet6 = "写一个带前缀长度（0-128）的 IPv6 地址，例如 2001:db8::1/64",
    any = "写一个带前缀长度的地址：IPv4 192.167.2.1/24（0-32）或 IPv6 2001:db8::1/64（0-128）",
  },
}
-- the hint tables in the current language
local FAM_HINT = setmetatable({}, { __index = function(_, k) return i18n.message(FAM_HINTS, i18n.lang, k) end })
local PFX_HINT = setmetatable({}, { __index = function(_, k) return i18n.message(PFX_HINTS, i18n.lang, k) end })

-- ADDR[/LEN] read as iproute2 reads it (netlearn.inet); family nil = either.
-- -> addr, len (default_len when none was written), family
local function need_prefix(s, default_len, family)
  local f, a, l = inet.prefix(s, family)
  if not f then
    local guess = family or (type(s) == "string" and s:find(":", 1, true) and "inet6")
    fail(1, a, (family and inet.family_of(s) ~= family)
      and (L("this is an " .. (family == "inet6" and "IPv6" or "IPv4") .. " command (-" .. (family == "inet6" and "6" or "4")
        .. "): ", "这是一条 " .. (family == "inet6" and "IPv6" or "IPv4") .. " 命令（-" .. (family == "inet6" and "6" or "4")
        .. "）：") .. PFX_HINT[family])
      or PFX_HINT[guess or "any"])
  end
  return a, l or (default_len == "full" and inet.BITS[f]) or default_len, f
end

-- one address; `what` replaces iproute2's "<family> address" for the IPv4-only words (brd)
local function need_addr(s, what, family)
  if what then
    if not ipv4(s) then
      fail(1, string.format('Error: %s is expected rather than "%s"', what, tostring(s)), FAM_HINT.inet)
    end
    return s, "inet"
  end
  local f, a = inet.addr(s, family)
  if not f then fail(1, a, FAM_HINT[family or inet.family_of(s) or "inet"]) end
  return a, f
end

local function is_mac(s)
  return type(s) == "string" and s:match("^%x%x:%x%x:%x%x:%x%x:%x%x:%x%x$") ~= nil
end

local function valid_ifname(s)
  return type(s) == "string" and #s > 0 and #s <= 15 and not s:find("[/%s:]") and s ~= "." and s ~= ".."
end

local function need_uint(word, what, hint)
  local n = type(word) == "string" and word:match("^%d+$") and math.tointeger(tonumber(word))
  if not n or n >= 2 ^ 32 then invarg(what, tostring(word), hint) end
  return n
end

-- argument cursor
local Args = {}
Args.__index = Args
local function args_of(t, i) return setmetatable({ t = t, i = i or 1 }, Args) end
function Args:peek() return self.t[self.i] end
function Args:next() local w = self.t[self.i]; self.i = self.i + 1; return w end
function Args:more() return self.t[self.i] ~= nil end
-- the argument after a keyword; iproute2 says "Command line is not complete."
function Args:need(kw)
  local w = self:next()
  if w == nil then
    fail(255, "Command line is not complete. Try option \"help\"",
      L("'" .. kw .. "' needs a value after it", "'" .. kw .. "' 后面要跟一个值"))
  end
  return w
end

-- iproute2's matches(): word is a prefix of the keyword
local function is(word, kw) return word ~= nil and #word > 0 and kw:sub(1, #word) == word end

---------------------------------------------------------------------------
-- Namespaces and devices
---------------------------------------------------------------------------
local function all_ns()
  local t = { "" }
  for _, n in ipairs(net.ns_list() or {}) do t[#t + 1] = n end
  return t
end

local function ns_label(ns)
  if i18n.lang == "zh" then return ns == "" and "主机命名空间" or ("命名空间 " .. ns) end
  return ns == "" and "the host namespace" or ("namespace " .. ns)
end

local function links_of(ns)
  local l, e, errno = net.link_list(ns)
  if not l then kfail(e, errno) end
  return l
end

local function find_link(links, name)
  for _, l in ipairs(links) do if l.name == name then return l end end
  return nil
end

-- One device by name, asked of the kernel alone (no listing of the namespace,
-- no search for a veth peer's namespace): commands stay O(1) in a big lab.
local function get_link(ns, name)
  if not valid_ifname(name) then return nil end
  local l, e, errno = net.link_get(ns, name, { peer = false })
  if l then return l end
  if errno == 19 then return nil end        -- ENODEV
  kfail(e, errno)
end

-- where else a device of that name lives, for hints
local function elsewhere(ns, name)
  for _, other in ipairs(all_ns()) do
    if other ~= ns then
      local ok, ls = pcall(net.link_list, other)
      if ok and ls and find_link(ls, name) then return other end
    end
  end
  return nil
end

local function dev_hint(ns, name)
  local other = elsewhere(ns, name)
  if other == "" then
    return string.format(L("%s is in the host namespace, not in %s; run the command without 'ip netns exec'/'-n'",
      "%s 在主机命名空间里，不在%s里；去掉 'ip netns exec'/'-n' 再运行这条命令"), name, ns_label(ns))
  elseif other then
    return string.format(L("%s is in namespace %s; use 'ip -n %s ...' or 'ip netns exec %s ip ...'",
      "%s 在命名空间 %s 里；用 'ip -n %s ...' 或 'ip netns exec %s ip ...'"), name, other, other, other)
  end
  if ns == "" and (name:match("^eth%d+$") or name:match("^en[ops]")) then
    -- the articles' physical NIC: the sandbox starts with lo only
    return string.format(L("the lab has no physical NIC %s (a sandbox starts with lo only); make a stand-in first:"
      .. " ip link add %s type veth peer name %s-peer", "实验环境里没有物理网卡 %s（沙箱一开始只有 lo）；先造一个替身："
      .. "ip link add %s type veth peer name %s-peer"), name, name, name)
  end
  local list = ns == "" and "ip link" or ("ip -n " .. ns .. " link")
  if i18n.lang == "zh" then return string.format("%s里没有设备 %s；'%s' 列出设备", ns_label(ns), name, list) end
  return string.format("there is no device %s in %s; '%s' lists the devices", name, ns_label(ns), list)
end

local function need_dev(ns, name, links)
  local l
  if links then l = find_link(links, name) else l = get_link(ns, name) end
  if not l then fail(1, string.format('Cannot find device "%s"', name), dev_hint(ns, name)) end
  return l
end

local function need_ns(name, how)
  if not name or not net.ns_exists(name) or name == "" then
    if how == "netns" then
      invarg('Invalid "netns" value', tostring(name),
        L("no namespace " .. tostring(name) .. " yet; create it with 'ip netns add " .. tostring(name) .. "'",
          "还没有命名空间 " .. tostring(name) .. "；用 'ip netns add " .. tostring(name) .. "' 创建它"))
    end
    fail(255, string.format('Cannot open network namespace "%s": No such file or directory', tostring(name)),
      L("create it first with 'ip netns add " .. tostring(name) .. "'; 'ip netns list' shows the namespaces",
        "先用 'ip netns add " .. tostring(name) .. "' 创建它；'ip netns list' 列出命名空间"))
  end
  return name
end

-- link-netns NAME: which named namespace holds the other end of a device
-- (the peer of a veth, the parent of a macvlan); nil for the host or unknown.
local function nsname_finder(ns)
  local cache = {}
  local function links(other)
    if cache[other] == nil then
      local ok, ls = pcall(net.link_list, other)
      cache[other] = (ok and ls) or false
    end
    return cache[other] or {}
  end
  return function(l)
    -- the kernel's own nsid -> name answer (net.link_list asks it) is exact;
    -- matching ifindexes is only a fallback, ambiguous once two pairs collide
    if l.peer_ns and l.peer_ns ~= "" then return l.peer_ns end
    if not l.link_index then return nil end
    local found, count = nil, 0
    for _, other in ipairs(all_ns()) do
      if other ~= ns then
        for _, pl in ipairs(links(other)) do
          if pl.ifindex == l.link_index and (l.type ~= "veth" or pl.link_index == l.ifindex) then
            found, count = other, count + 1
          end
        end
      end
    end
    if count == 1 and found ~= "" then return found end
    return nil
  end
end

---------------------------------------------------------------------------
-- Printing helpers
---------------------------------------------------------------------------
local function emit_json(ctx, v)
  ctx:outln(json.encode(json.array(v)))
end

---------------------------------------------------------------------------
-- ip link
---------------------------------------------------------------------------
local LINK_TYPES = { veth = true, bridge = true, macvlan = true, ipvlan = true, vxlan = true,
  ipip = true, dummy = true }

-- iproute2's iplink_parse for the words before `type`; used for the device
-- itself and for a veth's `peer ...`.
local function parse_link_common(a, o, where, allow_type)
  while a:more() do
    local w = a:next()
    if w == "up" then o.up = true
    elseif w == "down" then o.up = false
    elseif w == "name" then
      o.name = a:need(w)
      if not valid_ifname(o.name) then invarg('"name" not a valid ifname', o.name, L("device names are 1-15 bytes, no '/', ':' or spaces", "设备名是 1-15 个字节，不能有 '/'、':' 或空格")) end
    elseif w == "link" then
      o.link = a:need(w)
    elseif w == "address" then
      local m = a:need(w)
      if not is_mac(m) then fail(1, string.format('"%s" is invalid lladdr.', m), "a MAC address looks like 02:42:ac:11:00:02") end
      o.address = m:lower()
    elseif w == "mtu" then
      local v = a:need(w)
      o.mtu = need_uint(v, 'Invalid "mtu" value', L("mtu takes a number of bytes, e.g. 1500", "mtu 后面是字节数，例如 1500"))
    elseif w == "netns" then
      o.netns = need_ns(a:need(w), "netns")
    elseif w == "master" then
      o.master = a:need(w)
    elseif w == "nomaster" then
      o.master = false
    elseif w == "type" and allow_type then
      o.type = a:need(w)
      return
    elseif w == "txqueuelen" or w == "qlen" or w == "txqlen" or w == "arp" or w == "multicast"
      or w == "promisc" or w == "allmulticast" or w == "alias" or w == "group" or w == "mode" then
      unsupported(w, where, "up, down, name, address, mtu, netns, master, nomaster" ..
        (allow_type and ", link, type" or ""))
    else
      if w == "dev" then w = a:need(w) end
      if o.dev then garbage("dev", w) end
      if not valid_ifname(w) then
        if #w > 15 then
          fail(2, "Error: Attribute failed policy validation.", L("device names are at most 15 bytes; '" .. w .. "' has " .. #w, "设备名最多 15 个字节；'" .. w .. "' 有 " .. #w .. " 个"))
        end
        invarg('"dev" not a valid ifname', w, L("device names are 1-15 bytes, no '/', ':' or spaces", "设备名是 1-15 个字节，不能有 '/'、':' 或空格"))
      end
      o.dev = w
    end
  end
end

local function parse_type_args(a, spec, ns)
  local t = spec.type
  if t == "veth" then
    if a:more() then
      local w = a:next()
      if w ~= "peer" then garbage("type", w, L("veth takes 'peer name NAME [netns NS]'", "veth 后面是 'peer name 名字 [netns 命名空间]'")) end
      local p = {}
      parse_link_common(a, p, "ip link add ... peer", false)
      spec.peer = p.name or p.dev
      spec.peer_ns = p.netns
      spec.peer_address = p.address
      if p.up ~= nil or p.mtu or p.master ~= nil or p.link then
        unsupported("up/mtu/master/link", "peer", "name NAME, netns NS, address MAC")
      end
    end
  elseif t == "macvlan" or t == "ipvlan" then
    while a:more() do
      local w = a:next()
      if w == "mode" then
        local m = a:need(w)
        if t == "macvlan" then
          if m ~= "private" and m ~= "vepa" and m ~= "bridge" and m ~= "passthru" then
            fail(1, string.format('Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "%s"', m),
              L("macvlan modes: private (isolated), vepa (via the outside switch), bridge (siblings talk), passthru (one child)",
              "macvlan 的模式：private（相互隔离）、vepa（经外部交换机）、bridge（兄弟之间直接通）、passthru（只有一个子设备）"))
          end
        else
          if m ~= "l2" and m ~= "l3" and m ~= "l3s" then
            fail(255, string.format('Error: argument of "mode" must be either "l2", "l3" or "l3s"', m),
              L("ipvlan modes: l2, l3 (the articles use l3) or l3s", "ipvlan 的模式：l2、l3（文章用的是 l3）或 l3s"))
          end
        end
        spec.mode = m
      elseif t == "ipvlan" and (w == "bridge" or w == "private" or w == "vepa") then
        spec.ipvlan_flag = w
      else
        fail(255, string.format('Error: %s: unknown option "%s"?', t, w), t .. " takes 'mode MODE'")
      end
    end
  elseif t == "vxlan" then
    while a:more() do
      local w = a:next()
      if w == "id" or w == "vni" then spec.id = need_uint(a:need(w), 'invalid id', L("the VXLAN id (VNI) is a number, e.g. 42", "VXLAN id（VNI）是一个数，例如 42"))
      elseif w == "remote" then spec.remote = need_addr(a:need(w), nil, "inet")
      elseif w == "local" then spec["local"] = need_addr(a:need(w), nil, "inet")
      elseif w == "group" then spec.group = need_addr(a:need(w), nil, "inet")
      elseif w == "dev" then spec.link = a:need(w)
      elseif w == "dstport" then spec.dstport = need_uint(a:need(w), 'dstport', L("a UDP port, e.g. 4789", "一个 UDP 端口，例如 4789"))
      elseif w == "ttl" or w == "hoplimit" then
        local v = a:need(w)
        if v ~= "inherit" and v ~= "auto" then spec.ttl = need_uint(v, 'invalid TTL', L("a TTL 1-255", "一个 1-255 的 TTL")) end
      else
        unsupported(w, "ip link add ... type vxlan", "id, remote, local, group, dev, dstport, ttl")
      end
    end
    if not spec.id then fail(1, "vxlan: missing virtual network identifier", L("add 'id N' (the VNI), e.g. 'id 42'", "加上 'id N'（VNI），例如 'id 42'")) end
  elseif t == "ipip" then
    while a:more() do
      local w = a:next()
      if w == "remote" then local v = a:need(w); if v ~= "any" then spec.remote = need_addr(v, "an IP address") end
      elseif w == "local" then local v = a:need(w); if v ~= "any" then spec["local"] = need_addr(v, "an IP address") end
      elseif w == "ttl" or w == "hoplimit" then
        local v = a:need(w)
        if v ~= "inherit" then spec.ttl = need_uint(v, 'invalid TTL', L("a TTL 1-255 or 'inherit'", "一个 1-255 的 TTL 或 'inherit'")) end
      elseif w == "dev" then spec.link = a:need(w)
      else unsupported(w, "ip link add ... type ipip", "remote, local, ttl, dev") end
    end
  elseif t == "bridge" then
    while a:more() do
      local w = a:next()
      if w == "stp_state" then spec.stp = need_uint(a:need(w), "stp_state", L("0 or 1", "0 或 1")) ~= 0
      else unsupported(w, "ip link add ... type bridge", "stp_state 0|1") end
    end
  elseif a:more() then
    unsupported(a:peek(), "ip link add ... type " .. t, L("no options", "没有选项"))
  end
end

local function next_free(links, base, taken)
  for i = 0, 4096 do
    local n = base .. i
    if not find_link(links, n) and not (taken and taken[n]) then return n end
  end
end


-- The kernel has no ipip: say plainly that netlearn's user-space tunnel stands in.
local function userspace_note(ctx, name, how)
  if how == "userspace" and ctx then
    if require("netlearn.i18n").lang == "zh" then
      ctx:errln("netlearn：这个内核没有 ipip（CONFIG_NET_IPIP）；", name,
        " 是 netlearn 在用户态实现的 ipip 隧道，代替内核的 ipip：线上跑的是同样的协议号 4 的包")
    else
      ctx:errln("netlearn: this kernel has no ipip (CONFIG_NET_IPIP); ", name,
        " is netlearn's user-space ipip tunnel standing in for it: the same protocol-4 packets on the wire")
    end
  end
end

local function link_add(ns, a, ctx)
  local o = {}
  parse_link_common(a, o, "ip link add", true)
  if not o.type then
    fail(1, 'Not enough information: "type" argument is required',
      L("say what to create, e.g. 'ip link add veth0 type veth peer name veth1' or 'ip link add br0 type bridge'",
        "说明要创建什么，例如 'ip link add veth0 type veth peer name veth1' 或 'ip link add br0 type bridge'"))
  end
  if not LINK_TYPES[o.type] then
    fail(2, "Error: Unknown device type.",
      L("netlearn creates veth, bridge, macvlan, ipvlan, vxlan, ipip and dummy devices",
        "netlearn 能创建 veth、bridge、macvlan、ipvlan、vxlan、ipip 和 dummy 设备"))
  end
  local spec = { type = o.type, name = o.name or o.dev, mtu = o.mtu, address = o.address, up = o.up }
  if o.master ~= nil then
    unsupported("master", "ip link add", L("create first, then 'ip link set DEV master BR'", "先创建，再 'ip link set 设备 master 网桥'"))
  end
  -- `netns NS`: the device is made directly in NS (IFLA_NET_NS_FD), like
  -- iproute2; a veth's peer without its own `netns` stays where the command runs
  local home = o.netns or ns
  if home ~= ns then spec.netns = home end
  parse_type_args(a, spec, ns)
  -- list the namespace only to invent a free name; otherwise ask for names
  local links = (not spec.name or (o.type == "veth" and not spec.peer and (spec.peer_ns or ns) == home))
    and links_of(home) or nil
  local function exists(where, name)
    if links and where == home then return find_link(links, name) end
    return get_link(where, name)
  end
  if o.link then
    spec.link = o.link
  end
  if spec.link then need_dev(ns, spec.link, links) end
  if (o.type == "macvlan" or o.type == "ipvlan") and not spec.link then
    fail(2, "Error: " .. o.type .. " needs a parent device.", L("add 'link PARENT', e.g. 'ip link add mac1 link eth0 type macvlan mode bridge'",
      "加上 'link 父设备'，例如 'ip link add mac1 link eth0 type macvlan mode bridge'"))
  end
  if not spec.name then
    spec.name = next_free(links, o.type == "veth" and "veth" or o.type)
  end
  if exists(home, spec.name) then
    fail(2, "RTNETLINK answers: File exists",
      L("a device named " .. spec.name .. " exists already in " .. ns_label(home) .. "; pick another name or '"
        .. (home == "" and "ip" or ("ip -n " .. home)) .. " link del " .. spec.name .. "'",
        ns_label(home) .. "里已经有一个叫 " .. spec.name .. " 的设备；换个名字，或者先 '"
        .. (home == "" and "ip" or ("ip -n " .. home)) .. " link del " .. spec.name .. "'"))
  end
  if o.type == "veth" then
    local pns = spec.peer_ns or ns
    if not spec.peer then
      spec.peer = next_free(pns == home and links or links_of(pns), "veth", { [spec.name] = true })
    end
    if spec.peer == spec.name and pns == home then
      fail(2, "RTNETLINK answers: File exists", L("the two ends of a veth pair need different names", "veth 对的两端要用不同的名字"))
    end
    if exists(pns, spec.peer) then
      fail(2, "RTNETLINK answers: File exists",
        L("a device named " .. spec.peer .. " exists already in " .. ns_label(pns) .. "; pick another peer name",
          ns_label(pns) .. "里已经有一个叫 " .. spec.peer .. " 的设备；给对端换个名字"))
    end
    if spec.peer_ns == ns then spec.peer_ns = nil end
  end
  local peer_address = spec.peer_address
  spec.peer_address = nil
  spec.ipvlan_flag = nil
  local ok, e, errno = net.link_add(ns, spec)
  if not ok then
    if errno == 95 then fail(2, "Error: Unknown device type.", e) end
    kfail(e, errno)
  end
  userspace_note(ctx, spec.name, e)
  if peer_address then
    net.link_set(spec.peer_ns or ns, spec.peer, { address = peer_address })
  end
  return 0
end

local function link_set(ns, a)
  local o = {}
  parse_link_common(a, o, "ip link set", true)
  -- `type macvlan mode M` (or ipvlan): the kind's own settings, changed in place
  local spec
  if o.type then
    if o.type ~= "macvlan" and o.type ~= "ipvlan" then
      unsupported("type " .. o.type, "ip link set", "type macvlan mode MODE, type ipvlan mode MODE")
    end
    spec = { type = o.type }
    parse_type_args(a, spec, ns)
    if not spec.mode then spec = nil end      -- `type macvlan` alone changes nothing, as in iproute2
  end
  if not o.dev then
    if o.name and o.up == nil and not o.mtu and not o.netns then
      fail(255, 'Not enough information: "dev" argument is required.', L("say which device: 'ip link set DEV name NEWNAME'", "说明是哪个设备：'ip link set 设备 name 新名字'"))
    end
    fail(255, 'Not enough information: "dev" argument is required.', L("say which device, e.g. 'ip link set veth0 up'", "说明是哪个设备，例如 'ip link set veth0 up'"))
  end
  local cur = need_dev(ns, o.dev)
  if o.link then unsupported("link", "ip link set", "up, down, name, address, mtu, netns, master, nomaster") end
  if spec and cur.type ~= spec.type then
    fail(2, "RTNETLINK answers: Operation not supported",
      L(o.dev .. " is " .. (cur.type and ("a " .. cur.type) or "no " .. spec.type) .. ", not a " .. spec.type
        .. "; only a " .. spec.type .. "'s mode changes in place ('ip -d link show " .. o.dev .. "' shows its kind)",
        o.dev .. " 是 " .. (cur.type or "?") .. "，不是 " .. spec.type .. "；只有 " .. spec.type ..
        " 的模式能直接修改（'ip -d link show " .. o.dev .. "' 显示它的类型）"))
  end
  if o.master then
    local m = get_link(ns, o.master)
    if not m then invarg("Device does not exist", o.master, dev_hint(ns, o.master)) end
  end
  if o.name and o.name ~= o.dev and get_link(ns, o.name) then
    fail(2, "RTNETLINK answers: File exists", L("a device named " .. o.name .. " exists already", "已经有一个叫 " .. o.name .. " 的设备"))
  end
  if o.netns then
    if o.netns ~= ns and get_link(o.netns, o.name or o.dev) then
      fail(2, "RTNETLINK answers: File exists",
        L("namespace " .. o.netns .. " already has a device named " .. (o.name or o.dev) .. "; rename it first ('ip link set " .. o.dev .. " name NEW')",
          "命名空间 " .. o.netns .. " 里已经有一个叫 " .. (o.name or o.dev) .. " 的设备；先改名（'ip link set " .. o.dev .. " name 新名字'）"))
    end
  end
  local ch = { up = o.up, mtu = o.mtu, address = o.address, name = o.name, master = o.master }
  if spec then ch.type, ch.mode = spec.type, spec.mode end
  if o.netns and o.netns ~= ns then ch.netns = o.netns end
  if next(ch) == nil then return 0 end
  local ok, e, errno = net.link_set(ns, o.dev, ch)
  if not ok then kfail(e, errno) end
  return 0
end

local function link_del(ns, a)
  local dev
  while a:more() do
    local w = a:next()
    if w == "dev" then w = a:need(w) end
    if w == "type" then a:need(w)
    elseif dev then garbage("dev", w)
    else dev = w end
  end
  if not dev then
    fail(255, 'Not enough information: "dev" argument is required.', L("say which device: 'ip link del veth0'", "说明是哪个设备：'ip link del veth0'"))
  end
  need_dev(ns, dev)
  local ok, e, errno = net.link_del(ns, dev)
  if not ok then kfail(e, errno) end
  return 0
end

-- filters shared by `ip link show` and `ip addr show`
local function parse_show(a, what)
  local f = {}
  while a:more() do
    local w = a:next()
    if w == "up" then f.up = true
    elseif w == "type" then f.type = a:need(w)
    elseif w == "master" then f.master = a:need(w)
    elseif w == "scope" and what == "address" then f.scope = a:need(w)
    elseif w == "label" and what == "address" then f.label = a:need(w)
    elseif w == "to" and what == "address" then f.to = a:need(w)
    elseif w == "permanent" or w == "dynamic" or w == "primary" or w == "secondary" then -- accepted, no filter
    else
      if w == "dev" then w = a:need(w) end
      if f.dev then garbage("dev", w) end
      f.dev = w
    end
  end
  return f
end

local function filtered_links(ns, f)
  local links = links_of(ns)
  if f.dev and not find_link(links, f.dev) then
    fail(1, string.format('Device "%s" does not exist.', f.dev), dev_hint(ns, f.dev))
  end
  local out = {}
  for _, l in ipairs(links) do
    local keep = true
    if f.dev and l.name ~= f.dev then keep = false end
    if f.up and not l.up then keep = false end
    if f.type and l.type ~= f.type then keep = false end
    if f.master and l.master ~= f.master then keep = false end
    if keep then out[#out + 1] = l end
  end
  return out, links
end

local function link_show(ns, a, o, ctx)
  local f = parse_show(a, "link")
  local sel, links = filtered_links(ns, f)
  local nsname = nsname_finder(ns)
  if o.json then
    local t = {}
    for _, l in ipairs(sel) do t[#t + 1] = fmt.link_json(l, { links = links, details = o.details, nsname = nsname, stats = o.stats }) end
    emit_json(ctx, t)
    return 0
  end
  for _, l in ipairs(sel) do
    if o.brief then ctx:outln(fmt.link_brief(l, links))
    else ctx:outln(fmt.link_text(l, { links = links, details = o.details, nsname = nsname, stats = o.stats })) end
  end
  return 0
end

---------------------------------------------------------------------------
-- ip address
---------------------------------------------------------------------------
local function parse_addr_mod(ns, a, del, family)
  local o = {}
  while a:more() do
    local w = a:next()
    if w == "dev" then o.dev = a:need(w)
    elseif is(w, "broadcast") or w == "brd" then o.brd = a:need(w)
    elseif w == "label" then o.label = a:need(w)
    elseif w == "scope" then
      o.scope = a:need(w)
      if not fmt.SCOPE_IDS[o.scope] then invarg('invalid scope value.', o.scope, L("scope is global, link or host", "scope 是 global、link 或 host")) end
    elseif w == "nodad" or w == "noprefixroute" then o[w] = true
    elseif w == "peer" or w == "remote" or w == "anycast" or w == "valid_lft" or w == "preferred_lft"
      or w == "home" then
      unsupported(w, "ip address " .. (del and "del" or "add"), "PREFIX dev DEV [brd ADDR|+] [label L] [scope S] [nodad] [noprefixroute]")
    else
      if w == "local" then w = a:need(w) end
      if o.addr then garbage("local", w) end
      o.addr, o.len, o.family = need_prefix(w, nil, family)
      o.word = w
    end
  end
  if not o.dev then
    fail(1, 'Not enough information: "dev" argument is required.', L("say which device: 'ip addr add 10.1.5.1/24 dev br0'", "说明是哪个设备：'ip addr add 10.1.5.1/24 dev br0'"))
  end
  if not o.addr then
    fail(2, "RTNETLINK answers: Operation not supported", L("give the address to " .. (del and "delete" or "add") .. ", e.g. 'ip addr add 10.1.5.1/24 dev " .. o.dev .. "'",
      "给出要" .. (del and "删除" or "添加") .. "的地址，例如 'ip addr add 10.1.5.1/24 dev " .. o.dev .. "'"))
  end
  return o
end

local function addr_add(ns, a, go)
  local o = parse_addr_mod(ns, a, false, go and go.family)
  need_dev(ns, o.dev)
  local len = o.len or inet.BITS[o.family]
  local opts = { label = o.label, scope = o.scope, nodad = o.nodad, noprefixroute = o.noprefixroute }
  if o.family == "inet6" and (o.brd or o.label) then
    fail(1, string.format('netlearn: "%s" is for IPv4 addresses only', o.brd and "broadcast" or "label"),
      L("an IPv6 address has no broadcast address and no label: leave them out", "IPv6 地址没有广播地址，也没有标签：去掉它们"))
  end
  if o.brd == "+" then
    local v = ipv4(o.addr)
    local mask = v4.mask(len)
    opts.broadcast = v4.to_str((v & mask) | (~mask & 0xFFFFFFFF))
  elseif o.brd and o.brd ~= "-" then
    opts.broadcast = need_addr(o.brd)
  end
  local ok, e, errno = net.addr_add(ns, o.dev, o.addr .. "/" .. len, opts)
  if not ok then
    kfail(e, errno, errno == 17 and L("the address is already on " .. o.dev .. "; 'ip addr show dev " .. o.dev .. "' lists it",
      "这个地址已经在 " .. o.dev .. " 上了；'ip addr show dev " .. o.dev .. "' 会列出它") or nil)
  end
  return 0
end

local function addr_del(ns, a, go)
  local o = parse_addr_mod(ns, a, true, go and go.family)
  need_dev(ns, o.dev)
  local len = o.len
  if not len then -- iproute2's "wildcard deletion": the address with whatever length it has
    for _, x in ipairs(net.addr_list(ns, o.dev) or {}) do
      if x.address == o.addr then len = x.prefixlen break end
    end
    len = len or inet.BITS[o.family]
  end
  local ok, e, errno = net.addr_del(ns, o.dev, o.addr .. "/" .. len)
  if not ok then
    if errno == 99 or errno == 2 or errno == 19 then
      fail(2, o.family == "inet6" and "Error: ipv6: address not found." or "Error: ipv4: Address not found.", L("'ip addr show dev " .. o.dev .. "' lists the addresses on " .. o.dev,
        "'ip addr show dev " .. o.dev .. "' 列出 " .. o.dev .. " 上的地址"))
    end
    kfail(e, errno)
  end
  return 0
end

local function addrs_by_index(ns, family)
  local list, e, errno = net.addr_list(ns)
  if not list then kfail(e, errno) end
  local by = {}
  for _, x in ipairs(list) do
    if not family or (x.family or "inet") == family then
      local k = x.ifindex
      by[k] = by[k] or {}
      table.insert(by[k], x)
    end
  end
  return by
end

local function addr_show(ns, a, o, ctx)
  local f = parse_show(a, "address")
  local sel, links = filtered_links(ns, f)
  local by = addrs_by_index(ns, o.family)
  local nsname = nsname_finder(ns)
  local function keep_addr(x)
    if f.scope and x.scope ~= f.scope then return false end
    if f.label and x.label ~= f.label then return false end
    return true
  end
  if o.json then
    local t = {}
    for _, l in ipairs(sel) do
      local ai = json.array({})
      for _, x in ipairs(by[l.ifindex] or {}) do
        if keep_addr(x) then ai[#ai + 1] = fmt.addr_json(x) end
      end
      if not (o.family and #ai == 0) then
        local lj = fmt.link_json(l, { links = links, details = o.details, nsname = nsname, addr = true })
        lj.addr_info = ai
        if o.family then lj.link_type, lj.address, lj.broadcast = nil, nil, nil end
        if o.family == "inet6" and not f.dev then lj.qdisc, lj.group = nil, nil end
        t[#t + 1] = lj
      end
    end
    emit_json(ctx, t)
    return 0
  end
  for _, l in ipairs(sel) do
    local xs = {}
    for _, x in ipairs(by[l.ifindex] or {}) do if keep_addr(x) then xs[#xs + 1] = x end end
    if o.brief then
      if not (o.family and #xs == 0) then ctx:outln(fmt.addr_brief(l, links, xs)) end
    elseif not (o.family and #xs == 0) then
      local head = fmt.link_text(l, { links = links, details = o.details, nsname = nsname, addr = true })
      if o.family then
        local l2 = head:match("\n([^\n]*)") or ""
        head = head:match("^[^\n]*") .. (l2:match("( link%-netns.*)$") or "")
        -- ip -6 addr (every device) has no qdisc and group: the kernel's IPv6 link dump lacks them
        if o.family == "inet6" and not f.dev then head = head:gsub(" qdisc %S+", "", 1):gsub(" group %S+", "", 1) end
      end
      ctx:outln(head)
      for _, x in ipairs(xs) do ctx:outln(fmt.addr_text(x)) end
    end
  end
  return 0
end

local function addr_flush(ns, a, o)
  local f = parse_show(a, "address")
  if not f.dev then
    fail(1, "Flush requires arguments.", L("say which device: 'ip addr flush dev veth0'", "说明是哪个设备：'ip addr flush dev veth0'"))
  end
  filtered_links(ns, f)
  -- like iproute2: both families unless -4/-6 says which
  local n, e, errno = net.addr_flush(ns, f.dev, { family = o.family or "all" })
  if not n then kfail(e, errno) end
  return 0
end

---------------------------------------------------------------------------
-- ip route
---------------------------------------------------------------------------
local ROUTE_TYPES = { unicast = true, ["local"] = true, broadcast = true, blackhole = true,
  unreachable = true, prohibit = true, throw = true, multicast = true, anycast = true, nat = true }

local function parse_table(w, what)
  local id = fmt.table_id(w)
  if not id then invarg(what or '"table" value is invalid', w, L("a table is main, local, default or a number 1-4294967295", "路由表是 main、local、default 或 1-4294967295 的数")) end
  return id
end

local function table_arg(id)
  if id == 254 then return "main" elseif id == 255 then return "local" end
  return id
end

-- family: -4/-6 (nil: either); as in iproute2, the first address read fixes it
-- for the words after it (ip route add 2001:db8::/64 via 10.0.0.1 is refused)
local function parse_route_mod(ns, a, cmd, family)
  local r = { family = family }
  local dst_set = false
  while a:more() do
    local w = a:next()
    if w == "via" then
      local v = a:need(w)
      if v == "inet" or v == "inet6" then
        if not r.family then r.family = v end
        v = a:need(w)
      end
      r.via, r.family = need_addr(v, nil, r.family)
    elseif w == "src" then r.src, r.family = need_addr(a:need(w), nil, r.family)
    elseif w == "dev" or w == "oif" then r.dev = a:need(w)
    elseif is(w, "metric") or is(w, "priority") or w == "preference" then
      r.metric = need_uint(a:need(w), '"metric" value is invalid', L("metric is a number; lower wins", "metric 是一个数；小的优先"))
    elseif w == "table" then r.table = table_arg(parse_table(a:need(w)))
    elseif w == "scope" then
      local s = a:need(w)
      if not fmt.SCOPE_IDS[s] then invarg('invalid "scope" value', s, L("scope is global, link or host", "scope 是 global、link 或 host")) end
      r.scope = s
    elseif w == "proto" or w == "protocol" then
      local p = a:need(w)
      if not fmt.PROTO_IDS[p] and not (p:match("^%d+$") and tonumber(p) < 256) then
        invarg('"protocol" value is invalid', p, L("protocol is static, boot, kernel, dhcp, ... or a number", "protocol 是 static、boot、kernel、dhcp……或一个数"))
      end
      r.proto = fmt.PROTO_IDS[p] and p or math.tointeger(tonumber(p))
    elseif w == "onlink" then r.onlink = true
    elseif w == "from" or w == "tos" or w == "mtu" or w == "nexthop" or w == "realm" or w == "advmss"
      or w == "encap" or w == "expires" or w == "iif" then
      unsupported(w, "ip route " .. cmd, "PREFIX|default [via GW] [dev DEV] [metric N] [table T] [src ADDR] [scope S] [proto P] [onlink]")
    elseif not dst_set and ROUTE_TYPES[w] and a:peek() ~= nil then
      r.type = w
    else
      if w == "to" then w = a:need(w) end
      if dst_set then garbage("to", w) end
      dst_set = true
      if w == "default" or w == "all" or w == "any" then r.dst = "default"
      else
        local ad, len
        ad, len, r.family = need_prefix(w, "full", r.family)
        r.dst = ad .. "/" .. len
        if len == 0 then r.dst = "default" end
      end
    end
  end
  if not dst_set then
    if cmd == "del" then
      fail(2, "RTNETLINK answers: No such process", L("say which route to delete: 'ip route del 10.1.8.0/24'", "说明要删除哪条路由：'ip route del 10.1.8.0/24'"))
    end
    fail(255, "Command line is not complete. Try option \"help\"", L("say which destination: 'ip route " .. cmd .. " 10.1.8.0/24 via 1.1.1.2' or 'default via GW'",
      "说明目的地：'ip route " .. cmd .. " 10.1.8.0/24 via 1.1.1.2' 或 'default via 网关'"))
  end
  if r.dev then need_dev(ns, r.dev) end
  if r.type and r.type ~= "unicast" and r.type ~= "blackhole" and r.type ~= "unreachable"
    and r.type ~= "prohibit" and r.type ~= "local" then
    unsupported(r.type, "ip route " .. cmd, "unicast, local, blackhole, unreachable, prohibit routes")
  end
  return r
end

local ROUTE_HINTS = {
  en = {
    [17] = "a route to that destination is in the table already; 'ip route replace ...' overwrites it, 'ip route' lists the table",
    [3] = "there is no such route; 'ip route' (or 'ip route show table all') lists the routes",
    [2] = "'change' needs an existing route; use 'ip route add' or 'ip route replace'",
    [101] = "no route matches that address; add one ('ip route add PREFIX via GATEWAY') or a default route",
  },
  zh = {
    [17] = "路由表里已经有到这个目的地的路由；'ip route replace ...' 会覆盖它，'ip route' 列出路由表",
    [3] = "没有这条路由；'ip route'（或 'ip route show table all'）列出路由",
    [2] = "'change' 只能改已有的路由；用 'ip route add' 或 'ip route replace'",
    [101] = "没有路由匹配这个地址；添加一条（'ip route add 网段 via 网关'）或一条默认路由",
  },
}
-- errno -> the hint in the current language, or nil
local ROUTE_HINT = setmetatable({}, { __index = function(_, k)
  local t = ROUTE_HINTS[i18n.lang] or ROUTE_HINTS.en
  return t[k] or ROUTE_HINTS.en[k]
end })

local function route_mod(ns, a, cmd, go)
  local r = parse_route_mod(ns, a, cmd, go and go.family)
  local spec = { dst = r.dst, via = r.via, dev = r.dev, metric = r.metric, table = r.table,
    scope = r.scope, src = r.src, proto = r.proto, type = r.type, onlink = r.onlink, family = r.family }
  local fn = ({ add = net.route_add, replace = net.route_replace, change = net.route_change,
    append = net.route_add, del = net.route_del })[cmd]
  local ok, e, errno = fn(ns, spec)
  if not ok then
    local hint = ROUTE_HINT[errno]
    if cmd == "del" and errno == 2 then hint = ROUTE_HINT[3] end
    if tostring(e):find("invalid gateway", 1, true) or tostring(e):find("Nexthop", 1, true) then
      hint = L("the gateway must be in a subnet this namespace reaches directly: give the device an address there first, " ..
        "or route to the gateway with 'dev DEV' (see 'ip route')",
        "网关必须在这个命名空间直接能到的子网里：先给设备一个那个子网的地址，或者用 'dev 设备' 加一条到网关的路由（见 'ip route'）")
    end
    kfail(e, errno, hint)
  end
  return 0
end

-- family: "inet6" for -6, else IPv4 (a plain `ip route` lists IPv4 only, like iproute2)
local function parse_route_filter(ns, a, family)
  local f = { table = 254, family = family == "inet6" and "inet6" or "inet" }
  while a:more() do
    local w = a:next()
    if w == "table" then
      local t = a:need(w)
      if t == "all" then f.table = "all" else f.table = parse_table(t, "table id value is invalid") end
      f.table_given = true
    elseif w == "dev" or w == "oif" then f.dev = a:need(w); need_dev(ns, f.dev)
    elseif w == "proto" or w == "protocol" then f.proto = a:need(w)
    elseif w == "scope" then f.scope = a:need(w)
    elseif w == "type" then f.type = a:need(w)
    elseif w == "via" then f.via = a:need(w)
    elseif w == "src" then f.src = a:need(w)
    elseif w == "cache" then f.cache = true
    elseif w == "default" then f.dst = "default"
    else
      if w == "to" or w == "root" or w == "match" or w == "exact" then w = a:need(w) end
      if f.dst then garbage("to", w) end
      local ad, len = need_prefix(w, "full", family)
      f.dst = (len == 0) and "default" or (len == inet.BITS[f.family] and ad or (ad .. "/" .. len))
    end
  end
  return f
end

local function routes_for(ns, f)
  local q = { family = f.family }
  if f.table == "all" then q.table = "all" else q.table = table_arg(f.table) end
  local list, e, errno = net.route_list(ns, q)
  if not list then kfail(e, errno) end
  local out = {}
  for _, r in ipairs(list) do
    local keep = true
    if f.table ~= "all" and fmt.table_id(r.table) and fmt.table_id(r.table) ~= f.table then keep = false end
    if f.dev and r.dev ~= f.dev then keep = false end
    if f.proto and tostring(r.protocol) ~= f.proto then keep = false end
    if f.scope and r.scope ~= f.scope then keep = false end
    if f.type and (r.type or "unicast") ~= f.type then keep = false end
    if f.via and r.gateway ~= f.via then keep = false end
    if f.src and r.src ~= f.src then keep = false end
    if f.dst and fmt.route_dst(r) ~= fmt.route_dst({ dst = f.dst }) then keep = false end
    if keep then out[#out + 1] = r end
  end
  return out
end

local function route_show(ns, a, o, ctx)
  local f = parse_route_filter(ns, a, o.family)
  local list = routes_for(ns, f)
  local show_table = f.table == "all"
  if o.json then
    local t = {}
    for _, r in ipairs(list) do
      local rj = fmt.route_json(r, { show_table = show_table })
      if f.dev then rj.dev = nil end
      t[#t + 1] = rj
    end
    emit_json(ctx, t)
    return 0
  end
  for _, r in ipairs(list) do
    local rr = r
    if f.dev then
      rr = {}
      for k, v in pairs(r) do rr[k] = v end
      rr.dev = nil
    end
    ctx:outln(fmt.route_text(rr, { show_table = show_table }))
  end
  return 0
end

local function route_flush(ns, a, o)
  local f = parse_route_filter(ns, a, o.family)
  -- `ip route flush cache`: as iproute2, a write to net.ipv4.route.flush, which
  -- makes the kernel drop what it learned per destination (a path MTU, a redirect)
  if f.cache and not f.dev and not f.table_given and not f.dst and not f.proto then
    local ok, e, errno = net.sysctl_set(ns, "net.ipv4.route.flush", "1")
    if not ok then kfail(e, errno) end
    return 0
  end
  if not a.t[a.i - 1] or (not f.dev and not f.table_given and not f.dst and not f.proto) then
    fail(1, '"ip route flush" requires arguments.', L("say what to flush, e.g. 'ip route flush dev veth0' or 'ip route flush table main'",
      "说明要清空什么，例如 'ip route flush dev veth0' 或 'ip route flush table main'"))
  end
  for _, r in ipairs(routes_for(ns, f)) do
    net.route_del(ns, { dst = r.dst, dev = r.dev, via = r.gateway, table = r.table, metric = r.metric, family = r.family,
      type = r.type ~= "unicast" and r.type or nil })
  end
  return 0
end

local function route_get(ns, a, o, ctx)
  local dst, q = nil, {}
  while a:more() do
    local w = a:next()
    if w == "from" then q.from = need_addr(a:need(w), nil, o.family)
    elseif w == "iif" then q.iif = a:need(w); need_dev(ns, q.iif)
    elseif w == "oif" or w == "dev" then q.oif = a:need(w); need_dev(ns, q.oif)
    elseif w == "fibmatch" or w == "connected" or w == "mark" or w == "tos" or w == "uid" or w == "ipproto" then
      unsupported(w, "ip route get", "ADDRESS [from ADDR] [iif DEV] [oif DEV]")
    else
      if w == "to" then w = a:need(w) end
      if dst then garbage("to", w) end
      dst = need_prefix(w, "full", o.family)
    end
  end
  if not dst then
    fail(255, "need at least a destination address", L("ask for one address: 'ip route get 10.1.8.10'", "问一个地址：'ip route get 10.1.8.10'"))
  end
  local r, e, errno = net.route_get(ns, dst, (next(q) and q) or nil)
  if not r then kfail(e, errno, ROUTE_HINT[errno]) end
  if o.json then emit_json(ctx, { fmt.route_get_json(r, q.from) })
  else ctx:outln(fmt.route_get_text(r, q.from)) end
  return 0
end

---------------------------------------------------------------------------
-- ip rule
---------------------------------------------------------------------------
local function parse_rule(ns, a, cmd)
  local r = {}
  while a:more() do
    local w = a:next()
    if w == "from" then
      local v = a:need(w)
      if v ~= "all" then local ad, len = need_prefix(v, "full"); r.from = ad .. "/" .. len end
    elseif w == "to" then
      local v = a:need(w)
      if v ~= "all" then local ad, len = need_prefix(v, "full"); r.to = ad .. "/" .. len end
    elseif w == "iif" or w == "dev" then r.iif = a:need(w)
    elseif w == "oif" then r.oif = a:need(w)
    elseif w == "table" or w == "lookup" then r.table = parse_table(a:need(w), "invalid table ID")
    elseif w == "priority" or w == "pref" or w == "order" or w == "preference" then
      r.priority = need_uint(a:need(w), "preference value is invalid", L("a priority number; lower is consulted first", "一个优先级数字；小的先查"))
    elseif w == "not" or w == "fwmark" or w == "tos" or w == "dsfield" or w == "realms" or w == "goto"
      or w == "nat" or w == "suppress_prefixlength" or w == "uidrange" or w == "ipproto" or w == "sport" or w == "dport" then
      unsupported(w, "ip rule " .. cmd, "from PREFIX, to PREFIX, iif DEV, oif DEV, table T, priority N")
    elseif w == "unicast" then -- the default action
    else
      invarg("Failed to parse rule type", w, L("a rule reads like 'ip rule add from 10.0.0.0/24 table 100'", "规则的写法像 'ip rule add from 10.0.0.0/24 table 100'"))
    end
  end
  if cmd == "add" and not r.table then r.table = 254 end
  return r
end

local function rule_mod(ns, a, cmd)
  local r = parse_rule(ns, a, cmd)
  local fn = cmd == "add" and net.rule_add or net.rule_del
  local ok, e, errno = fn(ns, r)
  if not ok then
    kfail(e, errno, cmd == "del" and L("no rule matches; 'ip rule' lists the rules", "没有匹配的规则；'ip rule' 列出规则") or nil)
  end
  return 0
end

local function rule_show(ns, a, o, ctx)
  if a:more() then
    local w = a:peek()
    unsupported(w, "ip rule show", "no filters")
  end
  local list, e, errno = net.rule_list(ns)
  if not list then kfail(e, errno) end
  if o.json then
    local t = {}
    for _, r in ipairs(list) do t[#t + 1] = fmt.rule_json(r) end
    emit_json(ctx, t)
    return 0
  end
  for _, r in ipairs(list) do ctx:outln(fmt.rule_text(r)) end
  return 0
end

---------------------------------------------------------------------------
-- ip neigh
---------------------------------------------------------------------------
local ip_neigh = require("netlearn.cmd.ip_neigh")({ fail = fail, garbage = garbage, invarg = invarg,
  kfail = kfail, need_dev = need_dev, emit_json = emit_json, unsupported = unsupported })

---------------------------------------------------------------------------
-- ip netns
---------------------------------------------------------------------------
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
    ctx:outln(IP.NETNS_HELP)
    return 0
  elseif m == "add" then
    local n = a:next()
    if bad_ns_name(n) then fail(255, string.format('Invalid netns name "%s"', tostring(n or "")), "give a name: 'ip netns add net1'") end
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
    if bad_ns_name(n) then fail(255, string.format('Invalid netns name "%s"', tostring(n or "")), "say which: 'ip netns del net1'") end
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
      if not p:match("^%d+$") then fail(1, string.format('Invalid pid "%s"', p), "give a process id") end
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

---------------------------------------------------------------------------
-- ip tunnel (ipip only)
---------------------------------------------------------------------------
local function tunnel_add(ns, a, ctx)
  local spec = { type = "ipip" }
  local mode
  while a:more() do
    local w = a:next()
    if w == "mode" then
      mode = a:need(w)
      if mode ~= "ipip" and mode ~= "ip/ip" then
        if mode == "gre" or mode == "sit" or mode == "isatap" or mode == "vti" or mode == "ipip6" or mode == "ip6ip6" or mode == "any" then
          unsupported(mode, "ip tunnel add ... mode", "ipip")
        end
        fail(255, string.format('Unknown tunnel mode "%s"', mode), L("netlearn's tunnels are 'mode ipip'", "netlearn 的隧道是 'mode ipip'"))
      end
    elseif w == "remote" then local v = a:need(w); if v ~= "any" then spec.remote = need_addr(v, "an IP address") end
    elseif w == "local" then local v = a:need(w); if v ~= "any" then spec["local"] = need_addr(v, "an IP address") end
    elseif w == "ttl" or w == "hoplimit" then
      local v = a:need(w)
      if v ~= "inherit" then spec.ttl = need_uint(v, 'invalid TTL', L("a TTL 1-255 or 'inherit'", "一个 1-255 的 TTL 或 'inherit'")) end
    elseif w == "dev" then spec.link = a:need(w); need_dev(ns, spec.link)
    elseif w == "pmtudisc" or w == "nopmtudisc" or w == "tos" or w == "key" or w == "ikey" or w == "okey" then
      unsupported(w, "ip tunnel add", "NAME mode ipip remote ADDR local ADDR [ttl N] [dev DEV]")
    else
      if w == "name" then w = a:need(w) end
      if spec.name then garbage("name", w) end
      if not valid_ifname(w) then invarg('"name" not a valid ifname', w, L("device names are 1-15 bytes", "设备名是 1-15 个字节")) end
      spec.name = w
    end
  end
  if not spec.name then fail(255, "Tunnel name is required", L("'ip tunnel add tun0 mode ipip remote R local L'", "例如 'ip tunnel add tun0 mode ipip remote R local L'")) end
  if get_link(ns, spec.name) then
    fail(1, string.format('add tunnel "%s" failed: File exists', spec.name), "delete the old one with 'ip tunnel del " .. spec.name .. "'")
  end
  local ok, e, errno = net.link_add(ns, spec)
  if not ok then
    if errno == 95 then fail(1, string.format('add tunnel "tunl0" failed: No such device'), e) end
    kfail(e, errno)
  end
  userspace_note(ctx, spec.name, e)
  return 0
end

local function tunnel_show(ns, a, ctx)
  local want = a:next()
  if want == "dev" or want == "name" then want = a:need(want) end
  for _, l in ipairs(links_of(ns)) do
    if l.type == "ipip" and (not want or l.name == want) then
      ctx:outln(require("netlearn.iproute_fmt").tunnel_line(l))
    end
  end
  return 0
end

---------------------------------------------------------------------------
-- Dispatch
---------------------------------------------------------------------------
local OBJECTS = { "address", "addrlabel", "maddress", "route", "rule", "neighbor", "neighbour", "ntable",
  "ntbl", "link", "l2tp", "fou", "ila", "macsec", "tunnel", "tunl", "tuntap", "tap", "token",
  "tcpmetrics", "tcp_metrics", "monitor", "xfrm", "mroute", "mrule", "netns", "netconf", "vrf", "sr",
  "nexthop", "mptcp", "ioam", "help", "stats" }
IP.OBJECTS = OBJECTS

IP.SUB = {
  link = { "add", "change", "replace", "set", "delete", "show", "lst", "list", "help" },
  address = { "add", "change", "chg", "replace", "delete", "list", "show", "lst", "flush", "save", "showdump", "restore", "help" },
  route = { "add", "change", "chg", "replace", "prepend", "append", "test", "delete", "list", "show", "lst", "get", "flush", "save", "restore", "showdump", "help" },
  rule = { "list", "lst", "show", "save", "restore", "add", "delete", "flush", "help" },
  neighbor = { "add", "change", "chg", "replace", "delete", "get", "show", "lst", "list", "flush", "help" },
  tunnel = { "add", "change", "delete", "show", "list", "lst", "prl", "6rd", "help" },
  netns = { "list", "show", "lst", "help", "add", "set", "delete", "identify", "pids", "exec", "monitor", "attach" },
}

local HELPNAME = { address = "address", route = "route", rule = "rule", neighbor = "neigh", link = "link", tunnel = "tunnel", netns = "netns" }

local function pick(word, list)
  for _, c in ipairs(list) do if is(word, c) then return c end end
  return nil
end
IP.pick = pick

-- global options -> o; returns index of the object word
local OPTS = { { "-details", "details" }, { "-json", "json" }, { "-pretty", "pretty" },
  { "-brief", "brief" }, { "-4", "4" }, { "-6", "6" }, { "-stats", "stats" }, { "-statistics", "stats" },
  { "-netns", "netns" }, { "-color", "color" }, { "-oneline", "oneline" }, { "-human", "human" },
  { "-resolve", "resolve" }, { "-Numeric", "numeric" }, { "-all", "all" } }

local function parse_opts(args, ctx)
  local o = { ns = ctx.ns or "" }
  local i = 1
  while args[i] and args[i]:sub(1, 1) == "-" and #args[i] > 1 do
    local w = args[i]
    if w:sub(1, 2) == "--" then w = w:sub(2) end
    local name
    if w == "-br" or w == "-bri" or w == "-brie" then name = "brief" end
    if w == "-b" or w == "-batch" or w == "-force" then
      fail(1, string.format('netlearn: "%s" (batch mode) is not supported', args[i]),
        L("type the commands one per line instead; '-br' is the brief listing", "改为一行输入一条命令；'-br' 是简短列表"))
    end
    if w == "-c" then name = "color" end
    if w == "-n" then name = "netns" end
    if not name then
      for _, e in ipairs(OPTS) do if is(w, e[1]) and #w >= 2 then name = e[2] break end end
    end
    if not name then
      if w:match("^%-color=") then name = "color" end
    end
    if not name then
      fail(255, string.format('Option "%s" is unknown, try "ip -help".', args[i]),
        L("netlearn's ip knows -n NS, -d, -j, -p, -br, -4, -6, -s", "netlearn 的 ip 认识 -n 命名空间、-d、-j、-p、-br、-4、-6、-s"))
    end
    if name == "netns" then
      i = i + 1
      local n = args[i]
      if not n then fail(255, "Command line is not complete. Try option \"help\"", L("-n takes a namespace name: 'ip -n net1 addr'", "-n 后面是命名空间名：'ip -n net1 addr'")) end
      need_ns(n)
      o.ns = n
    elseif name == "4" then o.family = "inet"
    elseif name == "6" then o.family = "inet6"
    elseif name == "stats" then
      o.stats = (o.stats or 0) + 1      -- -s -s: the error counters too
    else
      o[name] = true
    end
    i = i + 1
  end
  return o, i
end

local function run_ip(args, ctx)
  local o, i = parse_opts(args, ctx)
  local ns = o.ns
  local objword = args[i]
  if not objword then
    ctx:outln(IP.HELP)
    return 0
  end
  local obj = pick(objword, OBJECTS)
  if not obj then
    local near = require("netlearn.welcome").nearest(objword,
      { "link", "address", "addr", "route", "rule", "neigh", "netns", "tunnel" })
    fail(1, string.format('Object "%s" is unknown, try "ip help".', objword),
      (near and L("did you mean 'ip " .. near .. "'? ", "你是不是想输入 'ip " .. near .. "'？") or "") ..
      L("netlearn's ip knows link, address (addr), route, rule, neigh, netns, tunnel",
        "netlearn 的 ip 认识 link、address（addr）、route、rule、neigh、netns、tunnel"))
  end
  if obj == "neighbour" then obj = "neighbor" end
  if obj == "tunl" then obj = "tunnel" end
  if obj == "help" then ctx:outln(require("netlearn.help_zh").text("ip", { help = IP.HELP })) return 0 end
  if not IP.SUB[obj] then
    unsupported(obj, "ip", "link, address, route, rule, neigh, netns, tunnel")
  end
  local a = args_of(args, i + 1)
  if obj == "netns" then
    ctx.ns_eff = ns
    local c = ctx
    if ns ~= (ctx.ns or "") then c = ctx:with_ns(ns) c.ns_eff = ns end
    return netns_cmd(a, o, c)
  end
  local subword = a:next()
  local sub
  if subword == nil then
    sub = obj == "tunnel" and "show" or "show"
  else
    sub = pick(subword, IP.SUB[obj])
    if not sub then
      local hint = "ip " .. HELPNAME[obj] .. L(" understands ", " 认识 ") .. (IP.SUPPORTED[obj] or "show")
      local other = ({ addr = "addr", address = "addr", a = "addr", route = "route", r = "route",
        neigh = "neigh", n = "neigh", link = "link", l = "link" })[subword]
      local near = require("netlearn.welcome").nearest(subword, IP.SUB[obj] or {})
      if near then hint = L("did you mean 'ip " .. HELPNAME[obj] .. " " .. near .. "'? (" .. hint .. ")",
        "你是不是想输入 'ip " .. HELPNAME[obj] .. " " .. near .. "'？（" .. hint .. "）") end
      if other and other ~= HELPNAME[obj] and not (other == "addr" and HELPNAME[obj] == "address") then
        -- article 003's 'ip link addr add 10.11.13.3/24 dev veth-test'
        local rest = {}
        for k = i + 2, #args do rest[#rest + 1] = args[k] end
        hint = L("did you mean 'ip ", "你是不是想输入 'ip ") .. other .. (#rest > 0 and (" " .. table.concat(rest, " ")) or "") ..
          L("'? (" .. hint .. ")", "'？（" .. hint .. "）")
      end
      fail(255, string.format('Command "%s" is unknown, try "ip %s help".', subword, HELPNAME[obj]), hint)
    end
  end
  if sub == "lst" or sub == "list" then sub = "show" end
  if sub == "chg" then sub = "change" end
  if sub == "help" then
    ctx:outln(IP.OBJ_HELP[obj] or IP.HELP)
    return 0
  end
  if obj == "link" then
    if sub == "add" then return link_add(ns, a, ctx)
    elseif sub == "set" or sub == "change" then return link_set(ns, a)
    elseif sub == "delete" then return link_del(ns, a)
    elseif sub == "show" then return link_show(ns, a, o, ctx) end
  elseif obj == "address" then
    if sub == "add" then return addr_add(ns, a, o)
    elseif sub == "delete" then return addr_del(ns, a, o)
    elseif sub == "show" then return addr_show(ns, a, o, ctx)
    elseif sub == "flush" then return addr_flush(ns, a, o) end
  elseif obj == "route" then
    if sub == "add" or sub == "replace" or sub == "change" or sub == "append" then return route_mod(ns, a, sub, o)
    elseif sub == "delete" then return route_mod(ns, a, "del", o)
    elseif sub == "show" then return route_show(ns, a, o, ctx)
    elseif sub == "get" then return route_get(ns, a, o, ctx)
    elseif sub == "flush" then return route_flush(ns, a, o) end
  elseif obj == "rule" then
    if sub == "show" then return rule_show(ns, a, o, ctx)
    elseif sub == "add" then return rule_mod(ns, a, "add")
    elseif sub == "delete" then return rule_mod(ns, a, "del") end
  elseif obj == "neighbor" then
    local r = ip_neigh.run(sub, ns, a, o, ctx)
    if r then return r end
  elseif obj == "tunnel" then
    if sub == "add" then return tunnel_add(ns, a, ctx)
    elseif sub == "delete" then
      local n = a:next()
      if n == "name" or n == "dev" then n = a:need(n) end
      if not n then fail(255, "Tunnel name is required", "'ip tunnel del tun0'") end
      need_dev(ns, n)
      local ok, e, errno = net.link_del(ns, n)
      if not ok then kfail(e, errno) end
      return 0
    elseif sub == "show" then return tunnel_show(ns, a, ctx) end
  end
  unsupported(sub, "ip " .. HELPNAME[obj], IP.SUPPORTED[obj] or "show")
end

IP.SUPPORTED = {
  link = "add, set, delete, show",
  address = "add, delete, show, flush",
  route = "add, replace, change, append, delete, show, get, flush",
  rule = "show, add, delete",
  neighbor = "add, replace, change, delete, show, flush",
  tunnel = "add, delete, show (mode ipip)",
  netns = "list, add, delete, exec, identify, pids",
}

-- run `ip ARGS` in ctx; errors print two lines (iproute2's words + hint)
function IP.run(args, ctx)
  local ok, r = pcall(run_ip, args, ctx)
  ctx.ns_eff = nil
  if ok then return r or 0 end
  if getmetatable(r) == Fail then
    ctx:errln(r.msg)
    -- the prefix in the hint's own language (a few hints have no Chinese yet)
    if r.hint then ctx:errln(tostring(r.hint):find("[\228-\233]") and "提示：" or "hint: ", r.hint) end
    return r.code
  end
  error(r, 0)
end

IP.NETNS_HELP = [==[Usage: ip netns list
       ip netns add NAME
       ip netns delete NAME
       ip netns identify [PID]
       ip netns pids NAME
       ip netns exec NAME cmd ...]==]

IP.OBJ_HELP = {
  link = [==[Usage: ip link add [link DEV] [ name ] NAME [address LLADDR] [mtu MTU] [up] type TYPE [ARGS]
       ip link delete DEV
       ip link set DEV [up|down] [mtu MTU] [address LLADDR] [name NEWNAME] [netns NS] [master BR|nomaster]
       ip link show [DEV] [up] [type TYPE] [master BR]
TYPE := veth [peer name NAME [netns NS]] | bridge | macvlan mode {private|vepa|bridge|passthru}
      | ipvlan mode {l2|l3|l3s} | vxlan id VNI [remote ADDR] [local ADDR] [dev DEV] [dstport PORT]
      | ipip remote ADDR local ADDR [ttl N] | dummy]==],
  address = [==[Usage: ip [-4|-6] address {add|del} IFADDR dev IFNAME [brd ADDR|+] [label LABEL] [scope SCOPE]
               [nodad] [noprefixroute]
IFADDR is IPv4 (10.1.5.1/24) or IPv6 (2001:db8::1/64; nodad: usable at once, no DAD)
       ip address show [dev IFNAME] [up]
       ip address flush dev IFNAME]==],
  route = [==[Usage: ip [-4|-6] route { show | flush } [table TABLE] [dev DEV] [proto P] [scope S] [PREFIX]
       ip route get ADDRESS [from ADDR] [iif DEV] [oif DEV]
       ip route { add | del | change | append | replace } ROUTE
ROUTE := [TYPE] PREFIX|default [via ADDRESS] [dev DEV] [metric N] [table TABLE]
         [src ADDRESS] [scope SCOPE] [proto PROTO] [onlink]]==],
  rule = [==[Usage: ip rule [ list ]
       ip rule { add | del } [from PREFIX] [to PREFIX] [iif DEV] [oif DEV] [priority N] [table TABLE]]==],
  neighbor = [==[Usage: ip [-4|-6] neigh show [dev DEV] [nud STATE] [ADDR]
       ip [-4|-6] neigh flush { dev DEV | all }
       ip neigh { add | replace | change | del } ADDR [lladdr MAC] dev DEV
               [nud { permanent | reachable | stale | noarp | ... }] [router]
ADDR is IPv4 (10.1.1.5) or IPv6 (2001:db8::5); a new entry is permanent unless nud says]==],
  tunnel = [==[Usage: ip tunnel add NAME mode ipip remote ADDR local ADDR [ttl TTL] [dev DEV]
       ip tunnel del NAME
       ip tunnel show [NAME]]==],
  netns = IP.NETNS_HELP,
}

IP.HELP = [==[ip -- iproute2's ip, as netlearn understands it (abbreviations work: ip l s, ip a a, ip r a, ip net)
Usage: ip [-n NS] [-d] [-j [-p]] [-br] [-4] [-s [-s]] OBJECT COMMAND ...
  ip netns add net1                                    make a namespace (a "machine")
  ip netns list | ip net                               list them
  ip netns del net1                                    remove one
  ip netns exec net1 ip addr                           run a command inside net1 (also real programs)
  ip netns pids net1                                   the processes living in net1
  ip -n net1 link                                      the same, shorter
  ip link add veth0 type veth peer name veth1          a veth pair (a cable with two ends)
  ip link add veth0 type veth peer name veth1 netns net2
  ip link add va netns a type veth peer name vb netns b   both ends made right in a and b
  ip link add br0 type bridge                          a bridge (a switch)
  ip link add mac1 link eth0 type macvlan mode bridge  macvlan (modes private, vepa, bridge, passthru)
  ip link add ipvlan1 link eth0 type ipvlan mode l3    ipvlan (modes l2, l3, l3s)
  ip link add vx0 type vxlan id 42 remote 10.0.0.2 dev eth0 dstport 4789
  ip link set veth0 netns net1                         move a device into a namespace
  ip link set veth0 up | down                          switch it on / off
  ip link set veth11 master br0 | nomaster             plug into / out of a bridge
  ip link set veth0 mtu 1400 | address 02:00:00:00:00:01 | name eth0
  ip link set mac1 type macvlan mode bridge            change a macvlan's mode in place
  ip link del veth0                                    delete (a veth takes its peer along)
  ip link | ip -d link show br0 | ip -br link | ip -j link
  ip -s link | ip -s -s link show dev veth0            with the counters (packets, bytes, errors, drops)
  ip addr add 192.167.2.1/24 dev veth0                 give a device an address
  ip addr del 192.167.2.1/24 dev veth0 | ip addr flush dev veth0
  ip addr | ip a show dev veth0 | ip -4 -br addr | ip -j addr
  ip addr add 2001:db8::1/64 dev veth0 nodad           IPv6 (nodad: usable at once); ip -6 addr
  ip route                                             the main routing table
  ip route add 192.167.2.0/24 via 192.167.3.1 dev veth3
  ip route add default via 10.1.5.1 | ip route add 10.11.14.0/24 dev veth-test
  ip route replace default via 10.1.5.1 | ip route change default via 192.168.20.1
  ip route del 192.167.2.0/24 | ip route show table local | ip route show table all
  ip route get 10.1.8.10 [from 10.1.5.10]              which route a packet would take
  ip -6 route | ip -6 route add 2001:db8:2::/64 via fe80::1 dev veth0 | ip -6 route get 2001:db8:2::1
  ip rule | ip rule add from 10.0.0.0/24 table 100 priority 100 | ip rule del ...
  ip neigh | ip neigh flush dev veth0                  the ARP cache (ip -6 neigh: NDP)
  ip neigh replace 10.1.1.5 lladdr 02:00:00:00:00:05 dev veth0 [nud permanent|reachable|stale|noarp]
  ip neigh del 10.1.1.5 dev veth0
  ip tunnel add tun0 mode ipip remote 172.16.94.142 local 172.16.94.141 [ttl 64]
  ip tunnel show
Errors print iproute2's words, then a 'hint:' line.  Not supported:
nexthop objects, VRFs, xfrm, multipath routes; '!ip ...' runs the real tool.]==]

-- In a lesson `ip netns exec NS CMD...` may run a netlearn command only (checked by sub).
function IP.lesson(args, sub)
  local i = 1
  while args[i] and args[i]:sub(1, 1) == "-" and #args[i] > 1 do
    local w = args[i]:gsub("^%-%-", "-")
    if w == "-n" or (#w >= 3 and ("-netns"):sub(1, #w) == w) then i = i + 1 end
    i = i + 1
  end
  if not args[i] or pick(args[i], OBJECTS) ~= "netns" then return nil end
  if not args[i + 1] or pick(args[i + 1], IP.SUB.netns) ~= "exec" then return nil end
  if not args[i + 3] then return nil end          -- ip's own error: no command
  return sub({ table.unpack(args, i + 3) })
end

-- Does `ip ARGS` only look (an object alone, show/list/get)? (commands.looks)
local LOOK_OPS = { show = true, list = true, lst = true, get = true, help = true, identify = true, pids = true }
function IP.looks(args, sub)
  local i = 1
  while args[i] and args[i]:sub(1, 1) == "-" and #args[i] > 1 do
    local w = args[i]:gsub("^%-%-", "-")
    if w == "-b" or w == "-batch" or w == "-force" then return false end
    if w == "-n" or w == "-f" or w == "-l" or w == "-rc" or
      (#w >= 3 and (("-netns"):sub(1, #w) == w or ("-family"):sub(1, #w) == w or ("-loops"):sub(1, #w) == w)) then
      i = i + 1
    end
    i = i + 1
  end
  if not args[i] then return true end              -- usage
  local obj = pick(args[i], OBJECTS)
  if obj == "help" then return true end
  local ops = obj and IP.SUB[obj]
  if not ops then return false end
  if not args[i + 1] then return true end          -- `ip link`: the object alone lists it
  local op = pick(args[i + 1], ops)
  if obj == "netns" and op == "exec" then return args[i + 3] ~= nil and sub({ table.unpack(args, i + 3) }) end
  return op ~= nil and LOOK_OPS[op] == true
end

commands.register("ip", {
  summary = "iproute2's ip: netns, link, addr, route, rule, neigh, tunnel (help ip)",
  help = IP.HELP,
  run = IP.run,
  lesson = IP.lesson,
  looks = IP.looks,
})

return IP
