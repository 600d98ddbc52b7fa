#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int main(int argc, char **argv) {
    char cmd[512];
    char name[L_tmpnam];

    if (argc < 2) {
        fprintf(stderr, "usage: %s <dir>\n", argv[0]);
        return 1;
    }
    tmpnam(name);
    snprintf(cmd, sizeof cmd, "tar czf %s %s", name, argv[1]);
    system(cmd);
    chmod(name, 0777);

    srand(time(NULL));
    printf("backup id %08x\n", rand());
    return 0;
}
