/*
 * fsstress - file-system stress and limits, beyond fstest's unit cases:
 *
 *   fs_stress_procs    8 processes create, write, read back, list and
 *                      unlink files in one shared directory and their own,
 *                      reading each other's files as they go (run with
 *                      several harts: test/qemu_tests.py boots 4)
 *   fs_file_64m        a 64 MiB file written, the cache dropped, read back
 *                      from the disk with every byte checked; patched in
 *                      place, truncated, its blocks counted
 *   fs_many_files      5000 files in one directory: listed, looked up,
 *                      removed; the directory is empty and removable again
 *   fs_rename_more     renames across directories keep the inode, over an
 *                      open file, between two links of one inode, with
 *                      255-byte names, and 1000 back and forth without
 *                      growing the directory
 *   fs_eloop           a self loop, a chain of 40 links (resolves) and 41
 *                      (ELOOP), 40 and 41 hops through a link to ".", and
 *                      every call that follows a loop
 *   fs_out_of_inodes   empty files until ENOSPC; then mkdir and symlink
 *                      fail too, data can still be written; removing files
 *                      gives exactly that many back; after removing all,
 *                      as many files fit as the first time
 *   fs_full_disk       1 MiB files until ENOSPC; the data stays readable,
 *                      mkdir fails; after removing them all as much fits
 *                      again
 *
 * Everything happens under /tmp/fss.PID; the image needs room for 64 MiB
 * (FS_SIZE_MB defaults to 96). One "PASS name" / "FAIL name: reason" line
 * per case; "fsstress [case...]" runs only the named cases.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "ulib.h"

#define CHUNK 65536

static char base[64];
static char buf[CHUNK];
static char buf2[CHUNK];

static const char *path_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* base/NAME, NAME built from fmt; two results may be in use at once. */
static const char *path_of(const char *fmt, ...)
{
	static char p[2][512];
	static int which;
	char name[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	which ^= 1;
	snprintf(p[which], sizeof(p[which]), "%s/%s", base, name);
	return p[which];
}

/* The byte at off of the file identified by seed. */
static unsigned char byte_at(uint32_t seed, uint64_t off)
{
	uint64_t x = (off + 1) * 0x9e3779b97f4a7c15ull ^ ((uint64_t)seed << 17);
	return (unsigned char)(x >> 29 ^ x >> 47);
}

static void fill(char *b, uint32_t seed, uint64_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (char)byte_at(seed, off + i);
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) < 0 ? -1 : (long)st.st_size;
}

static int drop_caches(void)
{
	int fd = open("/proc/drop_caches", O_WRONLY);
	int ok = fd >= 0 && write(fd, "3", 1) == 1;
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* Entries in dir other than . and .., or -1. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* ---- Several processes at once ------------------------------------------ */

#define WORKERS 8
#define ROUNDS 4
#define FILES_PER_ROUND 30
#define MAX_FILE (20 * 1024)

/* A file's seed and size follow from its name "w<id>r<round>f<i>". */
static uint32_t stress_seed(int id, int round, int i)
{
	return (uint32_t)(id * 1000003 + round * 1009 + i + 1);
}

static uint32_t stress_size(uint32_t seed)
{
	return (seed * 2654435761u >> 7) % MAX_FILE;
}

/* Write a file in one to three pieces (0 or a step number on failure). */
static int stress_write(const char *path, uint32_t seed)
{
	uint32_t size = stress_size(seed), off = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return 10;
	fill(buf, seed, 0, size);
	while (off < size) {
		uint32_t n = size - off > 7000 ? 7000 : size - off;
		if (write(fd, buf + off, n) != (ssize_t)n) {
			close(fd);
			return 11;
		}
		off += n;
	}
	return close(fd) < 0 ? 12 : 0;
}

/* Check a file's contents against its seed: whole (own files) or as far
 * as it goes (someone else's, maybe still being written or gone). */
static int stress_check(const char *path, uint32_t seed, int whole)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return whole ? 20 : (errno == ENOENT ? 0 : 21);
	ssize_t n = read(fd, buf2, sizeof(buf2));
	close(fd);
	if (n < 0 || (uint32_t)n > stress_size(seed))
		return 22;
	if (whole && (uint32_t)n != stress_size(seed))
		return 23;
	for (ssize_t i = 0; i < n; i++)
		if ((unsigned char)buf2[i] != byte_at(seed, (uint64_t)i))
			return 24;
	return 0;
}

