--[[ netlearn.sandboxdiag -- why the sandbox could not be made, in one line.

netlearn's sandbox needs a user namespace (always when not root). Several
switches of a machine forbid them; after a failed sandbox entry this module
reads them from /proc and turns the C message into one line that names the
cause and the fix, in the learner's language:

  user.max_user_namespaces = 0                     no user namespaces at all
  kernel.apparmor_restrict_unprivileged_userns = 1 Ubuntu 23.10 and later: only
                                                   programs an AppArmor profile
                                                   allows (packaging/apparmor)
  kernel.unprivileged_userns_clone = 0             Debian's older switch
  EPERM / EACCES, none of those                    a container or seccomp policy
  EINVAL from the user namespace                   a kernel without CONFIG_USER_NS
  ENOSPC / EUSERS, the switch not 0                the count of user namespaces is full

Only a refusal (EPERM, EACCES; ENOSPC for the count) is blamed on a switch;
any other failure keeps its own words. This is the one place that words a
failed sandbox entry: src/sandbox.c reports only what failed and its errno.

AppArmor's and Debian's switches spare a caller with CAP_SYS_ADMIN (root), so
who netlearn was before it tried is read first (snapshot), not after: a failed
entry may leave the process inside a half-made user namespace.

  local diag = require("netlearn.sandboxdiag")
  local who = diag.snapshot()          -- before NETLEARN_SANDBOX_ENTER
  diag.explain(msg, who)               -- the line to print (msg when no cause is known)
  diag.cause(msg, who)                 -- "apparmor" | "clone" | "max" | "refused" | nil
  NETLEARN_PROC_ROOT=/tmp/p            -- read /tmp/p/sys/... and /tmp/p/self/status (tests)
]]
local i18n = require("netlearn.i18n")

local M = {}

M.messages = {
  en = {
    prefix = "cannot create the sandbox: ",
    max = "user namespaces are switched off on this machine (user.max_user_namespaces = 0) " ..
      "and netlearn's sandbox needs one. Fix: sudo sysctl -w user.max_user_namespaces=15000 " ..
      "(put it in /etc/sysctl.d/ to keep it)",
    apparmor = "AppArmor lets only the programs a profile allows create user namespaces " ..
      "(kernel.apparmor_restrict_unprivileged_userns = 1, Ubuntu 23.10 and later). " ..
      "Fix: sudo make install, which installs and loads netlearn's AppArmor profile " ..
      "(by hand: 'man netlearn', RESTRICTED USER NAMESPACES), or run netlearn with sudo",
    clone = "this kernel lets only root create user namespaces (kernel.unprivileged_userns_clone = 0). " ..
      "Fix: run netlearn with sudo, or allow them: sudo sysctl -w kernel.unprivileged_userns_clone=1",
    refused = "the kernel refused a user namespace and no known switch of this machine forbids it: " ..
      "a container, seccomp or another security policy does. Fix: run netlearn with sudo, or " ..
      "outside the container (Docker: --privileged)",
    refused_root = "the kernel refused the lab its own user namespace, which keeps root in the lab " ..
      "from being the machine's root: a container, seccomp or another security policy forbids it. " ..
      "Fix: run netlearn on the machine itself, or start the container with user namespaces allowed",
    nouserns = "this kernel has no user namespaces (built without CONFIG_USER_NS), and netlearn's " ..
      "sandbox needs one. Fix: use a kernel built with CONFIG_USER_NS=y (every distribution kernel is)",
    limit = "the machine's count of user namespaces is full (user.max_user_namespaces, at most 32 nested). " ..
      "Fix: end other sessions, or raise it: sudo sysctl -w user.max_user_namespaces=15000",
    said = " (%s)",
  },
  zh = {
    prefix = "无法创建沙箱：",
    max = "本机关闭了用户命名空间（user.max_user_namespaces = 0），而 netlearn 的沙箱需要它。" ..
      "解决：sudo sysctl -w user.max_user_namespaces=15000（写进 /etc/sysctl.d/ 可永久生效）",
    apparmor = "AppArmor 只允许有配置文件（profile）放行的程序创建用户命名空间" ..
      "（kernel.apparmor_restrict_unprivileged_userns = 1，Ubuntu 23.10 及以后）。" ..
      "解决：sudo make install，它会安装并加载 netlearn 的 AppArmor 配置文件" ..
      "（手动步骤见 'man netlearn' 的 RESTRICTED USER NAMESPACES 一节），或者用 sudo 运行 netlearn",
    clone = "这个内核只允许 root 创建用户命名空间（kernel.unprivileged_userns_clone = 0）。" ..
      "解决：用 sudo 运行 netlearn，或者放开限制：sudo sysctl -w kernel.unprivileged_userns_clone=1",
    refused = "内核拒绝创建用户命名空间，但本机没有已知的开关在禁止它：是容器、seccomp 或其他安全策略在限制。" ..
      "解决：用 sudo 运行 netlearn，或者在容器之外运行（Docker：--privileged）",
    refused_root = "内核不让实验环境拥有自己的用户命名空间（有了它，实验里的 root 才不是本机的 root）：" ..
      "是容器、seccomp 或其他安全策略在禁止。解决：直接在本机上运行 netlearn，或者启动容器时允许用户命名空间",
    nouserns = "这个内核没有用户命名空间（编译时未开启 CONFIG_USER_NS），而 netlearn 的沙箱需要它。" ..
      "解决：换用开启了 CONFIG_USER_NS=y 的内核（各发行版的内核都开启了）",
    limit = "本机的用户命名空间数量已满（user.max_user_namespaces，最多嵌套 32 层）。" ..
      "解决：结束其他会话，或者调高上限：sudo sysctl -w user.max_user_namespaces=15000",
    said = "（%s）",
  },
}

