//! Generates the client from `spec/` at compile time; the pipeline lives in `codegen/`.

fn main() -> std::process::ExitCode {
    cloudflare_sdk_codegen::build_script::run()
}