/* Every name in the shared directory is one a worker could make. */
static int stress_list(void)
{
	DIR *d = opendir(path_of("shared"));
	if (!d)
		return 30;
	struct dirent *e;
	int id, round, i, bad = 0;
	char tail;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (sscanf(e->d_name, "w%dr%df%d%c", &id, &round, &i, &tail) != 3 || id < 0 ||
		    id >= WORKERS || round < 0 || round >= ROUNDS || i < 0 || i >= FILES_PER_ROUND)
			bad = 31;
	}
	closedir(d);
	return bad;
}

static int stress_worker(int id)
{
	char own[64];
	snprintf(own, sizeof(own), "own%d", id);
	if (mkdir(path_of("%s", own), 0755) < 0)
		return 1;
	for (int r = 0; r < ROUNDS; r++) {
		int err;
		for (int i = 0; i < FILES_PER_ROUND; i++) {
			uint32_t seed = stress_seed(id, r, i);
			const char *where = i % 3 ? path_of("shared/w%dr%df%d", id, r, i)
			                          : path_of("%s/w%dr%df%d", own, id, r, i);
			if ((err = stress_write(where, seed)) != 0)
				return err;
			/* Someone else's file of this round, if it is there. */
			int other = (id + 1 + i) % WORKERS;
			if (i % 3 && (err = stress_check(path_of("shared/w%dr%df%d", other, r, i),
			                                 stress_seed(other, r, i), 0)) != 0)
				return err;
		}
		for (int i = 0; i < FILES_PER_ROUND; i++) {
			const char *where = i % 3 ? path_of("shared/w%dr%df%d", id, r, i)
			                          : path_of("%s/w%dr%df%d", own, id, r, i);
			if ((err = stress_check(where, stress_seed(id, r, i), 1)) != 0)
				return err;
		}
		if ((err = stress_list()) != 0)
			return err;
		/* Keep every fifth file to the end; remove the rest now. */
		for (int i = 0; i < FILES_PER_ROUND; i++) {
			if (i % 5 == 0)
				continue;
			const char *where = i % 3 ? path_of("shared/w%dr%df%d", id, r, i)
			                          : path_of("%s/w%dr%df%d", own, id, r, i);
			if (unlink(where) < 0)
				return 40;
		}
	}
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 0; i < FILES_PER_ROUND; i += 5) {
			const char *where = i % 3 ? path_of("shared/w%dr%df%d", id, r, i)
			                          : path_of("%s/w%dr%df%d", own, id, r, i);
			if (stress_check(where, stress_seed(id, r, i), 1) != 0)
				return 50;
			if (unlink(where) < 0)
				return 51;
		}
	return rmdir(path_of("%s", own)) < 0 ? 60 : 0;
}

static int test_stress_procs(void)
{
	pid_t pids[WORKERS];
	CHECK(mkdir(path_of("shared"), 0755) == 0, "mkdir: %s", strerror(errno));
	for (int i = 0; i < WORKERS; i++) {
		pids[i] = check_fork();
		if (pids[i] == 0)
			_exit(stress_worker(i));
	}
	int failed = 0;
	for (int i = 0; i < WORKERS; i++) {
		int st = check_wait(pids[i]);
		if (st != 0 && !failed)
			failed = check_fail("worker %d: status %#x (step %d)", i, st, st >> 8);
	}
	if (failed)
		return failed;
	CHECK(count_entries(path_of("shared")) == 0, "shared directory holds %d entries",
	      count_entries(path_of("shared")));
	CHECK(rmdir(path_of("shared")) == 0, "rmdir: %s", strerror(errno));
	return 0;
}

/* ---- A 64 MiB file ------------------------------------------------------- */

#define BIG (64ull << 20)
#define BIG_SEED 0xb16f11e

static int check_range(int fd, uint64_t off, uint64_t n, uint32_t seed)
{
	CHECK(lseek(fd, (off_t)off, SEEK_SET) == (off_t)off, "lseek %llu", (unsigned long long)off);
	for (uint64_t done = 0; done < n;) {
		size_t want = n - done < CHUNK ? n - done : CHUNK;
		ssize_t got = read(fd, buf2, want);
		CHECK(got == (ssize_t)want, "read at %llu gave %zd: %s",
		      (unsigned long long)(off + done), got, strerror(errno));
		fill(buf, seed, off + done, want);
		if (memcmp(buf, buf2, want) != 0) {
			size_t i = 0;
			while (buf[i] == buf2[i])
				i++;
			return check_fail("byte %llu differs", (unsigned long long)(off + done + i));
		}
		done += want;
	}
	return 0;
}

