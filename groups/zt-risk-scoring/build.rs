// Written by `cargo xtask generate` from spec/; do not edit by hand.
//! Generates this group's calls from `spec/` at compile time; the pipeline lives in `cloudflare-sdk-codegen`.

fn main() -> std::process::ExitCode {
    cloudflare_sdk_codegen::build_script::run_group()
}
