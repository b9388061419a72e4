/*
 * fuzz_cmdline.c -- libFuzzer target: a line typed at the prompt -> the command
 * layer's pure parsers, in an embedded Lua 5.4 with netlearn's Lua modules and a
 * `netlearn.core` (and `netlearn.cnet`) stand-in that fails every call (so
 * nothing reaches a kernel):
 *   commands.split(line)     the shell-like splitter (lua/netlearn/commands.lua)
 *   commands.is_command(line) command or Lua?
 *   iptables.parse(words)    the iptables option parser (lua/netlearn/cmd/iptables.lua),
 *                            fed the words of every command split out of the line
 * A Lua error out of any of them is a bug (they return nil, message for bad
 * input): the target prints it and aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#ifndef LUA_DIR
#define LUA_DIR "lua"
#endif

static const char prelude[] =
	"package.path = LUA_DIR .. '/?.lua'\n"
	"package.cpath = ''\n"
	"package.preload['netlearn.core'] = function()\n"
	"  return setmetatable({}, { __index = function(_, k)\n"
	"    return function() return nil, 'fuzz: no kernel here', 1 end end })\n"
	"end\n"
	"package.preload['netlearn.cnet'] = package.preload['netlearn.core']\n"
	"local commands = require('netlearn.commands')\n"
	"commands.load_all()\n"
	"local ok, ipt = pcall(require, 'netlearn.cmd.iptables')\n"
	"if not ok or type(ipt) ~= 'table' or type(ipt.parse) ~= 'function' then ipt = nil end\n"
	"function fuzz_one(line)\n"
	"  local cmds, e = commands.split(line)\n"
	"  if cmds == false then\n"
	"    assert(e == 'incomplete', 'split: false without \"incomplete\"')\n"
	"  elseif cmds == nil then\n"
	"    assert(type(e) == 'string' and #e > 0, 'split: nil without a message')\n"
	"  else\n"
	"    for _, c in ipairs(cmds) do\n"
	"      assert(#c.words > 0, 'split: an empty command')\n"
	"      for _, w in ipairs(c.words) do assert(type(w) == 'string') end\n"
	"      if ipt then\n"
	"        local args = { table.unpack(c.words, 2) }\n"
	"        ipt.parse(args)\n"
	"      end\n"
	"    end\n"
	"  end\n"
	"  -- a plain line's fast cut gives what the walk gives (the walk: the same line\n"
	"  -- ending in a comment)\n"
	"  if not line:find(\"['\\\"\\\\#|&;>~]\") and not line:find('\\0') then\n"
	"    local a, b = commands.split(line), commands.split(line .. ' #')\n"
	"    local function flat(x) if not x then return tostring(x) end\n"
	"      local o = {} for _, c in ipairs(x) do o[#o + 1] = table.concat(c.words, '\\1') end\n"
	"      return table.concat(o, '\\2') end\n"
	"    assert(flat(a) == flat(b), 'split: the plain cut differs from the walk')\n"
	"  end\n"
	"  local r = commands.is_command(line)\n"
	"  assert(type(r) == 'boolean', 'is_command: not a boolean')\n"
	"end\n";

static lua_State *L;

/* Coverage of the Lua code: libFuzzer sees only C edges, so a line hook folds
 * (source, line, previous line) into extra counters it also watches. */
#define NCOUNTERS 65536
__attribute__((used, section("__libfuzzer_extra_counters")))
static uint8_t lua_edges[NCOUNTERS];
static uintptr_t prev_line;

static void line_hook(lua_State *l, lua_Debug *ar)
{
	uintptr_t h;
	if (!lua_getinfo(l, "S", ar))
		return;
	h = (uintptr_t)ar->source * 2654435761u + (uintptr_t)ar->currentline;
	lua_edges[(h ^ prev_line) % NCOUNTERS]++;
	prev_line = h >> 1;
}

static int traceback(lua_State *l)
{
	luaL_traceback(l, l, lua_tostring(l, 1), 1);
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!L) {
		L = luaL_newstate();
		luaL_openlibs(L);
		lua_pushstring(L, LUA_DIR);
		lua_setglobal(L, "LUA_DIR");
		if (luaL_loadbuffer(L, prelude, sizeof prelude - 1, "=prelude") || lua_pcall(L, 0, 0, 0)) {
			fprintf(stderr, "fuzz_cmdline: %s\n", lua_tostring(L, -1));
			abort();
		}
	}
	prev_line = 0;
	lua_sethook(L, line_hook, LUA_MASKLINE, 0);
	lua_pushcfunction(L, traceback);
	lua_getglobal(L, "fuzz_one");
	lua_pushlstring(L, (const char *)data, size);
	if (lua_pcall(L, 1, 0, -3)) {
		fprintf(stderr, "fuzz_cmdline: Lua error on %zu-byte line: %s\n", size, lua_tostring(L, -1));
		abort();
	}
	lua_sethook(L, NULL, 0, 0);
	lua_settop(L, 0);
	if (size & 1)
		lua_gc(L, LUA_GCSTEP, 0);
	return 0;
}