static int test_file_64m(void)
{
	const char *big = path_of("big64m");
	int fd = open(big, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	for (uint64_t off = 0; off < BIG; off += CHUNK) {
		fill(buf, BIG_SEED, off, CHUNK);
		ssize_t w = write(fd, buf, CHUNK);
		CHECK(w == CHUNK, "write at %llu: %zd (%s)", (unsigned long long)off, w,
		      strerror(errno));
	}
	CHECK(fsync(fd) == 0, "fsync: %s", strerror(errno));
	close(fd);
	struct stat st;
	CHECK(stat(big, &st) == 0 && st.st_size == (off_t)BIG, "size %ld", (long)st.st_size);
	/* 16384 data blocks; 1 indirect; 1 double-indirect over 15 more. */
	CHECK(st.st_blocks == 16401 * 8, "%ld blocks, want 16401", (long)(st.st_blocks / 8));
	CHECK(drop_caches() == 0, "/proc/drop_caches: %s", strerror(errno));
	fd = open(big, O_RDWR);
	CHECK(fd >= 0, "reopen: %s", strerror(errno));
	if (check_range(fd, 0, BIG, BIG_SEED))
		return -1;
	CHECK(read(fd, buf2, 1) == 0, "no end of file after 64 MiB");
	/* Patch a few pieces: across a block boundary in the direct range,
	 * at the single/double-indirect seam and near the end. */
	static const uint64_t at[] = {4095, (12 + 1024) * 4096ull - 3, BIG - 5000};
	for (unsigned k = 0; k < 3; k++) {
		fill(buf, BIG_SEED + 1, at[k], 4000);
		CHECK(pwrite(fd, buf, 4000, (off_t)at[k]) == 4000, "pwrite at %llu",
		      (unsigned long long)at[k]);
	}
	CHECK(drop_caches() == 0, "drop_caches again");
	for (unsigned k = 0; k < 3; k++) {
		if (check_range(fd, at[k], 4000, BIG_SEED + 1) ||
		    check_range(fd, at[k] + 4000, 100, BIG_SEED) ||
		    check_range(fd, at[k] - 100, 100, BIG_SEED))
			return -1;
	}
	CHECK(ftruncate(fd, 10 << 20) == 0, "ftruncate: %s", strerror(errno));
	CHECK(fstat(fd, &st) == 0 && st.st_size == 10 << 20, "size after truncate %ld",
	      (long)st.st_size);
	/* 2560 data blocks, 1 indirect, 1 double over 2 more. */
	CHECK(st.st_blocks == 2564 * 8, "%ld blocks after truncate, want 2564",
	      (long)(st.st_blocks / 8));
	if (check_range(fd, (10 << 20) - CHUNK, CHUNK, BIG_SEED))
		return -1;
	close(fd);
	CHECK(unlink(big) == 0, "unlink: %s", strerror(errno));
	return 0;
}

/* ---- Thousands of entries in one directory ------------------------------ */

#define MANY 5000

static int test_many_files(void)
{
	static unsigned char seen[MANY];
	CHECK(mkdir(path_of("many"), 0755) == 0, "mkdir: %s", strerror(errno));
	for (int i = 0; i < MANY; i++) {
		int fd = open(path_of("many/file-number-%05d", i), O_WRONLY | O_CREAT | O_EXCL, 0644);
		CHECK(fd >= 0, "create %d: %s", i, strerror(errno));
		if (i % 100 == 0)
			CHECK(write(fd, &i, sizeof(i)) == sizeof(i), "write %d", i);
		close(fd);
	}
	DIR *d = opendir(path_of("many"));
	CHECK(d, "opendir: %s", strerror(errno));
	struct dirent *e;
	int n = 0, dots = 0, bad = 0, i;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			dots++;
			continue;
		}
		n++;
		if (sscanf(e->d_name, "file-number-%d", &i) != 1 || i < 0 || i >= MANY || seen[i]++)
			bad++;
	}
	closedir(d);
	CHECK(n == MANY && dots == 2 && !bad, "listed %d entries, %d dots, %d bad or repeated", n,
	      dots, bad);
	for (i = 0; i < MANY; i += 97) {
		long want = i % 100 == 0 ? (long)sizeof(i) : 0;
		CHECK(file_size(path_of("many/file-number-%05d", i)) == want, "stat %d", i);
	}
	CHECK_ERRNO(open(path_of("many/file-number-%05d", MANY), O_RDONLY), ENOENT);
	CHECK_ERRNO(rmdir(path_of("many")), ENOTEMPTY);
	/* Remove them in a different order than they were made. */
	for (i = 0; i < MANY; i++) {
		int k = (int)((i * 2903u) % MANY); /* 2903 is prime to 5000 */
		CHECK(unlink(path_of("many/file-number-%05d", k)) == 0, "unlink %d: %s", k,
		      strerror(errno));
	}
	CHECK(count_entries(path_of("many")) == 0, "%d entries left", count_entries(path_of("many")));
	CHECK(rmdir(path_of("many")) == 0, "rmdir: %s", strerror(errno));
	return 0;
}

