local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local diag = require("netlearn.sandboxdiag")
local tmp = assert(os.getenv("DIAG_TMP"), "run through tests/08-userns-diag.t")
local n = 0

-- A fake /proc: files = { ["sys/kernel/x"] = "1\n", ... }; returns its root.
local function fake(files, root)
  n = n + 1
  root = root or (tmp .. "/proc" .. n)
  for rel, text in pairs(files) do
    local dir = (root .. "/" .. rel):match("^(.*)/[^/]*$")
    assert(require("netlearn.files").mkdirs(dir))
    local f = assert(io.open(root .. "/" .. rel, "w"))
    f:write(text)
    f:close()
  end
  return root
end
local function status(uid, capeff)
  return string.format("Name:\tnetlearn\nUid:\t%d\t%d\t%d\t%d\nCapInh:\t0000000000000000\nCapEff:\t%s\n", uid, uid, uid, uid, capeff)
end
local USER = status(1000, "0000000000000000")
local ROOT = status(0, "000001ffffffffff")
local EPERM = "cannot make / private in the sandbox: Operation not permitted"
local CLONE_MSG = "cannot create the sandbox: user namespace: Operation not permitted"

-- who we were before trying
local p = fake({ ["self/status"] = USER })
local w = diag.snapshot({ proc = p })
t.ok(w.uid == 1000 and w.admin == false, "snapshot: an ordinary user has no CAP_SYS_ADMIN")
w = diag.snapshot({ proc = fake({ ["self/status"] = ROOT }) })
t.ok(w.uid == 0 and w.admin == true, "snapshot: root has CAP_SYS_ADMIN")
w = diag.snapshot({ proc = fake({ ["self/status"] = status(0, "00000000a80425fb") }) })
t.ok(w.uid == 0 and w.admin == false, "snapshot: root without CAP_SYS_ADMIN (a container) is not privileged")
w = diag.snapshot({ proc = tmp .. "/nowhere" })
t.ok(next(w) == nil, "snapshot: an unreadable /proc gives nothing")

local user = { uid = 1000, admin = false }
local root = { uid = 0, admin = true }

-- every branch
local aa = fake({ ["sys/kernel/apparmor_restrict_unprivileged_userns"] = "1\n", ["sys/user/max_user_namespaces"] = "63382\n" })
t.is(diag.cause(EPERM, user, { proc = aa }), "apparmor", "AppArmor's switch at 1, an ordinary user: apparmor")
t.is(diag.cause(CLONE_MSG, user, { proc = aa }), "apparmor", "also when unshare itself failed")
t.is(diag.cause(EPERM, root, { proc = aa }), "refused", "root is spared by AppArmor's switch: a plain refusal")
t.is(diag.cause("fork: Resource temporarily unavailable", root, { proc = aa }), nil, "and another failure keeps its own words")
t.is(diag.cause(EPERM, { uid = 0 }, { proc = aa }), "refused", "uid 0 with no capability line counts as root")
t.is(diag.cause(EPERM, nil, { proc = aa }), "apparmor", "nothing known of the caller: counted as an ordinary user")
local aa0 = fake({ ["sys/kernel/apparmor_restrict_unprivileged_userns"] = "0\n" })
t.is(diag.cause(EPERM, user, { proc = aa0 }), "refused", "AppArmor's switch at 0 is not the cause")
t.is(diag.cause("pipe: Too many open files", user, { proc = aa }), nil,
  "a failure that is no refusal is not blamed on AppArmor")
local cl = fake({ ["sys/kernel/unprivileged_userns_clone"] = "0\n" })
t.is(diag.cause(CLONE_MSG, user, { proc = cl }), "clone", "Debian's unprivileged_userns_clone = 0: clone")
t.is(diag.cause(CLONE_MSG, root, { proc = cl }), "refused", "which root does not meet")
local cl1 = fake({ ["sys/kernel/unprivileged_userns_clone"] = "1\n" })
t.is(diag.cause("cannot create the sandbox: unshare: Permission denied", user, { proc = cl1 }), "refused",
  "EACCES with every switch open: refused (a container or seccomp)")
local mx = fake({ ["sys/user/max_user_namespaces"] = "0\n", ["sys/kernel/apparmor_restrict_unprivileged_userns"] = "1\n" })
t.is(diag.cause("cannot create the sandbox: unshare: No space left on device", root, { proc = mx }), "max",
  "user.max_user_namespaces = 0 stops root too, and comes first")
t.is(diag.cause("pipe: Too many open files", root, { proc = mx }), nil, "nor on the namespace count")
local none = fake({ ["sys/user/max_user_namespaces"] = "63382\n" })
t.is(diag.cause("cannot mount /proc in the sandbox: Device or resource busy", user, { proc = none }), nil,
  "no known cause: nil")
t.is(diag.explain("cannot mount /proc in the sandbox: Device or resource busy", user, { proc = none }),
  "cannot mount /proc in the sandbox: Device or resource busy", "and the message is left as it was")

