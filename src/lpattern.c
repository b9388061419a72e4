/*
 * lpattern.c -- netlearn's own Lua pattern matcher behind string.find,
 * string.match, string.gmatch and string.gsub, written from the Lua 5.4
 * manual (section 6.4.1) to behave exactly as the standard ones do.
 *
 * Why: the standard matcher runs a whole backtracking search in one C call,
 * where Lua's count hook never runs, so ("a"):rep(200000):find(".-.-.-.-b")
 * could outlive a lesson's time limit and ignore Ctrl-C for minutes. This one
 * counts its steps and every STEP_CHECK steps calls nl_limits_check(), which
 * raises "interrupted" or the lesson's time-limit message (limits.c).
 *
 * Patterns are read lazily, as the standard matcher reads them: a malformed
 * part is reported only when a match attempt reaches it.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include "luax.h"
#include "netlearn.h"

#define ESC '%'
#define MAX_CAPTURES 32         /* LUA_MAXCAPTURES */
#define MAX_DEPTH 200           /* nesting of quantifiers and captures */
#define STEP_CHECK 8192         /* steps between two looks at the limits */
#define CAP_OPEN (-1)           /* a capture whose ')' is not reached yet */
#define CAP_POS (-2)            /* a position capture, () */

struct capture {
	const char *at;
	ptrdiff_t len;          /* or CAP_OPEN, CAP_POS */
};

struct matcher {
	lua_State *L;
	const char *s0, *s_end;         /* the subject */
	const char *p_end;              /* the end of the pattern */
	int depth;                      /* nesting still allowed */
	int ncap;
	long budget;                    /* steps left before the next check */
	struct capture cap[MAX_CAPTURES];
};

/* Count n steps of work (a long set or back-reference costs its length). */
static inline void charge(struct matcher *m, long n)
{
	if ((m->budget -= n) <= 0) {
		m->budget = STEP_CHECK;
		nl_limits_check(m->L);
	}
}

static inline void step(struct matcher *m)
{
	charge(m, 1);
}

static void restart(struct matcher *m)
{
	m->depth = MAX_DEPTH;
	m->ncap = 0;
}

/* ---- single characters ------------------------------------------------------ */

/* Does c belong to class %cl (a letter: its complement when upper case)? */
static int in_class(unsigned char c, unsigned char cl)
{
	int r;
	switch (tolower(cl)) {
	case 'a': r = isalpha(c); break;
	case 'c': r = iscntrl(c); break;
	case 'd': r = isdigit(c); break;
	case 'g': r = isgraph(c); break;
	case 'l': r = islower(c); break;
	case 'p': r = ispunct(c); break;
	case 's': r = isspace(c); break;
	case 'u': r = isupper(c); break;
	case 'w': r = isalnum(c); break;
	case 'x': r = isxdigit(c); break;
	case 'z': r = c == 0; break;    /* still accepted by Lua 5.4 */
	default: return cl == c;        /* %. %% %[ ...: the character itself */
	}
	r = r != 0;
	return isupper(cl) ? !r : r;
}

/* The end of the single-character class starting at p (one past it). */
static const char *item_end(struct matcher *m, const char *p)
{
	const char *start = p;
	char c = *p++;
	if (c == ESC) {
		if (p >= m->p_end)
			luaL_error(m->L, "malformed pattern (ends with '%%')");
		return p + 1;
	}
	if (c == '[') {
		if (p < m->p_end && *p == '^')
			p++;
		/* the first character of a set is never its end: []] and [^]] hold ']' */
		do {
			if (p >= m->p_end)
				luaL_error(m->L, "malformed pattern (missing ']')");
			c = *p++;
			if (c == ESC && p < m->p_end)
				p++;
		} while (p >= m->p_end || *p != ']');
		charge(m, (long)(p - start) / 64);
		return p + 1;
	}
	return p;
}

/* Is c in the set [ ... ] spanning set[0] = '[' to last = its closing ']'? */
static int in_set(unsigned char c, const char *set, const char *last)
{
	int want = 1;
	const char *p = set + 1;
	if (*p == '^') {
		want = 0;
		p++;
	}
	for (; p < last; p++) {
		if (*p == ESC) {
			p++;
			if (in_class(c, (unsigned char)*p))
				return want;
		} else if (p + 2 < last && p[1] == '-') {
			if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2])
				return want;
			p += 2;
		} else if ((unsigned char)*p == c) {
			return want;
		}
	}
	return !want;
}

/* Does the subject character at s match the class p..ep? */
static int single(struct matcher *m, const char *s, const char *p, const char *ep)
{
	unsigned char c;
	if (s >= m->s_end)
		return 0;
	c = (unsigned char)*s;
	switch (*p) {
	case '.': return 1;
	case ESC: return in_class(c, (unsigned char)p[1]);
	case '[':
		charge(m, (long)(ep - p) / 64);
		return in_set(c, p, ep - 1);
	default: return (unsigned char)*p == c;
	}
}

