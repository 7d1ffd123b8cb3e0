fn main() {
    std::process::exit(tenantctl::run());
}
