/*
 * l_capture.c -- the Lua binding of capture.c: net.capture_open and the
 * capture object (cap:read, cap:wait, cap:stats, cap:info, cap:fd, cap:close),
 * with the words for each failure and every frame read as a Lua table
 * (l_decode.c's, plus when and where the frame was seen).
 *
 *   local cap = assert(net.capture_open("net2", "veth1", "icmp", {write = "/tmp/x.pcap"}))
 *   for _, p in ipairs(cap:wait(2.0, 4)) do print(p.text) end
 *   cap:close()
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/if_packet.h>
#include "luax.h"
#include "netlearn.h"
#include "capture.h"

#define CAPTURE_MT "netlearn.capture"

static struct capture *check_cap(lua_State *L)
{
	struct capture *c = luaL_checkudata(L, 1, CAPTURE_MT);
	if (c->fd < 0)
		luaL_error(L, "capture is closed");
	return c;
}

/* capture_open's failure ERR on DEV ("" = any) as nil, message, errno: the
 * filter's own words (FILTER_WORDS) when it has them, else tcpdump's. */
static int push_open_fail(lua_State *L, int err, const char *filter_words, const char *dev)
{
	if (filter_words[0]) {
		lua_pushnil(L);
		lua_pushstring(L, filter_words);
		lua_pushinteger(L, -err);
		return 3;
	}
	if (err == -ENODEV)
		return l_fail(L, err, "tcpdump: %s: No such device exists", dev);
	if (err == -ENETDOWN)
		return l_fail(L, err, "tcpdump: %s: That device is not up (bring it up with 'ip link set %s up')",
			      dev, dev);
	if (err == -EPERM || err == -EACCES)
		return l_fail(L, err, "tcpdump: %s: You don't have permission to capture on that device",
			      dev[0] ? dev : "any");
	return l_fail(L, err, "tcpdump: %s: %s", dev[0] ? dev : "any", strerror(-err));
}

/* Why a capture of net.capture_open or _many cannot be tried at all (NS
 * missing, DEV's name too long) as nil, message, errno; 0 when it can. */
static int push_cannot_try(lua_State *L, const char *ns, const char *dev)
{
	if (strlen(dev) >= IF_NAMESIZE)
		return l_fail(L, -ENODEV, "tcpdump: %s: No such device exists (names are at most 15 bytes)", dev);
	if (!ns_exists(ns)) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: no such namespace (create it with 'ip netns add %s')", ns, ns);
		lua_pushinteger(L, ENOENT);
		return 3;
	}
	return 0;
}

/* The options of one capture (snaplen, allow_down, ring_kib) from the table
 * at index T: 0, or -EINVAL for a ring size out of range. */
static int read_opts(lua_State *L, int t, struct capture_opts *o)
{
	lua_Integer snaplen = l_optfield_int(L, t, "snaplen", CAPTURE_SNAPLEN_MAX);
	lua_Integer ring_kib = l_optfield_int(L, t, "ring_kib", CAPTURE_RING_KIB_DEFAULT);
	o->allow_down = l_optfield_bool(L, t, "allow_down", 0);
	if (snaplen <= 0 || snaplen > CAPTURE_SNAPLEN_MAX)
		snaplen = CAPTURE_SNAPLEN_MAX;      /* tcpdump's rule for 0 and out-of-range values */
	o->snaplen = (int)snaplen;
	/* the words for a size the learner typed are tcpdump -B's, in Lua */
	if (ring_kib < 1 || ring_kib > CAPTURE_RING_KIB_MAX)
		return -EINVAL;
	o->ring_kib = (unsigned)ring_kib;
	return 0;
}

static struct capture *new_cap(lua_State *L)
{
	struct capture *c = lua_newuserdatauv(L, sizeof *c, 0);
	memset(c, 0, sizeof *c);
	c->fd = -1;
	luaL_setmetatable(L, CAPTURE_MT);
	return c;
}

/* net.capture_open(ns, dev|nil, filter|nil, {snaplen=262144, allow_down=false,
 *                  write=path, ring_kib=4096})
 * write: every frame kept also goes to this pcap file (tcpdump -w), Linux
 * cooked for "any"; cap:close() finishes it. ring_kib: the kernel's ring for
 * this capture (tcpdump -B), rounded up to whole 64 KiB blocks; a frame that
 * finds it full is dropped and counted in cap:stats().dropped. */
