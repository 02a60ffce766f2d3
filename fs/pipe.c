/*
 * pipe.c - pipes (see pipe.h).
 *
 * The buffer is one page used as a ring. Readers sleep while it is empty
 * and a writer remains; writers sleep while it is full and a reader
 * remains. Writes of up to PIPE_BUF bytes are atomic (not interleaved
 * with other writers); a write to a pipe with no reader gets -EPIPE.
 * Data moves between user memory and the ring with copy_*_user, which may
 * fault and sleep, so it is done under the pipe's mutex, not its spinlock.
 *
 * Locking: pipe->io (mutex) serialises readers and writers moving data;
 * pipe->lock (spinlock) guards head, tail and the open-end counts and is
 * the condition lock of both waitqueues.
 */
#include "fs/pipe.h"

#include "fs/file.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/fcntl.h"
#include "proc/mutex.h"
#include "vm/kmalloc.h"
#include "vm/page.h"
#include "vm/uaccess.h"

#define PIPE_SIZE PAGE_SIZE
#define PIPE_BUF 512

struct pipe {
	struct spinlock lock;
	uint64_t head, tail;       /* bytes written / read, ever */
	int readers, writers;
	struct waitqueue readable, writable;
	struct mutex read_io, write_io;
	char *buf;
};

static uint64_t used(struct pipe *p)
{
	return p->head - p->tail;
}

/* Copy up to n bytes out of the ring to user memory; bytes or -EFAULT. */
static int64_t ring_to_user(struct pipe *p, uint64_t ubuf, uint64_t n)
{
	spin_lock(&p->lock);
	uint64_t tail = p->tail, avail = used(p);
	spin_unlock(&p->lock);
	if (n > avail)
		n = avail;
	uint64_t first = PIPE_SIZE - tail % PIPE_SIZE;
	if (first > n)
		first = n;
	if (copy_to_user(ubuf, p->buf + tail % PIPE_SIZE, first) < 0 ||
	    copy_to_user(ubuf + first, p->buf, n - first) < 0)
		return -EFAULT;
	spin_lock(&p->lock);
	p->tail += n;
	spin_unlock(&p->lock);
	waitqueue_wake_all(&p->writable);
	return (int64_t)n;
}

static int64_t pipe_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	struct pipe *p = f->private;
	if (n == 0)
		return 0;
	mutex_lock(&p->read_io);
	spin_lock(&p->lock);
	int64_t r = 0;
	while (used(p) == 0 && p->writers > 0 && r == 0)
		r = waitqueue_sleep(&p->readable, &p->lock);
	spin_unlock(&p->lock);
	if (r == 0)
		r = ring_to_user(p, ubuf, n);
	mutex_unlock(&p->read_io);
	return r;
}

/* Wait for room for want bytes; the room (>= want, or less once no
 * reader is left: -EPIPE), or -EINTR. */
static int64_t wait_room(struct pipe *p, uint64_t want)
{
	spin_lock(&p->lock);
	int r = 0;
	while (p->readers > 0 && PIPE_SIZE - used(p) < want && r == 0)
		r = waitqueue_sleep(&p->writable, &p->lock);
	int64_t room = p->readers == 0 ? -EPIPE : r < 0 ? r : (int64_t)(PIPE_SIZE - used(p));
	spin_unlock(&p->lock);
	return room;
}

static int64_t pipe_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	struct pipe *p = f->private;
	uint64_t done = 0;
	mutex_lock(&p->write_io);
	while (done < n) {
		uint64_t left = n - done;
		int64_t room = wait_room(p, left <= PIPE_BUF ? left : 1);
		if (room < 0) {
			mutex_unlock(&p->write_io);
			return done ? (int64_t)done : room;
		}
		uint64_t chunk = (uint64_t)room < left ? (uint64_t)room : left;
		uint64_t head = p->head, first = PIPE_SIZE - head % PIPE_SIZE;
		if (first > chunk)
			first = chunk;
		if (copy_from_user(p->buf + head % PIPE_SIZE, ubuf + done, first) < 0 ||
		    copy_from_user(p->buf, ubuf + done + first, chunk - first) < 0) {
			mutex_unlock(&p->write_io);
			return done ? (int64_t)done : -EFAULT;
		}
		spin_lock(&p->lock);
		p->head += chunk;
		spin_unlock(&p->lock);
		waitqueue_wake_all(&p->readable);
		done += chunk;
	}
	mutex_unlock(&p->write_io);
	return (int64_t)done;
}

static int pipe_stat(struct file *f, struct kstat *st)
{
	struct pipe *p = f->private;
	st->mode = 0010600; /* FIFO */
	spin_lock(&p->lock);
	st->size = used(p);
	spin_unlock(&p->lock);
	return 0;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->private;
	bool reader = (f->flags & KO_ACCMODE) == KO_RDONLY;
	spin_lock(&p->lock);
	if (reader)
		p->readers--;
	else
		p->writers--;
	bool last = p->readers == 0 && p->writers == 0;
	spin_unlock(&p->lock);
	waitqueue_wake_all(reader ? &p->writable : &p->readable);
	if (last) {
		kpage_free(p->buf);
		kfree(p);
	}
}

static const struct file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.stat = pipe_stat,
	.release = pipe_release,
};

int pipe_create(struct file **rf, struct file **wf)
{
	struct pipe *p = kzalloc(sizeof *p);
	char *buf = kpage_alloc();
	*rf = p && buf ? file_alloc(&pipe_ops, p, KO_RDONLY) : 0;
	*wf = *rf ? file_alloc(&pipe_ops, p, KO_WRONLY) : 0;
	if (!*wf) {
		if (*rf)
			kfree(*rf);
		if (buf)
			kpage_free(buf);
		kfree(p);
		return -ENOMEM;
	}
	spin_init(&p->lock, "pipe");
	waitqueue_init(&p->readable, "pipe_read");
	waitqueue_init(&p->writable, "pipe_write");
	mutex_init(&p->read_io, "pipe_read_io");
	mutex_init(&p->write_io, "pipe_write_io");
	p->buf = buf;
	p->readers = p->writers = 1;
	return 0;
}
