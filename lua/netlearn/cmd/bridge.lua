--[[ netlearn.cmd.bridge -- `bridge link` (iproute2) and `brctl` (bridge-utils).

The articles look at a Linux bridge with `bridge link` and `brctl show`, and
build one with `brctl addbr br0` / `brctl addif br0 veth0`. Both are thin
layers over net.link_list / net.link_add / net.link_set, printing what the
real tools print:

  bridge link
  14: veth11@if15: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2
  brctl show
  bridge name	bridge id		STP enabled	interfaces
  br0		8000.6e7bd004b41f	no		veth1
]]
-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh) return require("netlearn.i18n").lang == "zh" and zh or en end
local commands = require("netlearn.commands")
local net = require("netlearn.core")
local json = require("netlearn.json")
local fmt = require("netlearn.iproute_fmt")

local B = {}

local function find(links, name)
  for _, l in ipairs(links) do if l.name == name then return l end end
end

local function has(list, x)
  for _, v in ipairs(list or {}) do if v == x then return true end end
  return false
end

-- the STP port state of a bridge port (without STP: forwarding once it has carrier)
function B.port_state(l, links)
  if l.port_state then return l.port_state end
  local br = find(links, l.master)
  if l.up and has(l.flags, "LOWER_UP") and br and br.up then return "forwarding" end
  return "disabled"
end

-- `bridge link set dev DEV hairpin on|off`: IFLA_BRPORT_MODE through
-- net.bridge_port_set; the words of iproute2's bridge for bad lines
local function bridge_link_set(args, ctx)
  local dev, hairpin
  local i = 1
  local function bad(msg, hint, code) commands.fail(code or 255, msg, hint) end
  while args[i] do
    local w = args[i]
    if w == "dev" then
      dev = args[i + 1]
      if not dev then bad('Command line is not complete. Try option "help"', L("say which port: 'bridge link set dev veth1 hairpin on'", "说明是哪个端口：'bridge link set dev veth1 hairpin on'")) end
      i = i + 2
    elseif w == "hairpin" then
      local v = args[i + 1]
      if v ~= "on" and v ~= "off" then
        bad(string.format('Error: argument of "hairpin" must be one of "off", "on", not "%s"', tostring(v)),
          L("hairpin on lets a frame go back out of the port it came in (what a VEPA partner or a bridged macvlan needs)", "hairpin on 让帧可以从进来的端口再出去（VEPA 的对端或接到网桥上的 macvlan 需要它）"), 234)
      end
      hairpin = v == "on"
      i = i + 2
    else
      bad(string.format('Error: argument "%s" is wrong: unknown option', w),
        L("netlearn's 'bridge link set' takes 'dev DEV hairpin on|off'", "netlearn 的 'bridge link set' 接受 'dev 设备 hairpin on|off'"))
    end
  end
  if not dev then bad("Device is a required argument", L("say which port: 'bridge link set dev veth1 hairpin on'", "说明是哪个端口：'bridge link set dev veth1 hairpin on'")) end
  local links, e = net.link_list(ctx.ns)
  if not links then commands.fail(1, e) end
  local l = find(links, dev)
  if not l then bad(string.format('Cannot find bridge device "%s"', dev), L("'bridge link' lists the bridge ports of this namespace", "'bridge link' 列出这个命名空间的网桥端口")) end
  if hairpin == nil then return 0 end
  if not l.master or not l.port_no then
    bad("RTNETLINK answers: Operation not supported",
      L(dev .. " is not a bridge port; plug it in first: 'ip link set " .. dev .. " master BR'",
        dev .. " 不是网桥端口；先把它插进去：'ip link set " .. dev .. " master 网桥'"), 255)
  end
  local ok, e2 = net.bridge_port_set(ctx.ns, dev, { hairpin = hairpin })
  if not ok then bad("RTNETLINK answers: " .. tostring(e2), L("'bridge -d link' shows the port's options", "'bridge -d link' 显示端口的选项"), 255) end
  return 0
end

