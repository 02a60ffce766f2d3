/*
 * fscrash - the guest half of the crash test (test/fs_crash.py).
 *
 *   fscrash work ROUND SEED   remove the files of rounds <= ROUND-2, then
 *                             run WORKERS processes that write files under
 *                             /crash/rROUND/wW/ until the machine is killed
 *   fscrash verify R:W:K:J... after the reboot: check what round R's
 *                             worker W acknowledged (below); one PASS/FAIL
 *                             line per argument
 *   fscrash sync              fsync: everything so far is on the disk
 *
 * The ACKERS first workers ("ackers") do this, file k = 0, 1, 2, ... (every
 * choice follows from ROUND, W and k, so verify can recompute it):
 *  - file fK: size 0 to 1.25 MiB (mostly small), written in pieces of
 *    random size; two files in three are "synced": fsync'd (some written
 *    as fK.tmp, fsync'd, renamed to fK and fsync'd again, the atomic
 *    replace), after which the worker prints
 *        fscrash: rR wW synced K ckC
 *    The others are left to the log's own pace, and some are removed.
 *  - every few files a record is appended to "journal", and every third
 *    append is fsync'd and acknowledged: "fscrash: rR wW journal LEN ckC".
 *  - now and then a directory is made, filled, renamed and removed.
 *  - a random sleep of up to PACE_MS between files spreads the
 *    acknowledgements over seconds; past a budget of bytes per round an
 *    acker only churns (creates, writes and removes files elsewhere), so
 *    the disk does not fill.
 * The last worker (the churner) creates, rewrites, renames and removes
 * files and directories as fast as it can, fsyncs some, keeps writing to
 * a file it unlinked while open (a crash leaves an orphan), acknowledges
 * nothing.
 * A line is one write() ending in a checksum C (FNV-1a of the text before
 * " ck"), so the host can tell a line garbled by a concurrent writer or
 * cut by the kill, and drops it.
 *
 * verify R:W:K:J, K the last file acknowledged (-1: none), J the journal
 * length acknowledged: every synced file k <= K exists with exactly its
 * size and bytes (and no fK.tmp is left); every other file that exists
 * holds a prefix of its bytes; the journal holds at least J bytes, all of
 * them right.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "ulib.h"

#define TOP "/crash"
#define ACKERS 2           /* workers 0 and 1 acknowledge files */
#define WORKERS (ACKERS + 1) /* the last one only churns */
#define ROUND_BUDGET (10 << 20) /* bytes of files per acker and round */
#define PACE_MS 40          /* an acker sleeps up to this between files */
#define MAX_IO 65536
#define JOURNAL_MAX_RECORD 3000

static char wbuf[MAX_IO];
static char rbuf[MAX_IO];

/* ---- Deterministic choices ----------------------------------------------- */

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ x >> 30) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ x >> 27) * 0x94d049bb133111ebull;
	return x ^ x >> 31;
}

static uint64_t key(int round, int w, int k, int what)
{
	return mix(mix(mix((uint64_t)round << 8 | (uint64_t)w) ^ (uint64_t)k) ^ (uint64_t)what);
}

/* The bytes of a file (or the journal) with this key: 4 at a time. */
static void pattern(uint64_t fkey, uint64_t off, char *dst, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint64_t word = (off + i) / 4;
		uint32_t v = (uint32_t)mix(fkey ^ word);
		for (unsigned b = (unsigned)((off + i) % 4); b < 4 && i < n; b++, i++)
			dst[i] = (char)(v >> (8 * b));
	}
}

struct file_plan {
	uint64_t fkey;
	uint32_t size;
	int synced;       /* fsync'd and acknowledged */
	int via_rename;   /* written as .tmp, renamed */
	int remove_later; /* an unsynced file the worker removes a bit later */
};

static void plan_file(int round, int w, int k, struct file_plan *p)
{
	uint64_t h = key(round, w, k, 1);
	unsigned kind = h % 100;
	p->fkey = key(round, w, k, 2);
	if (kind < 75)
		p->size = (uint32_t)(h >> 8) % 16384;
	else if (kind < 95)
		p->size = 16384 + (uint32_t)(h >> 8) % (256 << 10);
	else
		p->size = (256 << 10) + (uint32_t)(h >> 8) % (1024 << 10);
	p->synced = (h >> 40) % 3 != 0;
	p->via_rename = p->synced && (h >> 44) % 3 == 0;
	p->remove_later = !p->synced && (h >> 48) % 2 == 0;
}

