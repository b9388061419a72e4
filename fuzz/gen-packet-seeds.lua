--[[ fuzz/gen-packet-seeds.lua -- writes fuzz/seeds/packets.hex: every frame the
capture tests build (tests/lua/40-decode.lua), one "LINKTYPE HEX" line each.
Run: TESTLIB=tests/lib build/netlearn lua fuzz/gen-packet-seeds.lua > fuzz/seeds/packets.hex
It runs 40-decode.lua with its tap and tcpdump oracle replaced by recorders. ]]
local testlib = os.getenv("TESTLIB")
local seen, out = {}, {}
local real_dofile = dofile
local function record(pkts)
  for _, p in ipairs(pkts) do
    local hex = p.data:gsub(".", function(c) return string.format("%02x", c:byte()) end)
    local line = (p.linktype or "ether") .. " " .. hex
    if not seen[line] then seen[line] = true out[#out + 1] = line end
  end
end
local stub_t = setmetatable({}, { __index = function(_, k)
  if k == "done" then
    return function()
      io.stdout:write(table.concat(out, "\n"), "\n")
      os.exit(0)
    end
  end
  if k == "sh" or k == "nsh" then return function() return "", 0 end end
  return function() return true end
end })
dofile = function(path)
  if path:match("tap%.lua$") then return stub_t end
  local m = real_dofile(path)
  if path:match("40%-pktlib%.lua$") or path:match("packets%.lua$") then
    m.tcpdump = function(_, pkts) record(pkts) return {}, 0, "" end
    m.have_tcpdump = function() return true end
  end
  return m
end
real_dofile(testlib .. "/../lua/40-decode.lua")
