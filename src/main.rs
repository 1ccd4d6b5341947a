fn main() -> std::process::ExitCode {
    hashiya::cli::main()
}
