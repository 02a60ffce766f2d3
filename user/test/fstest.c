/*
 * fstest - file-system tests: files written and read back (small, past
 * the single-indirect reach, in one 2 MiB write), sparse files, truncate
 * (tails read as zero), O_APPEND from two processes, unlinked-but-open
 * files, directories (mkdir/rmdir, link counts, ENOTEMPTY, 300 entries
 * through getdents), hard and symbolic links (short and long targets,
 * loops), rename (over files, across directories, into itself), getcwd,
 * device nodes, every error the calls promise, concurrent creators and
 * writers (sharing transactions), and renames racing each other.
 * Everything happens under /tmp/fst.PID. One "PASS name" / "FAIL name:
 * reason" line per case.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "ulib.h"

#define BIG_SIZE (6 << 20)      /* past 12 + 1024 blocks (4.05 MiB) */
#define ONE_WRITE (2 << 20)
#define CHUNK 65536
#define SPARSE_OFF (100ll << 20)
#define APPENDS 200
#define RECORD 32
#define DIR_ENTRIES 300
#define CREATORS 4
#define FILES_PER_CREATOR 40

static char base[64];
static char buf[CHUNK];
static char buf2[CHUNK];

static const char *path_of(const char *name)
{
	static char p[2][512];
	static int which;
	which ^= 1;
	snprintf(p[which], sizeof p[which], "%s/%s", base, name);
	return p[which];
}

static unsigned char pattern(uint64_t i)
{
	return (unsigned char)((i * 2654435761u) >> 13);
}

static void fill(char *b, uint64_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (char)pattern(off + i);
}

static int write_file(const char *path, const char *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, data, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) < 0 ? -1 : (long)st.st_size;
}

/* ---- Files ----------------------------------------------------------- */

static int test_small(void)
{
	fill(buf, 0, 10000);
	CHECK(write_file(path_of("small"), buf, 10000) == 0, "write: %s", strerror(errno));
	int fd = open(path_of("small"), O_RDONLY);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	memset(buf2, 0, sizeof buf2);
	CHECK(read(fd, buf2, sizeof buf2) == 10000, "short read");
	CHECK(read(fd, buf2, 1) == 0, "no EOF");
	close(fd);
	CHECK(memcmp(buf, buf2, 10000) == 0, "data differs");
	CHECK(file_size(path_of("small")) == 10000, "size %ld", file_size(path_of("small")));
	return 0;
}

static int check_pattern(int fd, uint64_t size)
{
	for (uint64_t off = 0; off < size;) {
		ssize_t n = read(fd, buf2, CHUNK);
		CHECK(n > 0, "read at %llu: %zd", (unsigned long long)off, n);
		for (ssize_t i = 0; i < n; i++)
			CHECK((unsigned char)buf2[i] == pattern(off + i), "byte %llu differs",
			      (unsigned long long)(off + i));
		off += n;
	}
	return 0;
}

