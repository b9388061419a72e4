--[[ tests/lib/nat_lab.lua -- what the NAT and filter tests (tests/30-34) share.

  The lab, built with the real `ip` inside the sandbox:
      client 10.0.1.2/24 (c0) --- (r0) 10.0.1.1 router 10.0.2.1 (r1) --- (s0) 10.0.2.2/24 server
  The router forwards (ip_forward=1, written with sysctl in its namespace); the
  client's default route points at it; the server gets a route back only when
  asked (build{server_route=true}), so without NAT its replies cannot return.

  topo.ruleset(t, ns)     -> {"chain nat POSTROUTING nat postrouting 100 accept", "rule nat POSTROUTING: ...", ...}
                             (`nft -j list ruleset` in ns, one line per chain and rule; the oracle.
                             An xtables target -- what iptables-nft, and so netlearn, writes --
                             is worded as nft's own text listing translates it: "masquerade",
                             "snat:ADDR[:PORT]", "dnat:ADDR[:PORT]", "reject")
  topo.listen(ns, port[, with_port]) -> pid of a socat answering each TCP connection "peer=<source address>[ port=N]"
  topo.connect(ns, addr, port) -> output, exit code   (socat, short timeouts)
]]
local net = require("netlearn.core")
local json = require("netlearn.json")
local M = {}

local function value(v)
  if type(v) == "table" and v.prefix then return v.prefix.addr .. "/" .. v.prefix.len end
  return tostring(v)
end

-- One nft JSON expression as a short word: "oifname==eth0", "ip.saddr==10.0.0.0/24", "counter", "dnat:1.2.3.4:80"
local function expr_word(e)
  if e.match then
    local l, left = e.match.left, "?"
    if l.meta then left = l.meta.key
    elseif l.payload then left = l.payload.protocol .. "." .. l.payload.field end
    return left .. e.match.op .. value(e.match.right)
  end
  if e.counter then return "counter" end
  for _, k in ipairs({ "snat", "dnat" }) do
    if e[k] then return k .. ":" .. e[k].addr .. (e[k].port and (":" .. e[k].port) or "") end
  end
  if e.reject and type(e.reject) == "table" and e.reject.expr == "port-unreachable" then return "reject" end
  for _, k in ipairs({ "masquerade", "accept", "drop", "reject" }) do
    if e[k] == json.null then return k end
  end
  return json.encode(e)
end

-- nft's text listing: for each "table/chain", its rule lines in order
local function text_rules(t, ns)
  local out, code, err = t.nsh(ns, "nft list ruleset")
  if code ~= 0 then error("nft list ruleset failed: " .. tostring(err)) end
  local rules, tbl, chain = {}, nil, nil
  for l in out:gmatch("[^\n]+") do
    local tn = l:match("^table %S+ (%S+) {")
    local cn = l:match("^%s+chain (%S+) {")
    if tn then tbl = tn
    elseif cn then chain = cn
    elseif chain and not l:match("^%s*type ") and not l:match("^%s*}") and not l:match("^%s*#") and l:match("%S") then
      local k = tbl .. "/" .. chain
      rules[k] = rules[k] or {}
      rules[k][#rules[k] + 1] = l
    end
  end
  return rules
end

-- the words nft's text gives an xtables target: "masquerade", "snat:1.2.3.4:80"
local function xt_word(line)
  local kind, to = line:match("(%a+nat) to (%S+)%s*$")
  if kind then return kind .. ":" .. to end
  if line:match("masquerade%s*$") then return "masquerade" end
  if line:match("reject%s*$") or line:match("reject with") then return "reject" end
  return nil
end

function M.ruleset(t, ns)
  local out, code, err = t.nsh(ns, "nft -j list ruleset")
  if code ~= 0 then error("nft -j list ruleset failed: " .. tostring(err)) end
  local doc = assert(json.decode(out))
  local texts = text_rules(t, ns)
  local seen = {}
  local lines = {}
  for _, item in ipairs(doc.nftables) do
    local c, r = item.chain, item.rule
    if c then
      lines[#lines + 1] = string.format("chain %s %s %s %s %s %s", c.table, c.name, c.type, c.hook, c.prio, c.policy)
    elseif r then
      local k = r.table .. "/" .. r.chain
      seen[k] = (seen[k] or 0) + 1
      local words = {}
      for _, e in ipairs(r.expr) do
        local w = e.xt and e.xt.type == "target" and xt_word((texts[k] or {})[seen[k]] or "")
        words[#words + 1] = w or expr_word(e)
      end
      lines[#lines + 1] = string.format("rule %s %s: %s", r.table, r.chain, table.concat(words, " "))
    elseif item.table then
      lines[#lines + 1] = "table " .. item.table.family .. " " .. item.table.name
    end
  end
  return lines
end

function M.ruleset_text(t, ns) return table.concat(M.ruleset(t, ns), "\n") end

function M.build(t, opts)
  opts = opts or {}
  for _, n in ipairs({ "client", "router", "server" }) do assert(net.ns_add(n)) end
  local _, code, err = t.sh([[
set -e
ip link add c0 netns client type veth peer name r0 netns router
ip link add s0 netns server type veth peer name r1 netns router
ip -n client addr add 10.0.1.2/24 dev c0
ip -n router addr add 10.0.1.1/24 dev r0
ip -n router addr add 10.0.2.1/24 dev r1
ip -n server addr add 10.0.2.2/24 dev s0
for n in client router server; do ip -n $n link set lo up; done
ip -n client link set c0 up
ip -n router link set r0 up
ip -n router link set r1 up
ip -n server link set s0 up
ip -n client route add default via 10.0.1.1
]])
  assert(code == 0, "building the lab failed: " .. tostring(err))
  local _, c2, e2 = t.nsh("router", "sysctl -qw net.ipv4.ip_forward=1")
  assert(c2 == 0, "ip_forward: " .. tostring(e2))
  if opts.server_route then
    assert(select(2, t.nsh("server", "ip route add default via 10.0.2.1")) == 0)
  end
end

-- A TCP listener that tells each client the source address it saw.
function M.listen(ns, port, with_port)
  local what = with_port and "peer=$SOCAT_PEERADDR port=$SOCAT_PEERPORT" or "peer=$SOCAT_PEERADDR"
  local pid = assert(net.run(ns, { "/bin/sh", "-c",
    "exec socat TCP-LISTEN:" .. port .. ",reuseaddr,fork" ..
    " SYSTEM:'echo " .. what .. "' >/dev/null 2>&1" }, { background = true }))
  -- wait until it listens
  net.run(ns, { "/bin/sh", "-c", "for i in $(seq 100); do ss -Hltn 'sport = :" .. port ..
    "' | grep -q . && exit 0; sleep 0.02; done; exit 1" })
  return pid
end

function M.stop(pid)
  net.kill(pid)
  net.wait(pid)
end

function M.connect(t, ns, addr, port)
  local out, code = t.nsh(ns, "socat -T1 -t1 - TCP:" .. addr .. ":" .. port .. ",connect-timeout=0.5 </dev/null 2>&1")
  return (out:gsub("%s+$", "")), code
end

return M