static int l_capture_open(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	const char *dev = luaL_optstring(L, 2, "");
	const char *expr = luaL_optstring(L, 3, "");
	const char *wpath;
	struct capture_opts o;
	struct capture *c;
	int err;
	char msg[PCAP_ERRBUF_SIZE + 64];

	if (!lua_isnoneornil(L, 4))
		luaL_checktype(L, 4, LUA_TTABLE);
	wpath = l_optfield_str(L, 4, "write", NULL);
	if (read_opts(L, 4, &o))
		return l_fail(L, -EINVAL, "net.capture_open: ring_kib= malformed or out of range (1..%d)",
			      CAPTURE_RING_KIB_MAX);
	if (!strcmp(dev, "any"))
		dev = "";
	if ((err = push_cannot_try(L, ns, dev)))
		return err;
	c = new_cap(L);
	err = capture_open(c, ns, dev, expr, &o, msg, sizeof msg);
	if (err)
		return push_open_fail(L, err, msg, dev);
	if (wpath) {
		err = capture_write_to(c, wpath, msg, sizeof msg);
		if (err) {
			capture_close(c);
			lua_pushnil(L);
			lua_pushfstring(L, "tcpdump: %s", msg);
			lua_pushinteger(L, -err);
			return 3;
		}
	}
	return 1;
}

/* Field K of the entry table at index T: a string (anchored in the table at
 * index ANCHOR, so it lives as long as the call) or DEF when absent. */
static const char *entry_str(lua_State *L, int t, const char *k, const char *def, int anchor, lua_Integer i)
{
	const char *v = def;
	int ty = lua_getfield(L, t, k);
	if (ty != LUA_TNIL && ty != LUA_TSTRING)
		luaL_error(L, "net.capture_open_many: entry %d: field '%s' must be a string", (int)i, k);
	if (ty == LUA_TSTRING) {
		v = lua_tostring(L, -1);
		lua_rawseti(L, anchor, (lua_Integer)lua_rawlen(L, anchor) + 1);
	} else {
		lua_pop(L, 1);
	}
	return v;
}

#define OPEN_MANY_MAX 1024

/* net.capture_open_many({{ns=, dev=, filter=, snaplen=, ring_kib=, allow_down=}, ...})
 * -> caps, errors: every capture of the list opened as net.capture_open
 * would (no write=), their rings set up at once (capture_open_many). caps[i]
 * is the capture or false; errors[i] the message where it failed. */
static int l_capture_open_many(lua_State *L)
{
	struct capture_req *reqs;
	lua_Integer n, i;
	int anchor, caps, errs;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	n = (lua_Integer)lua_rawlen(L, 1);
	luaL_argcheck(L, n <= OPEN_MANY_MAX, 1, "at most 1024 captures at once");
	lua_newtable(L);
	anchor = lua_gettop(L);
	lua_createtable(L, (int)n, 0);
	caps = lua_gettop(L);
	lua_newtable(L);
	errs = lua_gettop(L);
	reqs = lua_newuserdatauv(L, sizeof *reqs * (size_t)(n ? n : 1), 0);   /* freed by Lua */
	for (i = 0; i < n; i++) {
		struct capture_req *q = &reqs[i];
		int e;
		memset(q, 0, sizeof *q);
		if (lua_rawgeti(L, 1, i + 1) != LUA_TTABLE)
			return luaL_error(L, "net.capture_open_many: entry %d must be a table", (int)(i + 1));
		e = lua_gettop(L);
		q->ns = entry_str(L, e, "ns", "", anchor, i + 1);
		q->dev = entry_str(L, e, "dev", "", anchor, i + 1);
		q->expr = entry_str(L, e, "filter", "", anchor, i + 1);
		if (read_opts(L, e, &q->o))
			return luaL_error(L, "net.capture_open_many: entry %d: ring_kib= out of range (1..%d)",
					  (int)(i + 1), CAPTURE_RING_KIB_MAX);
		lua_pop(L, 1);
		if (!strcmp(q->dev, "any"))
			q->dev = "";
		if (push_cannot_try(L, q->ns, q->dev)) {
			lua_pop(L, 1);                        /* the errno */
			lua_rawseti(L, errs, i + 1);          /* the message */
			lua_pop(L, 1);                        /* nil */
			lua_pushboolean(L, 0);
			lua_rawseti(L, caps, i + 1);
			q->c = NULL;                          /* worded: not opened */
		} else {
			q->c = new_cap(L);
			lua_rawseti(L, caps, i + 1);          /* the capture, until it fails */
		}
	}
	capture_open_many(reqs, (int)n);
	for (i = 0; i < n; i++) {
		struct capture_req *q = &reqs[i];
		if (!q->c || !q->r)
			continue;
		push_open_fail(L, q->r, q->err, q->dev);
		lua_pop(L, 1);                        /* the errno */
		lua_rawseti(L, errs, i + 1);
		lua_pop(L, 1);
		lua_pushboolean(L, 0);
		lua_rawseti(L, caps, i + 1);
	}
	lua_pushvalue(L, caps);
	lua_pushvalue(L, errs);
	return 2;
}