/* Journal record j's length (appended after every 4th file). */
static uint32_t journal_record(int round, int w, int j)
{
	return 1 + (uint32_t)(key(round, w, j, 3) % JOURNAL_MAX_RECORD);
}

/* ---- Console lines ----------------------------------------------------- */

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* One line, one write(), with its checksum. */
static void ack(const char *fmt, int round, int w, long v)
{
	char line[128];
	int n = snprintf(line, sizeof(line), fmt, round, w, v);
	n += snprintf(line + n, sizeof(line) - n, " ck%08x\n", (unsigned)fnv(line, n));
	write(1, line, n);
}

/* ---- Work ------------------------------------------------------------- */

static int write_all(int fd, uint64_t fkey, uint32_t size, uint64_t rnd)
{
	uint32_t off = 0;
	while (off < size) {
		rnd = mix(rnd);
		uint32_t n = 1 + (uint32_t)(rnd % MAX_IO);
		if (n > size - off)
			n = size - off;
		pattern(fkey, off, wbuf, n);
		if (write(fd, wbuf, n) != (ssize_t)n)
			return -1;
		off += n;
	}
	return 0;
}

static void die(const char *what, const char *path)
{
	printf("fscrash: %s %s: %s\n", what, path, strerror(errno));
	_exit(1);
}

static int make_file(const char *path, const struct file_plan *p, uint64_t rnd)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	if (write_all(fd, p->fkey, p->size, rnd) < 0 || (p->synced && fsync(fd) < 0)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int sync_all(void)
{
	int fd = open("/", O_RDONLY);
	int r = fd >= 0 ? fsync(fd) : -1;
	if (fd >= 0)
		close(fd);
	return r;
}

/* A directory made, filled, renamed, emptied and removed. */
static void dir_churn(const char *dir, int k)
{
	char a[128], b[128], f[160];
	snprintf(a, sizeof(a), "%s/sub%d", dir, k);
	snprintf(b, sizeof(b), "%s/moved%d", dir, k);
	if (mkdir(a, 0755) < 0)
		die("mkdir", a);
	snprintf(f, sizeof(f), "%s/x", a);
	int fd = open(f, O_WRONLY | O_CREAT, 0644);
	if (fd < 0 || write(fd, "x", 1) != 1)
		die("create", f);
	close(fd);
	if (rename(a, b) < 0)
		die("rename", a);
	snprintf(f, sizeof(f), "%s/x", b);
	if (unlink(f) < 0 || rmdir(b) < 0)
		die("remove", b);
}

/* The last worker: files created, rewritten, renamed and removed as fast
 * as it can, some fsync'd, none acknowledged; eight names, so the space
 * it holds stays bounded. */
static void churner(const char *dir, int round, int w, uint64_t rnd)
{
	char path[128], moved[128];
	int doomed = -1;
	for (int k = 0;; k++) {
		struct file_plan p;
		rnd = mix(rnd);
		/* A file unlinked while open and still written: a crash leaves
		 * an orphan, which the kernel frees at the next mount. */
		if (k % 10 == 0) {
			if (doomed >= 0)
				close(doomed);
			snprintf(path, sizeof(path), "%s/doomed", dir);
			if ((doomed = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644)) < 0 ||
			    unlink(path) < 0)
				die("doomed", path);
		}
		pattern(rnd, 0, wbuf, 8192);
		if (write(doomed, wbuf, 8192) != 8192)
			die("write", "doomed");
		plan_file(round, w, k, &p);
		p.synced = rnd % 5 == 0;
		snprintf(path, sizeof(path), "%s/churn%d", dir, k % 8);
		snprintf(moved, sizeof(moved), "%s/renamed%d", dir, k % 8);
		if (make_file(path, &p, rnd) < 0)
			die("churn", path);
		if (k % 3 == 0 && unlink(path) < 0)
			die("unlink", path);
		else if (k % 3 == 1 && rename(path, moved) < 0)
			die("rename", path);
		if (k % 10 == 5)
			dir_churn(dir, k);
	}
}

/* An acker: files f0, f1, ... (see the top), paced by short sleeps so
 * that acknowledgements go on for seconds within the byte budget; past
 * the budget it churns like the churner, still paced. */
