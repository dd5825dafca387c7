// Written by `cargo xtask generate` from spec/; do not edit by hand.
//! Generates the shared types from `spec/shared-types.json` at compile time; the pipeline lives in `cloudflare-sdk-codegen`.

fn main() -> std::process::ExitCode {
    cloudflare_sdk_codegen::build_script::run_shared()
}
