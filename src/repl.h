/* repl.h -- the interactive loop (repl.c). */
#ifndef NETLEARN_REPL_H
#define NETLEARN_REPL_H
#include <lua.h>
void repl_register(lua_State *L);   /* C functions the shell's Lua side calls */
int repl_run(lua_State *L);         /* returns the exit status */
#endif
