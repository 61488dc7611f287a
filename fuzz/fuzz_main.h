/*
 * fuzz_main.h - the three entry points every harness shares.  Include it
 * last, after defining
 *     static void fuzz_one(const uint8_t *data, size_t size);
 * which runs one input and abort()s on a violated property.
 *
 * Environment: hosted only.
 *
 * One source, three builds:
 *   AFL++      afl-clang-fast / afl-clang-lto: persistent mode over the
 *              shared-memory test case (__AFL_FUZZ_TESTCASE_BUF, __AFL_LOOP)
 *   libFuzzer  clang -fsanitize=fuzzer,...: LLVMFuzzerTestOneInput (also
 *              what OSS-Fuzz / ClusterFuzzLite link with $LIB_FUZZING_ENGINE)
 *   replay     any other build: main() runs every file named on the command
 *              line (directories: every file below them), each in a child
 *              process, prints "PASS path" or "FAIL path (why)" per input and
 *              "<prog>: N passed, M failed" at the end; exit status 1 if any
 *              input failed.  FUZZ_NOFORK=1 runs inputs in-process instead
 *              (for a debugger).
 */
#ifndef XL_FUZZ_MAIN_H
#define XL_FUZZ_MAIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__AFL_FUZZ_TESTCASE_LEN)

#include <unistd.h>     /* read(), used by __AFL_FUZZ_TESTCASE_LEN */

__AFL_FUZZ_INIT();

int
main(void)
{
    __AFL_INIT();
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;

    while (__AFL_LOOP(100000))
        fuzz_one(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
    return 0;
}

#else /* libFuzzer, and replay */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_one(data, size);
    return 0;
}

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct replay_count {
    unsigned int passed, failed;
    int nofork;
};

static int
replay_read(const char *path, uint8_t **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    long n;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        if (f)
            fclose(f);
        return -1;
    }
    /* exactly the input's size, so ASan sees any read past its end */
    *data = malloc(n ? (size_t)n : 1);
    if (*data == NULL || fread(*data, 1, (size_t)n, f) != (size_t)n) {
        free(*data);
        fclose(f);
        return -1;
    }
    fclose(f);
    *size = (size_t)n;
    return 0;
}

static void
replay_file(const char *path, struct replay_count *rc)
{
    uint8_t *data;
    size_t size;
    int status = 0;
    pid_t pid;

    if (replay_read(path, &data, &size) != 0) {
        printf("FAIL %s (cannot read)\n", path);
        rc->failed++;
        return;
    }
    fflush(stdout);
    pid = rc->nofork ? 0 : fork();
    if (pid == 0) {
        fuzz_one(data, size);
        if (!rc->nofork)
            exit(0);        /* exit, not _exit: coverage data is flushed */
    } else if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        status = -1;
    }
    free(data);
    if (status == 0) {
        printf("PASS %s\n", path);
        rc->passed++;
    } else {
        printf("FAIL %s (%s %d)\n", path,
               WIFSIGNALED(status) ? "signal" : "status",
               WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        rc->failed++;
    }
}

static void
replay_path(const char *path, struct replay_count *rc)
{
    char sub[4096];
    struct dirent *de;
    struct stat st;
    DIR *d;

    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        replay_file(path, rc);
        return;
    }
    if ((d = opendir(path)) == NULL) {
        printf("FAIL %s (cannot open)\n", path);
        rc->failed++;
        return;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || strcmp(de->d_name, "README.md") == 0 ||
            strcmp(de->d_name, "README.txt") == 0)   /* afl-fuzz's, in crashes/ */
            continue;
        snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
        replay_path(sub, rc);
    }
    closedir(d);
}

/*
 * Weak, because clang -fsanitize=fuzzer defines no macro to test:
 * libFuzzer's own (strong) main replaces this one when linked in.
 */
__attribute__((weak)) int main(int argc, char **argv);

__attribute__((weak)) int
main(int argc, char **argv)
{
    struct replay_count rc = { 0, 0, getenv("FUZZ_NOFORK") != NULL };
    const char *prog = strrchr(argv[0], '/');

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++)
        replay_path(argv[i], &rc);
    printf("%s: %u passed, %u failed\n", prog ? prog + 1 : argv[0],
           rc.passed, rc.failed);
    return rc.failed != 0;
}

#endif /* __AFL_FUZZ_TESTCASE_LEN */

#endif /* XL_FUZZ_MAIN_H */
