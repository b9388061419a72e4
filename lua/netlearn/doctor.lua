--[[ netlearn.doctor -- what this machine gives a lab, found by trying.

`netlearn doctor` makes a scratch namespace inside the sandbox and tries each
feature the lessons use: every device type (each kind of netlearn.kinds, and
tun), nf_tables NAT, packet capture (AF_PACKET), raw ICMP,
and notes whether the sandbox is rootless. Nothing is read from kernel config
files: a feature is there when it works. For each missing one it names the
kernel option (and module) that provides it and the lessons that need it.
It also says which of the machine's own network settings differ from
netlearn's baseline (read before the sandbox is entered: baseline.snapshot_machine)
-- the lab is not affected, every namespace starts from the baseline -- and
whether br_netfilter is loaded.

  local doctor = require("netlearn.doctor")
  for _, r in ipairs(doctor.run()) do print(r.name, r.ok, r.detail) end
]]
local net = require("netlearn.core")
local kinds = require("netlearn.kinds")

local M = {}

local SCRATCH = "nl-doctor"

-- en or zh, in the learner's language (netlearn.i18n)
local function L(en, zh)
  return require("netlearn.i18n").lang == "zh" and zh or en
end

-- what each check gives a learner, in Chinese (the English is in the checks;
-- a device type's words are its kind's: netlearn.kinds)
local WHAT_ZH = {
  sandbox = "用户、挂载、网络和 PID 命名空间",
  tun = "TUN 设备（用户态 ipip 替身用）", nat = "nf_tables NAT（masquerade、snat、dnat）",
  capture = "抓包（AF_PACKET）", ping = "原始 ICMP 套接字（ping、traceroute）",
}

