// compattest: usertests-style checks of the xv6 compat layer, written
// against xv6's API only (kernel/types.h, kernel/stat.h, kernel/fcntl.h,
// user/user.h). Each case runs in its own child; prints
// "PASS name" or "FAIL name: reason" per case.

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define FAIL(...) do { printf("FAIL %s: ", curname); printf(__VA_ARGS__); printf("\n"); exit(1); } while(0)

static char *curname;
static int passed, failed;

static void
run(char *name, void (*fn)(void))
{
  int pid, st;

  curname = name;
  pid = fork();
  if(pid < 0){
    printf("FAIL %s: fork failed\n", name);
    failed++;
    return;
  }
  if(pid == 0){
    fn();
    exit(0);
  }
  if(wait(&st) != pid){
    printf("FAIL %s: wait failed\n", name);
    failed++;
  } else if(st == 0){
    printf("PASS %s\n", name);
    passed++;
  } else {
    if(st != 1)
      printf("FAIL %s: child exited with %d\n", name, st);
    failed++;
  }
}

static void
exitwait(void)
{
  int i, pid, st;

  for(i = 0; i < 20; i++){
    pid = fork();
    if(pid < 0)
      FAIL("fork");
    if(pid == 0)
      exit(i);
    if(wait(&st) != pid || st != i)
      FAIL("child %d: wait gave status %d", i, st);
  }
  pid = fork();
  if(pid == 0)
    exit(-1);
  if(wait(&st) != pid || st != -1)
    FAIL("exit(-1) reaped as %d", st);
  if(wait(0) != -1)
    FAIL("wait with no children did not fail");
}

static void
killstatus(void)
{
  int pid, st;

  pid = fork();
  if(pid == 0)
    for(;;)
      ;
  pause(1);
  if(kill(pid) != 0)
    FAIL("kill failed");
  if(wait(&st) != pid || st != -1)
    FAIL("killed child reaped as %d, want -1", st);
  if(kill(0x7ffff000) != -1)
    FAIL("kill of a missing pid succeeded");
}

static void
openflags(void)
{
  char buf[16];
  struct stat st;
  int fd;

  unlink("/tmp/ct_open");
  if(open("/tmp/ct_open", O_RDONLY) >= 0)
    FAIL("opened a missing file without O_CREATE");
  fd = open("/tmp/ct_open", O_CREATE | O_RDWR);
  if(fd < 0)
    FAIL("O_CREATE|O_RDWR failed");
  if(write(fd, "hello", 5) != 5)
    FAIL("write failed");
  close(fd);
  fd = open("/tmp/ct_open", O_RDONLY);
  if(fd < 0 || read(fd, buf, sizeof(buf)) != 5 || memcmp(buf, "hello", 5) != 0)
    FAIL("read back failed");
  if(write(fd, "x", 1) != -1)
    FAIL("write to an O_RDONLY fd succeeded");
  close(fd);
  fd = open("/tmp/ct_open", O_WRONLY | O_TRUNC);
  if(fd < 0 || fstat(fd, &st) < 0 || st.size != 0)
    FAIL("O_TRUNC did not truncate");
  if(read(fd, buf, 1) != -1)
    FAIL("read from an O_WRONLY fd succeeded");
  close(fd);
  unlink("/tmp/ct_open");
}

static void
stattypes(void)
{
  struct stat st;
  int fd;

  if(stat("/", &st) < 0 || st.type != T_DIR)
    FAIL("/ is not T_DIR");
  fd = open("/tmp/ct_stat", O_CREATE | O_WRONLY);
  write(fd, "abc", 3);
  if(fstat(fd, &st) < 0 || st.type != T_FILE || st.size != 3 || st.nlink != 1)
    FAIL("file: type %d size %d nlink %d", st.type, (int)st.size, st.nlink);
  close(fd);
  if(stat("/dev/console", &st) == 0 && st.type != T_DEVICE)
    FAIL("/dev/console is type %d, not T_DEVICE", st.type);
  unlink("/tmp/ct_stat");
}

static void
linkunlink(void)
{
  struct stat st;
  char buf[8];
  int fd;

  unlink("/tmp/ct_a");
  unlink("/tmp/ct_b");
  fd = open("/tmp/ct_a", O_CREATE | O_WRONLY);
  write(fd, "lnk", 3);
  close(fd);
  if(link("/tmp/ct_a", "/tmp/ct_b") < 0)
    FAIL("link failed");
  if(stat("/tmp/ct_b", &st) < 0 || st.nlink != 2)
    FAIL("nlink %d after link", st.nlink);
  if(link("/tmp/ct_a", "/tmp/ct_b") != -1)
    FAIL("link over an existing name succeeded");
  if(unlink("/tmp/ct_a") < 0)
    FAIL("unlink failed");
  fd = open("/tmp/ct_b", O_RDONLY);
  if(fd < 0 || read(fd, buf, 3) != 3 || memcmp(buf, "lnk", 3) != 0)
    FAIL("data lost through the second link");
  close(fd);
  unlink("/tmp/ct_b");
  if(open("/tmp/ct_b", O_RDONLY) != -1)
    FAIL("file still there after unlink");
}

