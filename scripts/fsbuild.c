/*
 * scripts/fsbuild.c - populate an image from the host for mkfs and the
 * tests (interface: scripts/fsbuild.h).
 *
 * Everything is deterministic: host timestamps, owners and modes are
 * ignored (every inode gets img->mtime), and host directories are copied
 * in strcmp order of their names, so the same inputs give the same image
 * byte for byte. Image paths are absolute; missing parent directories
 * are created.
 */
#include "scripts/fsbuild.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char readme_text[] =
	"This is the root file system of the teaching kernel.\n"
	"\n"
	"  /bin          programs; the shell finds commands here\n"
	"  /init         the first program the kernel runs\n"
	"  /dev/console  the console (character device 1, 0)\n"
	"  /tmp          scratch space\n"
	"  /proc         where the kernel mounts procfs\n"
	"\n"
	"Made by scripts/mkfs; check it with scripts/fsck. The format is\n"
	"described in fs/fs_format.h and docs/filesystem.md.\n";

/* /bin, /dev with the console node, /tmp, /proc and /README. */
int fsbuild_standard(struct fsimage *img)
{
	static const char *const dirs[] = { "bin", "dev", "tmp", "proc" };
	uint32_t dev = 0, inum;
	int64_t n;
	int err = 0;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && !err; i++)
		err = fsimage_mkdir(img, FS_ROOT_INUM, dirs[i], &inum);
	if (!err)
		err = fsimage_path_lookup(img, "/dev", &dev);
	if (!err)
		err = fsimage_mknod(img, dev, "console", FS_DEV_CONSOLE_MAJOR,
				    FS_DEV_CONSOLE_MINOR, &inum);
	if (!err)
		err = fsimage_create(img, FS_ROOT_INUM, "README", &inum);
	if (err)
		return err;
	n = fsimage_file_write(img, inum, 0, readme_text, sizeof(readme_text) - 1);
	return n < 0 ? (int)n : 0;
}