static int test_big(void)
{
	int fd = open(path_of("big"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	for (uint64_t off = 0; off < BIG_SIZE; off += CHUNK) {
		fill(buf, off, CHUNK);
		CHECK(write(fd, buf, CHUNK) == CHUNK, "write at %llu: %s", (unsigned long long)off,
		      strerror(errno));
	}
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek");
	int r = check_pattern(fd, BIG_SIZE);
	struct stat st;
	fstat(fd, &st);
	close(fd);
	if (r)
		return r;
	CHECK(st.st_size == BIG_SIZE, "size %ld", (long)st.st_size);
	/* 1536 data blocks + 1 indirect + 1 double + 1 under it = 1539 */
	CHECK(st.st_blocks == 1539 * 8, "blocks %ld", (long)st.st_blocks);
	CHECK(unlink(path_of("big")) == 0, "unlink: %s", strerror(errno));
	return 0;
}

static int test_one_write(void)
{
	char *big = malloc(ONE_WRITE);
	CHECK(big, "malloc");
	fill(big, 0, ONE_WRITE);
	int fd = open(path_of("onewrite"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	ssize_t w = write(fd, big, ONE_WRITE);
	free(big);
	CHECK(w == ONE_WRITE, "write returned %zd", w);
	lseek(fd, 0, SEEK_SET);
	int r = check_pattern(fd, ONE_WRITE);
	close(fd);
	unlink(path_of("onewrite"));
	return r;
}

static int test_sparse(void)
{
	int fd = open(path_of("sparse"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK(lseek(fd, SPARSE_OFF, SEEK_SET) == SPARSE_OFF, "lseek");
	CHECK(write(fd, "end", 3) == 3, "write");
	CHECK(lseek(fd, SPARSE_OFF / 2, SEEK_SET) == SPARSE_OFF / 2, "lseek 2");
	memset(buf2, 1, 8192);
	CHECK(read(fd, buf2, 8192) == 8192, "read hole");
	for (int i = 0; i < 8192; i++)
		CHECK(buf2[i] == 0, "hole byte %d is %d", i, buf2[i]);
	struct stat st;
	fstat(fd, &st);
	close(fd);
	CHECK(st.st_size == SPARSE_OFF + 3, "size %ld", (long)st.st_size);
	CHECK(st.st_blocks <= 4 * 8, "sparse file holds %ld sectors", (long)st.st_blocks);
	CHECK(unlink(path_of("sparse")) == 0, "unlink");
	return 0;
}

static int test_truncate(void)
{
	fill(buf, 0, 20000);
	CHECK(write_file(path_of("trunc"), buf, 20000) == 0, "write");
	int fd = open(path_of("trunc"), O_RDWR);
	CHECK(fd >= 0, "open");
	CHECK(ftruncate(fd, 5000) == 0, "ftruncate: %s", strerror(errno));
	CHECK(file_size(path_of("trunc")) == 5000, "size after shrink");
	CHECK(ftruncate(fd, 12000) == 0, "grow");
	lseek(fd, 0, SEEK_SET);
	CHECK(read(fd, buf2, 12000) == 12000, "read");
	CHECK(memcmp(buf, buf2, 5000) == 0, "kept bytes differ");
	for (int i = 5000; i < 12000; i++)
		CHECK(buf2[i] == 0, "byte %d past the old end is %d", i, buf2[i]);
	close(fd);
	fd = open(path_of("trunc"), O_WRONLY | O_TRUNC);
	CHECK(fd >= 0, "O_TRUNC open");
	close(fd);
	CHECK(file_size(path_of("trunc")) == 0, "O_TRUNC size");
	fd = open(path_of("trunc"), O_RDONLY);
	CHECK(ftruncate(fd, 0) == -1 && errno == EINVAL, "ftruncate read-only fd");
	close(fd);
	return 0;
}

static int append_child(char c)
{
	int fd = open(path_of("append"), O_WRONLY | O_APPEND);
	if (fd < 0)
		return 1;
	char rec[RECORD];
	memset(rec, c, RECORD);
	for (int i = 0; i < APPENDS; i++)
		if (write(fd, rec, RECORD) != RECORD)
			return 1;
	return 0;
}

static int test_append(void)
{
	CHECK(write_file(path_of("append"), "", 0) == 0, "create");
	pid_t a = check_fork();
	if (a == 0)
		_exit(append_child('a'));
	pid_t b = check_fork();
	if (b == 0)
		_exit(append_child('b'));
	CHECK(check_wait(a) == 0 && check_wait(b) == 0, "a child failed");
	CHECK(file_size(path_of("append")) == 2 * APPENDS * RECORD, "size %ld",
	      file_size(path_of("append")));
	int fd = open(path_of("append"), O_RDONLY), na = 0, nb = 0;
	char rec[RECORD];
	while (read(fd, rec, RECORD) == RECORD) {
		for (int i = 1; i < RECORD; i++)
			CHECK(rec[i] == rec[0], "records interleaved");
		na += rec[0] == 'a';
		nb += rec[0] == 'b';
	}
	close(fd);
	CHECK(na == APPENDS && nb == APPENDS, "a %d b %d", na, nb);
	return 0;
}

static int test_unlink_open(void)
{
	CHECK(write_file(path_of("doomed"), "still here", 10) == 0, "create");
	int fd = open(path_of("doomed"), O_RDWR);
	CHECK(fd >= 0, "open");
	CHECK(unlink(path_of("doomed")) == 0, "unlink");
	CHECK(open(path_of("doomed"), O_RDONLY) == -1 && errno == ENOENT, "name still there");
	char b[16] = {0};
	CHECK(read(fd, b, sizeof b) == 10 && memcmp(b, "still here", 10) == 0, "contents gone");
	CHECK(write(fd, "more", 4) == 4, "write to unlinked");
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0, "nlink %d", (int)st.st_nlink);
	close(fd);
	return 0;
}

/* ---- Directories ----------------------------------------------------- */

static int test_dirs(void)
{
	struct stat st, st2;
	CHECK(stat(base, &st) == 0, "stat base");
	nlink_t base_links = st.st_nlink;
	CHECK(mkdir(path_of("d"), 0755) == 0, "mkdir: %s", strerror(errno));
	CHECK(stat(base, &st2) == 0 && st2.st_nlink == st.st_nlink + 1, "parent nlink %d -> %d",
	      (int)st.st_nlink, (int)st2.st_nlink);
	CHECK(stat(path_of("d"), &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 2,
	      "new dir nlink %d", (int)st.st_nlink);
	CHECK(write_file(path_of("d/f"), "x", 1) == 0, "file in dir");
	CHECK_ERRNO(rmdir(path_of("d")), ENOTEMPTY);
	CHECK_ERRNO(unlink(path_of("d")), EISDIR);
	CHECK_ERRNO(rmdir(path_of("d/f")), ENOTDIR);
	CHECK(unlink(path_of("d/f")) == 0, "unlink f");
	CHECK_ERRNO(rmdir(path_of("d/.")), EINVAL);
	CHECK(rmdir(path_of("d")) == 0, "rmdir: %s", strerror(errno));
	CHECK(stat(base, &st2) == 0 && st2.st_nlink == base_links, "parent nlink %d after rmdir",
	      (int)st2.st_nlink);
	CHECK_ERRNO(stat(path_of("d"), &st), ENOENT);
	return 0;
}

static int count_entries(const char *dir, int *dots)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	*dots = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			(*dots)++;
		else
			n++;
	}
	closedir(d);
	return n;
}

static int test_getdents(void)
{
	char name[64];
	CHECK(mkdir(path_of("many"), 0755) == 0, "mkdir");
	for (int i = 0; i < DIR_ENTRIES; i++) {
		snprintf(name, sizeof name, "many/entry-with-a-longish-name-%04d", i);
		CHECK(write_file(path_of(name), "", 0) == 0, "create %d: %s", i, strerror(errno));
	}
	int dots, n = count_entries(path_of("many"), &dots);
	CHECK(n == DIR_ENTRIES && dots == 2, "listed %d entries, %d dots", n, dots);
	for (int i = 0; i < DIR_ENTRIES; i += 2) {
		snprintf(name, sizeof name, "many/entry-with-a-longish-name-%04d", i);
		CHECK(unlink(path_of(name)) == 0, "unlink %d", i);
	}
	n = count_entries(path_of("many"), &dots);
	CHECK(n == DIR_ENTRIES / 2, "listed %d after removing half", n);
	int fd = open(path_of("many"), O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "open dir: %s", strerror(errno));
	CHECK_ERRNO(read(fd, buf, 10), EISDIR);
	CHECK_ERRNO(getdents(fd, buf, 8), EINVAL);
	close(fd);
	fd = open(path_of("many/entry-with-a-longish-name-0001"), O_RDONLY);
	CHECK_ERRNO(getdents(fd, buf, sizeof buf), ENOTDIR);
	close(fd);
	return 0;
}

static int test_long_names(void)
{
	char name[300];
	memset(name, 'n', 255);
	name[255] = '\0';
	CHECK(write_file(path_of(name), "", 0) == 0, "255-byte name: %s", strerror(errno));
	CHECK(unlink(path_of(name)) == 0, "unlink 255");
	memset(name, 'n', 256);
	name[256] = '\0';
	CHECK_ERRNO(open(path_of(name), O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	CHECK_ERRNO(stat(path_of(name), NULL), ENAMETOOLONG);
	return 0;
}

static int test_errors(void)
{
	struct stat st;
	CHECK_ERRNO(open(path_of("nope"), O_RDONLY), ENOENT);
	CHECK_ERRNO(open(path_of("small/x"), O_RDONLY), ENOTDIR);
	CHECK_ERRNO(open(path_of("small"), O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	CHECK_ERRNO(open(path_of("small"), O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERRNO(open(base, O_WRONLY), EISDIR);
	CHECK_ERRNO(mkdir(path_of("small"), 0755), EEXIST);
	CHECK_ERRNO(mkdir(base, 0755), EEXIST);
	CHECK_ERRNO(open((const char *)1, O_RDONLY), EFAULT);
	CHECK_ERRNO(mkdir((const char *)0x3fffffff000, 0755), EFAULT);
	CHECK_ERRNO(open("", O_RDONLY), ENOENT);
	CHECK_ERRNO(stat(path_of("small/"), &st), ENOTDIR);
	CHECK_ERRNO(unlink(path_of("nope")), ENOENT);
	CHECK_ERRNO(chdir(path_of("small")), ENOTDIR);
	return 0;
}

/* ---- Links ------------------------------------------------------------ */

static int test_hardlink(void)
{
	struct stat st;
	CHECK(write_file(path_of("h1"), "shared", 6) == 0, "create");
	CHECK(link(path_of("h1"), path_of("h2")) == 0, "link: %s", strerror(errno));
	CHECK(stat(path_of("h1"), &st) == 0 && st.st_nlink == 2, "nlink %d", (int)st.st_nlink);
	CHECK(unlink(path_of("h1")) == 0, "unlink h1");
	CHECK(stat(path_of("h2"), &st) == 0 && st.st_nlink == 1 && st.st_size == 6, "h2 after");
	CHECK_ERRNO(link(base, path_of("dirlink")), EPERM);
	CHECK_ERRNO(link(path_of("h2"), path_of("small")), EEXIST);
	return 0;
}

static int test_symlinks(void)
{
	char target[128], got[256];
	struct stat st;
	CHECK(symlink("small", path_of("s1")) == 0, "symlink: %s", strerror(errno));
	CHECK(stat(path_of("s1"), &st) == 0 && st.st_size == 10000, "stat through link");
	CHECK(lstat(path_of("s1"), &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 5, "lstat");
	CHECK(readlink(path_of("s1"), got, sizeof got) == 5 && !memcmp(got, "small", 5), "readlink");
	/* A target longer than the inode holds (56 bytes): stored in a block. */
	snprintf(target, sizeof target, "%s/%s", base, "././././././././././././././././././small");
	CHECK(symlink(target, path_of("s2")) == 0, "long symlink");
	CHECK(readlink(path_of("s2"), got, sizeof got) == (ssize_t)strlen(target), "readlink long");
	CHECK(file_size(path_of("s2")) == 10000, "through long link");
	CHECK(symlink("loop2", path_of("loop1")) == 0 && symlink("loop1", path_of("loop2")) == 0,
	      "loop links");
	CHECK_ERRNO(open(path_of("loop1"), O_RDONLY), ELOOP);
	CHECK_ERRNO(open(path_of("s1"), O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK(symlink("nowhere", path_of("dangling")) == 0, "dangling");
	CHECK_ERRNO(stat(path_of("dangling"), &st), ENOENT);
	CHECK_ERRNO(readlink(path_of("small"), got, sizeof got), EINVAL);
	CHECK(unlink(path_of("s2")) == 0 && unlink(path_of("loop1")) == 0, "unlink links");
	return 0;
}

/* ---- Rename ----------------------------------------------------------- */

static int test_rename(void)
{
	struct stat st;
	char b[8] = {0};
	CHECK(write_file(path_of("r1"), "one", 3) == 0 && write_file(path_of("r2"), "two", 3) == 0,
	      "create");
	CHECK(rename(path_of("r1"), path_of("r2")) == 0, "rename over: %s", strerror(errno));
	CHECK_ERRNO(stat(path_of("r1"), &st), ENOENT);
	int fd = open(path_of("r2"), O_RDONLY);
	CHECK(read(fd, b, 3) == 3 && !memcmp(b, "one", 3), "r2 holds %s", b);
	close(fd);
	CHECK(rename(path_of("r2"), path_of("r2")) == 0, "rename onto itself");
	CHECK(mkdir(path_of("ra"), 0755) == 0 && mkdir(path_of("ra/sub"), 0755) == 0 &&
	          mkdir(path_of("rb"), 0755) == 0, "mkdirs");
	CHECK(rename(path_of("ra/sub"), path_of("rb/sub")) == 0, "move dir: %s", strerror(errno));
	CHECK(stat(path_of("rb/sub/.."), &st) == 0, "stat ..");
	struct stat rb;
	CHECK(stat(path_of("rb"), &rb) == 0 && rb.st_ino == st.st_ino, "moved dir's .. is wrong");
	CHECK(rb.st_nlink == 3, "rb nlink %d", (int)rb.st_nlink);
	CHECK(stat(path_of("ra"), &st) == 0 && st.st_nlink == 2, "ra nlink %d", (int)st.st_nlink);
	CHECK_ERRNO(rename(path_of("rb"), path_of("rb/sub/x")), EINVAL);
	CHECK(write_file(path_of("rb/sub/f"), "", 0) == 0, "file in sub");
	CHECK_ERRNO(rename(path_of("ra"), path_of("rb/sub")), ENOTEMPTY);
	CHECK_ERRNO(rename(path_of("r2"), path_of("ra")), EISDIR);
	CHECK_ERRNO(rename(path_of("ra"), path_of("r2")), ENOTDIR);
	CHECK(rename(path_of("ra"), path_of("rb/sub/f/..")) == -1, "into a file's ..");
	CHECK(unlink(path_of("rb/sub/f")) == 0, "unlink f");
	CHECK(rename(path_of("ra"), path_of("rb/sub")) == 0, "over empty dir: %s", strerror(errno));
	CHECK(stat(path_of("rb"), &st) == 0 && st.st_nlink == 3, "rb nlink %d", (int)st.st_nlink);
	CHECK_ERRNO(rename(path_of("nope"), path_of("x")), ENOENT);
	return 0;
}

/* ---- Working directory, devices, fsync --------------------------------- */

static int test_cwd(void)
{
	char want[256], got[256];
	CHECK(mkdir(path_of("c1"), 0755) == 0 && mkdir(path_of("c1/c2"), 0755) == 0, "mkdirs");
	CHECK(chdir(path_of("c1/c2")) == 0, "chdir: %s", strerror(errno));
	snprintf(want, sizeof want, "%s/c1/c2", base);
	CHECK(getcwd(got, sizeof got) && !strcmp(got, want), "getcwd %s, want %s", got, want);
	CHECK(chdir("..") == 0 && getcwd(got, sizeof got), "chdir ..");
	snprintf(want, sizeof want, "%s/c1", base);
	CHECK(!strcmp(got, want), "getcwd %s, want %s", got, want);
	CHECK(write_file("rel", "r", 1) == 0 && file_size(path_of("c1/rel")) == 1, "relative");
	CHECK(getcwd(got, 3) == NULL && errno == ERANGE, "small buffer");
	CHECK(chdir("/") == 0 && getcwd(got, sizeof got) && !strcmp(got, "/"), "root: %s", got);
	return 0;
}

static int test_mknod_fsync(void)
{
	struct stat st;
	CHECK(mknod_device(path_of("cons"), 1, 0) == 0, "mknod: %s", strerror(errno));
	CHECK(stat(path_of("cons"), &st) == 0 && S_ISCHR(st.st_mode) && st.st_size == 0,
	      "device stat: mode %o", (unsigned)st.st_mode);
	int fd = open(path_of("small"), O_RDWR);
	CHECK(fd >= 0 && fsync(fd) == 0, "fsync: %s", strerror(errno));
	close(fd);
	return 0;
}

/* ---- Several processes at once ------------------------------------------ */

static int creator(int id)
{
	char name[64];
	snprintf(name, sizeof name, "cc%d", id);
	if (mkdir(path_of(name), 0755) < 0)
		return 1;
	for (int i = 0; i < FILES_PER_CREATOR; i++) {
		snprintf(name, sizeof name, "cc%d/f%d", id, i);
		fill(buf, i, 5000);
		if (write_file(path_of(name), buf, 5000) < 0 || file_size(path_of(name)) != 5000)
			return 2;
	}
	for (int i = 0; i < FILES_PER_CREATOR; i += 2) {
		snprintf(name, sizeof name, "cc%d/f%d", id, i);
		if (unlink(path_of(name)) < 0)
			return 3;
	}
	return 0;
}

static int test_concurrent(void)
{
	pid_t pids[CREATORS];
	for (int i = 0; i < CREATORS; i++) {
		pids[i] = check_fork();
		if (pids[i] == 0)
			_exit(creator(i));
	}
	for (int i = 0; i < CREATORS; i++) {
		int st = check_wait(pids[i]);
		CHECK(st == 0, "creator %d status %d", i, st);
	}
	for (int i = 0; i < CREATORS; i++) {
		char name[32];
		int dots;
		snprintf(name, sizeof name, "cc%d", i);
		CHECK(count_entries(path_of(name), &dots) == FILES_PER_CREATOR / 2, "dir %d", i);
	}
	return 0;
}

#define WRITERS 6
#define WRITER_BYTES (1 << 20)
#define RENAME_ROUNDS 200

static int writer(int id)
{
	char name[32];
	snprintf(name, sizeof name, "w%d", id);
	int fd = open(path_of(name), O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	for (uint64_t off = 0; off < WRITER_BYTES; off += CHUNK) {
		fill(buf, off + (uint64_t)id, CHUNK);
		if (write(fd, buf, CHUNK) != CHUNK)
			return 2;
	}
	lseek(fd, 0, SEEK_SET);
	for (uint64_t off = 0; off < WRITER_BYTES; off += CHUNK) {
		if (read(fd, buf2, CHUNK) != CHUNK)
			return 3;
		for (int i = 0; i < CHUNK; i++)
			if ((unsigned char)buf2[i] != pattern(off + (uint64_t)id + i))
				return 4;
	}
	close(fd);
	return unlink(path_of(name)) < 0 ? 5 : 0;
}

/* Several big writers at once: their transactions share the log. */
static int test_parallel_writers(void)
{
	pid_t pids[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		pids[i] = check_fork();
		if (pids[i] == 0)
			_exit(writer(i));
	}
	for (int i = 0; i < WRITERS; i++) {
		int st = check_wait(pids[i]);
		CHECK(st == 0, "writer %d status %#x", i, st);
	}
	return 0;
}

/* Move a directory back and forth between two parents while another
 * process moves a second one the other way and a third creates and
 * removes files in both: no deadlock, nothing lost. */
static int renamer(const char *from, const char *to)
{
	char a[128], b[128];
	snprintf(a, sizeof a, "%s", path_of(from));
	snprintf(b, sizeof b, "%s", path_of(to));
	for (int i = 0; i < RENAME_ROUNDS; i++)
		if (rename(a, b) < 0 || rename(b, a) < 0)
			return 1;
	return 0;
}

static int churner(void)
{
	char a[128], b[128];
	snprintf(a, sizeof a, "%s", path_of("pa/tmpfile"));
	snprintf(b, sizeof b, "%s", path_of("pb/tmpfile"));
	for (int i = 0; i < RENAME_ROUNDS; i++)
		if (write_file(a, "x", 1) < 0 || write_file(b, "y", 1) < 0 || unlink(a) < 0 ||
		    unlink(b) < 0)
			return 1;
	return 0;
}

static int test_rename_race(void)
{
	CHECK(mkdir(path_of("pa"), 0755) == 0 && mkdir(path_of("pb"), 0755) == 0, "mkdirs");
	CHECK(mkdir(path_of("pa/one"), 0755) == 0 && mkdir(path_of("pb/two"), 0755) == 0,
	      "subdirs");
	pid_t p1 = check_fork();
	if (p1 == 0)
		_exit(renamer("pa/one", "pb/one"));
	pid_t p2 = check_fork();
	if (p2 == 0)
		_exit(renamer("pb/two", "pa/two"));
	pid_t p3 = check_fork();
	if (p3 == 0)
		_exit(churner());
	CHECK(check_wait(p1) == 0 && check_wait(p2) == 0 && check_wait(p3) == 0, "a child failed");
	struct stat st;
	CHECK(stat(path_of("pa/one/.."), &st) == 0, "pa/one");
	CHECK(stat(path_of("pb/two/.."), &st) == 0, "pb/two");
	CHECK(stat(path_of("pa"), &st) == 0 && st.st_nlink == 3, "pa nlink %d", (int)st.st_nlink);
	return 0;
}

#define PAGE 4096

/* A shared writable mapping over a hole: the write reaches the file
 * (msync), the untouched pages stay holes that read as zero. */
static int test_mmap_hole(void)
{
	int fd = open(path_of("mhole"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "open");
	CHECK(ftruncate(fd, 4 * PAGE) == 0, "ftruncate");
	char *p = mmap(0, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(p[PAGE + 5] == 0, "hole reads %d", p[PAGE + 5]);
	memcpy(p + 2 * PAGE + 100, "mapped", 6);
	CHECK(msync(p, 4 * PAGE, MS_SYNC) == 0, "msync: %s", strerror(errno));
	char b[8] = {0};
	CHECK(pread(fd, b, 6, 2 * PAGE + 100) == 6 && !memcmp(b, "mapped", 6), "pread got %s", b);
	munmap(p, 4 * PAGE);
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && st.st_size == 4 * PAGE, "size %ld", (long)st.st_size);
	CHECK(st.st_blocks == 8, "blocks %ld: only the written page is allocated", (long)st.st_blocks);
	close(fd);
	return 0;
}

/* Truncate under a shared mapping, then reuse the freed block for a
 * directory: writes through the old mapping must not reach it. */
static int test_mmap_truncate(void)
{
	fill(buf, 0, 2 * PAGE);
	CHECK(write_file(path_of("mtrunc"), buf, 2 * PAGE) == 0, "write");
	int fd = open(path_of("mtrunc"), O_RDWR);
	char *p = mmap(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	p[PAGE] = 1; /* map and dirty the second page */
	CHECK(ftruncate(fd, PAGE) == 0, "ftruncate");
	CHECK(mkdir(path_of("mtrunc-dir"), 0755) == 0, "mkdir");
	memset(p + PAGE, 0xff, PAGE); /* the old page, no longer the file's */
	munmap(p, 2 * PAGE);
	close(fd);
	CHECK(write_file(path_of("mtrunc-dir/f"), "ok", 2) == 0, "use the new directory");
	int dots;
	CHECK(count_entries(path_of("mtrunc-dir"), &dots) == 1 && dots == 2, "directory damaged");
	CHECK(file_size(path_of("mtrunc")) == PAGE, "size");
	return 0;
}

/* Fill the disk: a short write, then ENOSPC; everything works again
 * once the file is gone. */
static int test_enospc(void)
{
	int fd = open(path_of("filler"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "open");
	memset(buf, 'f', CHUNK);
	long total = 0;
	ssize_t w;
	while ((w = write(fd, buf, CHUNK)) == CHUNK)
		total += w;
	int e = errno;
	if (w > 0) {
		total += w;
		w = write(fd, buf, CHUNK);
		e = errno;
	}
	close(fd);
	CHECK(w == -1 && e == ENOSPC, "write gave %zd errno %d after %ld bytes", w, e, total);
	CHECK(total > (8 << 20), "only %ld bytes fit", total);
	CHECK(file_size(path_of("filler")) == total, "size %ld, wrote %ld",
	      file_size(path_of("filler")), total);
	CHECK(unlink(path_of("filler")) == 0, "unlink");
	CHECK(write_file(path_of("after-full"), buf, 10000) == 0, "write after: %s", strerror(errno));
	return 0;
}

static const struct fs_case {
	const char *name;
	int (*fn)(void);
} cases[] = {
	{"fs_small_file", test_small},
	{"fs_big_file", test_big},
	{"fs_one_big_write", test_one_write},
	{"fs_sparse", test_sparse},
	{"fs_truncate", test_truncate},
	{"fs_append", test_append},
	{"fs_unlink_open", test_unlink_open},
	{"fs_dirs", test_dirs},
	{"fs_getdents", test_getdents},
	{"fs_long_names", test_long_names},
	{"fs_errors", test_errors},
	{"fs_hardlink", test_hardlink},
	{"fs_symlinks", test_symlinks},
	{"fs_rename", test_rename},
	{"fs_cwd", test_cwd},
	{"fs_mknod_fsync", test_mknod_fsync},
	{"fs_concurrent", test_concurrent},
	{"fs_parallel_writers", test_parallel_writers},
	{"fs_rename_race", test_rename_race},
	{"fs_mmap_hole", test_mmap_hole},
	{"fs_mmap_truncate", test_mmap_truncate},
	{"fs_enospc", test_enospc},
};

/* fstest [case...]: run the named cases, or all of them. */
int main(int argc, char **argv)
{
	snprintf(base, sizeof base, "/tmp/fst.%d", (int)getpid());
	if (mkdir(base, 0755) < 0) {
		printf("FAIL fs_setup: mkdir %s: %s\n", base, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int wanted = argc == 1;
		for (int a = 1; a < argc; a++)
			wanted |= strcmp(argv[a], cases[i].name) == 0;
		if (wanted)
			check_run(cases[i].name, cases[i].fn);
	}
	return check_summary("fstest");
}