/* ---- the matcher ----------------------------------------------------------- */

static const char *match(struct matcher *m, const char *s, const char *p);

/* %bxy at p (pointing at x): the end of a balanced x...y at s, or NULL */
static const char *balanced(struct matcher *m, const char *s, const char *p)
{
	int open = 1;
	if (p + 1 >= m->p_end)
		luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
	if (s >= m->s_end || *s != p[0])
		return NULL;
	while (++s < m->s_end) {
		step(m);
		if (*s == p[1]) {
			if (--open == 0)
				return s + 1;
		} else if (*s == p[0]) {
			open++;
		}
	}
	return NULL;
}

/* %1-%9 at s: the end of a copy of capture digit d, or NULL */
static const char *backref(struct matcher *m, const char *s, char d)
{
	int i = d - '1';
	size_t len;
	if (i < 0 || i >= m->ncap || m->cap[i].len == CAP_OPEN)
		luaL_error(m->L, "invalid capture index %%%d", i + 1);
	if (m->cap[i].len < 0)                  /* a position never matches text */
		return NULL;
	len = (size_t)m->cap[i].len;
	charge(m, (long)(len / 64));
	if ((size_t)(m->s_end - s) < len || memcmp(m->cap[i].at, s, len) != 0)
		return NULL;
	return s + len;
}

/* x* and x+ (after its first): as many as possible, then fewer */
static const char *greedy(struct matcher *m, const char *s, const char *p, const char *ep)
{
	ptrdiff_t n = 0;
	while (single(m, s + n, p, ep)) {
		step(m);
		n++;
	}
	for (; n >= 0; n--) {
		const char *r = match(m, s + n, ep + 1);
		if (r)
			return r;
		step(m);
	}
	return NULL;
}

/* x-: as few as possible, then more */
static const char *lazy(struct matcher *m, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *r = match(m, s, ep + 1);
		if (r)
			return r;
		if (!single(m, s, p, ep))
			return NULL;
		step(m);
		s++;
	}
}

static const char *open_capture(struct matcher *m, const char *s, const char *p, ptrdiff_t what)
{
	const char *r;
	if (m->ncap >= MAX_CAPTURES)
		luaL_error(m->L, "too many captures");
	m->cap[m->ncap].at = s;
	m->cap[m->ncap].len = what;
	m->ncap++;
	r = match(m, s, p);
	if (!r)
		m->ncap--;
	return r;
}

static const char *close_capture(struct matcher *m, const char *s, const char *p)
{
	int i = m->ncap - 1;
	const char *r;
	while (i >= 0 && m->cap[i].len != CAP_OPEN)
		i--;
	if (i < 0)
		luaL_error(m->L, "invalid pattern capture");
	m->cap[i].len = s - m->cap[i].at;
	r = match(m, s, p);
	if (!r)
		m->cap[i].len = CAP_OPEN;
	return r;
}

/* Match pattern p (to m->p_end) at s: the end of the match, or NULL. The
 * items that need no backtracking loop here; quantifiers and captures recurse. */
static const char *match(struct matcher *m, const char *s, const char *p)
{
	const char *r = NULL, *ep;
	if (m->depth-- == 0)
		luaL_error(m->L, "pattern too complex");
	for (;;) {
		step(m);
		if (p >= m->p_end) {
			r = s;
			goto out;
		}
		switch (*p) {
		case '(':
			if (p + 1 < m->p_end && p[1] == ')')
				r = open_capture(m, s, p + 2, CAP_POS);
			else
				r = open_capture(m, s, p + 1, CAP_OPEN);
			goto out;
		case ')':
			r = close_capture(m, s, p + 1);
			goto out;
		case '$':
			if (p + 1 == m->p_end) {
				r = s == m->s_end ? s : NULL;
				goto out;
			}
			break;
		case ESC:
			if (p + 1 >= m->p_end)
				break;          /* item_end says what is wrong */
			if (p[1] == 'b') {
				s = balanced(m, s, p + 2);
				if (!s)
					goto out;
				p += 4;
				continue;
			}
			if (p[1] == 'f') {
				unsigned char before, here;
				p += 2;
				if (p >= m->p_end || *p != '[')
					luaL_error(m->L, "missing '[' after '%%f' in pattern");
				ep = item_end(m, p);
				before = s == m->s0 ? 0 : (unsigned char)s[-1];
				here = s < m->s_end ? (unsigned char)*s : 0;
				if (in_set(before, p, ep - 1) || !in_set(here, p, ep - 1))
					goto out;
				p = ep;
				continue;
			}
			if (isdigit((unsigned char)p[1])) {
				s = backref(m, s, p[1]);
				if (!s)
					goto out;
				p += 2;
				continue;
			}
			break;
		default:
			break;
		}
		/* a single-character class, perhaps quantified */
		ep = item_end(m, p);
		if (!single(m, s, p, ep)) {
			if (ep < m->p_end && (*ep == '*' || *ep == '?' || *ep == '-')) {
				p = ep + 1;     /* none: nothing to try back */
				continue;
			}
			goto out;               /* r is NULL */
		}
		switch (ep < m->p_end ? *ep : '\0') {
		case '?':
			if ((r = match(m, s + 1, ep + 1)) != NULL)
				goto out;
			p = ep + 1;
			continue;
		case '+':
			r = greedy(m, s + 1, p, ep);
			goto out;
		case '*':
			r = greedy(m, s, p, ep);
			goto out;
		case '-':
			r = lazy(m, s, p, ep);
			goto out;
		default:
			s++;
			p = ep;
		}
	}
out:
	m->depth++;
	return r;
}