static void
dirs(void)
{
  int fd;

  mkdir("/tmp/ct_dir");
  if(mkdir("/tmp/ct_dir") != -1)
    FAIL("mkdir of an existing directory succeeded");
  if(chdir("/tmp/ct_dir") < 0)
    FAIL("chdir failed");
  fd = open("file", O_CREATE | O_WRONLY);
  if(fd < 0)
    FAIL("create in the new cwd failed");
  close(fd);
  if(chdir("..") < 0 || open("ct_dir/file", O_RDONLY) < 0)
    FAIL("relative lookup after chdir .. failed");
  if(chdir("/tmp/ct_nodir") != -1)
    FAIL("chdir to a missing directory succeeded");
  unlink("/tmp/ct_dir/file");
  if(unlink("/tmp/ct_dir") < 0 && open("/tmp/ct_dir", O_RDONLY) < 0)
    FAIL("directory vanished oddly");
}

static void
dupshare(void)
{
  char buf[8];
  int fd, fd2;

  fd = open("/tmp/ct_dup", O_CREATE | O_RDWR | O_TRUNC);
  write(fd, "abcdef", 6);
  close(fd);
  fd = open("/tmp/ct_dup", O_RDONLY);
  fd2 = dup(fd);
  if(fd2 < 0 || fd2 == fd)
    FAIL("dup failed");
  read(fd, buf, 3);
  if(read(fd2, buf, 3) != 3 || memcmp(buf, "def", 3) != 0)
    FAIL("dup does not share the offset");
  close(fd);
  close(fd2);
  unlink("/tmp/ct_dup");
}

static void
pipes(void)
{
  int p[2], pid, n, total = 0;
  char buf[100];

  if(pipe(p) < 0)
    FAIL("pipe failed");
  pid = fork();
  if(pid == 0){
    close(p[0]);
    for(n = 0; n < 50; n++)
      write(p[1], "0123456789", 10);
    exit(0);
  }
  close(p[1]);
  while((n = read(p[0], buf, sizeof(buf))) > 0)
    total += n;
  wait(0);
  if(total != 500)
    FAIL("read %d bytes, want 500", total);
}

static void
sbrkeager(void)
{
  char *a, *b;
  int i;

  a = sbrk(0);
  b = sbrk(40960);
  if(b != a)
    FAIL("sbrk returned %p, break was %p", b, a);
  for(i = 0; i < 40960; i += 4096)
    b[i] = 'x';
  if(sbrk(0) != a + 40960)
    FAIL("break did not move");
  if(sbrk(-40960) != a + 40960 || sbrk(0) != a)
    FAIL("shrinking failed");
  // Eager 2 GiB steps must run out (SBRK_ERROR) long before 32 GiB,
  // whatever the machine's memory, without killing us.
  for(i = 0; i < 16; i++)
    if(sbrk(0x7ffff000) == SBRK_ERROR)
      break;
  if(i == 16)
    FAIL("32 GiB allocated at once without failing");
}

static void
sbrklazytest(void)
{
  char *a;
  int i;

  a = sbrklazy(64 * 1024 * 1024);
  if(a == SBRK_ERROR)
    FAIL("sbrklazy of 64 MiB failed");
  for(i = 0; i < 64 * 1024 * 1024; i += 8 * 1024 * 1024)
    a[i] = 1;
  if(a[8 * 1024 * 1024] != 1 || a[4096] != 0)
    FAIL("lazy pages hold the wrong values");
}

static void
timing(void)
{
  int t0, t1;

  t0 = uptime();
  if(pause(3) < 0)
    FAIL("pause failed");
  t1 = uptime();
  if(t1 - t0 < 2 || t1 - t0 > 20)
    FAIL("pause(3) took %d ticks", t1 - t0);
  if(sleep(1) < 0)
    FAIL("sleep failed");
}

