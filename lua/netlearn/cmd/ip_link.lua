--[[ netlearn.cmd.ip_link -- `ip link` (iproute2's ip/iplink.c), for cmd/ip.lua:

  ip link add [link DEV] [name] NAME [address MAC] [mtu N] [up] [netns NS] type TYPE [ARGS]
  ip link set DEV [up|down] [mtu N] [address MAC] [name NEW] [netns NS] [master BR|nomaster]
  ip link set DEV type macvlan|ipvlan mode MODE
  ip link del DEV
  ip [-d] [-s] [-br] [-j] link show [DEV] [up] [type TYPE] [master BR]

TYPE is one of the kinds of netlearn.kinds (veth, bridge, macvlan, ...): each
kind's grammar after `type` is its description's parse(). The line is checked
whole before the kernel is asked.

  local link = require("netlearn.cmd.ip_link")(helpers)   -- helpers: see ip.lua
  link.run(sub, ns, args, opts, ctx)
  link.userspace_note(ctx, name, how)   -- also said by `ip tunnel add`
]]
local net = require("netlearn.core")
local fmt = require("netlearn.iproute_fmt")
local kinds = require("netlearn.kinds")

return function(H)
  local M = {}
  local fail, garbage, invarg, unsupported, kfail, L = H.fail, H.garbage, H.invarg, H.unsupported, H.kfail, H.L
  local is_mac, valid_ifname, need_uint, need_addr = H.is_mac, H.valid_ifname, H.need_uint, H.need_addr
  local need_ns, links_of, find_link, get_link, need_dev = H.need_ns, H.links_of, H.find_link, H.get_link, H.need_dev
  local dev_hint, ns_label, nsname_finder = H.dev_hint, H.ns_label, H.nsname_finder
  local parse_show, filtered_links, emit_json = H.parse_show, H.filtered_links, H.emit_json

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
        o.address = H.need_mac(m, true)
      elseif w == "mtu" then
        local v = a:need(w)
        o.mtu = need_uint(v, 'Invalid "mtu" value', L("mtu takes a number of bytes, e.g. 1500", "mtu 后面是字节数，例如 1500"), true)
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

  -- what a kind's parse() gets: ip's helpers, and the parser of a veth's `peer ...`
  local P = { fail = fail, garbage = garbage, invarg = invarg, unsupported = unsupported, L = L,
    need_uint = need_uint, need_addr = need_addr, parse_link_common = parse_link_common,
    member = function(list, w)
      for _, v in ipairs(list) do if v == w then return true end end
      return false
    end }

  -- `type K ARGS`: the kind's own grammar (lua/netlearn/kinds/K.lua)
  local function parse_type_args(a, spec)
    local k = kinds.get(spec.type)
    if k.parse then k.parse(a, spec, P)
    elseif a:more() then
      unsupported(a:peek(), "ip link add ... type " .. spec.type, L("no options", "没有选项"))
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
    if not kinds.get(o.type) then
      fail(2, "Error: Unknown device type.",
        L("netlearn creates " .. kinds.words(kinds.names, "and") .. " devices",
          "netlearn 能创建 " .. kinds.words(kinds.names, "和", true) .. " 设备"))
    end
    local spec = { type = o.type, name = o.name or o.dev, mtu = o.mtu, address = o.address, up = o.up }
    if o.master ~= nil then
      unsupported("master", "ip link add", L("create first, then 'ip link set DEV master BR'", "先创建，再 'ip link set 设备 master 网桥'"))
    end
    -- `netns NS`: the device is made directly in NS (IFLA_NET_NS_FD), like
    -- iproute2; a veth's peer without its own `netns` stays where the command runs
    local home = o.netns or ns
    if home ~= ns then spec.netns = home end
    parse_type_args(a, spec)
    -- list the namespace only to invent a free name; otherwise ask for names
    local links = (not spec.name or (kinds.get(o.type).pair and not spec.peer and (spec.peer_ns or ns) == home))
      and links_of(home) or nil
    local function exists(where, name)
      if links and where == home then return find_link(links, name) end
      return get_link(where, name)
    end
    if o.link then
      spec.link = o.link
    end
    if spec.link then need_dev(ns, spec.link, links) end
    if kinds.get(o.type).parent == "required" and not spec.link then
      local ex = kinds.get(o.type).example
      fail(2, "Error: " .. o.type .. " needs a parent device.", L("add 'link PARENT', e.g. '" .. ex .. "'",
        "加上 'link 父设备'，例如 '" .. ex .. "'"))
    end
    if not spec.name then
      spec.name = next_free(links, o.type)
    end
    if exists(home, spec.name) then
      fail(2, "RTNETLINK answers: File exists",
        L("a device named " .. spec.name .. " exists already in " .. ns_label(home) .. "; pick another name or '"
          .. (home == "" and "ip" or ("ip -n " .. home)) .. " link del " .. spec.name .. "'",
          ns_label(home) .. "里已经有一个叫 " .. spec.name .. " 的设备；换个名字，或者先 '"
          .. (home == "" and "ip" or ("ip -n " .. home)) .. " link del " .. spec.name .. "'"))
    end
    if kinds.get(o.type).pair then
      local pns = spec.peer_ns or ns
      if not spec.peer then
        spec.peer = next_free(pns == home and links or links_of(pns), o.type, { [spec.name] = true })
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
    spec.ipvlan_flag = nil
    -- the peer's MAC goes in the same request: a bad one (multicast) refuses the pair
    local ok, e, errno = net.link_add(ns, spec)
    if not ok then
      if errno == net.errno.EOPNOTSUPP then fail(2, "Error: Unknown device type.", e) end
      kfail(e, errno)
    end
    userspace_note(ctx, spec.name, e)
    return 0
  end

  local function link_set(ns, a)
    local o = {}
    parse_link_common(a, o, "ip link set", true)
    -- `type macvlan mode M` (or ipvlan): the kind's own settings, changed in place
    local spec
    if o.type then
      local k = kinds.get(o.type)
      if not (k and k.set_mode) then
        local t = {}
        for _, n in ipairs(kinds.names_where(function(x) return x.set_mode end)) do t[#t + 1] = "type " .. n .. " mode MODE" end
        unsupported("type " .. o.type, "ip link set", table.concat(t, ", "))
      end
      spec = { type = o.type }
      parse_type_args(a, spec)
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
      else
        local text = fmt.link_text(l, { links = links, details = o.details, nsname = nsname, stats = o.stats })
        ctx:outln(o.oneline and fmt.oneline(text) or text)
      end
    end
    return 0
  end

  M.userspace_note = userspace_note

  function M.run(sub, ns, a, o, ctx)
    if sub == "add" then return link_add(ns, a, ctx)
    elseif sub == "set" or sub == "change" then return link_set(ns, a)
    elseif sub == "delete" then return link_del(ns, a)
    elseif sub == "show" then return link_show(ns, a, o, ctx) end
    return nil
  end

  return M
end
