--[[ netlearn.cmd.ip_neigh -- `ip neigh` (the ARP / NDP table), for cmd/ip.lua:

  ip [-4|-6] neigh show [dev DEV] [nud STATE] [to ADDR]
  ip [-4|-6] neigh flush dev DEV | all
  ip neigh add|replace|change|del ADDR [lladdr MAC] dev DEV [nud permanent|reachable|stale|noarp|...] [router]

ADDR is IPv4 or IPv6 (the family comes from the address, or from -4/-6); a new
entry is PERMANENT unless nud says otherwise, as with iproute2. Output and error
lines are iproute2's, then a hint.

  local neigh = require("netlearn.cmd.ip_neigh")(helpers)   -- helpers: see ip.lua
  neigh.run(sub, ns, args, opts, ctx)
]]
local net = require("netlearn.core")
local fmt = require("netlearn.iproute_fmt")
local inet = require("netlearn.inet")
local neighspec = require("netlearn.neighspec")

return function(H)
  local M = {}
  local fail, garbage, invarg, kfail, need_dev, emit_json = H.fail, H.garbage, H.invarg, H.kfail, H.need_dev, H.emit_json
  local L = H.L

  local function neigh_args(ns, a)
    local f = {}
    while a:more() do
      local w = a:next()
      if w == "dev" then f.dev = a:need(w); need_dev(ns, f.dev)
      elseif w == "all" then f.all = true
      elseif w == "nud" then f.nud = a:need(w):upper()
      elseif w == "to" then f.to = a:need(w)
      else
        if f.to then garbage("to", w) end
        f.to = w
      end
    end
    return f
  end

  local function show(ns, a, o, ctx)
    local f = neigh_args(ns, a)
    local list, e, errno = net.neigh_list(ns, { dev = f.dev, family = o.family })
    if not list then kfail(e, errno) end
    local t = {}
    for _, n in ipairs(list) do
      if (not f.dev or n.dev == f.dev) and (not f.nud or n.state == f.nud) and (not f.to or n.dst == f.to) then
        t[#t + 1] = n
      end
    end
    if o.json then
      local j = {}
      for _, n in ipairs(t) do
        local nj = fmt.neigh_json(n)
        if f.dev then nj.dev = nil end
        j[#j + 1] = nj
      end
      emit_json(ctx, j)
      return 0
    end
    for _, n in ipairs(t) do
      local s = fmt.neigh_text(n)
      if f.dev then s = s:gsub(" dev " .. n.dev:gsub("%p", "%%%0") .. " ", " ", 1) end
      ctx:outln(s)
    end
    return 0
  end

  local function flush(ns, a, o)
    local f = neigh_args(ns, a)
    if not f.dev and not f.all and not f.to then
      fail(1, "Flush requires arguments.", L("say what to flush: 'ip neigh flush dev veth0' or 'ip neigh flush all'",
        "说明要清空什么：'ip neigh flush dev veth0' 或 'ip neigh flush all'"))
    end
    local n, e, errno = net.neigh_flush(ns, { dev = f.dev, family = o.family })
    if not n then kfail(e, errno) end
    return 0
  end

  local HINT = {
    [17] = { "there is an entry for that address already: 'ip neigh replace ...' overwrites it, 'ip neigh' lists them",
      "这个地址已经有一条表项：'ip neigh replace ...' 会覆盖它，'ip neigh' 列出表项" },
    [2] = { "there is no such entry: 'ip neigh' lists the table (give the same address and dev)",
      "没有这条表项：'ip neigh' 列出邻居表（给出相同的地址和 dev）" },
  }

  -- add | replace | change | del
  local function modify(ns, a, o, op)
    local s = {}
    while a:more() do
      local w = a:next()
      if w == "dev" then s.dev = a:need(w)
      elseif w == "lladdr" then
        local m = a:need(w)
        s.lladdr = H.need_mac(m)
      elseif w == "nud" then
        local st = a:need(w)
        if not neighspec.NUD[st] then
          invarg("nud state is bad", st, L("nud is permanent, reachable, stale, noarp, delay, probe, failed or none",
            "nud 可以是 permanent、reachable、stale、noarp、delay、probe、failed 或 none"))
        end
        s.nud = st
      elseif w == "router" then s.router = true
      elseif w == "proxy" or w == "extern_learn" or w == "protocol" or w == "use" or w == "managed" then
        H.unsupported(w, "ip neigh " .. op, "ADDR [lladdr MAC] dev DEV [nud STATE] [router]")
      else
        if w == "to" then w = a:need(w) end
        if s.dst then garbage("to", w) end
        local f, addr = inet.addr(w, o.family)
        if not f then
          fail(1, addr, o.family == "inet6" and L("write an IPv6 address such as 2001:db8::5", "请写 IPv6 地址，如 2001:db8::5")
            or o.family == "inet" and L("write an IPv4 address such as 10.1.1.5", "请写 IPv4 地址，如 10.1.1.5")
            or L("write the neighbour's IP address, e.g. 10.1.1.5 or 2001:db8::5",
              "请写邻居的 IP 地址，例如 10.1.1.5 或 2001:db8::5"))
        end
        s.dst = addr
      end
    end
    if not s.dev or not s.dst then
      fail(255, "Device and destination are required arguments.",
        L("e.g. ", "例如 ") .. "'ip neigh " .. op .. " 10.1.1.5 lladdr 02:00:00:00:00:05 dev veth0'")
    end
    need_dev(ns, s.dev)
    local ok, e, errno = net.neigh_set(ns, op, s)
    if not ok then kfail(e, errno, HINT[errno] and L(HINT[errno][1], HINT[errno][2])) end
    return 0
  end

  function M.run(sub, ns, a, o, ctx)
    if sub == "show" then return show(ns, a, o, ctx)
    elseif sub == "flush" then return flush(ns, a, o)
    elseif sub == "add" or sub == "replace" or sub == "change" then return modify(ns, a, o, sub)
    elseif sub == "delete" then return modify(ns, a, o, "del") end
    return nil
  end

  return M
end
