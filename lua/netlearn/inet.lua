--[[ netlearn.inet -- the one reader of IP addresses and prefixes typed on an `ip`
command line, for both families, read the way iproute2's get_addr / get_prefix
read them:

  - a word with a ':' is IPv6 (inet_pton(AF_INET6), through net.inet6_parse);
    anything else is IPv4, read by netlearn.parse as ip reads it ("010.0.0.1" is
    8.0.0.1, "10.1" is 10.1.0.0) and given back canonical;
  - "default", "any" and "all" are the whole space of the family (0/0 or ::/0);
  - "/len" is 0-32 for IPv4, 0-128 for IPv6, a number as C's strtoul reads it
    ("/030" is /24), or for IPv4 a contiguous dotted mask ("/255.255.255.0");
  - a family asked for (-4/-6, or the family of the destination already read)
    refuses the other family's addresses with iproute2's words:
    Error: inet6 prefix is expected rather than "10.0.0.1/24".

  local inet = require("netlearn.inet")
  inet.prefix("2001:db8::1/64")        --> "inet6", "2001:db8::1", 64
  inet.prefix("10.1.0.0/16", "inet6")  --> nil, 'Error: inet6 prefix is expected rather than "10.1.0.0/16".'
  inet.addr("fe80::1")                 --> "inet6", "fe80::1"
]]
local net = require("netlearn.core")
local parse = require("netlearn.parse")

local M = {}

M.BITS = { inet = 32, inet6 = 128 }

-- what iproute2 calls the family in its messages
local function fam_word(family)
  if family == "inet" then return "inet" elseif family == "inet6" then return "inet6" end
  return "any valid"
end
M.fam_word = fam_word

-- the family of a word as iproute2 guesses it: ':' means IPv6
function M.family_of(s)
  if type(s) ~= "string" then return nil end
  return s:find(":", 1, true) and "inet6" or "inet"
end

-- one address (no "/len") -> family, canonical text | nil
local function read_addr(s, family)
  if type(s) ~= "string" or s == "" then return nil end
  local f = M.family_of(s)
  if family and f ~= family then return nil end
  if f == "inet6" then
    local c = net.inet6_parse(s)
    if not c then return nil end
    return "inet6", c
  end
  local q = parse.addr(s, "ip")
  if not q then return nil end
  return "inet", q
end

-- "ADDR" -> family, addr | nil, message (iproute2's get_addr)
function M.addr(s, family)
  local f, a = read_addr(s, family)
  if not f then
    return nil, string.format('Error: %s address is expected rather than "%s".', fam_word(family), tostring(s))
  end
  return f, a
end

-- "ADDR[/LEN]" | default | any | all -> family, addr, len (nil when no /LEN was
-- written) | nil, message (iproute2's get_prefix)
function M.prefix(s, family)
  local bad = string.format('Error: %s prefix is expected rather than "%s".', fam_word(family), tostring(s))
  if type(s) ~= "string" then return nil, bad end
  if s == "default" or s == "any" or s == "all" then
    local f = family or "inet"
    return f, f == "inet6" and "::" or "0.0.0.0", 0
  end
  if M.family_of(s) == "inet" then
    if family and family ~= "inet" then return nil, bad end
    local q, len = parse.prefix(s, "ip")
    if not q then return nil, bad end
    return "inet", q, len
  end
  local a, l = s:match("^([^/]*)/(.*)$")
  if not a then a = s end
  local f, canon = read_addr(a, family)
  if not f then return nil, bad end
  local len
  if l then
    len = parse.whole_number(l, 0xffffffff)
    if not len or len > M.BITS[f] then return nil, bad end
  end
  return f, canon, len
end

return M
