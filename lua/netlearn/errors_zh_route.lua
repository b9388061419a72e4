--[[ netlearn.errors_zh_route -- the Chinese of the C layer's error messages about
routes, policy rules, neighbours, nf_tables chains and sysctls (src/l_route.c,
src/l_rule.c, lua/netlearn/routespec.lua, src/neigh.c, src/neigh_mod.c, src/l_nft.c, src/l_nat.c,
src/sysctl.c; the neighbours' checks word theirs in lua/netlearn/neighspec.lua). Keys are the exact C format strings; %1$s, %2$s ... are the
format's conversions in order. See netlearn.errors_zh for how they are used. ]]
return {
  -- src/l_nat.c, src/l_nft.c
  ["chain_policy: unknown chain '%s' (use INPUT, FORWARD or OUTPUT)"] =
    "chain_policy：未知的链 '%1$s'（可用 INPUT、FORWARD 或 OUTPUT）",
  ["chain_policy: chain names are upper case, as in iptables: write \"%s\""] =
    "chain_policy：链名是大写的，和 iptables 一样：请写 \"%1$s\"",
  ["chain_policy: %s is a nat chain and has no policy here (policies are for the filter table's INPUT, FORWARD and OUTPUT)"] =
    "chain_policy：%1$s 是 nat 链，这里没有策略（策略只用于 filter 表的 INPUT、FORWARD 和 OUTPUT）",
  ["chain_policy: policy \"%s\" is not \"ACCEPT\" or \"DROP\""] =
    "chain_policy：策略 \"%1$s\" 不是 \"ACCEPT\" 或 \"DROP\"",
  ["nft_list: out of memory"] = "nft_list：内存不足",
  ["nft_del: needs table= (\"nat\" or \"filter\") and handle= (see net.nft_list)"] =
    "nft_del：需要 table=（\"nat\" 或 \"filter\"）和 handle=（见 net.nft_list）",
  ["nft_del: needs handle= a rule's handle, a positive integer (see net.nft_list)"] =
    "nft_del：需要 handle=，即规则的句柄，一个正整数（见 net.nft_list）",
  ["nft_flush: chain=\"%s\" needs table= too (\"nat\" or \"filter\")"] =
    "nft_flush：chain=\"%1$s\" 还需要 table=（\"nat\" 或 \"filter\"）",
  ["%s: table \"%s\" is not \"nat\" or \"filter\""] = "%1$s：表 \"%2$s\" 不是 \"nat\" 或 \"filter\"",
  ["nft_chain_add: %s is a built-in chain's name"] = "nft_chain_add：%1$s 是内置链的名字",
  ["nft_chain_add: '%s' is not a chain name (1-28 characters, no spaces, not starting with '-' or '!')"] =
    "nft_chain_add：'%1$s' 不是链名（1-28 个字符，不含空格，不以 '-' 或 '!' 开头）",
  ["nft_chain_del: %s is a built-in chain and cannot be deleted"] = "nft_chain_del：%1$s 是内置链，不能删除",
  ["nft_chain_rename: handle %d is not a chain's handle (see net.nft_list)"] =
    "nft_chain_rename：句柄 %1$s 不是链的句柄（见 net.nft_list）",
  ["nft_chain_rename: %s is a built-in chain's name"] = "nft_chain_rename：%1$s 是内置链的名字",
  ["nft_chain_rename: '%s' is not a chain name (1-28 characters, no spaces, not starting with '-' or '!')"] =
    "nft_chain_rename：'%1$s' 不是链名（1-28 个字符，不含空格，不以 '-' 或 '!' 开头）",
  -- src/nft.c: what an nf_tables change was about
  ["unknown chain '%s' in table %s (chains: PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING, or a user chain made with net.nft_chain_add)"] =
    "表 %2$s 里没有链 '%1$s'（链：PREROUTING、INPUT、FORWARD、OUTPUT、POSTROUTING，或用 net.nft_chain_add 建的用户链）",
  ["unknown target '%s' (targets: ACCEPT, DROP, REJECT, RETURN, MASQUERADE, SNAT, DNAT, or a user chain of table %s made with net.nft_chain_add)"] =
    "未知的目标 '%1$s'（目标：ACCEPT、DROP、REJECT、RETURN、MASQUERADE、SNAT、DNAT，或表 %2$s 里用 net.nft_chain_add 建的用户链）",
  ["counters of table %.63s"] = "表 %1$s 的计数器",
  ["counters of table %.63s (over %d rules)"] = "表 %1$s 的计数器（超过 %2$s 条规则）",
  ["no rule with handle %llu in table %.63s"] = "表 %2$s 里没有句柄为 %1$s 的规则",
  ["no table %.63s (nothing was added to it yet)"] = "没有表 %1$s（还没有往里面加过东西）",
  ["rule %llu of table %s is in chain %s, not %.63s"] = "表 %2$s 的规则 %1$s 在链 %3$s 里，不在 %4$s 里",
  ["no table %.63s"] = "没有表 %1$s",
  ["no chain %.63s in table %.63s"] = "表 %2$s 里没有链 %1$s",
  -- lua/netlearn/routespec.lua (the checks of the route bindings, once in src/l_route.c);
  -- the reason after a prefix is parse.api_prefix's, put in Chinese by errors_zh.NOUNS
  ["%s: dst %s: %s"] = "%1$s：dst %2$s 有误：%3$s",
  ["%s: from %s: %s"] = "%1$s：from %2$s 有误：%3$s",
  ["%s: to %s: %s"] = "%1$s：to %2$s 有误：%3$s",
  ["%s: dst missing (a prefix such as 10.0.2.0/24, an address, or \"default\")"] =
    "%1$s：缺少 dst（一个前缀如 10.0.2.0/24、一个地址，或 \"default\"）",
  ["%s: dst %s has host bits set; write the network, %s/%d"] =
    "%1$s：dst %2$s 的主机位不为零；请写网络地址 %3$s/%4$s",
  ["%s %s: via %s: not an IP address (write a next hop such as 10.0.2.1)"] =
    "%1$s %2$s：via %3$s：不是 IP 地址（请写下一跳，如 10.0.2.1）",
  ["%s %s: dev \"%s\": not a device name (1-15 bytes)"] = "%1$s %2$s：dev \"%3$s\"：不是设备名（1-15 字节）",
  ["%s %s: metric must be an integer 0-4294967295"] = "%1$s %2$s：metric 必须是 0-4294967295 的整数",
  ["%s %s: table \"%s\": not a table (main, local, default or 1-4294967295)"] =
    "%1$s %2$s：table \"%3$s\"：不是路由表（main、local、default 或 1-4294967295）",
  ["%s %s: scope \"%s\": not a scope (global, link, host or 0-255)"] =
    "%1$s %2$s：scope \"%3$s\"：不是 scope（global、link、host 或 0-255）",
  ["%s %s: proto \"%s\": not a protocol (boot, static, kernel, dhcp or 0-255)"] =
    "%1$s %2$s：proto \"%3$s\"：不是协议（boot、static、kernel、dhcp 或 0-255）",
  ["%s %s: type \"%s\": not a route type (unicast, local, blackhole, unreachable, prohibit, throw)"] =
    "%1$s %2$s：type \"%3$s\"：不是路由类型（unicast、local、blackhole、unreachable、prohibit、throw）",
  ["%s %s: src %s: not an IP address"] = "%1$s %2$s：src %3$s：不是 IP 地址",
  ["%s %s: mixes IPv4 and IPv6 addresses"] = "%1$s %2$s：混用了 IPv4 和 IPv6 地址",
  ["%s %s: give via= (a next hop) or dev= (a device) for a unicast route"] =
    "%1$s %2$s：单播路由要给出 via=（下一跳）或 dev=（设备）",
  ["%s %s: no such route (No such process)"] = "%1$s %2$s：没有这条路由（No such process）",
  ["route list: table \"%s\": not a table (main, local, default, all or 1-4294967295)"] =
    "route list：table \"%1$s\"：不是路由表（main、local、default、all 或 1-4294967295）",
  ["route list: family \"%s\": use inet, inet6 or all"] = "route list：地址族 \"%1$s\"：可用 inet、inet6 或 all",
  ["route list: cannot read the devices: %s"] = "route list：无法读取设备：%1$s",
  ["route get %s: not an IP address (write one address, such as 10.0.2.2)"] =
    "route get %1$s：不是 IP 地址（请写一个地址，如 10.0.2.2）",
  ["route get %s: from %s: not an address of the same family"] = "route get %1$s：from %2$s：不是同一地址族的地址",
  ["route get %s iif %s: Invalid argument (with iif=, give from= too: the source of the arriving packet)"] =
    "route get %1$s iif %2$s：Invalid argument（用 iif= 时还要给出 from=：到达的包的源地址）",
  -- src/luax.c's l_fail_field with no name: the route and rule bindings' one plain refusal (routespec.lua checks first)
  ["%s: %s= malformed or out of range"] = "%1$s：%2$s= 格式不对或超出范围",
  -- lua/netlearn/neighspec.lua (net.neigh_set/neigh_list/neigh_flush's checks, in Lua)
  ["neigh list: family \"%s\": use inet, inet6 or all"] = "neigh list：地址族 \"%1$s\"：可用 inet、inet6 或 all",
  ["neigh list: cannot read the devices: %s"] = "neigh list：无法读取设备：%1$s",
  ["neigh flush: family \"%s\": use inet, inet6 or all"] = "neigh flush：地址族 \"%1$s\"：可用 inet、inet6 或 all",
  ["neigh flush: dev \"%s\": not a device name (1-15 bytes)"] = "neigh flush：dev \"%1$s\"：不是设备名（1-15 字节）",
  ["neigh %s: \"%s\": not an IPv4 or IPv6 address"] = "neigh %1$s：\"%2$s\"：不是 IPv4 或 IPv6 地址",
  ["neigh %s: a device (dev) is required"] = "neigh %1$s：必须给出设备（dev）",
  ["neigh %s: lladdr \"%s\": not a MAC address"] = "neigh %1$s：lladdr \"%2$s\"：不是 MAC 地址",
  ["neigh %s: nud \"%s\": unknown state"] = "neigh %1$s：nud \"%2$s\"：未知状态",
  -- lua/netlearn/routespec.lua (the checks of the rule bindings, once in src/l_rule.c)
  ["rule list: family \"%s\": use inet or inet6"] = "rule list：地址族 \"%1$s\"：可用 inet 或 inet6",
  ["%s: priority must be an integer 0-4294967295"] = "%1$s：priority 必须是 0-4294967295 的整数",
  ["%s: from and to mix IPv4 and IPv6"] = "%1$s：from 和 to 混用了 IPv4 和 IPv6",
  ["%s: family \"%s\": use inet or inet6"] = "%1$s：地址族 \"%2$s\"：可用 inet 或 inet6",
  ["%s: a prefix of the other family than %s"] = "%1$s：前缀的地址族不是 %2$s",
  ["%s: iif \"%s\": not a device name (1-15 bytes)"] = "%1$s：iif \"%2$s\"：不是设备名（1-15 字节）",
  ["%s: oif \"%s\": not a device name (1-15 bytes)"] = "%1$s：oif \"%2$s\"：不是设备名（1-15 字节）",
  ["%s: table \"%s\": not a table (main, local, default or 1-4294967295)"] =
    "%1$s：table \"%2$s\"：不是路由表（main、local、default 或 1-4294967295）",
  ["%s: action \"%s\": use lookup, blackhole, unreachable, prohibit or nop"] =
    "%1$s：action \"%2$s\"：可用 lookup、blackhole、unreachable、prohibit 或 nop",
  ["%s: table= goes with action \"lookup\" only"] = "%1$s：table= 只和 action \"lookup\" 一起用",
  ["%s: fwmark must be an integer 0-4294967295"] = "%1$s：fwmark 必须是 0-4294967295 的整数",
  ["rule del: say which rule (priority=, from=, to=, iif=, oif= or table=); an empty selector would delete the first rule, 0 local"] =
    "rule del：请说明删除哪条规则（priority=、from=、to=、iif=、oif= 或 table=）；空的选择器会删除第一条规则 0 local",
  ["rule del: no such rule (No such file or directory)"] = "rule del：没有这条规则（No such file or directory）",
  ["rule add: File exists (a rule with the same priority and selectors is there)"] =
    "rule add：File exists（已有优先级和选择器都相同的规则）",
  -- src/sysctl.c
  ["%s: not a sysctl under /proc/sys/net"] = "%1$s：不是 /proc/sys/net 下的 sysctl",
  ["sysctl: cannot stat %s: No such file or directory (no sysctl %s)"] =
    "sysctl: cannot stat %1$s: No such file or directory（没有 sysctl %2$s）",
  ["%s: is a group of sysctls, not one; list it with sysctl_list(ns, \"%s\")"] =
    "%1$s：是一组 sysctl，不是一个；用 sysctl_list(ns, \"%2$s\") 列出",
  ["%s: value must be one line of 1-%d bytes"] = "%1$s：值必须是一行，1-%2$s 字节",
  ["%s: \"%s\" is not an integer; this sysctl takes integers (e.g. 0 or 1)"] =
    "%1$s：\"%2$s\" 不是整数；这个 sysctl 只接受整数（如 0 或 1）",
  ["%s: \"%s\" has more numbers than this sysctl holds"] = "%1$s：\"%2$s\" 的数字个数比这个 sysctl 能存的多",
  ["%s: the kernel refused \"%s\" (Invalid argument; out of range?)"] =
    "%1$s：内核拒绝了 \"%2$s\"（Invalid argument；超出范围？）",
  ["%s: permission denied (read-only sysctl, or not writable from a lab namespace)"] =
    "%1$s：权限不足（只读的 sysctl，或不能从实验的命名空间写入）",
  ["%s: prefix too long"] = "%1$s：前缀太长",
  ["%s: not a sysctl prefix under /proc/sys/net"] = "%1$s：不是 /proc/sys/net 下的 sysctl 前缀",
  ["%s: cannot set %s: %s"] = "%1$s：无法设置 %2$s：%3$s",
  ["bad argument #%d: entry %d must be {\"net/PATH\", \"VALUE\"} (one '*' component at most, not last; no empty, \".\" or \"..\" parts)"] =
    "第 %1$s 个参数有误：第 %2$s 项必须是 {\"net/PATH\", \"VALUE\"}（最多一个 '*' 分量，且不在最后；不能有空的、\".\" 或 \"..\" 部分）",
}
