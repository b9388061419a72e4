/*
 * filter.c -- the capture filter language (the part of pcap-filter(7) the
 * articles and lessons use), parsed into a small tree and matched in user
 * space against decoded packets (struct pkt). No BPF, no kernel, no Lua.
 *
 *   expr      := term { ("or" | "||") term }
 *   term      := factor { ("and" | "&&") factor }
 *   factor    := ("not" | "!") factor | "(" expr ")" | primitive
 *   primitive := [proto] [dir] [type] ID | proto | [ip|ip6|ether] proto N
 *              | less N | greater N
 *   proto := ether ip ip6 arp tcp udp icmp icmp6     dir := src dst "src or dst" "src and dst"
 *   type  := host net port
 * A bare ID after "and"/"or" keeps the previous primitive's qualifiers, like
 * libpcap ("host 10.0.0.1 or 10.0.0.2", "port 80 or 443").
 * As with tcpdump, protocol primitives look at the outermost header only: an
 * IPIP packet carrying ICMP matches "ip proto 4", not "icmp".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include "decode.h"

enum { F_TRUE, F_AND, F_OR, F_NOT, F_PROTO, F_HOST, F_HOST6, F_NET, F_PORT, F_IPPROTO,
       F_ETHPROTO, F_LESS, F_GREATER, F_EHOST };
enum { Q_ANY, Q_ETHER, Q_IP, Q_IP6, Q_ARP, Q_TCP, Q_UDP, Q_ICMP, Q_ICMP6 };
enum { D_ANY, D_SRC, D_DST, D_BOTH };
enum { T_NONE, T_HOST, T_NET, T_PORT };

#define MAX_TOK 128

struct parser {
	struct filter *f;
	char tok[MAX_TOK][64];
	int ntok, pos;
	char *err;
	size_t errlen;
	int failed;
	int depth;
	/* the qualifiers of the last primitive, for bare IDs */
	int last_proto, last_dir, last_type, have_last;
};

static const char *const proto_words[] = { NULL, "ether", "ip", "ip6", "arp", "tcp", "udp", "icmp", "icmp6" };

static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	if (!ps->failed) {
		int n = snprintf(ps->err, ps->errlen, "tcpdump: syntax error in filter expression: ");
		if (n > 0 && (size_t)n < ps->errlen) {
			va_start(ap, fmt);
			vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	ps->failed = 1;
	return -1;
}

static int tokenize(struct parser *ps, const char *s)
{
	while (*s) {
		size_t n = 0;
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			s++;
			continue;
		}
		if (ps->ntok >= MAX_TOK)
			return fail(ps, "expression too long (more than %d words)", MAX_TOK);
		if (*s == '(' || *s == ')' || (*s == '!' && s[1] != '=')) {
			ps->tok[ps->ntok][0] = *s++;
			ps->tok[ps->ntok++][1] = '\0';
			continue;
		}
		if ((s[0] == '&' && s[1] == '&') || (s[0] == '|' && s[1] == '|')) {
			ps->tok[ps->ntok][0] = s[0];
			ps->tok[ps->ntok][1] = s[1];
			ps->tok[ps->ntok++][2] = '\0';
			s += 2;
			continue;
		}
		while (*s && !strchr(" \t\r\n()!", *s) && !(s[0] == '&' && s[1] == '&') &&
		       !(s[0] == '|' && s[1] == '|')) {
			if (n + 1 >= sizeof ps->tok[0])
				return fail(ps, "word too long near '%.20s'", s - n);
			ps->tok[ps->ntok][n++] = *s++;
		}
		if (n == 0)
			return fail(ps, "unexpected character '%c'", *s);
		ps->tok[ps->ntok++][n] = '\0';
	}
	return 0;
}

static const char *peek(struct parser *ps, int k)
{
	return ps->pos + k < ps->ntok ? ps->tok[ps->pos + k] : NULL;
}

static int is(struct parser *ps, int k, const char *w)
{
	const char *t = peek(ps, k);
	return t && !strcmp(t, w);
}

