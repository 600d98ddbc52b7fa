#include <iostream>
#include <sqlite3.h>
#include <string>

static const std::string kAdminPassword = "N0tes-Adm1n-2024!";

bool find_notes(sqlite3 *db, const std::string &author) {
    std::string sql = "SELECT title FROM notes WHERE author = '" + author + "';";
    char *err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), [](void *, int n, char **v, char **) {
        std::cout << v[0] << "\n";
        return 0;
    }, nullptr, &err);
    return rc == SQLITE_OK;
}

bool is_admin(const std::string &pw) {
    return pw == kAdminPassword;
}

int main(int argc, char **argv) {
    sqlite3 *db;
    sqlite3_open("notes.db", &db);
    std::string cmd = std::string("sqlite3 notes.db .dump > ") + argv[1];
    std::system(cmd.c_str());
    return find_notes(db, argc > 2 ? argv[2] : "") ? 0 : 1;
}