/* ---- More renames -------------------------------------------------------- */

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int holds(const char *path, const char *text)
{
	char b[64] = {0};
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, b, sizeof(b) - 1);
	close(fd);
	return n == (ssize_t)strlen(text) && !memcmp(b, text, n);
}

static int test_rename_more(void)
{
	struct stat a, b;
	CHECK(mkdir(path_of("rn"), 0755) == 0 && mkdir(path_of("rn/d1"), 0755) == 0 &&
	          mkdir(path_of("rn/d2"), 0755) == 0, "mkdirs: %s", strerror(errno));
	/* Across directories: the same inode, the same contents. */
	CHECK(write_text(path_of("rn/d1/f"), "moving") == 0, "create");
	CHECK(stat(path_of("rn/d1/f"), &a) == 0, "stat");
	CHECK(rename(path_of("rn/d1/f"), path_of("rn/d2/g")) == 0, "rename: %s", strerror(errno));
	CHECK(stat(path_of("rn/d2/g"), &b) == 0 && a.st_ino == b.st_ino, "inode changed");
	CHECK(holds(path_of("rn/d2/g"), "moving"), "contents changed");
	CHECK_ERRNO(stat(path_of("rn/d1/f"), &a), ENOENT);
	/* Over a file someone has open: the open file keeps the old data. */
	CHECK(write_text(path_of("rn/old"), "old data") == 0, "create old");
	int fd = open(path_of("rn/old"), O_RDONLY);
	CHECK(fd >= 0, "open old");
	CHECK(write_text(path_of("rn/new"), "new data") == 0, "create new");
	CHECK(rename(path_of("rn/new"), path_of("rn/old")) == 0, "rename over open file");
	char t[16] = {0};
	CHECK(read(fd, t, sizeof(t)) == 8 && !memcmp(t, "old data", 8), "open file reads %s", t);
	CHECK(fstat(fd, &a) == 0 && a.st_nlink == 0, "replaced file nlink %d", (int)a.st_nlink);
	close(fd);
	CHECK(holds(path_of("rn/old"), "new data"), "rn/old does not hold the new data");
	/* Two links of one inode: rename does nothing, both stay. */
	CHECK(link(path_of("rn/old"), path_of("rn/alias")) == 0, "link: %s", strerror(errno));
	CHECK(rename(path_of("rn/old"), path_of("rn/alias")) == 0, "rename between links: %s",
	      strerror(errno));
	CHECK(stat(path_of("rn/old"), &a) == 0 && stat(path_of("rn/alias"), &b) == 0 &&
	          a.st_ino == b.st_ino && a.st_nlink == 2, "links after rename: nlink %d",
	      (int)a.st_nlink);
	/* Names of 255 bytes; 256 are refused. */
	char name[300];
	memset(name, 'x', 255);
	name[255] = '\0';
	CHECK(rename(path_of("rn/alias"), path_of("rn/d1/%s", name)) == 0, "to a 255-byte name: %s",
	      strerror(errno));
	CHECK(holds(path_of("rn/d1/%s", name), "new data"), "through the long name");
	name[255] = 'z';
	name[256] = '\0';
	CHECK_ERRNO(rename(path_of("rn/old"), path_of("rn/%s", name)), ENAMETOOLONG);
	name[255] = '\0';
	CHECK(unlink(path_of("rn/d1/%s", name)) == 0, "unlink long name");
	/* A directory over an empty one elsewhere: link counts follow. */
	CHECK(mkdir(path_of("rn/d1/sub"), 0755) == 0 && mkdir(path_of("rn/d2/empty"), 0755) == 0,
	      "mkdir sub");
	CHECK(write_text(path_of("rn/d1/sub/file"), "in sub") == 0, "file in sub");
	CHECK(rename(path_of("rn/d1/sub"), path_of("rn/d2/empty")) == 0, "dir over empty dir: %s",
	      strerror(errno));
	CHECK(stat(path_of("rn/d1"), &a) == 0 && a.st_nlink == 2, "d1 nlink %d", (int)a.st_nlink);
	CHECK(stat(path_of("rn/d2"), &b) == 0 && b.st_nlink == 3, "d2 nlink %d", (int)b.st_nlink);
	CHECK(holds(path_of("rn/d2/empty/file"), "in sub"), "moved directory's file");
	CHECK(stat(path_of("rn/d2/empty/.."), &a) == 0 && a.st_ino == b.st_ino, "moved dir's ..");
	/* Back and forth: freed records are reused, the directory stays one
	 * block. */
	CHECK(write_text(path_of("rn/d1/ping"), "p") == 0, "create ping");
	for (int i = 0; i < 1000; i++) {
		const char *from = path_of("rn/d1/%s", i % 2 ? "pong-with-a-longer-name" : "ping");
		const char *to = path_of("rn/d1/%s", i % 2 ? "ping" : "pong-with-a-longer-name");
		CHECK(rename(from, to) == 0, "rename %d: %s", i, strerror(errno));
	}
	CHECK(holds(path_of("rn/d1/ping"), "p"), "ping after 1000 renames");
	CHECK(stat(path_of("rn/d1"), &a) == 0 && a.st_size == 4096, "d1 grew to %ld bytes",
	      (long)a.st_size);
	CHECK(count_entries(path_of("rn/d1")) == 1, "d1 holds %d entries",
	      count_entries(path_of("rn/d1")));
	return 0;
}

