--[[ netlearn.kinds.veth -- the veth kind: a pair of devices, a cable with two
ends (`ip link add veth0 type veth peer name veth1 [netns NS] [address MAC]`).
C side: src/kind_veth.c. ]]
return {
  name = "veth",
  noun = { en = "veth pairs", zh = "veth 对" },
  what = { en = "veth pairs (every lesson)", zh = "veth 对（每门课程都用）" },   -- doctor's words
  config = "CONFIG_VETH", module = "veth",
  pair = true,           -- two devices: ip names and checks the peer too
  fields = { "peer", "peer_ns", "peer_address" },   -- what net.link_add takes (netlearn.linkspec)
  options = { "peer", "name", "netns", "address" },
  usage = "veth [peer name NAME [netns NS]]",
  example = "ip link add veth0 type veth peer name veth1",
  probe = { type = "veth", peer = "dr1" },
  wire = "pair",
  -- containerlab: both ends on one node (a pair between two nodes is a link)
  export = function(l, dev)
    local peer = l.link and dev(l.link)
    if peer then return " type veth peer name " .. peer, l.link end
  end,
  -- `type veth ARGS` from a net.link_add spec (narrate)
  args = function(s)
    return (s.peer and (" peer name " .. s.peer) or "") ..
      (s.peer_ns and (" netns " .. (s.peer_ns == "" and "1" or s.peer_ns)) or "")
  end,
  parse = function(a, spec, P)
    if not a:more() then return end
    local w = a:next()
    if w ~= "peer" then
      P.garbage("type", w, P.L("veth takes 'peer name NAME [netns NS]'", "veth 后面是 'peer name 名字 [netns 命名空间]'"))
    end
    local p = {}
    P.parse_link_common(a, p, "ip link add ... peer", false)
    spec.peer = p.name or p.dev
    spec.peer_ns = p.netns
    spec.peer_address = p.address
    if p.up ~= nil or p.mtu or p.master ~= nil or p.link then
      P.unsupported("up/mtu/master/link", "peer", "name NAME, netns NS, address MAC")
    end
  end,
  details = function() return { "    veth " } end,
}
