/*
 * deferred_close.h -- close a file descriptor off the caller's path.
 */
#ifndef NETLEARN_DEFERRED_CLOSE_H
#define NETLEARN_DEFERRED_CLOSE_H

/* Close FD on a short-lived thread of its own, so that the caller does not
 * wait for what the kernel does on close. Falls back to a plain close when
 * too many closes are in flight or no thread can be made. */
void deferred_close(int fd);

/* Wait until every deferred close has finished. */
void deferred_close_drain(void);

#endif
