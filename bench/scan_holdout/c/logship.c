/*
 * logship: compress yesterday's application log and upload it to the log host.
 * usage: logship <service-name> <log-host>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CMD_MAX 1024

static int compress_log(const char *service, char *out, size_t outlen)
{
    char tmpl[] = "/tmp/logshipXXXXXX";
    char *name = mktemp(tmpl);
    if (name == NULL || name[0] == '\0')
        return -1;
    snprintf(out, outlen, "%s.gz", name);

    char cmd[CMD_MAX];
    snprintf(cmd, sizeof cmd, "gzip -c /var/log/%s/%s.log > %s", service, service, out);
    return system(cmd);
}

static int upload(const char *path, const char *host)
{
    char cmd[CMD_MAX];
    snprintf(cmd, sizeof cmd, "scp -q %s logs@%s:/incoming/", path, host);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    return pclose(p);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s <service> <log-host>\n", argv[0]);
        return 2;
    }
    char archive[256];
    if (compress_log(argv[1], archive, sizeof archive) != 0) {
        perror("compress");
        return 1;
    }
    chmod(archive, 0666);
    if (upload(archive, argv[2]) != 0) {
        fprintf(stderr, "upload failed\n");
        return 1;
    }
    unlink(archive);
    return 0;
}