local CAP_SYS_ADMIN = 21

local function proc_root(opts)
  return (opts and opts.proc) or os.getenv("NETLEARN_PROC_ROOT") or "/proc"
end

-- First line of a /proc file, trimmed; nil when it cannot be read.
local function read(root, rel)
  local f = io.open(root .. "/" .. rel, "r")
  if not f then return nil end
  local s = f:read("l")
  f:close()
  return s and s:match("^%s*(.-)%s*$")
end

-- Who netlearn is before it tries: {uid=, admin=} from self/status (admin:
-- CAP_SYS_ADMIN in the effective set; nil when unknown).
function M.snapshot(opts)
  local who = {}
  local f = io.open(proc_root(opts) .. "/self/status", "r")
  if not f then return who end
  for line in f:lines() do
    local uid = line:match("^Uid:%s+(%d+)")
    if uid then who.uid = tonumber(uid) end
    local cap = line:match("^CapEff:%s+(%x+)")
    if cap then
      local v = tonumber(cap:sub(-8), 16)       -- the low 32 bits hold CAP_SYS_ADMIN
      if v then who.admin = (v >> CAP_SYS_ADMIN) & 1 == 1 end
    end
  end
  f:close()
  return who
end

-- The key of the cause of a failed sandbox entry, or nil when none is known.
-- msg: the C message; who: M.snapshot() taken before the attempt.
function M.cause(msg, who, opts)
  local root = proc_root(opts)
  who = who or {}
  msg = tostring(msg or "")
  -- only a refusal is blamed on a switch: EPERM, EACCES (ENOSPC for the count)
  local denied = msg:find("Operation not permitted", 1, true) or msg:find("Permission denied", 1, true)
  local full = msg:find("No space left on device", 1, true) or msg:find("Too many users", 1, true)
  if (denied or full) and read(root, "sys/user/max_user_namespaces") == "0" then
    return "max"
  end
  if msg:find("user namespace: ", 1, true) then
    if full then return "limit" end
    if msg:find("Invalid argument", 1, true) then return "nouserns" end
  end
  if not denied then return nil end
  local privileged = who.admin
  if privileged == nil then privileged = who.uid == 0 end
  if not privileged then
    if read(root, "sys/kernel/apparmor_restrict_unprivileged_userns") == "1" then return "apparmor" end
    if read(root, "sys/kernel/unprivileged_userns_clone") == "0" then return "clone" end
  end
  return "refused"
end

-- The one line to print after a failed sandbox entry.
function M.explain(msg, who, opts)
  local key = M.cause(msg, who, opts)
  if not key then return tostring(msg) end
  local lang = (opts and opts.lang) or i18n.lang
  local t = M.messages
  if key == "refused" and (who or {}).uid == 0 then key = "refused_root" end
  local said = tostring(msg):gsub("^cannot create the sandbox: ", "")
  return i18n.message(t, lang, "prefix") .. i18n.message(t, lang, key) .. i18n.message(t, lang, "said", said)
end

return M