/* ---- Symbolic-link loops ------------------------------------------------- */

#define LINK_MAX_HOPS 40 /* as Linux: the 41st link in one lookup fails */

static int test_eloop(void)
{
	struct stat st;
	char target[32];
	CHECK(mkdir(path_of("lp"), 0755) == 0, "mkdir");
	CHECK(write_text(path_of("lp/file"), "end") == 0, "create");
	/* A link to itself. */
	CHECK(symlink("self", path_of("lp/self")) == 0, "symlink: %s", strerror(errno));
	CHECK_ERRNO(open(path_of("lp/self"), O_RDONLY), ELOOP);
	CHECK_ERRNO(stat(path_of("lp/self"), &st), ELOOP);
	CHECK(lstat(path_of("lp/self"), &st) == 0 && S_ISLNK(st.st_mode), "lstat of a loop");
	CHECK_ERRNO(open(path_of("lp/self"), O_WRONLY | O_CREAT, 0644), ELOOP);
	CHECK_ERRNO(mkdir(path_of("lp/self/x"), 0755), ELOOP);
	CHECK_ERRNO(chdir(path_of("lp/self")), ELOOP);
	CHECK_ERRNO(open(path_of("lp/self/x"), O_RDONLY), ELOOP);
	/* A chain c0 -> c1 -> ... -> c40 -> file: from c1 it takes 40 links,
	 * from c0 41. */
	for (int i = 0; i <= LINK_MAX_HOPS; i++) {
		if (i == LINK_MAX_HOPS)
			snprintf(target, sizeof(target), "file");
		else
			snprintf(target, sizeof(target), "c%d", i + 1);
		CHECK(symlink(target, path_of("lp/c%d", i)) == 0, "symlink c%d: %s", i,
		      strerror(errno));
	}
	CHECK(holds(path_of("lp/c1"), "end"), "a chain of 40 links does not resolve");
	CHECK_ERRNO(open(path_of("lp/c0"), O_RDONLY), ELOOP);
	CHECK_ERRNO(stat(path_of("lp/c0"), &st), ELOOP);
	/* Through a link to the directory itself: 40 hops resolve, 41 not. */
	CHECK(symlink(".", path_of("lp/dot")) == 0, "symlink dot");
	char *p = malloc(4096);
	CHECK(p, "malloc");
	int len = snprintf(p, 4096, "%s", path_of("lp"));
	for (int i = 0; i < LINK_MAX_HOPS; i++)
		len += snprintf(p + len, 4096 - len, "/dot");
	snprintf(p + len, 4096 - len, "/file");
	CHECK(holds(p, "end"), "40 hops through lp/dot do not resolve");
	snprintf(p + len, 4096 - len, "/dot/file");
	CHECK_ERRNO(open(p, O_RDONLY), ELOOP);
	free(p);
	/* Two links pointing at each other, through absolute paths. */
	char abs[128];
	snprintf(abs, sizeof(abs), "%s", path_of("lp/pong"));
	CHECK(symlink(abs, path_of("lp/ping")) == 0, "symlink ping");
	snprintf(abs, sizeof(abs), "%s", path_of("lp/ping"));
	CHECK(symlink(abs, path_of("lp/pong")) == 0, "symlink pong");
	CHECK_ERRNO(open(path_of("lp/ping"), O_RDONLY), ELOOP);
	CHECK_ERRNO(open(path_of("lp/ping"), O_RDONLY | O_NOFOLLOW), ELOOP);
	/* The loops themselves can be removed and renamed. */
	CHECK(rename(path_of("lp/self"), path_of("lp/self2")) == 0, "rename a loop");
	CHECK(unlink(path_of("lp/self2")) == 0 && unlink(path_of("lp/ping")) == 0, "unlink loops");
	return 0;
}

