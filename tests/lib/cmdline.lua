--[[ tests/lib/cmdline.lua -- run one netlearn command line as the shell would, with
what it writes captured; for the command tests' helper files (tests/lua/5x_iplib.lua,
cmdmisc-lib.lua, why-lib.lua).

  local cmdline = dofile(os.getenv("TESTLIB") .. "/cmdline.lua")
  local status, out, err, ctx = cmdline.run("ip -br link", "net1")
  cmdline.run(line, ns, {results = {}})   -- extra fields set on the context
]]
local commands = require("netlearn.commands")
local M = {}

function M.run(line, ns, extra)
  local out, err = {}, {}
  local ctx = commands.context({
    ns = ns or "",
    stdout = function(s) out[#out + 1] = s end,
    stderr = function(s) err[#err + 1] = s end,
  })
  for k, v in pairs(extra or {}) do ctx[k] = v end
  local _, status = commands.execute(line, ctx)
  return status, table.concat(out), table.concat(err), ctx
end

return M
