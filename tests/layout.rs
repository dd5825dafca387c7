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
