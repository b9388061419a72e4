/* addr.c -- placeholder until this primitive family is written. */
#include "netlearn.h"

const luaL_Reg l_addr_funcs[] = {
	{NULL, NULL}
};
