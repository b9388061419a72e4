--[[ netlearn.kinds.dummy -- the dummy kind: a device that drops what it is
sent, a place to put addresses (`ip link add dum0 type dummy`).
C side: src/kind_dummy.c. ]]
return {
  name = "dummy",
  noun = { en = "dummy devices", zh = "dummy 设备" },
  config = "CONFIG_DUMMY", module = "dummy",
  options = {},
  fields = {},               -- what net.link_add takes beyond name, type, mtu, address, up, netns
  usage = "dummy",
  example = "ip link add dum0 type dummy",
  probe = { type = "dummy" },
  export = true,             -- containerlab: `ip link add NAME type dummy`
  details = function() return { "    dummy " } end,
}