-- name, what a learner gets from it, kernel option, module, how to try it,
-- whether it needs a parent: one per link kind (lua/netlearn/kinds/*.lua)
local DEVICES = {}
for _, k in ipairs(kinds.all()) do
  local what = k.what or k.noun
  DEVICES[#DEVICES + 1] = { k.name, what.en, k.config, k.module, k.probe, k.probe_parent }
  WHAT_ZH[k.name] = what.zh
end
M.DEVICES = DEVICES

local function scratch()
  if net.ns_exists(SCRATCH) then net.ns_del(SCRATCH) end
  return net.ns_add(SCRATCH)
end

local function try_device(d)
  local ok, err = scratch()
  if not ok then return false, err end
  local spec = { name = "dr0" }
  for k, v in pairs(d[5]) do spec[k] = v end
  if d[6] then
    local p, e = net.link_add(SCRATCH, { name = "drparent", type = "veth", peer = "drpeer" })
    if not p then net.ns_del(SCRATCH) return false, e end
    spec.link = "drparent"
  end
  if spec["local"] then
    -- a tunnel's local address must be the namespace's own (ipip's stand-in binds to it)
    net.link_set(SCRATCH, "lo", { up = true })
    net.addr_add(SCRATCH, "lo", spec["local"] .. "/32")
  end
  local r, e = net.link_add(SCRATCH, spec)
  local info = r and net.link_get(SCRATCH, "dr0")
  net.ns_del(SCRATCH)
  if not r then return false, e end
  if info and info.userspace then
    return "fallback", L("the kernel has none; netlearn's user-space stand-in works", "内核里没有；netlearn 的用户态替身可用")
  end
  return true
end

-- Try one device type by name (what a lesson's `requires` names):
-- true, "fallback" (netlearn's stand-in works) or false, and why.
function M.try_device(name)
  for _, d in ipairs(DEVICES) do
    if d[1] == name then return try_device(d) end
  end
  return false, name .. ": not a device type netlearn knows"
end

local function try_tun()
  local f = io.open("/dev/net/tun", "r+")
  if not f then return false, "/dev/net/tun cannot be opened" end
  f:close()
  return true
end

local function try_nat()
  local ok, err = scratch()
  if not ok then return false, err end
  local h, e = net.nat_add(SCRATCH, { chain = "POSTROUTING", target = "MASQUERADE", src = "10.0.0.0/8" })
  net.ns_del(SCRATCH)
  if not h then return false, e end
  return true
end

local function try_capture()
  local ok, err = scratch()
  if not ok then return false, err end
  net.link_set(SCRATCH, "lo", { up = true })
  local cap, e = net.capture_open(SCRATCH, "lo", nil)
  if cap then cap:close() end
  net.ns_del(SCRATCH)
  if not cap then return false, e end
  return true
end

local function try_ping()
  local ok, err = scratch()
  if not ok then return false, err end
  net.link_set(SCRATCH, "lo", { up = true })
  local r, e = net.ping(SCRATCH, "127.0.0.1", { count = 1, timeout = 1 })
  net.ns_del(SCRATCH)
  if not r then return false, e end
  if (r.received or 0) < 1 then return false, r.error or "no reply from 127.0.0.1" end
  return true
end

local function rootless()
  local f = io.open("/proc/self/uid_map", "r")
  local map = f and f:read("a") or ""
  if f then f:close() end
  local _, outside, count = map:match("^%s*(%d+)%s+(%d+)%s+(%d+)")
  if count == "1" then
    return true, L("rootless: you are uid " .. outside .. " outside, root only inside the sandbox's user namespace",
      "无 root：你在外面是 uid " .. outside .. "，只在沙箱的用户命名空间里是 root")
  elseif outside and outside ~= "0" then
    local last = tonumber(outside) + tonumber(count) - 1
    return true, L("started as root: root in the lab is uid " .. outside .. " outside (ids " .. outside .. "-" ..
      last .. "), not the machine's root", "以 root 启动：实验里的 root 在外面是 uid " .. outside .. "（id " .. outside .. "-" ..
      last .. "），不是本机的 root")
  end
  return true, L("the sandbox has no user namespace of its own: root in the lab is the machine's root",
    "沙箱没有自己的用户命名空间：实验里的 root 就是本机的 root")
end

-- Which lessons need a feature (their `requires`).
local function lessons_needing()
  local need = {}
  local lesson = require("netlearn.lesson")
  for _, path in ipairs(lesson.all()) do
    -- a lesson file that does not load (the learner's own, half written) is
    -- 'netlearn check's to report: doctor lists the others
    local okl, L = pcall(lesson.load, path)
    if okl and type(L) == "table" then
      for _, f in ipairs(L.requires or {}) do
        need[f] = need[f] or {}
        table.insert(need[f], lesson.id_of(path))
      end
    end
  end
  return need
end

-- Every check: {name=, what=, ok=true|false|"fallback", detail=, config=, module=, lessons={...}}
function M.run()
  local res, need = {}, lessons_needing()
  local _, who = rootless()
  res[#res + 1] = { name = "sandbox", what = "user, mount, network and PID namespaces", ok = true, detail = who }
  for _, d in ipairs(DEVICES) do
    local ok, detail = try_device(d)
    res[#res + 1] = { name = d[1], what = d[2], ok = ok, detail = detail, config = d[3], module = d[4],
      lessons = need[d[1]] }
  end
  local ok, detail = try_tun()
  res[#res + 1] = { name = "tun", what = "TUN devices (the user-space ipip stand-in)", ok = ok, detail = detail,
    config = "CONFIG_TUN", module = "tun" }
  ok, detail = try_nat()
  res[#res + 1] = { name = "nat", what = "nf_tables NAT (masquerade, snat, dnat)", ok = ok, detail = detail,
    config = "CONFIG_NF_TABLES, CONFIG_NFT_NAT, CONFIG_NFT_COMPAT, CONFIG_NETFILTER_XT_NAT, CONFIG_NETFILTER_XT_TARGET_MASQUERADE",
    module = "nf_tables nft_chain_nat nft_compat xt_nat xt_MASQUERADE",
    lessons = need.nat }
  ok, detail = try_capture()
  res[#res + 1] = { name = "capture", what = "packet capture (AF_PACKET)", ok = ok, detail = detail,
    config = "CONFIG_PACKET", module = "af_packet" }
  ok, detail = try_ping()
  res[#res + 1] = { name = "ping", what = "raw ICMP sockets (ping, traceroute)", ok = ok, detail = detail,
    config = "CONFIG_INET", module = "(built in)" }
  return res
end

---------------------------------------------------------------------------
-- The machine's own settings against netlearn's baseline
---------------------------------------------------------------------------
local baseline = require("netlearn.baseline")

-- main.lua calls this before entering the sandbox: inside it /proc/sys/net
-- is the sandbox's, not the machine's.

local WORDS = {
  en = {
    head = "Kernel settings (docs/baseline.md):",
    same = "the machine's own values match netlearn's baseline",
    differ = "%d of the machine's values differ from netlearn's baseline:",
    row = "%s: machine %s, lab %s",
    fine = "the lab is not affected: every namespace netlearn makes, the sandbox's own included, starts from the baseline",
    unread = "the machine's own values were not read (doctor reads them before entering the sandbox)",
    inherit = "net.core.devconf_inherit_init_net is %s here: new namespaces copy the machine's IPv4%s settings, which is why the baseline is applied",
    v6 = " and IPv6",
    br_on = "br_netfilter is loaded: bridged frames go through iptables only in labs whose lesson declares br_netfilter = true (off otherwise)",
    br_off = "br_netfilter is not loaded: bridged frames never go through iptables here, so a lab cannot turn it on",
    br_machine = "br_netfilter is loaded, but this kernel (before Linux 5.3) has one setting for the whole machine: " ..
      "a lab cannot choose, bridged frames follow the machine's net.bridge.bridge-nf-call-iptables",
    br_lessons = "lessons that declare it and cannot show it here: %s (as root, outside netlearn: modprobe br_netfilter)",
  },
  zh = {
    head = "内核设置（见 docs/baseline.md）：",
    same = "这台机器自己的取值和 netlearn 的基线一致",
    differ = "这台机器有 %d 个取值和 netlearn 的基线不同：",
    row = "%s：机器 %s，实验 %s",
    fine = "实验不受影响：netlearn 创建的每个命名空间（包括沙箱自己的）都从基线开始",
    unread = "没有读到这台机器自己的取值（doctor 在进入沙箱之前读取）",
    inherit = "这里 net.core.devconf_inherit_init_net 为 %s：新命名空间会复制机器的 IPv4%s 设置，所以要套用基线",
    v6 = " 和 IPv6",
    br_on = "已加载 br_netfilter：只有声明了 br_netfilter = true 的课程，其实验里经过网桥的帧才经过 iptables（否则关闭）",
    br_off = "没有加载 br_netfilter：这里经过网桥的帧从不经过 iptables，实验无法打开它",
    br_machine = "已加载 br_netfilter，但这个内核（Linux 5.3 之前）整台机器只有一个设置：实验无法自己选择，" ..
      "经过网桥的帧按机器的 net.bridge.bridge-nf-call-iptables 处理",
    br_lessons = "声明了它、但在这里无法演示的课程：%s（可以在 netlearn 之外以 root 运行：modprobe br_netfilter）",
  },
}

local function lessons_declaring_br()
  local out = {}
  local lesson = require("netlearn.lesson")
  for _, path in ipairs(lesson.all()) do
    local okl, L = pcall(lesson.load, path)
    if okl and type(L) == "table" and L.br_netfilter == true then out[#out + 1] = lesson.id_of(path) end
  end
  return out
end

-- The lines of the kernel-settings report, in LANG.
function M.settings_report(lang)
  local w = WORDS[lang == "zh" and "zh" or "en"]
  local lines = { w.head }
  local snap = baseline.machine
  if not snap then
    lines[#lines + 1] = "  " .. w.unread
  else
    local diff = baseline.machine_differences(snap)
    if #diff == 0 then
      lines[#lines + 1] = "  " .. w.same
    else
      lines[#lines + 1] = "  " .. string.format(w.differ, #diff)
      for _, d in ipairs(diff) do lines[#lines + 1] = "    " .. string.format(w.row, d.name, d.machine, d.lab) end
      lines[#lines + 1] = "  " .. w.fine
    end
    if snap.inherit and snap.inherit ~= "0" and snap.inherit ~= "2" then
      lines[#lines + 1] = "  " .. string.format(w.inherit, snap.inherit, w.v6)
    end
  end
  local br = baseline.br_netfilter_state()
  if br == "lab" then
    lines[#lines + 1] = "  " .. w.br_on
  else
    lines[#lines + 1] = "  " .. (br == "machine" and w.br_machine or w.br_off)
    local ls = lessons_declaring_br()
    if #ls > 0 then lines[#lines + 1] = "  " .. string.format(w.br_lessons, table.concat(ls, ", ")) end
  end
  return lines
end

function M.doctor_cli(_, _)
  local f = io.open("/proc/sys/kernel/osrelease", "r")
  local release = f and f:read("l") or "?"
  if f then f:close() end
  print(L("netlearn doctor: what this machine gives a lab (Linux " .. release .. ")",
    "netlearn doctor：这台机器能为实验提供什么（Linux " .. release .. "）"))
  print("")
  local missing = 0
  for _, r in ipairs(M.run()) do
    local mark = r.ok == true and "ok  " or r.ok == "fallback" and "ok* " or "MISSING"
    local line = string.format("  %-8s %-9s %s", mark, r.name, L(r.what, WHAT_ZH[r.name] or r.what))
    print(line)
    if r.ok == true and r.name == "sandbox" then print("                     " .. r.detail) end
    if r.ok == "fallback" then
      print("                     " .. r.detail .. L(" (the kernel's: " .. r.config .. ", module " .. r.module .. ")",
        "（内核的：" .. r.config .. "，模块 " .. r.module .. "）"))
    end
    if not r.ok then
      missing = missing + 1
      local why = tostring(r.detail)
      if why:find(r.config, 1, true) then why = "" else why = L(": ", "：") .. why end
      print("                     " .. L("needs " .. r.config .. " (module " .. r.module .. ")",
        "需要 " .. r.config .. "（模块 " .. r.module .. "）") .. why)
      if r.lessons and #r.lessons > 0 then
        print("                     " .. L("lessons that need it: ", "需要它的课程：") .. table.concat(r.lessons, ", "))
      end
    end
  end
  print("")
  for _, l in ipairs(M.settings_report(require("netlearn.i18n").lang)) do print(l) end
  print("")
  if missing == 0 then
    print(L("Everything the lessons use works here.", "课程用到的一切在这里都可用。"))
  else
    print(L(missing .. " feature(s) missing; lessons that need them are marked in 'netlearn list'.",
      "缺少 " .. missing .. " 项功能；需要它们的课程在 'netlearn list' 里有标记。"))
  end
  return 0
end

return M