/* Push frame F of capture C as a table: l_decode.c's, with when, where and
 * which way it was seen. */
static void push_frame(lua_State *L, struct capture *c, const struct capture_frame *f)
{
	capture_push_pkt(L, &f->pk, f->text, f->text_e, c->buf, f->caplen, capture_lt_name(f->hatype));
	lua_pushnumber(L, (double)f->ts.tv_sec + (double)f->ts.tv_nsec / 1e9);
	lua_setfield(L, -2, "time");
	l_setfield_int(L, "time_sec", f->ts.tv_sec);
	l_setfield_int(L, "time_nsec", f->ts.tv_nsec);
	l_setfield_str(L, "ifname", capture_ifname(c, f->ifindex));
	l_setfield_int(L, "ifindex", f->ifindex);
	l_setfield_str(L, "dir", f->pkttype == PACKET_OUTGOING ? "Out" : "In");
	l_setfield_int(L, "pkttype", f->pkttype);
	if (!c->ifindex) {
		/* tcpdump -i any (Linux cooked v2) puts the device and direction first */
		static const char *const dirs[] = { "In", "B", "M", "P", "Out" };
		char line[CAPTURE_TEXT_MAX + 40];
		snprintf(line, sizeof line, "%-5s %-3s %s", capture_ifname(c, f->ifindex),
			 f->pkttype >= 0 && f->pkttype < 5 ? dirs[f->pkttype] : "?", f->text);
		l_setfield_str(L, "text_any", line);
	}
}

/* Appends up to MAX frames to the table on top; returns how many, or -errno. */
static int cap_drain(lua_State *L, struct capture *c, lua_Integer max)
{
	struct capture_frame f;
	lua_Integer got = 0;
	while (got < max) {
		int r = capture_next(c, &f);
		if (r == -EAGAIN || r == -EINTR)
			break;
		if (r == -ENETDOWN)     /* device went down: tcpdump stops; we just stop reading */
			break;
		if (r < 0)
			return r;
		if (r == 1) {
			push_frame(L, c, &f);
			lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
			got++;
		}
	}
	return (int)got;
}

