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

/// The hand-written runtime (everything in `src/` but `lib.rs`, which includes the generated
/// code and re-exports it) names no generated item: the generated calls hand it what it needs
/// (their operation's metadata as a `&'static` value, the operations of the build), so it can
/// be a crate of its own that the generated code depends on, never the reverse.
#[test]
fn the_runtime_names_no_generated_item() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    // The generated modules, as the runtime would reach them.
    let generated = ["generated::", "crate::operations", "crate::types", "crate::builder", "crate::resources", "crate::forms", "crate::mock_resources", "operations::ALL"];
    let mut found = Vec::new();
    for file in files.iter().filter(|f| f.file_name().is_some_and(|n| n != "lib.rs") || f.parent() != Some(src.as_path())) {
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            // Docs may speak of the generated modules; code may not use them.
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for name in generated.iter().filter(|name| code.contains(*name)) {
                found.push(format!("{}:{}: {name}", file.strip_prefix(&src).unwrap().display(), number + 1));
            }
        }
    }
    assert!(files.len() > 20, "read {} files", files.len());
    assert!(found.is_empty(), "the runtime names generated items:\n{}", found.join("\n"));
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
    for dir in ["src", "cli/src", "cli/tests", "codegen/src", "codegen/tests", "xtask/src", "tests", "benches", "examples"] {
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