/* ---- results ---------------------------------------------------------------- */

/* Push capture i of a match s..e (the whole match when there is no capture). */
static void push_capture(struct matcher *m, int i, const char *s, const char *e)
{
	if (i >= m->ncap) {
		if (i != 0)
			luaL_error(m->L, "invalid capture index %%%d", i + 1);
		lua_pushlstring(m->L, s, (size_t)(e - s));
		return;
	}
	if (m->cap[i].len == CAP_OPEN)
		luaL_error(m->L, "unfinished capture");
	if (m->cap[i].len == CAP_POS)
		lua_pushinteger(m->L, (lua_Integer)(m->cap[i].at - m->s0) + 1);
	else
		lua_pushlstring(m->L, m->cap[i].at, (size_t)m->cap[i].len);
}

/* Push every capture (or the whole match s..e when none and s is given). */
static int push_captures(struct matcher *m, const char *s, const char *e)
{
	int i, n = m->ncap == 0 && s ? 1 : m->ncap;
	luaL_checkstack(m->L, n, "too many captures");
	for (i = 0; i < n; i++)
		push_capture(m, i, s, e);
	return n;
}

static void setup(struct matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp)
{
	m->L = L;
	m->s0 = s;
	m->s_end = s + ls;
	m->p_end = p + lp;
	m->budget = STEP_CHECK;
	restart(m);
}

/* A 1-based start argument as an offset into a string of length len: negative
 * counts from the end, 0 and anything before the start mean the start. */
static size_t start_offset(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos - 1;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 0;
	return len - (size_t)(-pos);
}

static int has_specials(const char *p, size_t lp)
{
	size_t i;
	for (i = 0; i < lp; i++)
		if (p[i] && strchr("^$*+?.([%-", p[i]))
			return 1;
	return 0;
}

/* A plain search: memchr to each candidate, memcmp there (a long needle
 * that almost matches everywhere costs its length each time: counted). */
static const char *find_plain(lua_State *L, const char *s, size_t ls, const char *p, size_t lp)
{
	const char *last;
	long budget = STEP_CHECK;
	if (lp == 0)
		return s;
	if (lp > ls)
		return NULL;
	last = s + (ls - lp);
	while (s <= last) {
		const char *c = memchr(s, *p, (size_t)(last - s) + 1);
		if (!c)
			return NULL;
		if (memcmp(c + 1, p + 1, lp - 1) == 0)
			return c;
		budget -= 1 + (long)(lp / 64);
		if (budget <= 0) {
			budget = STEP_CHECK;
			nl_limits_check(L);
		}
		s = c + 1;
	}
	return NULL;
}

static int find_or_match(lua_State *L, int find)
{
	size_t ls, lp, init;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	struct matcher m;
	const char *at;
	int anchored;
	init = start_offset(luaL_optinteger(L, 3, 1), ls);
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
		const char *hit = find_plain(L, s + init, ls - init, p, lp);
		if (!hit) {
			luaL_pushfail(L);
			return 1;
		}
		lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
		lua_pushinteger(L, (lua_Integer)(hit - s) + (lua_Integer)lp);
		return 2;
	}
	anchored = lp > 0 && *p == '^';
	if (anchored) {
		p++;
		lp--;
	}
	setup(&m, L, s, ls, p, lp);
	for (at = s + init;; at++) {
		const char *e;
		restart(&m);
		e = match(&m, at, p);
		if (e) {
			if (!find)
				return push_captures(&m, at, e);
			lua_pushinteger(L, (lua_Integer)(at - s) + 1);
			lua_pushinteger(L, (lua_Integer)(e - s));
			return push_captures(&m, NULL, NULL) + 2;
		}
		if (anchored || at >= m.s_end)
			break;
	}
	luaL_pushfail(L);
	return 1;
}

static int l_find(lua_State *L)
{
	return find_or_match(L, 1);
}

