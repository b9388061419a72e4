/*
 * nsid.h -- the nsid -> namespace name map of nsid.c, for the link bindings.
 */
#ifndef NETLEARN_NSID_H
#define NETLEARN_NSID_H

struct names { char **v; int n; };

/* nsid -> namespace name, as seen from one namespace: asked of the kernel once
 * per listing (one RTM_GETNSID per namespace of the lab), then looked up in
 * memory, so a listing costs O(namespaces + links), not their product. */
struct nsid_map {
	const char *ns;         /* the namespace the nsids are seen from */
	int built;
	struct names nm;
	int *nsid;              /* nsid[i] of nm.v[i]; nm.v[nm.n] is the host */
};

/* The namespace nsid NSID stands for ("" for the host), or NULL; the map is
 * built on first use. */
const char *nsid_map_find(struct nsid_map *m, int nsid);
void nsid_map_free(struct nsid_map *m);

#endif