/* ---- Running out of inodes ---------------------------------------------- */

#define PER_DIR 500

/* Make empty files in ino/d<k>/ until one fails; their number, with the
 * failing call's errno in *why. Directories count too. */
static int fill_inodes(int *dirs, int *why)
{
	int n = 0;
	*dirs = 0;
	for (;;) {
		if (n % PER_DIR == 0) {
			if (mkdir(path_of("ino/d%d", n / PER_DIR), 0755) < 0) {
				*why = errno;
				return n;
			}
			(*dirs)++;
		}
		int fd = open(path_of("ino/d%d/f%d", n / PER_DIR, n), O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0) {
			*why = errno;
			return n;
		}
		close(fd);
		n++;
	}
}

static int empty_inodes(int n, int dirs)
{
	for (int i = 0; i < n; i++)
		CHECK(unlink(path_of("ino/d%d/f%d", i / PER_DIR, i)) == 0, "unlink %d: %s", i,
		      strerror(errno));
	for (int k = 0; k < dirs; k++)
		CHECK(rmdir(path_of("ino/d%d", k)) == 0, "rmdir d%d: %s", k, strerror(errno));
	return 0;
}

static int test_out_of_inodes(void)
{
	int dirs, why, dirs2, why2;
	CHECK(mkdir(path_of("ino"), 0755) == 0, "mkdir");
	CHECK(write_text(path_of("ino-data"), "x") == 0, "a file made before");
	int n = fill_inodes(&dirs, &why);
	CHECK(why == ENOSPC, "stopped after %d files with errno %d (%s), want ENOSPC", n, why,
	      strerror(why));
	CHECK(n > 1000, "only %d files", n);
	CHECK_ERRNO(mkdir(path_of("ino/nodir"), 0755), ENOSPC);
	CHECK_ERRNO(symlink("x", path_of("ino/nolink")), ENOSPC);
	CHECK_ERRNO(open(path_of("ino/nofile"), O_WRONLY | O_CREAT, 0644), ENOSPC);
	/* Blocks are not inodes: an existing file still grows. */
	int fd = open(path_of("ino-data"), O_WRONLY | O_APPEND);
	CHECK(fd >= 0, "open existing: %s", strerror(errno));
	memset(buf, 'd', CHUNK);
	CHECK(write(fd, buf, CHUNK) == CHUNK, "append: %s", strerror(errno));
	close(fd);
	CHECK(file_size(path_of("ino-data")) == CHUNK + 1, "size");
	/* Five files removed: exactly five can be made. */
	for (int i = 0; i < 5; i++)
		CHECK(unlink(path_of("ino/d0/f%d", i)) == 0, "unlink");
	for (int i = 0; i < 5; i++) {
		int f = open(path_of("ino/again%d", i), O_WRONLY | O_CREAT | O_EXCL, 0644);
		CHECK(f >= 0, "create %d after freeing 5: %s", i, strerror(errno));
		close(f);
	}
	CHECK_ERRNO(open(path_of("ino/again5"), O_WRONLY | O_CREAT, 0644), ENOSPC);
	for (int i = 0; i < 5; i++) {
		CHECK(unlink(path_of("ino/again%d", i)) == 0, "unlink again%d", i);
		int f = open(path_of("ino/d0/f%d", i), O_WRONLY | O_CREAT | O_EXCL, 0644);
		CHECK(f >= 0, "recreate f%d", i);
		close(f);
	}
	if (empty_inodes(n, dirs))
		return -1;
	/* Everything came back: as many fit again. */
	int n2 = fill_inodes(&dirs2, &why2);
	CHECK(why2 == ENOSPC && n2 == n && dirs2 == dirs, "second fill: %d files in %d dirs (errno %d), first %d in %d",
	      n2, dirs2, why2, n, dirs);
	if (empty_inodes(n2, dirs2))
		return -1;
	CHECK(rmdir(path_of("ino")) == 0 && unlink(path_of("ino-data")) == 0, "cleanup");
	return 0;
}

