--[[ netlearn.ipv4 -- IPv4 addresses as integers: dotted quads to integers and
back, prefix masks, networks and "is this address in that prefix". Pure functions,
shared by the commands (route, iptables, ip, probes) and by why. It works on
canonical text (what the kernel lists and what netlearn.parse gives back); what a
learner types is read by netlearn.parse, the way the tool typed reads it.

  local ipv4 = require("netlearn.ipv4")
  ipv4.to_int("10.0.0.1")              --> 167772161 (nil when not a canonical dotted quad)
  ipv4.to_str(167772161)               --> "10.0.0.1"
  ipv4.mask(24)                        --> 0xffffff00
  ipv4.mask_len(0xffffff00)            --> 24 (nil for a mask with holes)
  ipv4.network("10.0.0.7", 24)         --> "10.0.0.0/24"
  ipv4.contains("10.0.0.0/8", "10.1.2.3")  --> true ("default" and nil contain all)
]]
local M = {}

-- canonical "a.b.c.d" (each 0-255, no leading zeros: inet_ntop's form) -> integer;
-- nil for anything else
function M.to_int(s)
  local p = { tostring(s or ""):match("^(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)$") }
  if #p < 4 then return nil end
  local n = 0
  for i = 1, 4 do
    local v = tonumber(p[i])
    if v > 255 or (#p[i] > 1 and p[i]:sub(1, 1) == "0") then return nil end
    n = n * 256 + v
  end
  return math.tointeger(n)
end

function M.to_str(n)
  return string.format("%d.%d.%d.%d", (n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255)
end

-- prefix length -> netmask as an integer
function M.mask(len)
  if len == 0 then return 0 end
  return (0xffffffff << (32 - len)) & 0xffffffff
end

-- how many leading one bits a netmask has
function M.leading_ones(m)
  local len = 0
  while len < 32 and (m >> (31 - len)) & 1 == 1 do len = len + 1 end
  return len
end

-- netmask -> prefix length; nil when the ones are not contiguous
function M.mask_len(m)
  local len = M.leading_ones(m)
  if M.mask(len) ~= m then return nil end
  return len
end

-- addr's network with len bits: "net/len"
function M.network(addr, len) return M.to_str(M.to_int(addr) & M.mask(len)) .. "/" .. len end

function M.same_subnet(a, b, len) return (M.to_int(a) & M.mask(len)) == (M.to_int(b) & M.mask(len)) end

-- does prefix ("a.b.c.d/len", "a.b.c.d", "default", nil) contain addr?
function M.contains(prefix, addr)
  if prefix == nil or prefix == "default" then return true end
  local p, len = prefix:match("^([%d.]+)/(%d+)$")
  if not p then p, len = prefix, 32 end
  len = tonumber(len)
  local a, b = M.to_int(p), M.to_int(addr)
  if not a or not b then return false end
  return (a & M.mask(len)) == (b & M.mask(len))
end

return M
