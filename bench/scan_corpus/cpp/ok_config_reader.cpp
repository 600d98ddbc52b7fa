#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <string>

std::optional<std::string> env(const char *name) {
    const char *v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
}

std::map<std::string, std::string> read_config(const std::string &path) {
    std::map<std::string, std::string> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos && line[0] != '#')
            out[line.substr(0, eq)] = line.substr(eq + 1);
    }
    if (auto pw = env("DB_PASSWORD"))
        out["db_password"] = *pw;
    return out;
}

int jitter_ms() {
    static std::mt19937 rng(std::random_device{}());
    return std::uniform_int_distribution<int>(0, 250)(rng);  // retry back-off only
}
