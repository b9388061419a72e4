#!/bin/sh
--[[ 2>/dev/null; . "${0%/*}/../lib/tap.sh"; run_lua_test "$0"; exit $? ]]
--[[ tests/lua/54c-split-plain.lua -- commands.split cuts a plain line (no quote,
escape, comment, operator, redirection or ~) at white space without walking it
character by character; the result must be what the walk gives. The walk is
reached with the same words by ending the line in a comment (" #"). ]]
local t = dofile(os.getenv("TESTLIB") .. "/tap.lua")
local commands = require("netlearn.commands")

local function show(cmds, e)
  if not cmds then return "nil " .. tostring(e) end
  local out = {}
  for _, c in ipairs(cmds) do
    out[#out + 1] = table.concat(c.words, "\1") .. "|" .. tostring(c.op) .. "|" .. tostring(c.background)
      .. "|" .. tostring(c.redirect)
  end
  return "{" .. table.concat(out, "\2") .. "}"
end

local lines = {
  "", " ", "\t", "ip -br link", "  ip   netns  add   h1  ", "ip\tlink\tset e0 up",
  "sudo ip link", "sudo -E -H ip link", "sudo", "sudo -E", "ping -c 2 10.0.0.2",
  "ip netns exec h1 ping -c 1 10.1.8.10", "echo 1", "x=1", "a-b.c_d", "\227\128\128ip",
  "ip link add vh1 type veth peer name eth0 netns h1", "$HOME", "a<b", "(1)", "{x}",
}
for _, l in ipairs(lines) do
  t.is(show(commands.split(l)), show(commands.split(l .. " #")), "plain line '" .. l .. "' splits as the walk does")
end
-- random plain lines: words of letters, digits and punctuation that is not special
math.randomseed(54)
local alphabet = "ab19-./:=$%@^*()[]{}<,+?!\t  "
for i = 1, 300 do
  local n, s = math.random(0, 40), {}
  for k = 1, n do local j = math.random(#alphabet); s[k] = alphabet:sub(j, j) end
  local l = table.concat(s)
  if i <= 150 then l = "sudo " .. l end
  t.is(show(commands.split(l)), show(commands.split(l .. " #")), "random plain line " .. i)
end
-- a special character still takes the walk
t.is(show(commands.split("echo 'a b'")), "{echo\1a b|nil|false|nil}", "a quote is not cut at its space")
t.is(show(commands.split("a;b")), "{a|;|false|nil\2b|nil|false|nil}", "an operator still separates")
t.done()