static void
exectest(void)
{
  char *argv[] = { "echo", "exec", "ok", 0 };
  char buf[32];
  int p[2], pid, n = 0, r;

  pipe(p);
  pid = fork();
  if(pid == 0){
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    exec("/bin/echo", argv);
    exec("/echo", argv);
    exit(9);
  }
  close(p[1]);
  while(n < sizeof(buf) - 1 && (r = read(p[0], buf + n, sizeof(buf) - 1 - n)) > 0)
    n += r;
  buf[n] = 0;
  wait(0);
  if(strcmp(buf, "exec ok\n") != 0)
    FAIL("echo printed \"%s\"", buf);
  if(exec("/no/such/prog", argv) != -1)
    FAIL("exec of a missing file returned");
}

static void
printftest(void)
{
  char buf[128];
  int p[2], n = 0, r;
  char *want = "42 -7 ff 0x0000000000001000 str c 4000000000 % 3000000000\n";

  pipe(p);
  fprintf(p[1], "%d %d %x %p %s %c %ld %% %u\n", 42, -7, 255, (void*)0x1000, "str", 'c',
          4000000000L, 3000000000U);
  close(p[1]);
  while(n < sizeof(buf) - 1 && (r = read(p[0], buf + n, sizeof(buf) - 1 - n)) > 0)
    n += r;
  buf[n] = 0;
  if(strcmp(buf, want) != 0)
    FAIL("got \"%s\"", buf);
}

static void
getstest(void)
{
  char buf[32];
  int p[2];

  pipe(p);
  write(p[1], "line one\nline two\n", 18);
  close(p[1]);
  close(0);
  dup(p[0]);
  gets(buf, sizeof(buf));
  if(strcmp(buf, "line one\n") != 0)
    FAIL("first gets: \"%s\"", buf);
  gets(buf, 5);
  if(strcmp(buf, "line") != 0)
    FAIL("gets with max 5: \"%s\"", buf);
}

static void
malloctest(void)
{
  char *blocks[200];
  int i, j;

  for(i = 0; i < 200; i++){
    blocks[i] = malloc(1 + i * 37);
    if(blocks[i] == 0)
      FAIL("malloc %d failed", i);
    memset(blocks[i], i, 1 + i * 37);
  }
  for(i = 0; i < 200; i++)
    for(j = 0; j < 1 + i * 37; j++)
      if((uchar)blocks[i][j] != (uchar)i)
        FAIL("block %d overwritten", i);
  for(i = 0; i < 200; i += 2)
    free(blocks[i]);
  for(i = 0; i < 100; i++)
    if((blocks[i * 2] = malloc(500)) == 0)
      FAIL("malloc after free failed");
  for(i = 0; i < 16; i++)
    if(malloc(0x7fff0000) == 0)
      break;
  if(i == 16)
    FAIL("32 GiB malloc'ed without failing");
}

static void
stringtest(void)
{
  char buf[32];

  strcpy(buf, "abcdef");
  memmove(buf + 2, buf, 4);
  if(strcmp(buf, "ababcd") != 0)
    FAIL("memmove overlap: %s", buf);
  if(strlen(buf) != 6 || strchr(buf, 'c') != buf + 4 || strchr(buf, 'z') != 0)
    FAIL("strlen/strchr");
  if(atoi("1234") != 1234 || strcmp("a", "b") >= 0 || memcmp("ab", "ab", 2) != 0)
    FAIL("atoi/strcmp/memcmp");
}

static volatile int alarms;

static void
alarmhandler()
{
  alarms++;
  sigreturn();
}

static void
alarmtest(void)
{
  int t0 = uptime();

  if(sigalarm(1, alarmhandler) < 0)
    FAIL("sigalarm failed");
  while(alarms < 2 && uptime() - t0 < 50)
    ;
  sigalarm(0, 0);
  if(alarms < 2)
    FAIL("alarm handler ran %d times in 5 s", alarms);
}

int
main(int argc, char *argv[])
{
  mkdir("/tmp");
  run("xv6_exitwait", exitwait);
  run("xv6_killstatus", killstatus);
  run("xv6_openflags", openflags);
  run("xv6_stattypes", stattypes);
  run("xv6_linkunlink", linkunlink);
  run("xv6_dirs", dirs);
  run("xv6_dup", dupshare);
  run("xv6_pipe", pipes);
  run("xv6_sbrk", sbrkeager);
  run("xv6_sbrklazy", sbrklazytest);
  run("xv6_pause_uptime", timing);
  run("xv6_exec", exectest);
  run("xv6_printf", printftest);
  run("xv6_gets", getstest);
  run("xv6_malloc", malloctest);
  run("xv6_string", stringtest);
  run("xv6_sigalarm", alarmtest);
  printf("compattest: %d passed, %d failed\n", passed, failed);
  exit(failed ? 1 : 0);
}
