/*
 * memtime.c (libxv6) - xv6's sbrk family and its tick-based time calls.
 *
 *   sbrk(n)        allocate n bytes at once (KSBRK_EAGER); SBRK_ERROR
 *                  when memory is short, as xv6 does;
 *   sbrklazy(n)    only reserve: pages come on first touch;
 *   sys_sbrk(n, m) xv6's underlying call: m == XV6_SBRK_LAZY (2)
 *                  reserves, any other mode allocates at once.
 *   pause(t), sleep(t)  sleep t xv6 ticks; uptime() counts them.
 * One xv6 tick is 100 ms (xv6's timer interrupt period on QEMU).
 */
#include "kernel/types.h"
#include "user/user.h"

#include "uapi/misc.h"
#include "usys.h"
#include "xv6_time.h"

#define XV6_SBRK_EAGER 1
#define XV6_SBRK_LAZY 2

char *sys_sbrk(int n, int mode)
{
	int flags = mode == XV6_SBRK_LAZY ? 0 : KSBRK_EAGER;
	long r = __sys_sbrk(n, flags);

	return usys_failed(r) ? SBRK_ERROR : (char *)r;
}

char *sbrk(int n)
{
	return sys_sbrk(n, XV6_SBRK_EAGER);
}

char *sbrklazy(int n)
{
	return sys_sbrk(n, XV6_SBRK_LAZY);
}

int pause(int ticks)
{
	if (ticks < 0)
		ticks = 0;
	return usys_failed(__sys_msleep((uint64_t)ticks * XV6_TICK_MS)) ? -1 : 0;
}

int sleep(int ticks)
{
	return pause(ticks);
}

int uptime(void)
{
	return (int)((uint64_t)__sys_uptime_ms() / XV6_TICK_MS);
}
