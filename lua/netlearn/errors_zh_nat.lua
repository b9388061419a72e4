--[[ netlearn.errors_zh_nat -- the Chinese of the checks of a NAT or filter
rule (lua/netlearn/natspec.lua's words; src/l_nat.c's and src/l_nft_match.c's
BAD(...) words and l_nft_fail's sentences). Keys are the exact C format strings; %1$s, %2$s ...
are the format's conversions in order. See netlearn.errors_zh. ]]
return {
  ["%s: the rule needs chain= (%s)"] = "%1$s：规则需要 chain=（%2$s）",
  ["%s: '%s' is not a chain name (PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING, or a user chain: 1-28 characters, no spaces)"] =
    "%1$s：'%2$s' 不是链名（PREROUTING、INPUT、FORWARD、OUTPUT、POSTROUTING，或用户链：1-28 个字符，不含空格）",
  ["%s: chain names are upper case, as in iptables: write chain=\"%s\""] =
    "%1$s：链名是大写的，和 iptables 一样：请写 chain=\"%2$s\"",
  ["%s: the nat table has no FORWARD chain (use PREROUTING, INPUT, OUTPUT or POSTROUTING; FORWARD filtering is net.filter_add)"] =
    "%1$s：nat 表没有 FORWARD 链（可用 PREROUTING、INPUT、OUTPUT 或 POSTROUTING；FORWARD 过滤用 net.filter_add）",
  ["%s: the filter table has no %s chain (use INPUT, FORWARD or OUTPUT; NAT is net.nat_add)"] =
    "%1$s：filter 表没有 %2$s 链（可用 INPUT、FORWARD 或 OUTPUT；NAT 用 net.nat_add）",
  ["%s: the rule needs target= (%s)"] = "%1$s：规则需要 target=（%2$s）",
  ["%s: unknown target '%s' (targets: ACCEPT, DROP, REJECT, RETURN, MASQUERADE, SNAT, DNAT, MARK, or a user chain's name)"] =
    "%1$s：未知的目标 '%2$s'（目标：ACCEPT、DROP、REJECT、RETURN、MASQUERADE、SNAT、DNAT、MARK，或用户链的名字）",
  ["%s: goto= needs a user chain as target, not %s"] = "%1$s：goto= 的目标必须是用户链，不能是 %2$s",
  ["%s: target names are upper case, as in iptables: write target=\"%s\""] =
    "%1$s：目标名是大写的，和 iptables 一样：请写 target=\"%2$s\"",
  ["%s: the nat table is not for filtering, so %s is not allowed there (use net.filter_add in INPUT, FORWARD or OUTPUT)"] =
    "%1$s：nat 表不用于过滤，所以那里不能用 %2$s（在 INPUT、FORWARD 或 OUTPUT 里用 net.filter_add）",
  ["%s: %s rewrites addresses and belongs in the nat table (use net.nat_add)"] =
    "%1$s：%2$s 改写地址，属于 nat 表（用 net.nat_add）",
  ["%s: MASQUERADE works only in chain POSTROUTING, not %s"] = "%1$s：MASQUERADE 只能用在 POSTROUTING 链，不能用在 %2$s",
  ["%s: SNAT works only in chains POSTROUTING and INPUT, not %s (to change the destination use DNAT)"] =
    "%1$s：SNAT 只能用在 POSTROUTING 和 INPUT 链，不能用在 %2$s（改目的地址用 DNAT）",
  ["%s: DNAT works only in chains PREROUTING and OUTPUT (locally made packets), not %s (to change the source use SNAT or MASQUERADE)"] =
    "%1$s：DNAT 只能用在 PREROUTING 和 OUTPUT 链（本机发出的包），不能用在 %2$s（改源地址用 SNAT 或 MASQUERADE）",
  ["%s: src=\"%s\" is not an IPv4 address or prefix (write a.b.c.d or a.b.c.d/len, len 0-32)"] =
    "%1$s：src=\"%2$s\" 不是 IPv4 地址或前缀（应写成 a.b.c.d 或 a.b.c.d/len，len 为 0-32）",
  ["%s: dst=\"%s\" is not an IPv4 address or prefix (write a.b.c.d or a.b.c.d/len, len 0-32)"] =
    "%1$s：dst=\"%2$s\" 不是 IPv4 地址或前缀（应写成 a.b.c.d 或 a.b.c.d/len，len 为 0-32）",
  ["%s: iif= cannot be used in chain %s (as in iptables, -i is for PREROUTING, INPUT and FORWARD)"] =
    "%1$s：iif= 不能用在 %2$s 链（和 iptables 一样，-i 用于 PREROUTING、INPUT 和 FORWARD）",
  ["%s: oif= cannot be used in chain %s: the way out is not chosen yet (as in iptables, -o is for FORWARD, OUTPUT and POSTROUTING)"] =
    "%1$s：oif= 不能用在 %2$s 链：出口还没有选定（和 iptables 一样，-o 用于 FORWARD、OUTPUT 和 POSTROUTING）",
  ["%s: proto=\"%s\" is not known (use \"tcp\", \"udp\", \"icmp\" or \"all\")"] =
    "%1$s：不认识 proto=\"%2$s\"（可用 \"tcp\"、\"udp\"、\"icmp\" 或 \"all\"）",
  ["%s: %s=%s is not a port range: the first port is above the second (write lo:hi)"] =
    "%1$s：%2$s=%3$s 不是端口范围：第一个端口比第二个大（应写成 lo:hi）",
  ["%s: %s=%s is not a port (0-65535) or a range lo:hi"] = "%1$s：%2$s=%3$s 不是端口（0-65535）或范围 lo:hi",
  ["%s: %s= needs proto=\"tcp\" or proto=\"udp\" (as iptables' --%s needs -p tcp)"] =
    "%1$s：%2$s= 需要 proto=\"tcp\" 或 proto=\"udp\"（和 iptables 的 --%3$s 需要 -p tcp 一样）",
  ["%s: not_proto=true cannot go with ports (they need that protocol)"] =
    "%1$s：not_proto=true 不能和端口一起用（端口需要那个协议）",
  ["%s: src_type=\"%s\": bad type \"%s\" (UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE, UNSPEC)"] =
    "%1$s：src_type=\"%2$s\"：错误的类型 \"%3$s\"（UNICAST、LOCAL、BROADCAST、ANYCAST、MULTICAST、BLACKHOLE、UNREACHABLE、PROHIBIT、THROW、NAT、XRESOLVE、UNSPEC）",
  ["%s: dst_type=\"%s\": bad type \"%s\" (UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE, UNSPEC)"] =
    "%1$s：dst_type=\"%2$s\"：错误的类型 \"%3$s\"（UNICAST、LOCAL、BROADCAST、ANYCAST、MULTICAST、BLACKHOLE、UNREACHABLE、PROHIBIT、THROW、NAT、XRESOLVE、UNSPEC）",
  ["%s: ctstate=\"%s\": bad state \"%s\" (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED, SNAT, DNAT)"] =
    "%1$s：ctstate=\"%2$s\"：错误的状态 \"%3$s\"（NEW、ESTABLISHED、RELATED、INVALID、UNTRACKED、SNAT、DNAT）",
  ["%s: to= is only for SNAT and DNAT%s"] = "%1$s：to= 只用于 SNAT 和 DNAT%2$s",
  ["%s: %s needs to=\"a.b.c.d\" or to=\"a.b.c.d:port\""] = "%1$s：%2$s 需要 to=\"a.b.c.d\" 或 to=\"a.b.c.d:port\"",
  ["%s: to=\"%s\" has no address (write to=\"a.b.c.d%s\")"] = "%1$s：to=\"%2$s\" 没有地址（应写成 to=\"a.b.c.d%3$s\"）",
  ["%s: to=\"%s\" is not a.b.c.d or a.b.c.d:port"] = "%1$s：to=\"%2$s\" 不是 a.b.c.d 或 a.b.c.d:port",
  ["%s: to=\"%s\": %s is not an IPv4 address"] = "%1$s：to=\"%2$s\"：%3$s 不是 IPv4 地址",
  ["%s: to=\"%s\": '%s' is not a port (1-65535)"] = "%1$s：to=\"%2$s\"：'%3$s' 不是端口（1-65535）",
  ["%s: to=\"%s\" changes a port, which needs proto=\"tcp\" or proto=\"udp\""] =
    "%1$s：to=\"%2$s\" 改了端口，这需要 proto=\"tcp\" 或 proto=\"udp\"",
  ["%s: position=\"%s\" is not \"append\" or \"insert\""] = "%1$s：position=\"%2$s\" 不是 \"append\" 或 \"insert\"",
  ["%s: before= and replace= take a rule's handle (see net.nft_list)"] =
    "%1$s：before= 和 replace= 的值是规则的句柄（见 net.nft_list）",
  ["%s: before= and replace= cannot go together"] = "%1$s：before= 和 replace= 不能同时使用",
  ["%s: %s: it already exists with another type, hook or priority (made outside netlearn? run `nft list ruleset` to see it)"] =
    "%1$s：%2$s：它已经以另一种类型、钩子或优先级存在（是在 netlearn 之外建的？用 `nft list ruleset` 查看）",
  -- src/l_nat.c: what a kernel without nf_tables pieces lacks
  ["nf_tables is missing: NAT and filtering need a kernel with CONFIG_NF_TABLES (module nf_tables); this kernel has none"] =
    "缺少 nf_tables：NAT 和过滤需要内核支持 CONFIG_NF_TABLES（模块 nf_tables）；这个内核没有",
  ["NAT chains need a kernel with nf_tables NAT: CONFIG_NF_TABLES, CONFIG_NFT_NAT (module nft_chain_nat); this kernel has none"] =
    "NAT 链需要内核支持 nf_tables NAT：CONFIG_NF_TABLES、CONFIG_NFT_NAT（模块 nft_chain_nat）；这个内核没有",
  ["MASQUERADE (written as iptables-nft writes it) needs a kernel with CONFIG_NFT_COMPAT and CONFIG_NETFILTER_XT_TARGET_MASQUERADE (modules nft_compat, xt_MASQUERADE); this kernel has none"] =
    "MASQUERADE（按 iptables-nft 的写法）需要内核支持 CONFIG_NFT_COMPAT 和 CONFIG_NETFILTER_XT_TARGET_MASQUERADE（模块 nft_compat、xt_MASQUERADE）；这个内核没有",
  ["SNAT and DNAT (written as iptables-nft writes them) need a kernel with CONFIG_NFT_COMPAT and CONFIG_NETFILTER_XT_NAT (modules nft_compat, xt_nat); this kernel has none"] =
    "SNAT 和 DNAT（按 iptables-nft 的写法）需要内核支持 CONFIG_NFT_COMPAT 和 CONFIG_NETFILTER_XT_NAT（模块 nft_compat、xt_nat）；这个内核没有",
  ["REJECT (written as iptables-nft writes it) needs a kernel with CONFIG_NFT_COMPAT and CONFIG_IP_NF_TARGET_REJECT (modules nft_compat, ipt_REJECT); this kernel has none"] =
    "REJECT（按 iptables-nft 的写法）需要内核支持 CONFIG_NFT_COMPAT 和 CONFIG_IP_NF_TARGET_REJECT（模块 nft_compat、ipt_REJECT）；这个内核没有",
  ["this rule needs nf_tables expressions (meta, payload, cmp, range, counter, and for -m addrtype / -m conntrack the xtables matches: CONFIG_NFT_COMPAT, CONFIG_NETFILTER_XT_MATCH_ADDRTYPE, CONFIG_NETFILTER_XT_MATCH_CONNTRACK) that this kernel lacks"] =
    "这条规则需要这个内核没有的 nf_tables 表达式（meta、payload、cmp、range、counter，以及 -m addrtype / -m conntrack 用的 xtables 匹配：CONFIG_NFT_COMPAT、CONFIG_NETFILTER_XT_MATCH_ADDRTYPE、CONFIG_NETFILTER_XT_MATCH_CONNTRACK）",
  -- src/nat.c
  ["rule: %s=\"%s\" is not an interface name (1-15 bytes, no '/' or spaces; a trailing '+' matches every name that starts so)"] =
    "rule：%1$s=\"%2$s\" 不是接口名（1-15 字节，不含 '/' 或空格；结尾的 '+' 匹配所有以此开头的名字）",
  -- src/nft_match.c
  ["%s: %s=true needs %s= too (it negates that match)"] = "%1$s：%2$s=true 还需要 %3$s=（它对那个匹配取反）",
  ["%s: multiport_dir=\"%s\" is not \"sports\", \"dports\" or \"ports\""] =
    "%1$s：multiport_dir=\"%2$s\" 不是 \"sports\"、\"dports\" 或 \"ports\"",
  ["%s: multiport=\"%s\" is not a list of at most 15 ports and ranges (e.g. \"22,80,8000:8080\"; a range counts twice)"] =
    "%1$s：multiport=\"%2$s\" 不是最多 15 个端口和范围的列表（例如 \"22,80,8000:8080\"；一个范围算两个）",
  ["%s: multiport= needs proto=\"tcp\" or proto=\"udp\" (as iptables' -m multiport needs -p tcp)"] =
    "%1$s：multiport= 需要 proto=\"tcp\" 或 proto=\"udp\"（和 iptables 的 -m multiport 需要 -p tcp 一样）",
  ["%s: mark=\"%s\" is not a mark VALUE or VALUE/MASK (numbers up to 0xffffffff, e.g. \"0x1/0xff\")"] =
    "%1$s：mark=\"%2$s\" 不是标记 VALUE 或 VALUE/MASK（数字最大 0xffffffff，例如 \"0x1/0xff\"）",
  ["%s: set_xmark= goes with target=\"MARK\""] = "%1$s：set_xmark= 要和 target=\"MARK\" 一起用",
  ["%s: target=\"MARK\" needs set_xmark=\"VALUE/MASK\" (e.g. \"0x1/0xffffffff\" sets the mark to 1)"] =
    "%1$s：target=\"MARK\" 需要 set_xmark=\"VALUE/MASK\"（例如 \"0x1/0xffffffff\" 把标记设为 1）",
  ["%s: set_xmark=\"%s\" is not VALUE[/MASK] (numbers up to 0xffffffff, e.g. \"0x1/0xff\")"] =
    "%1$s：set_xmark=\"%2$s\" 不是 VALUE[/MASK]（数字最大 0xffffffff，例如 \"0x1/0xff\"）",
  ["%s: state=\"%s\": bad state \"%s\" (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED)"] =
    "%1$s：state=\"%2$s\"：错误的状态 \"%3$s\"（NEW、ESTABLISHED、RELATED、INVALID、UNTRACKED）",
  ["%s: comment= is longer than 255 characters"] = "%1$s：comment= 超过 255 个字符",
  ["%s: order=: \"%s\" is not a match (addrtype, conntrack, state, multiport, mark, comment)"] =
    "%1$s：order=：\"%2$s\" 不是匹配（addrtype、conntrack、state、multiport、mark、comment）",
}