static void acker(const char *dir, int round, int w, uint64_t rnd)
{
	char path[128], tmp[128], churn[128];
	uint64_t written = 0;
	uint32_t journal_len = 0;
	int jfd;
	snprintf(path, sizeof(path), "%s/journal", dir);
	if ((jfd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644)) < 0)
		die("open", path);
	for (int k = 0;; k++) {
		struct file_plan p;
		rnd = mix(rnd);
		msleep(rnd % PACE_MS);
		if (written >= ROUND_BUDGET) {
			if (written != UINT64_MAX) {
				printf("fscrash: r%d w%d churning\n", round, w);
				fflush(stdout);
				written = UINT64_MAX;
			}
			snprintf(churn, sizeof(churn), "%s/churn%d", dir, k % 8);
			plan_file(round, w, k, &p);
			p.synced = (int)(rnd % 5 == 0);
			if (make_file(churn, &p, rnd) < 0)
				die("churn", churn);
			if (k % 3 == 0 && unlink(churn) < 0)
				die("unlink", churn);
			continue;
		}
		plan_file(round, w, k, &p);
		snprintf(path, sizeof(path), "%s/f%d", dir, k);
		if (p.via_rename) {
			snprintf(tmp, sizeof(tmp), "%s/f%d.tmp", dir, k);
			if (make_file(tmp, &p, rnd) < 0)
				die("write", tmp);
			if (rename(tmp, path) < 0 || sync_all() < 0)
				die("rename", tmp);
		} else if (make_file(path, &p, rnd) < 0) {
			die("write", path);
		}
		written += p.size;
		if (p.synced)
			ack("fscrash: r%d w%d synced %ld", round, w, k);
		if (k >= 3) {
			struct file_plan old;
			plan_file(round, w, k - 3, &old);
			snprintf(path, sizeof(path), "%s/f%d", dir, k - 3);
			if (old.remove_later && unlink(path) < 0)
				die("unlink", path);
		}
		if (k % 4 == 3) {
			int j = k / 4;
			uint32_t len = journal_record(round, w, j);
			pattern(key(round, w, 0, 5), journal_len, wbuf, len);
			if (write(jfd, wbuf, len) != (ssize_t)len)
				die("append", "journal");
			journal_len += len;
			if (j % 3 == 2) {
				if (fsync(jfd) < 0)
					die("fsync", "journal");
				ack("fscrash: r%d w%d journal %ld", round, w, journal_len);
			}
		}
		if (k % 10 == 5)
			dir_churn(dir, k);
	}
}

static void worker(int round, int w, uint64_t seed)
{
	char dir[64];
	snprintf(dir, sizeof(dir), TOP "/r%d/w%d", round, w);
	if (mkdir(dir, 0755) < 0)
		die("mkdir", dir);
	uint64_t rnd = mix(seed ^ key(round, w, 0, 4));
	if (w < ACKERS)
		acker(dir, round, w, rnd);
	else
		churner(dir, round, w, rnd);
}

/* Remove a tree (files, directories, links); errors are fatal. */
static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		die("lstat", path);
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (!d)
			die("opendir", path);
		struct dirent *e;
		char sub[320];
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			remove_tree(sub);
			/* The listing moves under us: start it again. */
			closedir(d);
			if (!(d = opendir(path)))
				die("opendir", path);
		}
		closedir(d);
		if (rmdir(path) < 0)
			die("rmdir", path);
	} else if (unlink(path) < 0) {
		die("unlink", path);
	}
}

static int work(int round, uint64_t seed)
{
	char path[64];
	if (mkdir(TOP, 0755) < 0 && errno != EEXIST)
		die("mkdir", TOP);
	printf("fscrash: r%d started\n", round);
	fflush(stdout);
	/* Older rounds go: the host no longer expects them. */
	DIR *d = opendir(TOP);
	struct dirent *e;
	int old[64], nold = 0, r;
	while (d && (e = readdir(d)) != NULL)
		if (sscanf(e->d_name, "r%d", &r) == 1 && r <= round - 2 && nold < 64)
			old[nold++] = r;
	if (d)
		closedir(d);
	for (int i = 0; i < nold; i++) {
		snprintf(path, sizeof(path), TOP "/r%d", old[i]);
		remove_tree(path);
	}
	snprintf(path, sizeof(path), TOP "/r%d", round);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		die("mkdir", path);
	for (int w = 0; w < WORKERS; w++)
		if (check_fork() == 0) {
			worker(round, w, seed);
			_exit(0);
		}
	int st;
	while (wait(&st) > 0)
		if (st != 0)
			printf("fscrash: a worker failed (status %#x)\n", st);
	return 1; /* workers only end by failing */
}

