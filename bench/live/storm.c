// Syscall storm for the live-capture overhead benchmark: getppid() plus a 1-byte read of
// /dev/zero per iteration, and an open/close of /dev/null every 64 iterations.
// Prints: <syscalls> <elapsed ns>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	int zero = open("/dev/zero", O_RDONLY);
	if (zero < 0) { perror("/dev/zero"); return 1; }
	char c;
	long calls = 0;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		getppid();
		if (read(zero, &c, 1) != 1) return 1;
		calls += 2;
		if ((i & 63) == 63) {
			int fd = open("/dev/null", O_RDONLY);
			if (fd >= 0) close(fd);
			calls += 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%ld %lld\n", calls, (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec));
	return 0;
}
