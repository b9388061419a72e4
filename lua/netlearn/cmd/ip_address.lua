--[[ netlearn.cmd.ip_address -- `ip address` (iproute2's ip/ipaddress.c), for cmd/ip.lua:

  ip [-4|-6] address add|del IFADDR dev DEV [brd ADDR|+] [label L] [scope S] [nodad] [noprefixroute]
  ip [-4|-6] [-br] [-j] address show [DEV] [up] [type T] [master BR] [scope S] [label L]
  ip [-4|-6] address flush dev DEV

IFADDR is IPv4 (10.1.5.1/24) or IPv6 (2001:db8::1/64); `del` without a length
removes the address whatever its length, as iproute2 does.

  local address = require("netlearn.cmd.ip_address")(helpers)   -- helpers: see ip.lua
  address.run(sub, ns, args, opts, ctx)
]]
local net = require("netlearn.core")
local json = require("netlearn.json")
local fmt = require("netlearn.iproute_fmt")
local v4 = require("netlearn.ipv4")
local inet = require("netlearn.inet")
local addrspec = require("netlearn.addrspec")

return function(H)
  local M = {}
  local fail, garbage, invarg, unsupported, kfail, L, is = H.fail, H.garbage, H.invarg, H.unsupported, H.kfail, H.L, H.is
  local ipv4, need_prefix, need_addr, need_dev = H.ipv4, H.need_prefix, H.need_addr, H.need_dev
  local parse_show, filtered_links, nsname_finder, emit_json = H.parse_show, H.filtered_links, H.nsname_finder, H.emit_json

  local function parse_addr_mod(ns, a, del, family)
    local o = {}
    while a:more() do
      local w = a:next()
      if w == "dev" then o.dev = a:need(w)
      elseif is(w, "broadcast") or w == "brd" then o.brd = a:need(w)
      elseif w == "label" then o.label = a:need(w)
      elseif w == "scope" then
        o.scope = a:need(w)
        -- iproute2's rtnl_rtscope_a2n: a name, or a number 0-255 as get_unsigned reads it
        if not fmt.SCOPE_IDS[o.scope] then
          local n = require("netlearn.parse").int(o.scope, "ip", 0, 255)
          if not n then
            invarg('invalid scope value.', o.scope, L("scope is global, site, link, host, nowhere or 0-255",
              "scope 是 global、site、link、host、nowhere 或 0-255"))
          end
          o.scope = tostring(n)
        end
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
    if len == 0 then
      -- ip and the kernel take it; libnl (netlearn's netlink library) cannot send it
      fail(2, L("netlearn: " .. o.word .. ": an address with prefix length 0 cannot be added by netlearn",
        "netlearn：" .. o.word .. "：netlearn 不能添加前缀长度为 0 的地址"),
        L("give the address its network's length, e.g. " .. o.addr .. "/8; for 'everything' use a default route",
          "给地址写上它所在网段的长度，例如 " .. o.addr .. "/8；要表示“所有地址”请用默认路由"))
    end
    local opts = { label = o.label, scope = o.scope, nodad = o.nodad, noprefixroute = o.noprefixroute }
    local v4_only = addrspec.ipv4_only(o.family, { broadcast = o.brd, label = o.label })
    if v4_only then
      fail(1, string.format('netlearn: "%s" is for IPv4 addresses only', v4_only),
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
      kfail(e, errno, errno == net.errno.EEXIST and L("the address is already on " .. o.dev .. "; 'ip addr show dev " .. o.dev .. "' lists it",
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
      if errno == net.errno.EADDRNOTAVAIL or errno == net.errno.ENOENT or errno == net.errno.ENODEV then
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
      elseif o.oneline then
        -- ip -o: one line per address, after its device's index and name
        for _, x in ipairs(xs) do ctx:outln(fmt.addr_oneline(l, x)) end
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

  function M.run(sub, ns, a, o, ctx)
    if sub == "add" then return addr_add(ns, a, o)
    elseif sub == "delete" then return addr_del(ns, a, o)
    elseif sub == "show" then return addr_show(ns, a, o, ctx)
    elseif sub == "flush" then return addr_flush(ns, a, o) end
    return nil
  end

  return M
end
