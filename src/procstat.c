/*
 * procstat.c -- small readers of /proc (procstat.h): a task's state and
 * context switches, and named counters of the calling thread's namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "procstat.h"

int proc_read(int dir, const char *path, char *buf, size_t len)
{
	int fd = openat(dir, path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return (int)n;
}

int proc_task_switches(int proc, int pid, char *state, unsigned long long *switches)
{
	char path[32], buf[2048], *line;
	unsigned long long v;
	int r;
	snprintf(path, sizeof path, "%d/status", pid);
	if ((r = proc_read(proc, path, buf, sizeof buf)) < 0)
		return r;
	*state = '?';
	*switches = 0;
	for (line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (!strncmp(line, "State:", 6))
			sscanf(line + 6, " %c", state);
		else if (sscanf(line, "voluntary_ctxt_switches: %llu", &v) == 1 ||
			 sscanf(line, "nonvoluntary_ctxt_switches: %llu", &v) == 1)
			*switches += v;
	}
	return 0;
}

int proc_net_counters(const char *file, const char *section, const char *const *names, int n, long long *v)
{
	char path[64], head[4096], values[4096], *a, *b, *sa, *sb;
	size_t skip = strlen(section) + 1;          /* "SECTION:" */
	int found = 0, i;
	FILE *f;
	snprintf(path, sizeof path, "/proc/thread-self/net/%s", file);
	if (!(f = fopen(path, "re")))
		return -errno;
	while (fgets(head, sizeof head, f)) {
		if (strncmp(head, section, skip - 1) || head[skip - 1] != ':' || !fgets(values, sizeof values, f))
			continue;
		/* the names, then their values, column for column */
		a = strtok_r(head + skip, " \n", &sa);
		b = strtok_r(values + skip, " \n", &sb);
		for (; a && b; a = strtok_r(NULL, " \n", &sa), b = strtok_r(NULL, " \n", &sb))
			for (i = 0; i < n; i++)
				if (!strcmp(a, names[i])) {
					v[i] = strtoll(b, NULL, 10);
					found++;
				}
		break;
	}
	fclose(f);
	return found;
}
