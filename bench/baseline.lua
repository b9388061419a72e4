--[[ bench/baseline.lua -- prints the hermetic settings netlearn gives every
namespace it makes (netlearn.baseline.fresh_list(): "net/REL VALUE" lines), for
the bench's C floor to apply the same way (bench/floor.c -baseline FILE).

  netlearn lua bench/baseline.lua > FILE
]]
for _, e in ipairs(require("netlearn.baseline").fresh_list()) do print(e[1] .. " " .. e[2]) end