/* Look up or create each directory along an absolute path (mkdir -p). */
int fsbuild_mkdirs(struct fsimage *img, const char *path, uint32_t *inum)
{
	char name[FS_NAME_MAX + 1];
	uint32_t cur = FS_ROOT_INUM;

	if (path[0] != '/')
		return -EINVAL;
	for (;;) {
		size_t len;
		int err;

		path += strspn(path, "/");
		len = strcspn(path, "/");
		if (len == 0)
			break;
		if (len > FS_NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(name, path, len);
		name[len] = '\0';
		err = fsimage_dir_lookup(img, cur, name, &cur);
		if (err == -ENOENT)
			err = fsimage_mkdir(img, cur, name, &cur);
		if (err)
			return err;
		path += len;
	}
	*inum = cur;
	return fsimage_dir_lookup(img, cur, ".", &cur); /* -ENOTDIR if not a dir */
}

/* Split an absolute path into its (created) parent directory and last name. */
static int path_parent(struct fsimage *img, const char *path, uint32_t *dir,
		       const char **name)
{
	char parent[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t len;

	if (path[0] != '/' || slash[1] == '\0')
		return -EINVAL;
	len = (size_t)(slash - path);
	if (len >= sizeof(parent))
		return -ENAMETOOLONG;
	memcpy(parent, path, len);
	parent[len] = '\0';
	*name = slash + 1;
	return fsbuild_mkdirs(img, len ? parent : "/", dir);
}

/* Copy the bytes of host fd into image file inum. */
static int copy_data(struct fsimage *img, int fd, uint32_t inum)
{
	static uint8_t buf[64 * 1024];
	uint64_t off = 0;

	for (;;) {
		ssize_t got = read(fd, buf, sizeof(buf));
		int64_t put;

		if (got < 0)
			return -errno;
		if (got == 0)
			return 0;
		put = fsimage_file_write(img, inum, off, buf, (size_t)got);
		if (put < 0)
			return (int)put;
		off += (uint64_t)got;
	}
}

/* Copy host regular file src to image path dest (which must not exist). */
int fsbuild_copy_file(struct fsimage *img, const char *src, const char *dest)
{
	const char *name;
	struct stat st;
	uint32_t dir, inum;
	int fd, err;

	fd = open(src, O_RDONLY);
	if (fd < 0)
		return -errno;
	err = fstat(fd, &st) < 0 ? -errno : 0;
	if (!err && !S_ISREG(st.st_mode))
		err = -EINVAL;
	if (!err)
		err = path_parent(img, dest, &dir, &name);
	if (!err)
		err = fsimage_create(img, dir, name, &inum);
	if (!err)
		err = copy_data(img, fd, inum);
	close(fd);
	return err;
}

/*
 * One mkfs file argument: "SRC=DEST" copies host SRC to image path DEST
 * (split at the last "=/"); a plain "PATH" copies to /bin/basename.
 */
int fsbuild_place(struct fsimage *img, const char *spec)
{
	char src[PATH_MAX], dest[PATH_MAX];
	const char *eq = NULL, *base;

	for (const char *p = strstr(spec, "=/"); p; p = strstr(p + 1, "=/"))
		eq = p;
	if (eq) {
		if ((size_t)(eq - spec) >= sizeof(src) || eq == spec)
			return -EINVAL;
		memcpy(src, spec, (size_t)(eq - spec));
		src[eq - spec] = '\0';
		return fsbuild_copy_file(img, src, eq + 1);
	}
	base = strrchr(spec, '/');
	base = base ? base + 1 : spec;
	if (snprintf(dest, sizeof(dest), "/bin/%s", base) >= (int)sizeof(dest))
		return -ENAMETOOLONG;
	return fsbuild_copy_file(img, spec, dest);
}

static int name_compare(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_dots(const struct dirent *d)
{
	return strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
}

/* Copy one host directory entry (file, directory or symlink). */
static int copy_entry(struct fsimage *img, const char *src, const char *dest,
		      char *failed, size_t failed_size)
{
	char target[FS_SYMLINK_MAX + 1];
	const char *name;
	struct stat st;
	uint32_t dir, inum;
	ssize_t len;
	int err;

	if (lstat(src, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return fsbuild_copy_tree(img, src, dest, failed, failed_size);
	if (S_ISREG(st.st_mode))
		return fsbuild_copy_file(img, src, dest);
	if (!S_ISLNK(st.st_mode))
		return -EINVAL;
	len = readlink(src, target, sizeof(target));
	if (len < 0)
		return -errno;
	if ((size_t)len >= sizeof(target))
		return -ENAMETOOLONG;
	target[len] = '\0';
	err = path_parent(img, dest, &dir, &name);
	return err ? err : fsimage_symlink(img, dir, name, target, &inum);
}

/*
 * Copy the host directory tree src into image directory dest (created if
 * missing, merged if present). On failure the host path that failed is
 * left in failed.
 */
int fsbuild_copy_tree(struct fsimage *img, const char *src, const char *dest,
		      char *failed, size_t failed_size)
{
	char from[PATH_MAX], to[PATH_MAX];
	struct dirent **list;
	uint32_t inum;
	int n, err = fsbuild_mkdirs(img, dest, &inum);

	snprintf(failed, failed_size, "%s", src);
	if (err)
		return err;
	n = scandir(src, &list, skip_dots, name_compare);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		const char *sep = dest[strlen(dest) - 1] == '/' ? "" : "/";
		if (!err && (snprintf(from, sizeof(from), "%s/%s", src, list[i]->d_name) >=
				     (int)sizeof(from) ||
			     snprintf(to, sizeof(to), "%s%s%s", dest, sep, list[i]->d_name) >=
				     (int)sizeof(to)))
			err = -ENAMETOOLONG;
		if (!err) {
			snprintf(failed, failed_size, "%s", from);
			err = copy_entry(img, from, to, failed, failed_size);
		}
		free(list[i]);
	}
	free(list);
	return err;
}
