--[[ netlearn.sysctlpolicy -- which sysctls netlearn lets a learner, a command or a
lesson change: only settings that really belong to one network namespace.

A new network namespace shows only the sysctls the kernel registered for it,
but a few of those are still backed by one switch for the whole machine:
`net.netfilter.nf_hooks_lwtunnel` is writable in every namespace and turns
on a global, one-way kernel switch (turning it off again fails with EBUSY).
For reads (net.sysctl_get, net.sysctl_list) the rule is only that the name
is a sysctl under net.* (`check_read`, `check_prefix`); for writes:

  - the name must be under one of the trees in WRITABLE (net.ipv4, net.ipv6,
    net.core, net.bridge, net.netfilter, net.unix, net.mptcp); everything else
    (kernel.*, vm.*, fs.*, other net.* trees) is refused;
  - names in GLOBAL are refused although the kernel shows them per namespace;
  - net.ipv4.tcp_congestion_control takes only an algorithm that is already
    available (naming another one makes the kernel load a module for the
    whole machine).

tests/19-sysctl-pernetns.t proves, key by key, that every value this allows is
per namespace. `install()` wraps net.sysctl_set (the one primitive every
command, the shell and lessons reach) with `check`, and net.sysctl_get and
net.sysctl_list with the read rule. This is the one place of the policy and
its words: src/l_sysctl.c keeps only a plain guard ("NAME: not a sysctl under
/proc/sys/net") for what can never be right.

  local policy = require("netlearn.sysctlpolicy")
  policy.check("net.netfilter.nf_hooks_lwtunnel", "1")  --> nil, "...refused..."
  policy.check("net.ipv4.ip_forward", "1")              --> true
]]
local M = {}
local installed = false

M.WRITABLE = { "ipv4", "ipv6", "core", "bridge", "netfilter", "unix", "mptcp" }

-- writable in every namespace, but one setting of the whole machine
M.GLOBAL = {
  ["net.netfilter.nf_hooks_lwtunnel"] = {
    en = "it is one switch for the whole machine (every namespace shows it) and the kernel cannot turn it off again",
    zh = "它是整台机器共用的一个开关（每个命名空间里都能看到），而且内核打开后无法再关闭",
  },
}
-- global limits of conntrack: read-only outside the machine's namespace since
-- Linux 5.13, writable (and shared by every namespace) before
local CT = {
  en = "it is one limit for the whole machine (before Linux 5.13 a lab namespace could change it for every namespace)",
  zh = "它是整台机器共用的一个上限（Linux 5.13 之前，在实验命名空间里修改它会影响所有命名空间）",
}
M.GLOBAL["net.netfilter.nf_conntrack_max"] = CT
M.GLOBAL["net.netfilter.nf_conntrack_expect_max"] = CT
M.GLOBAL["net.netfilter.nf_conntrack_buckets"] = CT

local MSG = {
  en = {
    refused = "%s: refused: %s; nothing was changed. netlearn changes only settings of one lab namespace (docs/baseline.md)",
    outside = "%s: netlearn changes only net.* sysctls of a lab namespace (%s), never the machine's kernel settings: refused, nothing was changed",
    tree = "%s: refused: net.%s is not a tree netlearn knows to be per namespace (it allows %s); nothing was changed",
    badname = "%s: refused: not a sysctl name (no empty, '.' or '..' parts); write it as sysctl prints it, e.g. net.ipv4.ip_forward; nothing was changed",
    cc = "%s: refused: '%s' is not loaded (available here: %s); another name would make the kernel load a module for the whole machine. Pick one of those",
    read_outside = "%s: netlearn changes only net.* sysctls of a lab namespace",
    read_badname = "%s: not a sysctl name (write net.ipv4.ip_forward or net/ipv4/ip_forward; no empty, \".\" or \"..\" parts)",
    prefix_outside = "%s: netlearn changes only net.* sysctls of a lab namespace (start the prefix with net.)",
    prefix_bad = "%s: not a sysctl prefix (no empty or \"..\" parts)",
  },
  zh = {
    refused = "%s：拒绝：%s；没有做任何改动。netlearn 只修改单个实验命名空间自己的设置（见 docs/baseline.md）",
    outside = "%s：netlearn 只修改实验命名空间的 net.* 设置（%s），从不修改整台机器的内核设置：拒绝，没有做任何改动",
    tree = "%s：拒绝：netlearn 不确定 net.%s 是否属于单个命名空间（允许的有 %s）；没有做任何改动",
    badname = "%s：拒绝：不是一个 sysctl 名字（不能有空的、'.' 或 '..' 部分）；按 sysctl 显示的样子写，例如 net.ipv4.ip_forward；没有做任何改动",
    cc = "%s：拒绝：'%s' 没有加载（这里可用的有：%s）；其他名字会让内核为整台机器加载模块。请从中选一个",
    read_outside = "%s：netlearn 只涉及实验命名空间的 net.* 设置",
    read_badname = "%s：不是 sysctl 名（请写 net.ipv4.ip_forward 或 net/ipv4/ip_forward；不能有空的、\".\" 或 \"..\" 部分）",
    prefix_outside = "%s：netlearn 只涉及实验命名空间的 net.* 设置（前缀请以 net. 开头）",
    prefix_bad = "%s：不是 sysctl 前缀（不能有空的或 \"..\" 部分）",
  },
}

-- errno names, looked up when a refusal is made (not at load time: the fuzz
-- target's stand-in core has no errno table)
local function E(name) return require("netlearn.core").errno[name] end

local function say(key, ...)
  local lang = require("netlearn.i18n").lang == "zh" and "zh" or "en"
  return string.format(MSG[lang][key], ...), lang
end

-- The dotted name sysctl(8) prints for NAME as the primitives accept it
-- ("net/ipv4/ip_forward", "/proc/sys/net/ipv4/ip_forward", "net.ipv4.ip_forward").
function M.dotted(name)
  name = tostring(name):gsub("^/proc/sys/", "")
  if name:find("/", 1, true) and not name:match("^net%.") then
    return (name:gsub("[./]", { ["/"] = ".", ["."] = "/" }))
  end
  return name
end

local function trees()
  local t = {}
  for i, w in ipairs(M.WRITABLE) do t[i] = "net." .. w end
  return table.concat(t, ", ")
end

-- May NAME be set to VALUE (in namespace NS, through net)? true, or nil and
-- one line naming the key, why, and what to do.
function M.check(name, value, ns, net)
  local rel = tostring(name):gsub("^/proc/sys/", "")
  local sep = rel:match("^net/") and "/" or (rel:find("/", 1, true) and not rel:match("^net%.")) and "/" or "."
  for part in (rel .. sep):gmatch("(.-)" .. (sep == "." and "%." or "/")) do
    if part == "" or part == "." or part == ".." then return nil, (say("badname", rel)) end
  end
  local d = M.dotted(name)
  local tree = d:match("^net%.([^.]+)%.")
  if not tree then return nil, (say("outside", d, trees())) end
  local known = false
  for _, w in ipairs(M.WRITABLE) do if w == tree then known = true end end
  if not known then return nil, (say("tree", d, tree, trees())) end
  local g = M.GLOBAL[d]
  if g then
    local _, lang = say("refused", d, "")
    return nil, (say("refused", d, g[lang]))
  end
  if d == "net.ipv4.tcp_congestion_control" and net and value ~= nil then
    local avail = net.sysctl_get(ns, "net.ipv4.tcp_available_congestion_control") or ""
    local want = tostring(value):match("^%s*(.-)%s*$")
    local found = false
    for a in avail:gmatch("%S+") do if a == want then found = true end end
    if not found then return nil, (say("cc", d, want, avail)) end
  end
  return true
end

-- May NAME be read? It names one sysctl under net.* as the primitives take it
-- (src/sysctl.c's sysctl_path: "/proc/sys/" stripped, then "net.a.b" or
-- "net/a/b", no empty, "." or ".." part, no space or control byte, under 256
-- bytes). true, or nil, one line, errno (EPERM outside net.*, else EINVAL).
function M.check_read(name)
  local rel = name:gsub("^/proc/sys/", "")
  if not rel:match("^net[./]") then
    if rel == "" or #rel >= 256 then return nil, (say("read_badname", name)), E("EINVAL") end
    return nil, (say("read_outside", name)), E("EPERM")
  end
  local slashed = rel:match("^net/") and rel or rel:gsub("[./]", { ["."] = "/", ["/"] = "." })
  if #rel >= 256 or rel:find("[%z\1-\32\127]") or slashed:find("//", 1, true) or slashed:sub(-1) == "/" then
    return nil, (say("read_badname", name)), E("EINVAL")
  end
  for part in slashed:gmatch("[^/]+") do
    if part == "." or part == ".." then return nil, (say("read_badname", name)), E("EINVAL") end
  end
  return true
end

-- May net.sysctl_list list PREFIX (nil or "" lists all)? The same rule for a
-- prefix: "net", "net.x", "net/x" or a glob; true, or nil, one line, errno.
function M.check_prefix(prefix)
  if prefix == nil or prefix == "" then return true end
  local filter
  if prefix:match("^net/") or prefix == "net" then
    filter = prefix:gsub("[./]", { ["."] = "/", ["/"] = "." })
  elseif prefix:match("^net%.") or prefix:match("^[%*%?%[]") then
    filter = prefix
  else
    return nil, (say("prefix_outside", prefix)), E("EPERM")
  end
  if filter:find("..", 1, true) then return nil, (say("prefix_bad", prefix)), E("EINVAL") end
  return true
end

-- Wrap core.sysctl_set, sysctl_get and sysctl_list with the policy (before
-- any module copies them).
-- (netlearn.specguard puts each check in front, as the spec modules do: a
-- name of another type, or one with a NUL byte, goes to the binding as it is)
function M.install(core)
  if installed then return end
  installed = true
  local checked = require("netlearn.specguard").checked
  local function named(_, name) return type(name) == "string" end
  core.sysctl_set = checked(core.sysctl_set, named, function(ns, name, value)
    local ok, msg = M.check(name, value, ns, core)
    return ok, msg, E("EPERM")
  end)
  core.sysctl_get = checked(core.sysctl_get, named, function(_, name) return M.check_read(name) end)
  core.sysctl_list = checked(core.sysctl_list, named, function(_, prefix) return M.check_prefix(prefix) end)
end

return M
