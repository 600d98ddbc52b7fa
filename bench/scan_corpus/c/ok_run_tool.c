#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>

int run_tar(const char *dir) {
    char tmpl[] = "/tmp/backup-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return -1;
    close(fd);
    pid_t pid = fork();
    if (pid == 0) {
        char *const args[] = {"tar", "czf", tmpl, "--", (char *)dir, NULL};
        execvp("tar", args);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int session_key(unsigned char key[32]) {
    return getrandom(key, 32, 0) == 32 ? 0 : -1;
}
