//! A spec file through load, validation, lowering and generation: any text is a spec file or a
//! diagnostic, never a panic.
#![no_main]

use std::path::Path;

use cloudflare_sdk_codegen::generate::{generate, Driver, MockTree, Snapshot};
use cloudflare_sdk_codegen::spec::{parse_file, Spec};
use cloudflare_sdk_codegen::{lower, Recorded};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(endpoint) = parse_file(Path::new("fuzz/input.yaml"), text) else { return };
    let spec = Spec { endpoints: vec![endpoint] };
    let Ok(lowered) = lower::lower(&spec, &Recorded::default()) else { return };
    let _ = generate(&lowered, Snapshot::Skip, Driver::Include(&spec.endpoints), MockTree::Include);
});
