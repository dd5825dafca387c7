//! The OpenAPI import: any JSON document is imported or refused with a diagnostic, never a
//! panic, a stack overflow or an exponential expansion.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(document) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let _ = cloudflare_sdk_codegen::import::import_document(&document, Path::new("fuzz.json"));
});