/* ---- A full disk ---------------------------------------------------------- */

#define FILL_FILE (1 << 20)

/* 1 MiB files in full/ until a write fails: bytes written; *files made,
 * *why the failing errno. */
static long fill_disk(int *files, int *why)
{
	long total = 0;
	*files = 0;
	memset(buf, 'F', CHUNK);
	for (;;) {
		int fd = open(path_of("full/f%d", *files), O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0) {
			*why = errno;
			return total;
		}
		(*files)++;
		for (long off = 0; off < FILL_FILE; off += CHUNK) {
			ssize_t w = write(fd, buf, CHUNK);
			if (w > 0)
				total += w;
			if (w != CHUNK) {
				*why = w < 0 ? errno : 0;
				if (w >= 0 && write(fd, buf, CHUNK) < 0)
					*why = errno;
				close(fd);
				return total;
			}
		}
		close(fd);
	}
}

static int empty_disk(int files)
{
	for (int i = 0; i < files; i++)
		CHECK(unlink(path_of("full/f%d", i)) == 0, "unlink f%d: %s", i, strerror(errno));
	return 0;
}

static int test_full_disk(void)
{
	int files, why, files2, why2;
	CHECK(mkdir(path_of("full"), 0755) == 0, "mkdir");
	fill(buf2, 77, 0, 5000);
	int fd = open(path_of("keep"), O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0 && write(fd, buf2, 5000) == 5000, "a file made before");
	close(fd);
	long total = fill_disk(&files, &why);
	CHECK(why == ENOSPC, "stopped after %ld bytes with errno %d (%s)", total, why, strerror(why));
	CHECK(total > (16l << 20), "only %ld bytes fit", total);
	CHECK_ERRNO(mkdir(path_of("nodir"), 0755), ENOSPC);
	CHECK(stress_check(path_of("keep"), 77, 0) == 0 && file_size(path_of("keep")) == 5000,
	      "the earlier file changed");
	CHECK(file_size(path_of("full/f0")) == FILL_FILE, "f0 size");
	if (empty_disk(files))
		return -1;
	long total2 = fill_disk(&files2, &why2);
	CHECK(why2 == ENOSPC && total2 >= total, "second fill: %ld bytes (errno %d), first %ld",
	      total2, why2, total);
	if (empty_disk(files2))
		return -1;
	CHECK(rmdir(path_of("full")) == 0, "rmdir: %s", strerror(errno));
	CHECK(mkdir(path_of("after"), 0755) == 0, "mkdir after: %s", strerror(errno));
	return 0;
}

static const struct fs_case {
	const char *name;
	int (*fn)(void);
} cases[] = {
	{"fs_stress_procs", test_stress_procs},
	{"fs_file_64m", test_file_64m},
	{"fs_many_files", test_many_files},
	{"fs_rename_more", test_rename_more},
	{"fs_eloop", test_eloop},
	{"fs_out_of_inodes", test_out_of_inodes},
	{"fs_full_disk", test_full_disk},
};

int main(int argc, char **argv)
{
	snprintf(base, sizeof(base), "/tmp/fss.%d", (int)getpid());
	if (mkdir(base, 0755) < 0) {
		printf("FAIL fs_setup: mkdir %s: %s\n", base, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int wanted = argc == 1;
		for (int a = 1; a < argc; a++)
			wanted |= strcmp(argv[a], cases[i].name) == 0;
		if (wanted)
			check_run(cases[i].name, cases[i].fn);
	}
	return check_summary("fsstress");
}
