/*
 * convert_img: run an image conversion on a user-supplied file without a shell.
 * usage: convert_img <input> <output>
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_convert(const char *in, const char *out)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        char *const argv[] = {"convert", "--", (char *)in, (char *)out, NULL};
        execvp("convert", argv);
        _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s <input> <output>\n", argv[0]);
        return 2;
    }
    char log_path[] = "/tmp/convert_img.XXXXXX";
    int fd = mkstemp(log_path);
    if (fd < 0) {
        fprintf(stderr, "mkstemp: %s\n", strerror(errno));
        return 1;
    }
    fchmod(fd, S_IRUSR | S_IWUSR);
    dprintf(fd, "converting %s -> %s\n", argv[1], argv[2]);
    int rc = run_convert(argv[1], argv[2]);
    dprintf(fd, "exit %d\n", rc);
    close(fd);
    unlink(log_path);
    return rc == 0 ? 0 : 1;
}
