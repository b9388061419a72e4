--[[ netlearn.ipip_path -- which ipip a lab's tunnels are: the kernel's or netlearn's stand-in.

Where the kernel has no ipip (CONFIG_NET_IPIP), `ip tunnel add ... mode ipip`
makes netlearn's user-space tunnel instead (src/tunnel.c: a TUN device and a
raw socket). A lesson's claims pass either way, so `netlearn check` says in a
TAP comment which one each lesson's lab used: the stock-kernel suite (tests/90)
fails when the kernel's ipip was there and the stand-in was used anyway.

  ipip_path.tunnels()        -> { {ns=, name=, userspace=true|false}, ... } in every namespace
                                (machines' included), the kernel's own tunl0 left out
  ipip_path.tap_comment(id)  -> "# ID: ipip tunnels: ...\n", or "" when the lab has none
]]
local M = {}

-- the real names: outside any machine's view (machine.lua), every namespace is seen
local function raw_net() return require("netlearn.machine").raw end

-- the kernel's fallback device tunl0 (one per namespace once the ipip module is
-- loaded) has no remote: it is no tunnel a lesson made
local function made(l)
  if l.type ~= "ipip" then return false end
  if l.userspace then return true end
  return l.remote ~= nil and l.remote ~= "0.0.0.0" and l.remote ~= "any"
end

function M.tunnels()
  local net = raw_net()
  local list = { "" }
  for _, n in ipairs(net.ns_list() or {}) do list[#list + 1] = n end
  local out = {}
  for _, ns in ipairs(list) do
    for _, l in ipairs(net.link_list(ns) or {}) do
      if made(l) then out[#out + 1] = { ns = ns, name = l.name, userspace = l.userspace and true or false } end
    end
  end
  return out
end

function M.tap_comment(id)
  local ok, t = pcall(M.tunnels)
  if not ok then return "# " .. id .. ": ipip tunnels: cannot list the lab's devices: " .. tostring(t) .. "\n" end
  if #t == 0 then return "" end
  local kernel, user = {}, {}
  for _, x in ipairs(t) do
    local where = (x.ns == "" and "host" or x.ns) .. "/" .. x.name
    if x.userspace then user[#user + 1] = where else kernel[#kernel + 1] = where end
  end
  local parts = {}
  if #kernel > 0 then parts[#parts + 1] = "the kernel's ipip (" .. table.concat(kernel, " ") .. ")" end
  if #user > 0 then
    parts[#parts + 1] = "netlearn's user-space stand-in (" .. table.concat(user, " ") .. ")"
  end
  return "# " .. id .. ": ipip tunnels: " .. table.concat(parts, "; ") .. "\n"
end

return M
