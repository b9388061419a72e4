--[[ netlearn.errors_zh_probe -- the Chinese of the C layer's error messages about
probes and the Lua bindings' helpers: tcpdump's capture, ping and ping6,
traceroute, the http client and server, processes, pcap files, argument
checks (src/l_capture.c, src/ping.c, src/ping6.c, src/trace.c, src/l_http.c,
src/proc.c, src/pcapfile.c, src/probe_util.c, src/lnet.c, src/limits.c).
Keys are the exact C format strings; %1$s, %2$s ... are the format's
conversions in order. The real tool's own words inside a message stay in
English (the learner reads them on a real machine too); only netlearn's
additions are Chinese. See netlearn.errors_zh for how they are used. ]]
return {
  -- src/l_capture.c
  ["net.capture_open: ring_kib= malformed or out of range (1..%d)"] =
    "net.capture_open：ring_kib= 格式不对或超出范围（1..%1$s）",
  ["tcpdump: %s: That device is not up (bring it up with 'ip link set %s up')"] =
    "tcpdump: %1$s: That device is not up（用 'ip link set %2$s up' 启用它）",
  ["capture is closed"] = "抓包已经关闭",
  ["net.capture_warm: ring_kib= malformed or out of range (1..%d)"] =
    "net.capture_warm：ring_kib= 格式不对或超出范围（1..%1$s）",
  ["net.capture_warm: count= out of range (1..8)"] = "net.capture_warm：count= 超出范围（1..8）",
  ["net.capture_warm: cannot enter namespace '%s': %s"] = "net.capture_warm：无法进入命名空间 '%1$s'：%2$s",
  ["net.capture_open_many: entry %d must be a table"] = "net.capture_open_many：第 %1$s 项必须是表",
  ["net.capture_open_many: entry %d: field '%s' must be a string"] =
    "net.capture_open_many：第 %1$s 项：字段 '%2$s' 必须是字符串",
  ["net.capture_open_many: entry %d: ring_kib= out of range (1..%d)"] =
    "net.capture_open_many：第 %1$s 项：ring_kib= 超出范围（1..%2$s）",
  ["out of memory"] = "内存不足",
  ["%s: no such namespace (create it with 'ip netns add %s')"] = "%1$s：没有这个命名空间（用 'ip netns add %2$s' 创建）",
  -- src/broker.c
  ["%s: the file name contains a NUL byte"] = "%1$s：文件名里有 NUL 字节",
  -- src/l_http.c
  ["port number invalid: %lld (use 1-65535)"] = "端口号无效：%1$s（可用 1-65535）",
  ["bad timeout %g (use seconds above 0)"] = "超时无效 %1$s（请用大于 0 的秒数）",
  ["%s: no such namespace"] = "%1$s：没有这个命名空间",
  ["%s: not an IPv4 address (write it as a.b.c.d)"] = "%1$s：不是 IPv4 地址（应写成 a.b.c.d）",
  ["connect to %s port %lld (tcp): interrupted"] = "connect to %1$s port %2$s (tcp)：被中断",
  ["%s: not an IPv4 address to bind to (write it as a.b.c.d, 0.0.0.0 for all)"] =
    "%1$s：不是可绑定的 IPv4 地址（应写成 a.b.c.d，0.0.0.0 表示全部）",
  ["port %g: use a port number 1-65535"] = "端口 %1$s：请用 1-65535 的端口号",
  ["%s: not a directory to serve"] = "%1$s：不是可提供服务的目录",
  ["net.http_serve: a lesson's server serves no directory and writes no log (it answers with an empty listing)"] =
    "net.http_serve：课程里的服务器不提供目录，也不写日志（它回答一个空列表）",
  -- src/lnet.c, src/limits.c, src/probe_util.c
  ["sleep: interrupted"] = "sleep：被中断",
  ["lab_quiet_wait: interrupted"] = "lab_quiet_wait：被中断",
  ["lab_quiet_facts: %s"] = "lab_quiet_facts：读取实验环境失败：%1$s",
  ["net.%s: argument %d holds a string with a NUL byte inside; names, addresses and paths cannot contain one"] =
    "net.%1$s：第 %2$s 个参数的字符串里有 NUL 字节；名字、地址和路径都不能含有它",
  ["field '%s' must be a string"] = "字段 '%1$s' 必须是字符串",
  ["field '%s' must be an integer"] = "字段 '%1$s' 必须是整数",
  ["field '%s' must be a number"] = "字段 '%1$s' 必须是数字",
  ["heap_limit: the allocator is not netlearn's"] = "heap_limit：内存分配器不是 netlearn 的",
  -- src/pcapfile.c
  ["net.pcap_write: a lesson writes no file"] = "net.pcap_write：课程不写文件",
  ["pcap_write: packet %d is not a table"] = "pcap_write：第 %1$s 个包不是表",
  ["pcap_write: packet %d has no data"] = "pcap_write：第 %1$s 个包没有数据",
  -- src/ping.c, src/ping6.c (ping's own words before the bracket stay)
  ["bad number of packets to transmit: %g (use a whole number, 0 for no limit)"] =
    "bad number of packets to transmit: %1$s（请用整数，0 表示不限）",
  ["bad timing interval: %g (use at least 0.001 seconds)"] = "bad timing interval: %1$s（至少 0.001 秒）",
  ["bad linger time: %g (use a number of seconds above 0)"] = "bad linger time: %1$s（请用大于 0 的秒数）",
  ["bad wait time: %g (use a number of seconds, 0 for none)"] = "bad wait time: %1$s（请用秒数，0 表示不等）",
  ["%s: not an interface name (1-15 bytes)"] = "%1$s：不是接口名（1-15 字节）",
  ["%s: no such interface for the zone after %% ('ip link' lists them)"] =
    "%1$s：%% 后面的区域没有这个接口（'ip link' 列出接口）",
  ["%s: not an IPv6 address (write it like 2001:db8::1 or fe80::1%%eth0)"] =
    "%1$s：不是 IPv6 地址（应写成 2001:db8::1 或 fe80::1%%eth0 这样）",
  ["%s: not an IPv6 source address (write it like 2001:db8::1)"] = "%1$s：不是 IPv6 源地址（应写成 2001:db8::1 这样）",
  ["%s: not an IPv4 source address (write it as a.b.c.d)"] = "%1$s：不是 IPv4 源地址（应写成 a.b.c.d）",
  ["field 'pattern' must be a string of 1 to 16 bytes"] = "字段 'pattern' 必须是 1 到 16 字节的字符串",
  -- src/proc.c
  ["net.run: a lesson starts no program (it runs netlearn commands only; the learner runs real programs with '!' in the shell)"] =
    "net.run：课程不启动程序（它只运行 netlearn 命令；学习者在 shell 里用 '!' 运行真实程序）",
  -- src/trace.c (traceroute's own words before the bracket stay)
  ["max hops cannot be more than 255 (got %g)"] = "max hops cannot be more than 255（收到 %1$s）",
  ["first hop out of range: %g (use 1 to max_hops)"] = "first hop out of range: %1$s（可用 1 到 max_hops）",
  ["no more than %d probes per hop (got %g)"] = "no more than %1$s probes per hop（收到 %2$s）",
  ["bad wait time: %g (use 0 < wait <= 60 seconds)"] = "bad wait time: %1$s（可用 0 < wait <= 60 秒）",
  ["bad port: %g (use 1-65535)"] = "bad port: %1$s（可用 1-65535）",
  ["bad packet length: %g (use 28-65000 bytes)"] = "bad packet length: %1$s（可用 28-65000 字节）",
  ["bad retries: %g (use 0-10)"] = "bad retries: %1$s（可用 0-10）",
}
