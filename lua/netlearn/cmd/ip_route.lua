--[[ netlearn.cmd.ip_route -- `ip route` (iproute2's ip/iproute.c), for cmd/ip.lua:

  ip [-4|-6] route add|replace|change|append|del [TYPE] PREFIX|default [via GW] [dev DEV]
     [metric N] [table T] [src ADDR] [scope S] [proto P] [onlink]
  ip [-4|-6] [-j] route show|flush [table T|all] [dev DEV] [proto P] [scope S] [type T] [via GW] [PREFIX]
  ip route flush cache
  ip [-4|-6] [-j] route get ADDR [from ADDR] [iif DEV] [oif DEV]

A plain `ip route` lists the IPv4 main table, as iproute2 does; the first
address on the line fixes the family for the rest of it.

  local route = require("netlearn.cmd.ip_route")(helpers)   -- helpers: see ip.lua
  route.run(sub, ns, args, opts, ctx)
]]
local net = require("netlearn.core")
local fmt = require("netlearn.iproute_fmt")
local inet = require("netlearn.inet")
local routespec = require("netlearn.routespec")
local parse = require("netlearn.parse")
local i18n = require("netlearn.i18n")

return function(H)
  local M = {}
  local fail, garbage, invarg, unsupported, kfail, L, is = H.fail, H.garbage, H.invarg, H.unsupported, H.kfail, H.L, H.is
  local need_uint, need_prefix, need_addr, need_dev = H.need_uint, H.need_prefix, H.need_addr, H.need_dev
  local parse_table, emit_json = H.parse_table, H.emit_json

  -- the type words ip reads before a prefix: every route type but unspec (the
  -- names are rt_parse.c's, through routespec)
  local ROUTE_TYPES = {}
  for id, name in pairs(routespec.names.types) do
    if math.type(id) == "integer" and id > 0 then ROUTE_TYPES[name] = true end
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
      unsupported(r.type, "ip route " .. cmd, L("unicast, local, blackhole, unreachable, prohibit routes",
        "unicast、local、blackhole、unreachable、prohibit 路由"))
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
    -- an IPv4 destination with host bits set: the kernel would refuse it ("Invalid
    -- prefix for given prefix length"); netlearn says so without asking it, in
    -- ip's way (the check is routespec's, which words it for net.route_add)
    local d = parse.api_prefix(r.dst)
    local network, plen
    if d then network, plen = routespec.host_bits(d) end
    if network then
      local fixed = network .. "/" .. plen
      fail(2, L("netlearn: " .. r.dst .. " has host bits set: the kernel takes only a network here (Invalid prefix for given prefix length)",
        "netlearn：" .. r.dst .. " 的主机位不是 0：这里内核只接受网段（Invalid prefix for given prefix length）"),
        L("write the network, " .. fixed, "请写网段 " .. fixed))
    end
    local fn = ({ add = net.route_add, replace = net.route_replace, change = net.route_change,
      append = net.route_add, del = net.route_del })[cmd]
    local ok, e, errno = fn(ns, spec)
    if not ok then
      local hint = ROUTE_HINT[errno]
      if cmd == "del" and errno == net.errno.ENOENT then hint = ROUTE_HINT[3] end
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
      -- keywords as iproute2 reads them: abbreviations in its order (`ip r s t all`:
      -- "t" is table; "s" is scope, since src must be written out)
      if is(w, "table") then
        local t = a:need(w)
        if t == "all" then f.table = "all" else f.table = parse_table(t, "table id value is invalid") end
        f.table_given = true
      elseif is(w, "cached") or is(w, "cloned") then f.cache = true
      elseif is(w, "protocol") then f.proto = a:need(w)
      elseif is(w, "scope") then f.scope = a:need(w)
      elseif is(w, "type") then f.type = a:need(w)
      elseif w == "dev" or w == "oif" then f.dev = a:need(w); need_dev(ns, f.dev)
      elseif w == "via" then f.via = a:need(w)
      elseif w == "src" then f.src = a:need(w)
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
    -- the per-destination exceptions the kernel keeps (a path MTU, a redirect)
    -- are not dumped by net.route_list: say so rather than list the routes
    if f.cache then
      unsupported("cache", "ip route show|flush", L("'ip route get ADDR' (it shows the cache entry of one destination) and " ..
        "'ip route flush cache'", "'ip route get 地址'（显示一个目的地址的缓存项）和 'ip route flush cache'"))
    end
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

  -- iproute2 leaves out of each line what the filter fixed: `ip route show dev
  -- veth0` prints no "dev veth0"; likewise proto, scope, via and src
  local FILTERED = { dev = "dev", proto = "protocol", scope = "scope", via = "gateway", src = "src" }
  local function without_filtered(r, f)
    local rr = r
    for fk, rk in pairs(FILTERED) do
      if f[fk] and rr[rk] ~= nil then
        if rr == r then rr = {}; for k, v in pairs(r) do rr[k] = v end end
        rr[rk] = nil
        if rk == "protocol" then rr.proto = nil end
      end
    end
    return rr
  end

  local function route_show(ns, a, o, ctx)
    local f = parse_route_filter(ns, a, o.family)
    local list = routes_for(ns, f)
    local show_table = f.table == "all"
    if o.json then
      local t = {}
      for _, r in ipairs(list) do
        t[#t + 1] = fmt.route_json(without_filtered(r, f), { show_table = show_table })
      end
      emit_json(ctx, t)
      return 0
    end
    for _, r in ipairs(list) do
      ctx:outln(fmt.route_text(without_filtered(r, f), { show_table = show_table }))
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
      elseif w == "fibmatch" then q.fibmatch = true
      elseif w == "connected" or w == "mark" or w == "tos" or w == "uid" or w == "ipproto" then
        unsupported(w, "ip route get", "[fibmatch] ADDRESS [from ADDR] [iif DEV] [oif DEV]")
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
    if q.fibmatch then       -- the route that matched, printed as `ip route show` prints it
      if o.json then emit_json(ctx, { fmt.route_json(r, { show_table = true }) })
      else ctx:outln(fmt.route_text(r, { show_table = true })) end
    elseif o.json then emit_json(ctx, { fmt.route_get_json(r, q.from) })
    else ctx:outln(fmt.route_get_text(r, q.from)) end
    return 0
  end

  function M.run(sub, ns, a, o, ctx)
    if sub == "add" or sub == "replace" or sub == "change" or sub == "append" then return route_mod(ns, a, sub, o)
    elseif sub == "delete" then return route_mod(ns, a, "del", o)
    elseif sub == "show" then return route_show(ns, a, o, ctx)
    elseif sub == "get" then return route_get(ns, a, o, ctx)
    elseif sub == "flush" then return route_flush(ns, a, o) end
    return nil
  end

  return M
end
