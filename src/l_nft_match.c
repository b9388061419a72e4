/*
 * l_nft_match.c -- the Lua fields of iptables' -m multiport, -m mark, -m state,
 * -m comment and the MARK target (nft_match.c builds and reads the
 * expressions): a rule table's multiport=, multiport_dir=, mark=, state=,
 * comment=, set_xmark=, order= and not_*= read into a struct nat_rule (their
 * checks and words are netlearn.natspec's; here a plain guard), and pushed
 * back the way they were written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netinet/in.h>
#include <linux/netfilter/xt_multiport.h>
#include "luax.h"
#include "addrparse.h"
#include "nat.h"

static const char *const mp_dirs[] = {NULL, "sports", "dports", "ports"};
static const char kinds[] = "acsmk#";
static const char *const kind_names[] = {"addrtype", "conntrack", "state", "multiport", "mark", "comment"};
/* iptables' printing order of states */
static const char *const state_order[] = {"INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", NULL};

#define BAD(...) do { snprintf(msg, msglen, __VA_ARGS__); return -1; } while (0)
/* the words of each refusal are netlearn.natspec's, which checks first */
#define GUARD(field) BAD("%s: %s: %s= malformed or out of range", "rule", fn, field)

static int state_bits(const char *s)
{
	int mask = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		int i, hit = -1;
		for (i = 0; i < 9; i++)
			if (nat_ctstate_names[i] && i < 4 + 5 && strlen(nat_ctstate_names[i]) == n &&
			    !strncasecmp(nat_ctstate_names[i], s, n) && strcmp(nat_ctstate_names[i], "SNAT") &&
			    strcmp(nat_ctstate_names[i], "DNAT"))
				hit = i;
		if (hit < 0)
			return -1;
		mask |= 1 << hit;
		s += n;
		if (*s == ',' && s[1])
			s++;
		else if (*s == ',')
			return -1;
	}
	return mask;
}

/* "22,80:90" -> ports and flags as xt_multiport_v1 holds them, as iptables
 * reads the list: each port parse_port's, a range's sides both written and
 * LO < HI, no empty item */
static int parse_ports(const char *s, struct nat_rule *r)
{
	char item[32];
	int n = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		char *colon;
		int a, b;
		if (len >= sizeof item)
			return -1;
		memcpy(item, s, len);
		item[len] = '\0';
		colon = strchr(item, ':');
		if (colon)
			*colon = '\0';
		if (parse_port(item, &a) < 0 || n + (colon ? 2 : 1) > XT_MULTI_PORTS)
			return -1;
		if (colon) {
			if (parse_port(colon + 1, &b) < 0 || a >= b)
				return -1;
			r->mp_pflags[n] = 1;
			r->mp_ports[n++] = (uint16_t)a;
			r->mp_ports[n++] = (uint16_t)b;
		} else {
			r->mp_ports[n++] = (uint16_t)a;
		}
		s += len;
		if (*s == ',' && !*++s)
			return -1;              /* "80," */
	}
	r->mp_count = n;
	return n > 0 ? 0 : -1;
}

/* "V" or "V/M": numbers up to 0xffffffff (decimal, 0x hex, 0 octal); M is ~0 if absent */
static int value_mask(const char *s, uint32_t *v, uint32_t *m)
{
	const char *p = s;
	unsigned long long n[2] = {0, 0xffffffffull};
	int i;
	for (i = 0; i < 2; i++) {
		char *end;
		if (*p < '0' || *p > '9')
			return -1;
		n[i] = strtoull(p, &end, 0);
		if (n[i] > 0xffffffffull)
			return -1;
		p = end;
		if (*p != '/' || i == 1)
			break;
		p++;
	}
	if (*p)
		return -1;
	*v = (uint32_t)n[0];
	*m = (uint32_t)n[1];
	return 0;
}

