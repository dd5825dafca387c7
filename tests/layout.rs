//! Rules of the crate's layout that a test holds, so nobody has to remember them.

use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The hand-written runtime is a crate of its own (`runtime/`, `cloudflare-sdk-runtime`) under
/// the generated code: it depends on no crate that holds or makes generated code, so it names
/// no generated item (the generated calls hand it what it needs: their operation's metadata as
/// a `&'static` value, the operations of the build). The compiler then holds the rest.
#[test]
fn the_runtime_depends_on_no_generated_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("runtime/Cargo.toml")).unwrap();
    let dependencies = manifest.split("\n[dependencies]\n").nth(1).expect("runtime/Cargo.toml has [dependencies]");
    let dependencies = dependencies.split("\n[").next().unwrap();
    let names: Vec<&str> = dependencies.lines().filter(|l| !l.trim_start().starts_with('#')).filter_map(|l| l.split(['=', '.']).next()).map(str::trim).filter(|n| !n.is_empty()).collect();
    assert!(names.contains(&"reqwest"), "read the dependencies {names:?}");
    let generated = ["cloudflare-sdk", "cloudflare-sdk-codegen", "progenitor", "typify"];
    let found: Vec<&&str> = names.iter().filter(|n| generated.contains(n)).collect();
    assert!(found.is_empty(), "the runtime depends on generated code through {found:?}");
}

/// What the generator, the runtime, its mock, the command line and the tasks each need of a
/// path template, a call's text, a media type, a spec's responses and the envelope is written
/// once, in `rules/` (`cloudflare-sdk-rules`): no other crate of the workspace holds the text
/// that a copy of one of those rules starts from.
#[test]
fn the_shared_rules_have_no_second_copy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copies = [
        (".find('{')", "a path template's pieces: cloudflare_sdk_rules::template"),
        ("strip_prefix('{')", "a segment that is a parameter: cloudflare_sdk_rules::template::whole_parameter"),
        ("ends_with(\"+json\")", "which media types are JSON: cloudflare_sdk_rules::media::is_json"),
        ("starts_with(\"multipart/\")", "which media types are forms: cloudflare_sdk_rules::media::is_multipart"),
        ("starts_with('2')", "which response is the success: cloudflare_sdk_rules::status"),
        ("split_once('(')", "the text of a call: cloudflare_sdk_rules::call"),
        ("contains_key(\"success\")", "what marks the envelope: cloudflare_sdk_rules::envelope"),
        ("Some(\"cursor\")", "the pagination kinds: cloudflare_sdk_rules::Pagination"),
    ];
    let mut files = Vec::new();
    for dir in ["src", "runtime/src", "cli/src", "cli/tests", "codegen/src", "codegen/tests", "xtask/src", "tests", "benches", "examples"] {
        rust_files(&root.join(dir), &mut files);
    }
    let this = root.join(file!().trim_start_matches("./"));
    let mut found = Vec::new();
    for file in files.iter().filter(|f| **f != this) {
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            for (copy, rule) in copies.iter().filter(|(copy, _)| line.contains(copy)) {
                found.push(format!("{}:{}: `{copy}` copies {rule}", file.strip_prefix(root).unwrap().display(), number + 1));
            }
        }
    }
    assert!(files.len() > 60, "read {} files", files.len());
    assert!(found.is_empty(), "copies of a shared rule:\n{}", found.join("\n"));
}
