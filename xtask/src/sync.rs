//! `check` and `generate`: one code path. The derived files are generated in memory, then
//! either compared with the working tree or written to it.

use std::path::Path;
use std::time::Instant;

use cloudflare_sdk_codegen::workspace::{expected_files, ExpectedFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Check,
    Write,
}

/// Lines of diff shown per file before "... and N more".
const DIFF_LINES: usize = 40;

pub fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let started = Instant::now();
    let (files, pipeline) = expected_files(root).map_err(|e| e.to_string())?;
    if let Some(manifest) = files.iter().find(|f| f.path == Path::new("Cargo.toml")) {
        crate::manifest::check(&manifest.contents, &pipeline.lowered.features)
            .map_err(|(field, message)| cloudflare_sdk_codegen::Error::Spec(vec![cloudflare_sdk_codegen::Diagnostic::new("Cargo.toml", field, message)]).to_string())?;
    }

    let mut stale = Vec::new();
    for file in &files {
        let path = root.join(&file.path);
        if let Some(target) = &file.link {
            let current = std::fs::symlink_metadata(&path).ok().filter(|m| m.file_type().is_symlink()).and_then(|_| std::fs::read_link(&path).ok());
            if current.as_ref() == Some(target) {
                continue;
            }
            match mode {
                Mode::Check => {
                    stale.push(format!("{}: should link to {}, {}", file.path.display(), target.display(), current.map_or("is no link".to_string(), |c| format!("links to {}", c.display()))))
                }
                Mode::Write => {
                    make_parent(&path)?;
                    remove_any(&path)?;
                    link(target, &path).map_err(|e| format!("{}: {e}", path.display()))?;
                    println!("linked {} -> {}", file.path.display(), target.display());
                }
            }
            continue;
        }
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        match mode {
            Mode::Check => stale.push(describe(file, current.as_deref())),
            Mode::Write => {
                make_parent(&path)?;
                std::fs::write(&path, &file.contents).map_err(|e| format!("{}: {e}", path.display()))?;
                println!("wrote {}", file.path.display());
            }
        }
    }
    // A group the spec no longer makes: its crate goes, with everything in its folder.
    let groups = cloudflare_sdk_codegen::crates::group_dirs(&files);
    let present = std::fs::read_dir(root.join(cloudflare_sdk_codegen::crates::GROUPS_DIR)).into_iter().flatten().flatten();
    for entry in present {
        let relative = std::path::Path::new(cloudflare_sdk_codegen::crates::GROUPS_DIR).join(entry.file_name());
        if groups.contains(&relative) {
            continue;
        }
        match mode {
            Mode::Check => stale.push(format!("{}: the crate of a group the spec no longer makes", relative.display())),
            Mode::Write => {
                std::fs::remove_dir_all(entry.path()).map_err(|e| format!("{}: {e}", relative.display()))?;
                println!("removed {}", relative.display());
            }
        }
    }

    let tags = pipeline.spec.tags().len();
    let [load, lower, generate] = pipeline.seconds;
    println!(
        "{} operations in {} tag{}: {} generated types, {} generated lines ({:.1} s: load {load:.1}, lower {lower:.1}, generate {generate:.1})",
        pipeline.spec.endpoints.len(),
        tags,
        if tags == 1 { "" } else { "s" },
        pipeline.parts.type_count(),
        pipeline.parts.line_count(),
        started.elapsed().as_secs_f64()
    );
    if stale.is_empty() {
        return Ok(());
    }
    for report in &stale {
        eprintln!("{report}");
    }
    Err(format!("{} file{} out of date with spec/; run `cargo xtask generate` to update {}", stale.len(), if stale.len() == 1 { " is" } else { "s are" }, if stale.len() == 1 { "it" } else { "them" }))
}

fn make_parent(path: &Path) -> Result<(), String> {
    match path.parent() {
        Some(dir) => std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display())),
        None => Ok(()),
    }
}

/// Removes what is at `path` (a file, a link or a folder), if anything.
fn remove_any(path: &Path) -> Result<(), String> {
    let Ok(metadata) = std::fs::symlink_metadata(path) else { return Ok(()) };
    let removed = if metadata.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
    removed.map_err(|e| format!("{}: {e}", path.display()))
}

/// A link at `path` to `target` (relative to the link's folder).
#[cfg(unix)]
fn link(target: &Path, path: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, path)
}

/// A link at `path` to `target`; Windows tells a folder's link from a file's, and Git makes
/// links there only with `core.symlinks` on.
#[cfg(windows)]
fn link(target: &Path, path: &Path) -> std::io::Result<()> {
    let resolved = path.parent().unwrap_or(Path::new(".")).join(target);
    if resolved.is_dir() {
        std::os::windows::fs::symlink_dir(target, path)
    } else {
        std::os::windows::fs::symlink_file(target, path)
    }
}

/// A readable diff of what `cargo xtask generate` would change in one file.
fn describe(file: &ExpectedFile, current: Option<&str>) -> String {
    let Some(current) = current else {
        return format!("{}: missing", file.path.display());
    };
    let diff = similar::TextDiff::from_lines(current, file.contents.as_str());
    let rendered = diff.unified_diff().context_radius(2).header(&format!("{} (now)", file.path.display()), &format!("{} (generated)", file.path.display())).to_string();
    let lines: Vec<&str> = rendered.lines().collect();
    let mut out = lines.iter().take(DIFF_LINES).copied().collect::<Vec<_>>().join("\n");
    if lines.len() > DIFF_LINES {
        out.push_str(&format!("\n... and {} more diff lines", lines.len() - DIFF_LINES));
    }
    out
}
