/*
 * sys_time.c - sleeping and clocks.
 *
 * The kernel counts milliseconds (msleep, uptime_ms). The `time` CSR,
 * readable from user mode (the kernel sets scounteren.TM), gives
 * finer-grained timestamps for benchmarks; its frequency (the timebase
 * from the device tree: 10 MHz on QEMU virt, 1 MHz on sifive_u) comes
 * from the timebase_hz call, asked once.
 */
#include <sys/time.h>
#include <unistd.h>

#include "sysret.h"
#include "ulib.h"

int msleep(uint64_t milliseconds)
{
	return sysret(__sys_msleep(milliseconds));
}

uint64_t uptime_ms(void)
{
	return (uint64_t)__sys_uptime_ms();
}

unsigned sleep(unsigned seconds)
{
	if (msleep((uint64_t)seconds * 1000) < 0)
		return seconds;
	return 0;
}

int usleep(useconds_t microseconds)
{
	return msleep((microseconds + 999) / 1000);
}

/* No wall clock yet: the time of day counts from boot. */
int gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ms = uptime_ms();

	(void)tz;
	if (tv) {
		tv->tv_sec = ms / 1000;
		tv->tv_usec = (ms % 1000) * 1000;
	}
	return 0;
}

uint64_t time_ticks(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

#define TIME_FALLBACK_HZ 10000000ull /* QEMU virt, if the call fails */

uint64_t time_hz(void)
{
	static uint64_t hz;

	if (hz == 0) {
		long r = __sys_timebase_hz();
		hz = r > 0 ? (uint64_t)r : TIME_FALLBACK_HZ;
	}
	return hz;
}

uint64_t time_ns(void)
{
	uint64_t t = time_ticks();
	uint64_t hz = time_hz();

	return (t / hz) * 1000000000ull + (t % hz) * 1000000000ull / hz;
}
