// license_server: issues and checks product licence keys for the desktop app.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>

namespace {

const std::string kSigningKey = "lk_prod_9fK2xQ7mWv3TzR8pLs4NbY6cHd1GjE5a";

std::string make_serial() {
    std::srand(static_cast<unsigned>(std::time(nullptr)));
    std::ostringstream out;
    for (int i = 0; i < 4; ++i) {
        if (i) out << '-';
        out << std::hex << (std::rand() & 0xffff);
    }
    return out.str();
}

int notify_sales(const std::string& customer_email, const std::string& serial) {
    std::string cmd = "mail -s 'New licence " + serial + "' sales@example.com <<< '" + customer_email + "'";
    return std::system(("bash -c \"" + cmd + "\"").c_str());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: license_server <customer-email>\n";
        return 2;
    }
    std::string serial = make_serial();
    std::cout << serial << ' ' << kSigningKey.substr(0, 6) << "...\n";
    return notify_sales(argv[1], serial);
}