int nft_match_from_lua(lua_State *L, int t, struct nat_rule *r, const char *fn, char *msg, size_t msglen)
{
	const char *mp = l_optfield_str(L, t, "multiport", NULL);
	const char *dir = l_optfield_str(L, t, "multiport_dir", "dports");
	const char *mark = l_optfield_str(L, t, "mark", NULL);
	const char *state = l_optfield_str(L, t, "state", NULL);
	const char *comment = l_optfield_str(L, t, "comment", NULL);
	const char *order = l_optfield_str(L, t, "order", "");
	const char *xmark = l_optfield_str(L, t, "set_xmark", NULL);
	static const char *const nots[] = {"multiport", "mark", "state"};
	int *inv[] = {&r->inv_mp, &r->inv_mark, &r->inv_state};
	const char *have[] = {mp, mark, state};
	int i;

	for (i = 0; i < 3; i++) {
		char key[24];
		snprintf(key, sizeof key, "not_%s", nots[i]);
		*inv[i] = l_optfield_bool(L, t, key, 0) > 0;
		if (*inv[i] && !have[i])
			GUARD(key);
	}
	if (mp) {
		for (i = 1; i <= 3; i++)
			if (!strcmp(dir, mp_dirs[i]))
				r->mp_dir = i;
		if (!r->mp_dir)
			GUARD("multiport_dir");
		if (parse_ports(mp, r) < 0)
			GUARD("multiport");
		if ((r->proto != IPPROTO_TCP && r->proto != IPPROTO_UDP) || r->inv_proto)
			GUARD("multiport");
	}
	if (mark) {
		uint32_t v, m;
		if (value_mask(mark, &v, &m) < 0)
			GUARD("mark");
		r->have_mark = 1;
		r->mark = v;
		r->mark_mask = m;
	}
	if (xmark && r->target != TG_MARK)
		GUARD("set_xmark");
	if (r->target == TG_MARK && !xmark)
		GUARD("set_xmark");
	if (xmark) {
		if (value_mask(xmark, &r->xmark, &r->xmask) < 0)
			GUARD("set_xmark");
	}
	if (state && (r->state = state_bits(state)) <= 0)
		GUARD("state");
	if (comment) {
		if (strlen(comment) > 255)
			GUARD("comment");
		r->have_comment = 1;
		snprintf(r->comment, sizeof r->comment, "%s", comment);
	}
	/* order="comment,multiport,...": the kinds as written; the rest follow */
	r->order[0] = '\0';
	while (*order) {
		size_t n = strcspn(order, ",");
		int hit = -1;
		for (i = 0; i < 6; i++)
			if (strlen(kind_names[i]) == n && !strncmp(kind_names[i], order, n))
				hit = i;
		if (hit < 0)
			GUARD("order");
		nft_match_note(r, kinds[hit]);
		order += n + (order[n] == ',');
	}
	if (!strchr(r->order, 'a') && !strchr(r->order, 'c')) {
		/* not given: addrtype_first decides, as before order= existed */
		char rest[sizeof r->order];
		memcpy(rest, r->order, sizeof rest);      /* at most the 4 other kinds */
		rest[4] = '\0';
		memcpy(r->order, r->addrtype_first ? "ac" : "ca", 2);
		memcpy(r->order + 2, rest, 5);
	}
	for (i = 0; kinds[i]; i++)
		nft_match_note(r, kinds[i]);
	return 0;
}

void nft_match_to_lua(lua_State *L, const struct nat_rule *r)
{
	luaL_Buffer b;
	int i, first = 1;

	if (r->mp_dir) {
		luaL_buffinit(L, &b);
		for (i = 0; i < r->mp_count && i < XT_MULTI_PORTS; i++) {
			if (i)
				luaL_addchar(&b, ',');
			lua_pushfstring(L, "%d", (int)r->mp_ports[i]);
			luaL_addvalue(&b);
			if (r->mp_pflags[i] && i + 1 < r->mp_count) {
				lua_pushfstring(L, ":%d", (int)r->mp_ports[++i]);
				luaL_addvalue(&b);
			}
		}
		luaL_pushresult(&b);
		lua_setfield(L, -2, "multiport");
		l_setfield_str(L, "multiport_dir", mp_dirs[r->mp_dir]);
		if (r->inv_mp)
			l_setfield_bool(L, "not_multiport", 1);
	}
	if (r->have_mark) {
		char buf[32];
		if (r->mark_mask == 0xffffffffu)
			snprintf(buf, sizeof buf, "0x%x", r->mark);
		else
			snprintf(buf, sizeof buf, "0x%x/0x%x", r->mark, r->mark_mask);
		l_setfield_str(L, "mark", buf);
		if (r->inv_mark)
			l_setfield_bool(L, "not_mark", 1);
	}
	if (r->state) {
		luaL_buffinit(L, &b);
		for (i = 0; state_order[i]; i++) {
			int j;
			for (j = 0; j < 9; j++)
				if (nat_ctstate_names[j] && !strcmp(nat_ctstate_names[j], state_order[i]) &&
				    (r->state & (1 << j))) {
					if (!first)
						luaL_addchar(&b, ',');
					luaL_addstring(&b, state_order[i]);
					first = 0;
				}
		}
		luaL_pushresult(&b);
		lua_setfield(L, -2, "state");
		if (r->inv_state)
			l_setfield_bool(L, "not_state", 1);
	}
	if (r->have_comment)
		l_setfield_str(L, "comment", r->comment);
	if (r->target == TG_MARK) {
		char buf[32];
		snprintf(buf, sizeof buf, "0x%x/0x%x", r->xmark, r->xmask);
		l_setfield_str(L, "set_xmark", buf);
	}
	if (strlen(r->order) >= 2) {       /* the order matters only between two */
		luaL_buffinit(L, &b);
		first = 1;
		for (i = 0; r->order[i]; i++) {
			const char *k = strchr(kinds, r->order[i]);
			if (!k)
				continue;
			if (!first)
				luaL_addchar(&b, ',');
			luaL_addstring(&b, kind_names[k - kinds]);
			first = 0;
		}
		luaL_pushresult(&b);
		lua_setfield(L, -2, "order");
	}
}