/* ---- Verify ------------------------------------------------------------ */

static char why[200];

/* Whether path holds the first `size` bytes of fkey's pattern: exactly
 * size bytes (exact), or at most size (a prefix). */
static int check_file(const char *path, uint64_t fkey, uint64_t size, int exact)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(why, sizeof(why), "%s: %s", path, strerror(errno));
		return -1;
	}
	uint64_t off = 0;
	ssize_t n;
	while ((n = read(fd, rbuf, sizeof(rbuf))) > 0) {
		if (off + (uint64_t)n > size) {
			snprintf(why, sizeof(why), "%s: longer than %llu bytes", path,
			         (unsigned long long)size);
			close(fd);
			return -1;
		}
		pattern(fkey, off, wbuf, (size_t)n);
		if (memcmp(rbuf, wbuf, (size_t)n) != 0) {
			size_t i = 0;
			while (rbuf[i] == wbuf[i])
				i++;
			snprintf(why, sizeof(why), "%s: byte %llu differs", path,
			         (unsigned long long)(off + i));
			close(fd);
			return -1;
		}
		off += (uint64_t)n;
	}
	close(fd);
	if (n < 0 || (exact && off != size)) {
		snprintf(why, sizeof(why), "%s: %llu bytes, want %llu (%s)", path,
		         (unsigned long long)off, (unsigned long long)size,
		         n < 0 ? strerror(errno) : "short");
		return -1;
	}
	return 0;
}

static int verify_one(int round, int w, int last, long journal, int *checked)
{
	char dir[64], path[128];
	struct stat st;
	snprintf(dir, sizeof(dir), TOP "/r%d/w%d", round, w);
	*checked = 0;
	for (int k = 0; k <= last; k++) {
		struct file_plan p;
		plan_file(round, w, k, &p);
		snprintf(path, sizeof(path), "%s/f%d", dir, k);
		if (p.synced) {
			if (check_file(path, p.fkey, p.size, 1) < 0)
				return -1;
			(*checked)++;
			snprintf(path, sizeof(path), "%s/f%d.tmp", dir, k);
			if (lstat(path, &st) == 0) {
				snprintf(why, sizeof(why), "%s is still there", path);
				return -1;
			}
		} else if (lstat(path, &st) == 0 && check_file(path, p.fkey, p.size, 0) < 0) {
			return -1;
		}
	}
	snprintf(path, sizeof(path), "%s/journal", dir);
	if (journal > 0 || lstat(path, &st) == 0) {
		if (check_file(path, key(round, w, 0, 5), UINT32_MAX, 0) < 0)
			return -1;
		if (stat(path, &st) < 0 || st.st_size < journal) {
			snprintf(why, sizeof(why), "%s: %ld bytes, %ld were fsync'd", path,
			         (long)st.st_size, journal);
			return -1;
		}
	}
	return 0;
}

static int verify(int argc, char **argv)
{
	int failed = 0;
	for (int i = 0; i < argc; i++) {
		int round, w, last, checked;
		long journal;
		if (sscanf(argv[i], "%d:%d:%d:%ld", &round, &w, &last, &journal) != 4) {
			printf("FAIL crash_verify: bad argument %s\n", argv[i]);
			failed++;
			continue;
		}
		if (verify_one(round, w, last, journal, &checked) < 0) {
			printf("FAIL crash_verify_r%dw%d: %s\n", round, w, why);
			failed++;
		} else {
			printf("PASS crash_verify_r%dw%d (%d synced files, journal %ld)\n", round, w,
			       checked, journal);
		}
	}
	printf("fscrash: verify: %d failed\n", failed);
	return failed != 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "work"))
		return work(atoi(argv[2]), strtoull(argv[3], NULL, 0));
	if (argc >= 2 && !strcmp(argv[1], "verify"))
		return verify(argc - 2, argv + 2);
	if (argc == 2 && !strcmp(argv[1], "sync")) {
		int r = sync_all();
		printf("fscrash: sync %s\n", r == 0 ? "done" : strerror(errno));
		return r != 0;
	}
	printf("usage: fscrash work ROUND SEED | verify R:W:K:J... | sync\n");
	return 2;
}