static int l_match(lua_State *L)
{
	return find_or_match(L, 0);
}

/* gmatch keeps its place in a userdata: the next start, and where the last
 * match ended (an empty match there would repeat it). '^' is not an anchor. */
struct gmatch_state {
	size_t next;
	ptrdiff_t last;         /* -1: none yet */
};

static int gmatch_next(lua_State *L)
{
	size_t ls, lp, at;
	const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
	const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
	struct gmatch_state *g = lua_touserdata(L, lua_upvalueindex(3));
	struct matcher m;
	setup(&m, L, s, ls, p, lp);
	for (at = g->next; at <= ls; at++) {
		const char *e;
		restart(&m);
		e = match(&m, s + at, p);
		if (e && e - s != g->last) {
			g->next = (size_t)(e - s);
			g->last = e - s;
			return push_captures(&m, s + at, e);
		}
	}
	g->next = ls + 1;
	return 0;
}

static int l_gmatch(lua_State *L)
{
	size_t ls;
	struct gmatch_state *g;
	luaL_checklstring(L, 1, &ls);
	luaL_checkstring(L, 2);
	g = NULL;
	{
		size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
		lua_settop(L, 2);
		g = lua_newuserdatauv(L, sizeof *g, 0);
		g->next = init > ls ? ls + 1 : init;
		g->last = -1;
	}
	lua_pushcclosure(L, gmatch_next, 3);
	return 1;
}

/* gsub: append the replacement for the match s..e to b. Returns 0 when the
 * match is kept as it was (a function or table said nil or false). */
static int replace(struct matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind)
{
	lua_State *L = m->L;
	if (kind == LUA_TSTRING || kind == LUA_TNUMBER) {
		size_t len;
		const char *r = lua_tolstring(L, 3, &len), *end = r + len, *pc;
		while ((pc = memchr(r, ESC, (size_t)(end - r))) != NULL) {
			luaL_addlstring(b, r, (size_t)(pc - r));
			pc++;
			if (pc < end && *pc == ESC) {
				luaL_addchar(b, ESC);
			} else if (pc < end && isdigit((unsigned char)*pc)) {
				if (*pc == '0') {
					luaL_addlstring(b, s, (size_t)(e - s));
				} else {
					push_capture(m, *pc - '1', s, e);
					luaL_tolstring(L, -1, NULL);
					lua_remove(L, -2);
					luaL_addvalue(b);
				}
			} else {
				luaL_error(L, "invalid use of '%c' in replacement string", ESC);
			}
			r = pc + 1;
		}
		luaL_addlstring(b, r, (size_t)(end - r));
		return 1;
	}
	if (kind == LUA_TFUNCTION) {
		int n;
		lua_pushvalue(L, 3);
		n = push_captures(m, s, e);
		lua_call(L, n, 1);
	} else {
		push_capture(m, 0, s, e);
		lua_gettable(L, 3);
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return 0;
	}
	if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	luaL_addvalue(b);
	return 1;
}

static int l_gsub(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *at, *last = NULL;
	int kind = lua_type(L, 3), anchored, changed = 0;
	lua_Integer most = luaL_optinteger(L, 4, (lua_Integer)ls + 1), n = 0;
	struct matcher m;
	luaL_Buffer b;
	luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING ||
			 kind == LUA_TFUNCTION || kind == LUA_TTABLE, 3, "string/function/table");
	anchored = lp > 0 && *p == '^';
	if (anchored) {
		p++;
		lp--;
	}
	luaL_buffinit(L, &b);
	setup(&m, L, s, ls, p, lp);
	at = s;
	while (n < most) {
		const char *e;
		restart(&m);
		e = match(&m, at, p);
		if (e && e != last) {
			n++;
			changed |= replace(&m, &b, at, e, kind);
			at = last = e;
		} else if (at < m.s_end) {
			luaL_addchar(&b, *at++);
		} else {
			break;
		}
		if (anchored)
			break;
	}
	if (!changed) {
		lua_pushvalue(L, 1);
	} else {
		luaL_addlstring(&b, at, (size_t)(m.s_end - at));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}

/* Replace the functions of the string table (the string metatable's __index
 * is that table, so ("x"):find() uses them too). The originals are kept in
 * the table at the top of the stack, for the differential test. */
void nl_pattern_install(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{"find", l_find}, {"match", l_match}, {"gmatch", l_gmatch}, {"gsub", l_gsub},
		{NULL, NULL}
	};
	const luaL_Reg *r;
	int keep = lua_gettop(L);
	lua_getglobal(L, "string");
	for (r = fns; r->name; r++) {
		lua_getfield(L, -1, r->name);
		lua_setfield(L, keep, r->name);
		lua_pushcfunction(L, r->func);
		lua_setfield(L, -2, r->name);
	}
	lua_pop(L, 1);
}
