--[[ netlearn.errors_zh_link -- the Chinese of the C layer's error messages about
links, addresses, namespaces and the user-space ipip tunnel (src/l_link.c,
src/l_addr.c, src/ns.c, src/tunnel.c, src/l_spec.c), and of the checks that
word them in Lua (lua/netlearn/linkspec.lua, addrspec.lua). Keys are the exact C format
strings; %1$s, %2$s ... are the format's conversions in order. See
netlearn.errors_zh for how they are used. ]]
return {
  -- lua/netlearn/addrspec.lua (net.addr_add/addr_del/addr_flush's checks, in Lua) and src/l_addr.c
  ["%s: not an IPv4 prefix (want a.b.c.d/len)"] = "%1$s：不是 IPv4 前缀（应写成 a.b.c.d/len）",
  ["%s: not an IPv6 prefix (want x:x::x/len)"] = "%1$s：不是 IPv6 前缀（应写成 x:x::x/len）",
  ["%s: broadcast= is for IPv4 addresses only"] = "%1$s：broadcast= 只用于 IPv4 地址",
  ["%s: not an IPv4 broadcast address (want a.b.c.d, \"+\" or \"-\")"] =
    "%1$s：不是 IPv4 广播地址（应写成 a.b.c.d、\"+\" 或 \"-\"）",
  ["%s: label= is for IPv4 addresses only"] = "%1$s：label= 只用于 IPv4 地址",
  ["%s: label longer than 15 bytes"] = "%1$s：标签超过 15 字节",
  ["%s: a label must begin with the device name (%s:...)"] = "%1$s：标签必须以设备名开头（%2$s:...）",
  ["%s: unknown scope (use global, site, link, host or 0-255)"] =
    "%1$s：未知的 scope（可用 global、site、link、host 或 0-255）",
  ["%s: this address is already on %s"] = "%1$s：这个地址已经在 %2$s 上",
  ["%s: cannot add to %s: %s"] = "%1$s：无法添加到 %2$s：%3$s",
  ["%s: no such address on %s %s"] = "%1$s：%2$s 上没有这个地址 %3$s",
  ["%s: cannot delete from %s: %s"] = "%1$s：无法从 %2$s 删除：%3$s",
  ["%s: unknown family (use inet, inet6 or all)"] = "%1$s：未知的地址族（可用 inet、inet6 或 all）",
  ["%s: cannot flush addresses: %s"] = "%1$s：无法清空地址：%2$s",
  -- src/l_link.c and lua/netlearn/linkspec.lua (net.link_add's checks, in Lua)
  ["%s: %s: %s= malformed or out of range"] = "%1$s：%2$s：%3$s= 格式不对或超出范围",
  ["%s need a kernel with %s (module %s); this kernel has none"] =
    "%1$s 需要内核支持 %2$s（模块 %3$s）；这个内核没有",
  ["%s: this kernel has no such device type"] = "%1$s：这个内核没有这种设备类型",
  ["%s: name longer than 15 bytes"] = "%1$s：名字超过 15 字节",
  ["'%s': not a valid device name (1-15 bytes, no '/', ':' or spaces)"] =
    "'%1$s'：不是有效的设备名（1-15 字节，不能含 '/'、':' 或空格）",
  ["%s: a passthru macvlan must be its parent's only macvlan (%s is already on it)"] =
    "%1$s：passthru 模式的 macvlan 必须是其父设备上唯一的 macvlan（%2$s 已经在上面）",
  ["%s: has a passthru macvlan (%s); no other macvlan can join it"] =
    "%1$s：上面已有 passthru 模式的 macvlan（%2$s）；不能再加入别的 macvlan",
  ["%s: local address is not on any interface %s"] = "%1$s：本端地址不在任何接口上 %2$s",
  ["%s: the kernel has no ipip (CONFIG_NET_IPIP) and netlearn's user-space tunnel could not start: %s"] =
    "%1$s：内核没有 ipip（CONFIG_NET_IPIP），netlearn 的用户态隧道也没能启动：%2$s",
  ["link_add: name= is required"] = "link_add：必须给出 name=",
  ["%s: type= is required (%s)"] = "%1$s：必须给出 type=（%2$s）",
  ["%s: unknown device type '%s' (use %s)"] = "%1$s：未知的设备类型 '%2$s'（可用 %3$s）",
  ["%s: no such namespace (netns=)"] = "%1$s：没有这个命名空间（netns=）",
  ["%s: a device with this name already exists %s"] = "%1$s：已有同名设备 %2$s",
  ["%s: mtu %d out of range"] = "%1$s：mtu %2$s 超出范围",
  ["%s: not a MAC address (want aa:bb:cc:dd:ee:ff)"] = "%1$s：不是 MAC 地址（应写成 aa:bb:cc:dd:ee:ff）",
  ["%s: a multicast MAC address cannot be a device's address"] = "%1$s：组播 MAC 地址不能做设备的地址",
  ["%s: peer=, peer_ns= and peer_address= are for type %s only"] =
    "%1$s：peer=、peer_ns= 和 peer_address= 只用于 %2$s 类型",
  ["%s: mode= is for %s only"] = "%1$s：mode= 只用于 %2$s",
  ["%s: a %s needs its id: id=N (0-4094)"] = "%1$s：%2$s 需要它的 id：id=N（0-4094）",
  ["%s: dstport= is for type %s only"] = "%1$s：dstport= 只用于 %2$s 类型",
  ["%s: id= and dstport= are for type %s only"] = "%1$s：id= 和 dstport= 只用于 %2$s 类型",
  ["%s: stp= is for type %s only"] = "%1$s：stp= 只用于 %2$s 类型",
  ["%s: %s= is for %s tunnels only"] = "%1$s：%2$s= 只用于 %3$s 隧道",
  ["%s: link= (a parent device) is for %s"] = "%1$s：link=（父设备）只用于 %2$s",
  ["%s: no such device %s (the parent given as link=)"] = "%1$s：没有设备 %2$s（link= 给出的父设备）",
  ["%s: the two ends of a veth pair need different names"] = "%1$s：veth 对的两端需要不同的名字",
  ["%s: a device with this name already exists %s (peer=)"] = "%1$s：已有同名设备 %2$s（peer=）",
  ["%s: a %s needs a parent device: link=DEV"] = "%1$s：%2$s 需要父设备：link=DEV",
  ["%s: unknown %s mode '%s' (use %s)"] = "%1$s：未知的 %2$s 模式 '%3$s'（可用 %4$s）",
  ["%s: not an IPv4 address"] = "%1$s：不是 IPv4 地址",
  ["%s: ttl %d out of range 0-255"] = "%1$s：ttl %2$s 超出范围 0-255",
  ["%s: remote= must be a unicast address (use group= for multicast)"] =
    "%1$s：remote= 必须是单播地址（组播用 group=）",
  ["%s: a vxlan needs its VNI: id=N (0-16777215)"] = "%1$s：vxlan 需要 VNI：id=N（0-16777215）",
  ["%s: VNI %d out of range 0-16777215"] = "%1$s：VNI %2$s 超出范围 0-16777215",
  ["%s: dstport %d out of range 0-65535"] = "%1$s：dstport %2$s 超出范围 0-65535",
  ["%s: group= must be a multicast address (use remote= for unicast)"] =
    "%1$s：group= 必须是组播地址（单播用 remote=）",
  ["%s: give remote= or group=, not both"] = "%1$s：remote= 和 group= 只能给一个",
  ["%s: a multicast group needs a device: link=DEV"] = "%1$s：组播组需要一个设备：link=DEV",
  ["%s: group= is for %s only"] = "%1$s：group= 只用于 %2$s",
  ["%s: cannot open namespace: %s"] = "%1$s：无法打开命名空间：%2$s",
  ["%s: this kernel has no %s (%s); netlearn's user-space stand-in is made where it runs: create it inside %s instead of netns="] =
    "%1$s：这个内核没有 %2$s（%3$s）；netlearn 的用户态替身只能建在它运行的地方：请在 %4$s 里面创建，不要用 netns=",
  ["%s: this kernel has no %s (%s, module %s), and netlearn's user-space stand-in needs the far end: remote=ADDR"] =
    "%1$s：这个内核没有 %2$s（%3$s，模块 %4$s），netlearn 的用户态替身需要对端地址：remote=ADDR",
  ["%s: a device with this name already exists"] = "%1$s：已有同名设备",
  ["%s: cannot create %s on %s: that parent already carries another kind of device (a macvlan, ipvlan or bridge port cannot share a parent); use another parent"] =
    "%1$s：无法在 %3$s 上创建 %2$s：这个父设备上已有另一种设备（macvlan、ipvlan 和网桥端口不能共用父设备）；请换一个父设备",
  ["%s: cannot create %s: %s"] = "%1$s：无法创建 %2$s：%3$s",
  ["%s: type= and mode= go together, for a macvlan or an ipvlan"] =
    "%1$s：type= 和 mode= 要一起给出，用于 macvlan 或 ipvlan",
  ["%s: it is %s %s, not a %s; only a %s's mode can change in place"] =
    "%1$s：它是 %2$s %3$s，不是 %4$s；只有 %5$s 的模式可以原地修改",
  ["%s: mtu %d out of range %d-%d"] = "%1$s：mtu %2$s 超出范围 %3$s-%4$s",
  ["%s: this device has no Ethernet address to set"] = "%1$s：这个设备没有可设置的以太网地址",
  ["%s: a device with this name already exists %s; rename it with name= while moving"] =
    "%1$s：已有同名设备 %2$s；移动时用 name= 给它改名",
  ["%s: master= and netns= cannot be combined"] = "%1$s：master= 和 netns= 不能同时使用",
  ["%s: no such device %s (the master)"] = "%1$s：没有设备 %2$s（master）",
  ["%s: a device cannot be its own master"] = "%1$s：设备不能做自己的 master",
  ["%s: cannot be a master (only a bridge, bond or vrf can); give a bridge as master="] =
    "%1$s：不能做 master（只有 bridge、bond 或 vrf 可以）；master= 请给一个网桥",
  ["%s: a bridge cannot be a port of another bridge"] = "%1$s：网桥不能做另一个网桥的端口",
  ["%s: this kernel cannot rename a device that is up; set it down first (up=false), then rename"] =
    "%1$s：这个内核不能给处于 up 状态的设备改名；先把它设为 down（up=false），再改名",
  ["%s: cannot move it to %s%s: a %s stays in the namespace it was made in (%s)"] =
    "%1$s：无法把它移到 %2$s%3$s：%4$s 只能留在创建它的命名空间里（%5$s）",
  ["%s: cannot change: %s"] = "%1$s：无法修改：%2$s",
  ["%s: not a bridge port (plug it into a bridge first: master=BR)"] =
    "%1$s：不是网桥端口（先把它接到网桥上：master=BR）",
  ["%s: out of memory"] = "%1$s：内存不足",
  ["%s: cannot set hairpin: %s"] = "%1$s：无法设置 hairpin：%2$s",
  ["%s: the loopback device cannot be deleted"] = "%1$s：回环设备不能删除",
  ["%s: cannot delete: %s"] = "%1$s：无法删除：%2$s",
  ["links did not settle %s within %.1f s: %s"] = "链路在 %2$s 秒内没有稳定下来 %1$s：%3$s",
  ["interrupted"] = "被中断",
  ["field 'master' must be a device name or false"] = "字段 'master' 必须是设备名或 false",
  ["bridge_port_set: hairpin= (true/false) is required"] = "bridge_port_set：必须给出 hairpin=（true/false）",
  ["%s: no such namespace (make it with net.ns_add or `ip netns add %s`)"] =
    "%1$s：没有这个命名空间（用 net.ns_add 或 `ip netns add %2$s` 创建）",
  ["%s: no such device %s"] = "%1$s：没有设备 %2$s",
  -- src/ns.c
  ["%s: not a valid namespace name (one path component, 1-255 bytes)"] =
    "%1$s：不是有效的命名空间名（一个路径分量，1-255 字节）",
  ["%s: cannot create namespace: cannot set its baseline %s: %s"] =
    "%1$s：无法创建命名空间：无法设置它的基线 %2$s：%3$s",
  ["%s: cannot create namespace: %s"] = "%1$s：无法创建命名空间：%2$s",
  ["%s: not a valid namespace name"] = "%1$s：不是有效的命名空间名",
  ["%s: cannot delete namespace: %s"] = "%1$s：无法删除命名空间：%2$s",
  -- src/tunnel.c
  ["ipip: name= is required"] = "ipip：必须给出 name=",
  ["%s: remote= must be an IPv4 address (the far end of the tunnel)"] =
    "%1$s：remote= 必须是 IPv4 地址（隧道的对端）",
  ["%s: local= must be an IPv4 address"] = "%1$s：local= 必须是 IPv4 地址",
  ["%s: ttl must be 0 (inherit) to 255"] = "%1$s：ttl 必须在 0（继承）到 255 之间",
  ["%s: a device of that name exists already"] = "%1$s：已有同名设备",
  ["%s: local address %s is not on this namespace's interfaces"] =
    "%1$s：本端地址 %2$s 不在这个命名空间的接口上",
  ["%s: cannot create the user-space ipip tunnel: %s"] = "%1$s：无法创建用户态 ipip 隧道：%2$s",
  -- src/l_spec.c
  ["%s: options are name=value fields"] = "%1$s：选项是 name=value 形式的字段",
  ["%s: unknown field '%s' (known fields: %s)"] = "%1$s：未知字段 '%2$s'（已知字段：%3$s）",
  ["field '%s' must be a name or an integer"] = "字段 '%1$s' 必须是名字或整数",
  -- src/l_link.c: net.link_del_many (a lab reset's one batch)
  ["link_del_many: out of memory"] = "link_del_many：内存不足",
  ["link_del_many: entry %d is not a device name (a string)"] = "link_del_many：第 %1$s 项不是设备名（字符串）",
  ["link_del_many: cannot delete: %s"] = "link_del_many：无法删除：%1$s",
}
