/*
 * console.c - the console's line discipline and file operations (see
 * console.h).
 *
 * Input lands in a ring: [read, commit) is readable, [commit, edit) is
 * the line being edited. Locking: cons.lock guards the ring, the mode and
 * the foreground group, and is the condition lock of cons.readable.
 * User writes take out_lock, so each write() call comes out whole;
 * printk has its own lock, so kernel messages may fall between them.
 */
#include "kernel/console.h"

#include "kernel/boot.h"
#include "kernel/dev/uart.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/misc.h"
#include "kernel/uapi/wait.h"
#include "proc/proc.h"
#include "proc/mutex.h"
#include "proc/waitqueue.h"
#include "vm/uaccess.h"

#define INPUT_SIZE 1024
#define CTRL(c) ((c) - '@')
#define DEL 0x7f

static struct {
	struct spinlock lock;
	struct waitqueue readable;
	char buf[INPUT_SIZE];
	uint64_t read, commit, edit;
	bool raw;
	bool eof;              /* a ^D at the start of a line: next read is 0 */
	int fg_pgid;
} cons;

static struct mutex out_lock; /* serialises user writes to the console */

static void echo(int c)
{
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
}

static void print_process_list(void)
{
	static const char *const names[] = {"new", "runnable", "running", "sleeping", "zombie"};
	printk("\n");
	struct list_node *pos;
	list_for_each(pos, &proc_list) {
		struct proc *p = container_of(pos, struct proc, all_link);
		printk("%d %s %s\n", p->pid, names[p->state], p->name);
	}
}

/* A cooked-mode control character; true if it was one. */
static bool handle_control(int c)
{
	switch (c) {
	case CTRL('C'):
		echo('^'); echo('C'); echo('\n');
		cons.edit = cons.commit;
		proc_kill_group(cons.fg_pgid, KSIGINT);
		return true;
	case CTRL('P'):
		print_process_list();
		return true;
	case CTRL('U'):
		while (cons.edit != cons.commit && cons.buf[(cons.edit - 1) % INPUT_SIZE] != '\n') {
			cons.edit--;
			echo('\b'); echo(' '); echo('\b');
		}
		return true;
	case '\b':
	case DEL:
		if (cons.edit != cons.commit) {
			cons.edit--;
			echo('\b'); echo(' '); echo('\b');
		}
		return true;
	case CTRL('D'):
		if (cons.edit == cons.commit)
			cons.eof = true;
		cons.commit = cons.edit;
		waitqueue_wake_all(&cons.readable);
		return true;
	}
	return false;
}

void console_input(int c)
{
	spin_lock(&cons.lock);
	if (c == '\r')
		c = '\n';
	if (cons.raw || !handle_control(c)) {
		if (cons.edit - cons.read < INPUT_SIZE) {
			cons.buf[cons.edit++ % INPUT_SIZE] = (char)c;
			if (!cons.raw)
				echo(c);
			if (cons.raw || c == '\n' || cons.edit - cons.read == INPUT_SIZE) {
				cons.commit = cons.edit;
				waitqueue_wake_all(&cons.readable);
			}
		}
	}
	spin_unlock(&cons.lock);
}

static void uart_interrupt(void *arg)
{
	int c;
	while ((c = uart_getc()) >= 0)
		console_input(c);
}

/* Copy what is readable (a line at most in cooked mode) to the user. */
static int64_t take_input(uint64_t ubuf, uint64_t n)
{
	char tmp[128];
	uint64_t got = 0;
	while (got < n && cons.read != cons.commit && got < sizeof tmp) {
		char c = cons.buf[cons.read++ % INPUT_SIZE];
		tmp[got++] = c;
		if (c == '\n' && !cons.raw)
			break;
	}
	spin_unlock(&cons.lock);
	int r = copy_to_user(ubuf, tmp, got);
	spin_lock(&cons.lock);
	return r < 0 ? r : (int64_t)got;
}

static int64_t console_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	if (n == 0)
		return 0;
	spin_lock(&cons.lock);
	int64_t r = 0;
	while (cons.read == cons.commit && !cons.eof && r == 0)
		r = waitqueue_sleep(&cons.readable, &cons.lock);
	if (r == 0 && cons.read == cons.commit && cons.eof)
		cons.eof = false; /* end of file, once */
	else if (r == 0)
		r = take_input(ubuf, n);
	spin_unlock(&cons.lock);
	return r;
}

/* One write() reaches the console whole: writers from several
 * processes do not interleave within a call (out_lock). */
static int64_t console_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	char tmp[128];
	uint64_t done = 0;
	mutex_lock(&out_lock);
	while (done < n) {
		uint64_t chunk = n - done < sizeof tmp ? n - done : sizeof tmp;
		if (copy_from_user(tmp, ubuf + done, chunk) < 0)
			break;
		for (uint64_t i = 0; i < chunk; i++)
			echo(tmp[i]);
		done += chunk;
	}
	mutex_unlock(&out_lock);
	return done || !n ? (int64_t)done : -EFAULT;
}

static int console_stat(struct file *f, struct kstat *st)
{
	st->mode = KS_IFCHR | 0666;
	st->rdev = DEV_CONSOLE << 16;
	return 0;
}

const struct file_ops console_file_ops = {
	.read = console_read,
	.write = console_write,
	.stat = console_stat,
};

long console_mode(int op, int arg)
{
	long r = 0;
	spin_lock(&cons.lock);
	switch (op) {
	case KCONSOLE_COOKED: cons.raw = false; break;
	case KCONSOLE_RAW: cons.raw = true; break;
	case KCONSOLE_SET_FG: cons.fg_pgid = arg; break;
	case KCONSOLE_GET_FG: r = cons.fg_pgid; break;
	default: r = -EINVAL;
	}
	spin_unlock(&cons.lock);
	return r;
}

long sys_console_mode(const uint64_t *a)
{
	return console_mode((int)a[0], (int)a[1]);
}

void console_init(void)
{
	mutex_init(&out_lock, "console_out");
	spin_init(&cons.lock, "console");
	waitqueue_init(&cons.readable, "console");
	if (platform.uart.irq) {
		irq_register(platform.uart.irq, uart_interrupt, 0);
		uart_enable_rx_irq();
	}
}