static int node(struct parser *ps, int op)
{
	struct filter *f = ps->f;
	if (f->n >= FILTER_MAX_NODES)
		return fail(ps, "expression too complex");
	memset(&f->node[f->n], 0, sizeof f->node[0]);
	f->node[f->n].op = op;
	return f->n++;
}

static int word_proto(const char *w)
{
	int i;
	for (i = 1; i < (int)(sizeof proto_words / sizeof proto_words[0]); i++)
		if (!strcmp(w, proto_words[i]))
			return i;
	return -1;
}

static int parse_num(const char *w, long max, long *out)
{
	char *end;
	long v;
	if (!*w)
		return -1;
	errno = 0;
	v = strtol(w, &end, 0);
	if (*end || errno || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

static int proto_number(const char *w, long *out)
{
	static const struct { const char *n; int v; } names[] = {
		{"icmp", 1}, {"igmp", 2}, {"ipip", 4}, {"tcp", 6}, {"udp", 17}, {"ipv6", 41},
		{"gre", 47}, {"esp", 50}, {"ah", 51}, {"icmp6", 58}, {"sctp", 132},
	};
	size_t i;
	if (*w == '\\')
		w++;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(w, names[i].n)) {
			*out = names[i].v;
			return 0;
		}
	return parse_num(w, 255, out);
}

/* "10.1.5.0/24", "10.1.5.0", "10.1.5" (a net), "10.1": address and mask */
static int parse_net(struct parser *ps, const char *w, int is_net, uint32_t *addr, uint32_t *mask)
{
	char buf[64];
	char *slash;
	long plen = -1;
	unsigned parts[4] = {0};
	int n = 0;
	const char *p;
	snprintf(buf, sizeof buf, "%s", w);
	slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		if (parse_num(slash + 1, 32, &plen) < 0)
			return fail(ps, "bad prefix length in '%s' (use a.b.c.d/0..32)", w);
		if (!is_net)
			return fail(ps, "mask syntax for networks only: use 'net %s'", w);
	}
	p = buf;
	while (*p) {
		char *end;
		unsigned long v;
		if (n == 4 || *p < '0' || *p > '9')
			return fail(ps, "'%s' is not an IPv4 address (netlearn does not look up host names)", w);
		v = strtoul(p, &end, 10);
		if (v > 255)
			return fail(ps, "'%s' is not an IPv4 address", w);
		parts[n++] = (unsigned)v;
		p = end;
		if (*p == '.') {
			p++;
			if (!*p)
				return fail(ps, "'%s' is not an IPv4 address", w);
		} else if (*p)
			return fail(ps, "'%s' is not an IPv4 address", w);
	}
	if (n == 0)
		return fail(ps, "'%s' is not an IPv4 address", w);
	if (n < 4 && !is_net)
		return fail(ps, "'%s' is not an IPv4 address (a host needs four numbers)", w);
	*addr = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3];
	if (plen < 0)
		plen = is_net ? n * 8 : 32;
	*mask = plen ? 0xffffffffu << (32 - plen) : 0;
	if (*addr & ~*mask)
		return fail(ps, "non-network bits set in \"%s\"", w);
	return 0;
}

