/*
 * sys_path.c - POSIX calls that name files by path, over the raw stubs.
 * Errors become errno + -1 (sysret.h).
 */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysret.h"
#include "ulib.h"

int link(const char *oldpath, const char *newpath)
{
	return sysret(__sys_link(oldpath, newpath));
}

int symlink(const char *target, const char *path)
{
	return sysret(__sys_symlink(target, path));
}

ssize_t readlink(const char *path, char *buf, size_t size)
{
	return sysret(__sys_readlink(path, buf, size));
}

int unlink(const char *path)
{
	return sysret(__sys_unlink(path));
}

int rename(const char *oldpath, const char *newpath)
{
	return sysret(__sys_rename(oldpath, newpath));
}

int mkdir(const char *path, mode_t mode)
{
	return sysret(__sys_mkdir(path, mode));
}

int rmdir(const char *path)
{
	return sysret(__sys_rmdir(path));
}

int remove(const char *path)
{
	if (unlink(path) == 0)
		return 0;
	if (errno == EISDIR || errno == EPERM)
		return rmdir(path);
	return -1;
}

int mknod_device(const char *path, int major, int minor)
{
	return sysret(__sys_mknod(path, major, minor));
}

int chdir(const char *path)
{
	return sysret(__sys_chdir(path));
}

/* The kernel fills buf with the NUL-terminated path. */
char *getcwd(char *buf, size_t size)
{
	if (sysret(__sys_getcwd(buf, size)) < 0)
		return NULL;
	return buf;
}
