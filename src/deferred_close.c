/*
 * deferred_close.c -- closing an AF_PACKET socket that has a ring waits for
 * two RCU grace periods in the kernel (packet_release's synchronize_net and
 * the one packet_set_ring takes to tear the ring down), 10-25 ms each on a
 * busy machine. A lesson's `trace path` opens and closes a capture per
 * device, so those waits added up to a quarter of every lesson's time.
 * Nothing netlearn does depends on the close having finished, except that
 * a namespace should not be deleted while one of our sockets still holds it
 * (ns_del drains first). Each close runs on a detached thread of its own:
 * concurrent closes share grace periods, where one closer thread would wait
 * for them one after the other.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include "deferred_close.h"

#define MAX_INFLIGHT 64            /* beyond this, close in the caller */
#define CLOSER_STACK (64 * 1024)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;
static int inflight;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* a forked child has none of the parent's closer threads */
static void after_fork_child(void)
{
	pthread_mutex_init(&lock, NULL);
	pthread_cond_init(&idle, NULL);
	inflight = 0;
}

static void init_once(void)
{
	pthread_atfork(NULL, NULL, after_fork_child);
}

static void *closer(void *arg)
{
	close((int)(intptr_t)arg);
	pthread_mutex_lock(&lock);
	if (--inflight == 0)
		pthread_cond_broadcast(&idle);
	pthread_mutex_unlock(&lock);
	return NULL;
}

void deferred_close(int fd)
{
	pthread_attr_t attr;
	pthread_t t;
	sigset_t all, old;
	int ok = 0;

	if (fd < 0)
		return;
	pthread_once(&once, init_once);
	pthread_mutex_lock(&lock);
	if (inflight < MAX_INFLIGHT && pthread_attr_init(&attr) == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		pthread_attr_setstacksize(&attr, CLOSER_STACK);
		/* the thread inherits this mask: signals stay with the main thread */
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		ok = pthread_create(&t, &attr, closer, (void *)(intptr_t)fd) == 0;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		pthread_attr_destroy(&attr);
		if (ok)
			inflight++;
	}
	pthread_mutex_unlock(&lock);
	if (!ok)
		close(fd);
}

void deferred_close_drain(void)
{
	pthread_mutex_lock(&lock);
	while (inflight > 0)
		pthread_cond_wait(&idle, &lock);
	pthread_mutex_unlock(&lock);
}