static int parse_mac(const char *w, uint8_t mac[6])
{
	unsigned v[6];
	char tail;
	int i;
	if (sscanf(w, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (v[i] > 255)
			return -1;
		mac[i] = (uint8_t)v[i];
	}
	return 0;
}

static int parse_expr(struct parser *ps);

static int is_keyword(const char *w)
{
	static const char *const kw[] = { "and", "or", "not", "src", "dst", "host", "net", "port",
		"proto", "less", "greater", "ether", "ip", "ip6", "arp", "tcp", "udp", "icmp", "icmp6", NULL };
	int i;
	for (i = 0; kw[i]; i++)
		if (!strcmp(w, kw[i]))
			return 1;
	return 0;
}

/* The value of a primitive with its qualifiers. */
static int primitive_value(struct parser *ps, int proto, int dir, int type)
{
	const char *w = peek(ps, 0);
	int n;
	if (!w || !strcmp(w, ")") || !strcmp(w, "&&") || !strcmp(w, "||"))
		return fail(ps, "'%s' needs a value after it", ps->pos ? ps->tok[ps->pos - 1] : "?");
	if (is_keyword(w) || !strcmp(w, "(") || !strcmp(w, "!"))
		return fail(ps, "unexpected '%s' after '%s'", w, ps->pos ? ps->tok[ps->pos - 1] : "?");
	ps->pos++;
	ps->last_proto = proto;
	ps->last_dir = dir;
	ps->last_type = type;
	ps->have_last = 1;
	if (type == T_PORT) {
		long v;
		if (proto != Q_ANY && proto != Q_TCP && proto != Q_UDP && proto != Q_IP && proto != Q_IP6)
			return fail(ps, "illegal qualifier of 'port' ('%s port' makes no sense)", proto_words[proto]);
		if (parse_num(w, 65535, &v) < 0)
			return fail(ps, "'%s' is not a port number (0..65535; netlearn knows no service names)", w);
		n = node(ps, F_PORT);
		if (n < 0)
			return -1;
		ps->f->node[n].proto = proto;
		ps->f->node[n].dir = dir;
		ps->f->node[n].num = (int)v;
		return n;
	}
	if (proto == Q_ETHER) {
		n = node(ps, F_EHOST);
		if (n < 0)
			return -1;
		if (parse_mac(w, ps->f->node[n].mac) < 0)
			return fail(ps, "'%s' is not a MAC address (aa:bb:cc:dd:ee:ff)", w);
		ps->f->node[n].dir = dir;
		return n;
	}
	if (proto == Q_TCP || proto == Q_UDP || proto == Q_ICMP || proto == Q_ICMP6)
		return fail(ps, "illegal qualifier of '%s' ('%s %s%s' makes no sense)",
			    type == T_NET ? "net" : "host", proto_words[proto], type == T_NET ? "net " : "", w);
	if (strchr(w, ':')) {
		struct in6_addr a6;
		char buf[64];
		char *slash;
		long plen = 128;
		snprintf(buf, sizeof buf, "%s", w);
		slash = strchr(buf, '/');
		if (slash) {
			*slash = '\0';
			if (type != T_NET || parse_num(slash + 1, 128, &plen) < 0)
				return fail(ps, "bad IPv6 network '%s'", w);
		}
		if (inet_pton(AF_INET6, buf, &a6) != 1)
			return fail(ps, "'%s' is not an address", w);
		if (proto == Q_IP || proto == Q_ARP)
			return fail(ps, "'%s' is an IPv6 address but the qualifier is '%s'", w, proto_words[proto]);
		n = node(ps, F_HOST6);
		if (n < 0)
			return -1;
		memcpy(ps->f->node[n].addr6, &a6, 16);
		ps->f->node[n].plen6 = (int)plen;
		ps->f->node[n].dir = dir;
		return n;
	}
	n = node(ps, type == T_NET ? F_NET : F_HOST);
	if (n < 0)
		return -1;
	if (proto == Q_IP6)
		return fail(ps, "'%s' is an IPv4 address but the qualifier is 'ip6'", w);
	if (parse_net(ps, w, type == T_NET, &ps->f->node[n].addr, &ps->f->node[n].mask) < 0)
		return -1;
	ps->f->node[n].proto = proto;
	ps->f->node[n].dir = dir;
	return n;
}

static int parse_primitive(struct parser *ps)
{
	const char *w = peek(ps, 0);
	int proto = Q_ANY, dir = D_ANY, type = T_NONE, n, q;
	long v;

	if (!strcmp(w, "less") || !strcmp(w, "greater")) {
		int op = !strcmp(w, "less") ? F_LESS : F_GREATER;
		ps->pos++;
		if (!peek(ps, 0) || parse_num(peek(ps, 0), 0x7fffffff, &v) < 0)
			return fail(ps, "'%s' needs a length in bytes", w);
		ps->pos++;
		n = node(ps, op);
		if (n >= 0)
			ps->f->node[n].num = (int)v;
		return n;
	}
	if (!strcmp(w, "proto")) {
		ps->pos++;
		goto proto_num;
	}
	q = word_proto(w);
	if (q > 0) {
		proto = q;
		ps->pos++;
		if (is(ps, 0, "proto")) {
			ps->pos++;
			if (proto != Q_IP && proto != Q_IP6 && proto != Q_ETHER)
				return fail(ps, "'%s proto' makes no sense (use ip proto, ip6 proto or ether proto)",
					    proto_words[proto]);
			goto proto_num;
		}
		w = peek(ps, 0);
		if (!w || (!is(ps, 0, "src") && !is(ps, 0, "dst") && !is(ps, 0, "host") &&
			   !is(ps, 0, "net") && !is(ps, 0, "port") && (is_keyword(w) ||
			   !strcmp(w, ")") || !strcmp(w, "&&") || !strcmp(w, "||") || !strcmp(w, "(") ||
			   !strcmp(w, "!")))) {
			n = node(ps, F_PROTO);
			if (n >= 0)
				ps->f->node[n].proto = proto;
			ps->have_last = 0;
			return n;
		}
		if (!is(ps, 0, "src") && !is(ps, 0, "dst") && !is(ps, 0, "host") &&
		    !is(ps, 0, "net") && !is(ps, 0, "port"))
			return fail(ps, "unexpected '%s' after '%s'", w, proto_words[proto]);
	}
	if (is(ps, 0, "src") || is(ps, 0, "dst")) {
		dir = is(ps, 0, "src") ? D_SRC : D_DST;
		ps->pos++;
		if ((is(ps, 0, "or") || is(ps, 0, "and")) && (is(ps, 1, "src") || is(ps, 1, "dst")) &&
		    strcmp(peek(ps, 1), dir == D_SRC ? "src" : "dst")) {
			dir = is(ps, 0, "or") ? D_ANY : D_BOTH;
			ps->pos += 2;
		}
	}
	if (is(ps, 0, "host"))
		type = T_HOST;
	else if (is(ps, 0, "net"))
		type = T_NET;
	else if (is(ps, 0, "port"))
		type = T_PORT;
	if (type != T_NONE)
		ps->pos++;
	else if (proto == Q_ANY && dir == D_ANY) {
		/* a bare value: keeps the qualifiers of the primitive before it */
		if (ps->have_last)
			return primitive_value(ps, ps->last_proto, ps->last_dir, ps->last_type);
		if (parse_num(w, 65535, &v) == 0)
			return fail(ps, "'%s' alone means nothing: say 'port %s' or 'host ...'", w, w);
		return fail(ps, "unknown word '%s' (expected ip, arp, tcp, udp, icmp, host, net, port, src, dst, ...)", w);
	} else
		type = T_HOST;
	return primitive_value(ps, proto, dir, type);

proto_num:
	w = peek(ps, 0);
	if (!w)
		return fail(ps, "'proto' needs a protocol number or name");
	if (proto == Q_ETHER) {
		if (!strcmp(w, "\\ip") || !strcmp(w, "ip"))
			v = 0x0800;
		else if (!strcmp(w, "\\ip6") || !strcmp(w, "ip6"))
			v = 0x86dd;
		else if (!strcmp(w, "\\arp") || !strcmp(w, "arp"))
			v = 0x0806;
		else if (parse_num(w, 65535, &v) < 0)
			return fail(ps, "unknown ether proto '%s'", w);
		ps->pos++;
		n = node(ps, F_ETHPROTO);
		if (n >= 0)
			ps->f->node[n].num = (int)v;
		return n;
	}
	if (proto_number(w, &v) < 0)
		return fail(ps, "unknown ip proto '%s' (a number 0..255, or \\icmp, \\tcp, \\udp)", w);
	ps->pos++;
	n = node(ps, F_IPPROTO);
	if (n >= 0) {
		ps->f->node[n].proto = proto;
		ps->f->node[n].num = (int)v;
	}
	ps->have_last = 0;
	return n;
}

static int parse_factor(struct parser *ps)
{
	const char *w = peek(ps, 0);
	int n, a;
	if (!w)
		return fail(ps, ps->pos ? "expression ends after '%s'" : "empty expression%s",
			    ps->pos ? ps->tok[ps->pos - 1] : "");
	if (!strcmp(w, "not") || !strcmp(w, "!")) {
		ps->pos++;
		a = parse_factor(ps);
		if (a < 0)
			return -1;
		n = node(ps, F_NOT);
		if (n >= 0)
			ps->f->node[n].a = a;
		return n;
	}
	if (!strcmp(w, "(")) {
		if (++ps->depth > 50)
			return fail(ps, "too many parentheses");
		ps->pos++;
		a = parse_expr(ps);
		if (a < 0)
			return -1;
		if (!is(ps, 0, ")"))
			return fail(ps, "missing ')'");
		ps->pos++;
		ps->depth--;
		return a;
	}
	if (!strcmp(w, ")") || !strcmp(w, "and") || !strcmp(w, "or") || !strcmp(w, "&&") || !strcmp(w, "||"))
		return fail(ps, "unexpected '%s'", w);
	return parse_primitive(ps);
}

/* A new OP node joining A and B (B < 0: B failed to parse). Its index or -1. */
static int join(struct parser *ps, int op, int a, int b)
{
	int n;
	if (b < 0)
		return -1;
	n = node(ps, op);
	if (n < 0)
		return -1;
	ps->f->node[n].a = a;
	ps->f->node[n].b = b;
	return n;
}

static int parse_term(struct parser *ps)
{
	int a = parse_factor(ps);
	while (a >= 0 && (is(ps, 0, "and") || is(ps, 0, "&&"))) {
		ps->pos++;
		a = join(ps, F_AND, a, parse_factor(ps));
	}
	return a;
}

static int parse_expr(struct parser *ps)
{
	int a = parse_term(ps);
	while (a >= 0 && (is(ps, 0, "or") || is(ps, 0, "||"))) {
		ps->pos++;
		a = join(ps, F_OR, a, parse_term(ps));
	}
	return a;
}

int filter_compile(struct filter *f, const char *expr, char *err, size_t errlen)
{
	struct parser psv;
	struct parser *ps = &psv;
	char dummy[4];
	memset(f, 0, sizeof *f);
	f->root = -1;
	memset(ps, 0, sizeof *ps);
	ps->f = f;
	ps->err = err && errlen ? err : dummy;
	ps->errlen = err && errlen ? errlen : sizeof dummy;
	ps->err[0] = '\0';
	if (!expr)
		return 0;
	if (tokenize(ps, expr) < 0)
		return -EINVAL;
	if (ps->ntok == 0)
		return 0;
	f->root = parse_expr(ps);
	if (f->root >= 0 && ps->pos < ps->ntok)
		fail(ps, is(ps, 0, ")") ? "unbalanced ')'" : "unexpected '%s' (join primitives with 'and' or 'or')",
		     ps->tok[ps->pos]);
	if (ps->failed || f->root < 0) {
		f->root = -1;
		f->n = 0;
		return -EINVAL;
	}
	return 0;
}

/* ---- matching ------------------------------------------------------------- */

static uint32_t a4(const uint8_t *a)
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

static int dir_match(int dir, int s, int d)
{
	switch (dir) {
	case D_SRC: return s;
	case D_DST: return d;
	case D_BOTH: return s && d;
	default: return s || d;
	}
}

static int upper_proto(const struct pkt *pk)
{
	if (pk->has & PKT_IP)
		return pk->ip_proto;
	if (pk->has & PKT_IP6)
		return pk->ip6_nxt;
	return -1;
}

/* the upper protocol when its header is here (not a later fragment) */
static int l3_proto(const struct pkt *pk)
{
	if (pk->has & PKT_IP)
		return pk->ip_frag ? -1 : pk->ip_proto;
	if (pk->has & PKT_IP6)
		return pk->ip6_nxt;
	return -1;
}

static int prefix6(const uint8_t *a, const uint8_t *b, int plen)
{
	int i;
	for (i = 0; i < 16 && plen > 0; i++, plen -= 8) {
		uint8_t m = plen >= 8 ? 0xff : (uint8_t)(0xff << (8 - plen));
		if ((a[i] & m) != (b[i] & m))
			return 0;
	}
	return 1;
}

static int match(const struct filter *f, int i, const struct pkt *pk)
{
	const struct filter_node *n = &f->node[i];
	switch (n->op) {
	case F_TRUE:
		return 1;
	case F_AND:
		return match(f, n->a, pk) && match(f, n->b, pk);
	case F_OR:
		return match(f, n->a, pk) || match(f, n->b, pk);
	case F_NOT:
		return !match(f, n->a, pk);
	case F_PROTO:
		switch (n->proto) {
		case Q_ETHER: return (pk->has & PKT_ETH) != 0;
		case Q_IP: return (pk->has & PKT_IP) != 0;
		case Q_IP6: return (pk->has & PKT_IP6) != 0;
		case Q_ARP: return (pk->has & PKT_ARP) != 0;
		case Q_TCP: return upper_proto(pk) == 6;
		case Q_UDP: return upper_proto(pk) == 17;
		case Q_ICMP: return (pk->has & PKT_IP) && pk->ip_proto == 1;
		case Q_ICMP6: return (pk->has & PKT_IP6) && pk->ip6_nxt == 58;
		}
		return 0;
	case F_HOST:
	case F_NET: {
		int m = 0;
		if ((pk->has & PKT_IP) && (n->proto == Q_ANY || n->proto == Q_IP))
			m = dir_match(n->dir, (a4(pk->ip_src) & n->mask) == n->addr,
				      (a4(pk->ip_dst) & n->mask) == n->addr);
		if (!m && (pk->has & PKT_ARP) && (n->proto == Q_ANY || n->proto == Q_ARP))
			m = dir_match(n->dir, (a4(pk->arp_spa) & n->mask) == n->addr,
				      (a4(pk->arp_tpa) & n->mask) == n->addr);
		return m;
	}
	case F_HOST6:
		if (!(pk->has & PKT_IP6))
			return 0;
		return dir_match(n->dir, prefix6(pk->ip6_src, n->addr6, n->plen6),
				 prefix6(pk->ip6_dst, n->addr6, n->plen6));
	case F_PORT: {
		int p = l3_proto(pk);
		if (!(pk->has & (PKT_TCP | PKT_UDP)) || (pk->has & PKT_L4_INNER))
			return 0;
		if (p != 6 && p != 17)
			return 0;
		if ((n->proto == Q_TCP && p != 6) || (n->proto == Q_UDP && p != 17))
			return 0;
		if ((n->proto == Q_IP && !(pk->has & PKT_IP)) || (n->proto == Q_IP6 && !(pk->has & PKT_IP6)))
			return 0;
		return dir_match(n->dir, pk->sport == n->num, pk->dport == n->num);
	}
	case F_IPPROTO:
		if ((pk->has & PKT_IP) && n->proto != Q_IP6)
			return pk->ip_proto == n->num;
		if ((pk->has & PKT_IP6) && n->proto != Q_IP)
			return pk->ip6_nxt == n->num;
		return 0;
	case F_ETHPROTO:
		if (pk->has & PKT_ETH)
			return pk->eth_type == n->num;
		return (n->num == 0x0800 && (pk->has & PKT_IP)) || (n->num == 0x86dd && (pk->has & PKT_IP6));
	case F_LESS:
		return pk->len <= (uint32_t)n->num;
	case F_GREATER:
		return pk->len >= (uint32_t)n->num;
	case F_EHOST:
		if (!(pk->has & PKT_ETH))
			return 0;
		return dir_match(n->dir, !memcmp(pk->eth_src, n->mac, 6), !memcmp(pk->eth_dst, n->mac, 6));
	}
	return 0;
}

int filter_match(const struct filter *f, const struct pkt *pk)
{
	if (!f || f->root < 0)
		return 1;
	return match(f, f->root, pk);
}
