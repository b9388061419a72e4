/*
 * kind_dummy.c -- the dummy kind: a device that drops what it is sent. It has
 * no attributes of its own.
 */
#include "kind.h"

const struct link_kind link_kind_dummy = {
	.name = "dummy", .noun = "dummy devices", .config = "CONFIG_DUMMY", .module = "dummy",
};