/* cap:read([max]) -> {pkt...} : what is queued now, without waiting */
static int l_cap_read(lua_State *L)
{
	struct capture *c = check_cap(L);
	lua_Integer max = luaL_optinteger(L, 2, 1 << 20);
	int r;
	lua_newtable(L);
	r = cap_drain(L, c, max);
	if (r < 0)
		return l_fail(L, r, "tcpdump: read: %s", strerror(-r));
	return 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* cap:wait(timeout_s[, count]) -> {pkt...} : until COUNT packets, the timeout or Ctrl-C */
static int l_cap_wait(lua_State *L)
{
	struct capture *c = check_cap(L);
	double timeout = luaL_checknumber(L, 2);
	lua_Integer count = luaL_optinteger(L, 3, 1 << 20);
	double deadline = now_s() + (timeout > 0 ? timeout : 0);
	lua_Integer got = 0;

	lua_newtable(L);
	while (got < count && !nl_interrupted) {
		double left = deadline - now_s();
		int r, ms;
		r = cap_drain(L, c, count - got);
		if (r < 0)
			return l_fail(L, r, "tcpdump: read: %s", strerror(-r));
		got += r;
		if (got >= count || left <= 0)
			break;
		ms = (int)(left * 1000) + 1;
		if (ms > 100)
			ms = 100;       /* wake up now and then to notice Ctrl-C */
		r = capture_poll(c, ms);
		if (r < 0 && r != -EINTR)
			return l_fail(L, r, "tcpdump: poll: %s", strerror(-r));
	}
	return 1;
}

static int l_cap_fd(lua_State *L)
{
	lua_pushinteger(L, check_cap(L)->fd);
	return 1;
}

/* cap:stats() -> {captured=, received=, dropped=} : tcpdump's closing counts
 * (dropped: frames the kernel dropped because the ring was full) */
static int l_cap_stats(lua_State *L)
{
	struct capture *c = check_cap(L);
	capture_update_stats(c);
	lua_createtable(L, 0, 3);
	l_setfield_int(L, "captured", (lua_Integer)c->kept);
	l_setfield_int(L, "received", (lua_Integer)c->seen);
	l_setfield_int(L, "dropped", (lua_Integer)c->kdrops);
	return 1;
}

/* cap:info() -> {dev=, ifindex=, linktype=, link_desc=, snaplen=, filter=bool,
 * writing=bool, ring_kib=, ring_frames=, prearmed=bool} */
static int l_cap_info(lua_State *L)
{
	struct capture *c = check_cap(L);
	const char *desc;
	lua_createtable(L, 0, 10);
	l_setfield_str(L, "dev", c->ifindex ? c->ifname : "any");
	l_setfield_int(L, "ifindex", c->ifindex);
	l_setfield_int(L, "snaplen", c->snaplen);
	l_setfield_bool(L, "filter", c->has_filter);
	l_setfield_bool(L, "writing", c->writing);
	l_setfield_int(L, "ring_kib", (lua_Integer)(c->ring_len / 1024));
	l_setfield_int(L, "ring_frames", c->frame_nr);
	l_setfield_bool(L, "prearmed", c->prearmed);
	if (!c->ifindex) {
		l_setfield_str(L, "linktype", "any");
		desc = "LINUX_SLL2 (Linux cooked v2)";
	} else {
		l_setfield_str(L, "linktype", capture_lt_name(c->hatype));
		desc = capture_lt_of_hatype(c->hatype) == LT_RAW ? "RAW (Raw IP)" : "EN10MB (Ethernet)";
	}
	l_setfield_str(L, "link_desc", desc);
	return 1;
}

static int l_cap_close(lua_State *L)
{
	struct capture *c = luaL_checkudata(L, 1, CAPTURE_MT);
	capture_close(c);
	return 0;
}

static int l_cap_tostring(lua_State *L)
{
	struct capture *c = luaL_checkudata(L, 1, CAPTURE_MT);
	if (c->fd < 0)
		lua_pushliteral(L, "capture (closed)");
	else
		lua_pushfstring(L, "capture on %s", c->ifindex ? c->ifname : "any");
	return 1;
}

static const luaL_Reg cap_methods[] = {
	{"read", l_cap_read},
	{"wait", l_cap_wait},
	{"fd", l_cap_fd},
	{"stats", l_cap_stats},
	{"info", l_cap_info},
	{"close", l_cap_close},
	{NULL, NULL}
};

static const luaL_Reg cap_meta[] = {
	{"__gc", l_cap_close},
	{"__close", l_cap_close},
	{"__tostring", l_cap_tostring},
	{NULL, NULL}
};

/* the captures' metatable, made by the first open */
/* net.capture_warm(ns, {snaplen=262144, ring_kib=4096, count=1}) -> true
 * Have COUNT (1..8) captures of this ring ready to open in NS without the
 * kernel's wait (capture_warm): what a lesson step is about to capture. */
static int l_capture_warm(lua_State *L)
{
	const char *ns = l_checkns(L, 1);
	struct capture_opts o;
	lua_Integer count;
	int err;

	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TTABLE);
	if (read_opts(L, 2, &o))
		return l_fail(L, -EINVAL, "net.capture_warm: ring_kib= malformed or out of range (1..%d)",
			      CAPTURE_RING_KIB_MAX);
	count = l_optfield_int(L, 2, "count", 1);
	if (count < 1 || count > 8)
		return l_fail(L, -EINVAL, "net.capture_warm: count= out of range (1..8)");
	if ((err = push_cannot_try(L, ns, "")))
		return err;
	err = capture_warm(ns, &o, (unsigned)count);
	if (err)
		return l_fail(L, err, "net.capture_warm: cannot enter namespace '%s': %s", ns, strerror(-err));
	lua_pushboolean(L, 1);
	return 1;
}

static void cap_meta_once(lua_State *L)
{
	if (luaL_newmetatable(L, CAPTURE_MT)) {
		luaL_setfuncs(L, cap_meta, 0);
		luaL_newlib(L, cap_methods);
		lua_setfield(L, -2, "__index");
	}
	lua_pop(L, 1);
}

static int l_capture_open_entry(lua_State *L)
{
	cap_meta_once(L);
	return l_capture_open(L);
}

static int l_capture_open_many_entry(lua_State *L)
{
	cap_meta_once(L);
	return l_capture_open_many(L);
}

const luaL_Reg l_capture_funcs[] = {
	{"capture_open", l_capture_open_entry},
	{"capture_open_many", l_capture_open_many_entry},
	{"capture_warm", l_capture_warm},
	{NULL, NULL}
};