local function bridge_link(args, ctx, o)
  local dev
  local i = 1
  if args[i] == "set" then
    table.remove(args, 1)
    return bridge_link_set(args, ctx)
  end
  if args[i] and ("show"):sub(1, #args[i]) == args[i] or args[i] == "list" or args[i] == "lst" then i = i + 1 end
  while args[i] do
    local w = args[i]
    if w == "dev" then
      dev = args[i + 1]
      i = i + 2
      if not dev then commands.fail(255, "Command line is not complete. Try option \"help\"") end
    else
      commands.fail(255, 'Command "' .. tostring(w) .. '" is unknown, try "bridge link help".',
        L("hint: netlearn's bridge understands 'bridge link [show] [dev DEV]'", "提示：netlearn 的 bridge 认识 'bridge link [show] [dev 设备]'"))
    end
  end
  local links, e = net.link_list(ctx.ns)
  if not links then commands.fail(1, e) end
  if dev and not find(links, dev) then
    commands.fail(255, 'Cannot find device "' .. tostring(dev) .. '"',
      L("hint: 'ip link' lists the devices of this namespace", "提示：'ip link' 列出这个命名空间的设备"))
  end
  local out = {}
  for _, l in ipairs(links) do
    local br = l.master and find(links, l.master)
    if br and br.type == "bridge" and (not dev or l.name == dev) then
      if o.json then
        out[#out + 1] = json.object({ ifindex = l.ifindex,
          link = (l.link_index and not l.link_netnsid and fmt.link_label(l, links):match("@(.*)$")) or nil,
          link_index = (l.link_netnsid and l.link_index) or nil,
          ifname = l.name, flags = json.array(fmt.link_flags(l, links)), mtu = l.mtu, master = l.master,
          state = B.port_state(l, links), priority = l.port_priority or 32, cost = l.port_cost or 2 },
          { "ifindex", "link_index", "link", "ifname", "flags", "mtu", "master", "state", "priority", "cost" })
        if o.details then
          local keys = getmetatable(out[#out]).__keyorder
          for _, opt in ipairs(l.brport or {}) do
            out[#out][opt.name] = (opt.name == "mcast_router") and opt.value or (opt.value ~= 0)
            keys[#keys + 1] = opt.name
          end
        end
      else
        -- a peer in another namespace: bridge (iproute2 6.1) prints NAME@ifINDEX, as ip link does
        local label = l.link_netnsid ~= nil and (l.name .. (l.link_index and ("@if" .. l.link_index) or ""))
          or fmt.link_label(l, links)
        ctx:outln(string.format("%d: %s: <%s> mtu %d master %s state %s priority %d cost %d ",
          l.ifindex, label, table.concat(fmt.link_flags(l, links), ","), l.mtu or 1500,
          l.master, B.port_state(l, links), l.port_priority or 32, l.port_cost or 2))
        if o.details and l.brport and #l.brport > 0 then
          local p = {}
          for _, opt in ipairs(l.brport) do
            p[#p + 1] = opt.name .. " " .. (opt.name == "mcast_router" and tostring(opt.value) or (opt.value ~= 0 and "on" or "off"))
          end
          ctx:outln("    ", table.concat(p, " "), " ")
        end
      end
    end
  end
  if o.json then ctx:outln(json.encode(json.array(out))) end
  return 0
end

local function run_bridge(args, ctx)
  local o = {}
  while args[1] and args[1]:sub(1, 1) == "-" do
    local w = table.remove(args, 1)
    if w == "-j" or w == "-json" or w == "--json" then o.json = true
    elseif w == "-p" or w == "-pretty" then o.pretty = true
    elseif w == "-d" or w == "-details" then o.details = true
    elseif w == "-s" or w == "-stats" then -- accepted
    elseif w == "-n" or w == "-netns" then
      local n = table.remove(args, 1)
      if not n or not net.ns_exists(n) then
        commands.fail(255, 'Cannot open network namespace "' .. tostring(n) .. '": No such file or directory',
          L("hint: 'ip netns list' shows the namespaces", "提示：'ip netns list' 列出命名空间"))
      end
      ctx = ctx:with_ns(n)
    else
      commands.fail(255, 'Option "' .. tostring(w) .. '" is unknown, try "bridge help".',
        L("hint: netlearn's bridge knows -j and -n NS", "提示：netlearn 的 bridge 认识 -j 和 -n 命名空间"))
    end
  end
  local obj = args[1]
  if obj == nil or obj == "help" then
    ctx:outln("Usage: bridge [-j] [-d] [-n NS] link [show] [dev DEV]\n       bridge link set dev DEV hairpin on|off\n       bridge fdb [show] [br BR] [dev DEV]")
    return 0
  end
  if ("link"):sub(1, #obj) == obj then
    table.remove(args, 1)
    return bridge_link(args, ctx, o)
  end
  if ("fdb"):sub(1, #obj) == obj then
    table.remove(args, 1)
    return B.fdb(args, ctx, o)
  end
  for _, x in ipairs({ "mdb", "vlan", "monitor", "vni" }) do
    if x:sub(1, #obj) == obj then
      commands.fail(1, 'netlearn: "bridge ' .. tostring(x) .. '" is not supported',
        L("hint: netlearn's bridge shows 'bridge link' and 'bridge fdb'; the real tool runs with '!bridge ",
        "提示：netlearn 的 bridge 只显示 'bridge link' 和 'bridge fdb'；真实的工具用 '!bridge ") .. tostring(x) .. L("'", "' 运行"))
    end
  end
  commands.fail(255, 'Object "' .. tostring(obj) .. '" is unknown, try "bridge help".',
    L("hint: netlearn's bridge knows 'bridge link' and 'bridge fdb'", "提示：netlearn 的 bridge 认识 'bridge link' 和 'bridge fdb'"))
end


---------------------------------------------------------------------------
-- bridge fdb: the forwarding database (net.fdb_list), worded like iproute2
---------------------------------------------------------------------------
local NTF = { self = 0x02, master = 0x04, ext_learned = 0x10, offloaded = 0x20, sticky = 0x40, router = 0x80 }
local NUD = { reachable = 0x02, stale = 0x04, noarp = 0x40, permanent = 0x80 }

local function bit(v, b) return (v or 0) & b ~= 0 end

local function fdb_state(st)
  if bit(st, NUD.permanent) then return "permanent" end
  if bit(st, NUD.noarp) then return "static" end
  if bit(st, NUD.stale) then return "stale" end
  if bit(st, NUD.reachable) then return "" end
  return string.format("state=%#x", st)
end

local function fdb_flags(f)
  local t = {}
  if bit(f, NTF.self) then t[#t + 1] = "self" end
  if bit(f, NTF.router) then t[#t + 1] = "router" end
  if bit(f, NTF.ext_learned) then t[#t + 1] = "extern_learn" end
  if bit(f, NTF.offloaded) then t[#t + 1] = "offload" end
  if bit(f, NTF.sticky) then t[#t + 1] = "sticky" end
  return t
end

-- entries of namespace ns, filtered as the kernel filters iproute2's dump:
-- br: the bridge itself and its ports; dev: that device only
function B.fdb_entries(ns, br, dev)
  local links, e, errno = net.link_list(ns)
  if not links then return nil, e, errno end
  local byidx = {}
  for _, l in ipairs(links) do byidx[l.ifindex] = l end
  local all, e2, errno2 = net.fdb_list(ns)
  if not all then return nil, e2, errno2 end
  local out = {}
  for _, f in ipairs(all) do
    local d = byidx[f.ifindex]
    local keep = d ~= nil
    -- (a `br` that is no bridge matches nothing, as in the kernel's filter)
    if keep and br then keep = br.type == "bridge" and (d.name == br.name or d.master == br.name) end
    if keep and dev then keep = d.name == dev.name end
    if keep then
      f.dev = d.name
      f.master = f.master_index and byidx[f.master_index] and byidx[f.master_index].name or nil
      out[#out + 1] = f
    end
  end
  return out, links
end

function B.fdb(args, ctx, o)
  local function bad(msg, hint, code) commands.fail(code or 255, msg, hint) end
  local i = 1
  if args[i] and (("show"):sub(1, #args[i]) == args[i] or args[i] == "list" or args[i] == "lst") then i = i + 1
  elseif args[i] and (args[i] == "add" or args[i] == "append" or args[i] == "del" or args[i] == "delete"
    or args[i] == "replace" or args[i] == "flush" or args[i] == "get") then
    bad(string.format(L('netlearn: "bridge fdb %s" is not supported', 'netlearn：不支持 "bridge fdb %s"'), args[i]),
      L("netlearn shows the forwarding database ('bridge fdb show'); the bridge learns entries from traffic", "netlearn 只显示转发数据库（'bridge fdb show'）；网桥从流量里学习条目"), 1)
  end
  local brname, devname
  while args[i] do
    local w = args[i]
    if w == "br" or w == "brport" or w == "dev" then
      local v = args[i + 1]
      if not v then bad('Command line is not complete. Try option "help"', L("e.g. 'bridge fdb show br br0'", "例如 'bridge fdb show br br0'")) end
      if w == "br" then brname = v else devname = v end
      i = i + 2
    else
      bad(string.format('Error: argument "%s" is wrong: unknown option', w),
        L("netlearn's 'bridge fdb show' takes 'br BR' and 'dev DEV'", "netlearn 的 'bridge fdb show' 接受 'br 网桥' 和 'dev 设备'"))
    end
  end
  local links, e = net.link_list(ctx.ns)
  if not links then commands.fail(1, e) end
  local br, dev
  if brname then
    br = find(links, brname)
    if not br then bad(string.format('Cannot find bridge device "%s"', brname), L("'brctl show' lists the bridges", "'brctl show' 列出网桥")) end
  end
  if devname then
    dev = find(links, devname)
    if not dev then bad(string.format('Cannot find device "%s"', devname), L("'ip link' lists the devices of this namespace", "'ip link' 列出这个命名空间的设备")) end
  end
  local ents, e2 = B.fdb_entries(ctx.ns, br, dev)
  if not ents then commands.fail(1, e2) end
  local js = {}
  for _, f in ipairs(ents) do
    local flags = fdb_flags(f.flags)
    if o.json then
      local keys = { "mac" }
      local t = { mac = f.mac }
      if not dev then t.ifname = f.dev; keys[#keys + 1] = "ifname" end
      if f.vlan then t.vlan = f.vlan; keys[#keys + 1] = "vlan" end
      t.flags = json.array(flags); keys[#keys + 1] = "flags"
      if f.master then t.master = f.master; keys[#keys + 1] = "master" end
      t.state = fdb_state(f.state); keys[#keys + 1] = "state"
      js[#js + 1] = json.object(t, keys)
    else
      local p = { f.mac }
      if not dev then p[#p + 1] = "dev " .. f.dev end
      if f.vlan then p[#p + 1] = "vlan " .. f.vlan end
      for _, x in ipairs(flags) do p[#p + 1] = x end
      if f.master then p[#p + 1] = "master " .. f.master end
      ctx:outln(table.concat(p, " "), " ", fdb_state(f.state))
    end
  end
  if o.json then ctx:outln(json.encode(json.array(js))) end
  return 0
end

commands.register("bridge", {
  summary = "iproute2's bridge: 'bridge link' shows bridge ports, 'bridge fdb' what they learned",
  help = "bridge [-j] [-d] [-n NS] link [show] [dev DEV] | link set dev DEV hairpin on|off | fdb [show] [br BR] [dev DEV]\n" ..
    "  bridge link          ports of every bridge: state forwarding/disabled, priority, cost\n" ..
    "  bridge -d link       and each port's options (hairpin, learning, flood...)\n" ..
    "  bridge link set dev veth1 hairpin on   let frames leave by the port they came in\n" ..
    "  bridge fdb show br br0                 the MAC addresses br0 knows, and where\n" ..
    "  bridge -j link       the same as JSON",
  run = run_bridge,
  -- `bridge link`, `bridge fdb show` look; `bridge link set ...` changes (commands.looks)
  looks = function(args)
    for _, a in ipairs(args) do
      if a == "set" or a == "add" or a == "del" or a == "delete" or a == "replace" or a == "append" or a == "flush" then
        return false
      end
    end
    return true
  end,
})

---------------------------------------------------------------------------
-- brctl
---------------------------------------------------------------------------
local function bridge_id(l)
  local mac = (l.address or "00:00:00:00:00:00"):gsub(":", "")
  return "8000." .. mac
end

local function brctl_show(ctx, links, only)
  ctx:outln("bridge name\tbridge id\t\tSTP enabled\tinterfaces")
  for _, br in ipairs(links) do
    if br.type == "bridge" and (not only or br.name == only) then
      local ports = {}
      for _, l in ipairs(links) do if l.master == br.name then ports[#ports + 1] = l.name end end
      table.sort(ports)
      local line = br.name .. (#br.name < 8 and "\t\t" or "\t") .. bridge_id(br) .. "\t" .. (br.stp and "yes" or "no") .. "\t\t"
      if #ports == 0 then ctx:outln(line)
      else
        ctx:outln(line, ports[1])
        for k = 2, #ports do ctx:outln("\t\t\t\t\t\t\t", ports[k]) end
      end
    end
  end
end

local BRCTL_HELP = [[Usage: brctl [commands]
commands:
	addbr     	<bridge>		add bridge
	delbr     	<bridge>		delete bridge
	addif     	<bridge> <device>	add interface to bridge
	delif     	<bridge> <device>	delete interface from bridge
	show      	[ <bridge> ]		show a list of bridges
	showmacs  	<bridge>		show a list of mac addrs
	stp       	<bridge> {on|off}	turn stp on/off (not in netlearn)]]

local function run_brctl(args, ctx)
  local cmd = args[1]
  local function err(msg, hint) commands.fail(1, msg, hint) end
  if not cmd or cmd == "help" or cmd == "-h" or cmd == "--help" then ctx:outln(BRCTL_HELP) return cmd and 0 or 1 end
  local links, e = net.link_list(ctx.ns)
  if not links then err(e) end
  local need = ({ addbr = 1, delbr = 1, addif = 2, delif = 2, show = 0, stp = 2, showmacs = 1 })[cmd]
  if not need then
    err("never heard of command [" .. cmd .. "]", L("brctl knows addbr, delbr, addif, delif, show, showmacs", "brctl 认识 addbr、delbr、addif、delif、show、showmacs"))
  end
  if #args - 1 < need then
    err("Incorrect number of arguments for command", L("e.g. 'brctl addbr br0', 'brctl addif br0 veth0'", "例如 'brctl addbr br0'、'brctl addif br0 veth0'"))
  end
  local br, dev = args[2], args[3]
  if cmd == "show" then
    if br and not find(links, br) then
      err("bridge " .. br .. " does not exist!", L("'brctl show' lists the bridges", "'brctl show' 列出网桥"))
    end
    brctl_show(ctx, links, br)
    return 0
  elseif cmd == "addbr" then
    if find(links, br) then
      err("device " .. br .. " already exists; can't create bridge with the same name",
        L("pick another name, or delete the old device with 'ip link del " .. br .. "'",
          "换个名字，或者用 'ip link del " .. br .. "' 删除旧设备"))
    end
    if #br > 15 or br:find("[/%s:]") then
      err("add bridge failed: Invalid argument", L("bridge names are 1-15 bytes, no '/', ':' or spaces", "网桥名是 1-15 个字节，不能有 '/'、':' 或空格"))
    end
    local ok, e2 = net.link_add(ctx.ns, { name = br, type = "bridge" })
    if not ok then err("add bridge failed: " .. tostring(e2)) end
    return 0
  elseif cmd == "delbr" then
    local l = find(links, br)
    if not l or l.type ~= "bridge" then
      err("bridge " .. br .. " doesn't exist; can't delete it", L("'brctl show' lists the bridges", "'brctl show' 列出网桥"))
    end
    if l.up then
      err("bridge " .. br .. " is still up; can't delete it", L("take it down first: 'ip link set " .. br .. " down'", "先把它关掉：'ip link set " .. br .. " down'"))
    end
    local ok, e2 = net.link_del(ctx.ns, br)
    if not ok then err("can't delete bridge " .. br .. ": " .. tostring(e2)) end
    return 0
  elseif cmd == "addif" or cmd == "delif" then
    local b = find(links, br)
    if not b or b.type ~= "bridge" then
      err("bridge " .. br .. " does not exist!", L("create it with 'brctl addbr " .. br .. "' or 'ip link add " .. br .. " type bridge'",
        "用 'brctl addbr " .. br .. "' 或 'ip link add " .. br .. " type bridge' 创建它"))
    end
    local d = find(links, dev)
    if not d then
      err("interface " .. dev .. " does not exist!", L("the device must be in this namespace; 'ip link' lists them", "设备必须在这个命名空间里；'ip link' 列出它们"))
    end
    if cmd == "addif" then
      if d.master then
        err("device " .. dev .. " is already a member of a bridge; can't enslave it to bridge " .. br .. ".",
          L("take it out first: 'brctl delif " .. d.master .. " " .. dev .. "'", "先把它拔出来：'brctl delif " .. d.master .. " " .. dev .. "'"))
      end
      if d.type == "bridge" then
        err("device " .. dev .. " is a bridge device itself; can't enslave a bridge device to a bridge device.", L("plug ports, not bridges", "插进网桥的应该是端口，不是网桥"))
      end
      local ok, e2, errno = net.link_set(ctx.ns, dev, { master = br })
      if not ok then
        err("can't add " .. dev .. " to bridge " .. br .. ": " .. (errno and net.strerror(errno) or tostring(e2)),
          "netlearn: " .. tostring(e2))
      end
    else
      if d.master ~= br then
        err("device " .. dev .. " is not a slave of " .. br, L("'brctl show' shows which ports a bridge has", "'brctl show' 显示网桥有哪些端口"))
      end
      local ok, e2 = net.link_set(ctx.ns, dev, { master = false })
      if not ok then err("can't delete " .. dev .. " from " .. br .. ": " .. tostring(e2)) end
    end
    return 0
  elseif cmd == "showmacs" then
    -- bridge-utils reads /sys/class/net/BR/brforward: the bridge's own
    -- entries (what `bridge fdb` shows as "master BR"), sorted by MAC
    local b = find(links, br)
    if not b or b.type ~= "bridge" then
      err("read of forward table failed: No such file or directory", L("'brctl show' lists the bridges", "'brctl show' 列出网桥"))
    end
    local ents, e2 = B.fdb_entries(ctx.ns, b, nil)
    if not ents then err(tostring(e2)) end
    local byname = {}
    for _, l in ipairs(links) do byname[l.name] = l end
    local rows = {}
    for _, f in ipairs(ents) do
      if f.master == br then
        local port = byname[f.dev]
        local is_local = (f.state or 0) & 0x80 ~= 0      -- NUD_PERMANENT: the bridge's own address
        local age = is_local and 0 or (f.updated or 0)
        rows[#rows + 1] = { mac = f.mac, port = (port and port.port_no) or 0, is_local = is_local, age = age }
      end
    end
    table.sort(rows, function(x, y) return x.mac < y.mac end)
    ctx:outln("port no\tmac addr\t\tis local?\tageing timer")
    for _, r in ipairs(rows) do
      ctx:outln(string.format("%3d\t%s\t%s\t\t%4d.%02d", r.port, r.mac, r.is_local and "yes" or "no",
        r.age // 100, r.age % 100))
    end
    return 0
  elseif cmd == "stp" then
    err("netlearn: 'brctl stp' is not supported", L("netlearn's bridges run without STP (the articles' 'STP enabled: no')", "netlearn 的网桥不运行 STP（就是文章里的 'STP enabled: no'）"))
  end
end

commands.register("brctl", {
  summary = "bridge-utils' brctl: addbr, delbr, addif, delif, show, showmacs",
  help = "brctl addbr BR | delbr BR | addif BR DEV | delif BR DEV | show [BR]\n" ..
    "  brctl addbr br0          create a bridge (same as 'ip link add br0 type bridge')\n" ..
    "  brctl addif br0 veth1    plug veth1 into br0 (same as 'ip link set veth1 master br0')\n" ..
    "  brctl show               bridges, their ids, STP, and ports\n" ..
    "  brctl showmacs br0       the MAC addresses br0 learned, by port, with their age",
  run = run_brctl,
  looks = function(args) return args[1] == nil or args[1] == "show" or args[1] == "showmacs" or args[1] == "showstp" end,
})

B.brctl_show = brctl_show
return B
