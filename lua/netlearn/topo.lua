--[[ netlearn.topo -- see the lab: what is connected to what, drawn in the terminal.

topo.gather() reads the lab from the kernel (every namespace: the host, the
sandbox's own, plus each named one) and topo.model() works out how it hangs
together: veth pairs (a veth's link_index is its peer's ifindex in the peer's
namespace), bridge ports, macvlan/ipvlan children and their parent, ipip
tunnels (kernel or netlearn's user-space stand-in) whose local/remote
addresses match. From the model:

  topo.draw(model, {ascii=, color=})   boxes and lines (Unicode or ASCII)
  topo.compact(model)                  one line a namespace, for big labs
  topo.dot(model)                      Graphviz text
  topo.svg(model)                      a simple SVG (grid layout, no Graphviz needed)

  local topo = require("netlearn.topo")
  io.write(topo.draw(topo.model(topo.gather()), {ascii = true}))

This module gathers the names of its parts, where the work is:
  netlearn.topo_model     gather, model, rows: reading the lab
  netlearn.topo_draw      draw, compact, summary: the terminal
  netlearn.topo_picture   picture, dot, svg: Graphviz and SVG
(topo.MAX_NAMESPACES and topo.MAX_LANES are copies: draw() reads
netlearn.topo_draw's.)
]]
local M = {}
for _, part in ipairs({ "netlearn.topo_model", "netlearn.topo_draw", "netlearn.topo_picture" }) do
  for k, v in pairs(require(part)) do M[k] = v end
end

return M