-- the words: one line, the cause, the fix, what the kernel said
local function line_ok(s) return type(s) == "string" and not s:find("\n") end
local e = diag.explain(EPERM, user, { proc = aa, lang = "en" })
t.ok(line_ok(e), "one line", e)
t.like(e, "^cannot create the sandbox: AppArmor", "names AppArmor")
t.like(e, "apparmor_restrict_unprivileged_userns = 1", "and the switch")
t.like(e, "sudo make install", "and the fix: the profile")
t.like(e, "man netlearn', RESTRICTED USER NAMESPACES", "and where the manual step is")
t.like(e, "%(cannot make / private in the sandbox: Operation not permitted%)$", "and keeps the kernel's words")
e = diag.explain(CLONE_MSG, user, { proc = cl, lang = "en" })
t.ok(line_ok(e) and e:find("unprivileged_userns_clone = 0", 1, true) and e:find("sudo sysctl -w kernel.unprivileged_userns_clone=1", 1, true),
  "clone: the switch and how to turn it", e)
t.unlike(e, "sandbox: cannot create the sandbox", "without saying 'cannot create the sandbox' twice")
e = diag.explain("x: No space left on device", root, { proc = mx, lang = "en" })
t.ok(line_ok(e) and e:find("user.max_user_namespaces = 0", 1, true) and e:find("sysctl -w user.max_user_namespaces=", 1, true),
  "max: the switch and the fix", e)
e = diag.explain(EPERM, user, { proc = aa0, lang = "en" })
t.ok(line_ok(e) and e:find("container", 1, true) and e:find("sudo", 1, true), "refused: a container or policy, and the fix", e)
e = diag.explain(EPERM, root, { proc = aa0, lang = "en" })
t.ok(line_ok(e) and e:find("container", 1, true) and e:find("on the machine itself", 1, true) and not e:find("sudo", 1, true),
  "refused as root: a container or policy, and no advice to use sudo", e)
t.is(diag.cause("cannot create the sandbox: user namespace: Invalid argument", root, { proc = none }), "nouserns",
  "EINVAL from the user namespace: a kernel without CONFIG_USER_NS")
e = diag.explain("cannot create the sandbox: user namespace: Invalid argument", root, { proc = none, lang = "en" })
t.ok(line_ok(e) and e:find("CONFIG_USER_NS", 1, true), "nouserns: names the kernel option", e)
t.is(diag.cause("cannot create the sandbox: user namespace: No space left on device", user, { proc = none }), "limit",
  "ENOSPC with the switch not 0: the count is full")
t.is(diag.cause("cannot create the sandbox: user namespace: Too many users", user, { proc = none }), "limit",
  "EUSERS: the count is full")
e = diag.explain("cannot create the sandbox: user namespace: Too many users", user, { proc = none, lang = "en" })
t.ok(line_ok(e) and e:find("user.max_user_namespaces", 1, true) and e:find("sysctl -w", 1, true), "limit: the switch and the fix", e)
for _, c in ipairs({ { EPERM, user, aa, "AppArmor" }, { CLONE_MSG, user, cl, "unprivileged_userns_clone" },
                     { EPERM, root, mx, "max_user_namespaces" }, { EPERM, root, aa0, "容器" },
                     { EPERM, user, aa0, "容器" } }) do
  local z = diag.explain(c[1], c[2], { proc = c[3], lang = "zh" })
  t.ok(line_ok(z) and z:find("^无法创建沙箱：") and z:find(c[4], 1, true) and z:find("解决", 1, true),
    "in Chinese: " .. c[4], z)
end
for key in pairs(diag.messages.en) do
  t.ok(diag.messages.zh[key] ~= nil, "message '" .. key .. "' has Chinese words")
end

-- main.lua: a failed entry prints the one line (NETLEARN_PROC_ROOT, set by the .t)
fake({ ["self/status"] = USER, ["sys/kernel/apparmor_restrict_unprivileged_userns"] = "1\n" },
  os.getenv("NETLEARN_PROC_ROOT"))
local real_enter, real_stderr = NETLEARN_SANDBOX_ENTER, io.stderr
local said = {}
NETLEARN_SANDBOX_ENTER = function() return nil, EPERM end
io.stderr = { write = function(_, ...) for _, s in ipairs({ ... }) do said[#said + 1] = tostring(s) end end }
local ok, st = pcall(require("netlearn.main").main, { "--lang", "en", "list" })
io.stderr, NETLEARN_SANDBOX_ENTER = real_stderr, real_enter
said = table.concat(said)
t.ok(ok and st == 1, "netlearn stops with status 1", tostring(st))
t.like(said, "^netlearn: cannot create the sandbox: AppArmor lets only", "and says the cause")
t.ok(select(2, said:gsub("\n", "")) == 1, "on one line", said)
t.done()
