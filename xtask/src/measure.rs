//! `cargo xtask measure -- <command>`: runs a command and reports what the budgets of
//! BENCHMARKS.md are written in: its wall time, the peak of the resident memory of its whole
//! process tree (cargo, every rustc and rustdoc, build scripts, linkers), and its largest
//! process with the crate it compiled. `/usr/bin/time -v` gives only the largest process.
//!
//! Memory is sampled from `/proc` every 100 ms (Linux only): a spike shorter than that can be
//! missed, so the figures are a floor, close for builds whose processes live for seconds.

use std::collections::{BTreeMap, HashMap};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

const SAMPLE_EVERY: Duration = Duration::from_millis(100);

/// What one run measured.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Measured {
    pub wall: Duration,
    /// Peak of the summed resident memory of the tree, in bytes, and when it was seen.
    pub tree_peak: u64,
    pub tree_peak_at: Duration,
    /// The largest resident memory any one process of the tree reached, and what it was.
    pub largest: u64,
    pub largest_is: String,
    /// The same among compilers alone (rustc, rustdoc, clippy), which the per-process budget
    /// is written for: a linker can be the largest process of a build.
    pub largest_compiler: u64,
    pub largest_compiler_is: String,
    /// The next largest compilers, largest first: where the budget is close, which crate
    /// comes after the largest.
    pub next_compilers: Vec<(u64, String)>,
}

/// How many compilers after the largest a run names.
const NEXT_COMPILERS: usize = 2;

impl Measured {
    pub fn line(&self) -> String {
        let gb = |bytes: u64| bytes as f64 / 1e9;
        let next: Vec<String> = self.next_compilers.iter().map(|(rss, what)| format!("{:.2} GB ({what})", gb(*rss))).collect();
        let next = if next.is_empty() { String::new() } else { format!("; then {}", next.join(", ")) };
        format!(
            "measure: {:.1} s wall, process tree peak {:.2} GB (at {:.1} s), largest process {:.2} GB ({}), largest compiler {:.2} GB ({}){}",
            self.wall.as_secs_f64(),
            gb(self.tree_peak),
            self.tree_peak_at.as_secs_f64(),
            gb(self.largest),
            self.largest_is,
            gb(self.largest_compiler),
            if self.largest_compiler_is.is_empty() { "none" } else { &self.largest_compiler_is },
            next,
        )
    }
}

pub fn run(command: &[&str]) -> Result<ExitCode, String> {
    let [program, args @ ..] = command else { return Err("usage: cargo xtask measure -- <command> [args...]".into()) };
    let started = Instant::now();
    let mut child = Command::new(program).args(args).spawn().map_err(|e| format!("{program}: {e}"))?;
    let root = child.id();
    let mut measured = Measured::default();
    // Each process's peak, by pid, with what it is (read once: a process's command line does
    // not change).
    let mut seen: HashMap<u32, (u64, String)> = HashMap::new();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        let tree = tree_of(root, &processes());
        let mut sum = 0;
        for pid in tree {
            let Some(rss) = resident_bytes(pid) else { continue };
            sum += rss;
            let entry = seen.entry(pid).or_insert_with(|| (0, describe(pid)));
            entry.0 = entry.0.max(rss);
        }
        if sum > measured.tree_peak {
            measured.tree_peak = sum;
            measured.tree_peak_at = started.elapsed();
        }
        std::thread::sleep(SAMPLE_EVERY);
    };
    measured.wall = started.elapsed();
    if let Some((rss, what)) = seen.values().max_by_key(|(rss, _)| *rss) {
        (measured.largest, measured.largest_is) = (*rss, what.clone());
    }
    let mut compilers: Vec<(u64, String)> = seen.into_values().filter(|(_, what)| is_compiler(what)).collect();
    compilers.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut compilers = compilers.into_iter();
    if let Some((rss, what)) = compilers.next() {
        (measured.largest_compiler, measured.largest_compiler_is) = (rss, what);
    }
    measured.next_compilers = compilers.take(NEXT_COMPILERS).collect();
    println!("{}", measured.line());
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}

/// Every process's parent, by pid.
fn processes() -> HashMap<u32, u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return HashMap::new() };
    entries
        .filter_map(|entry| {
            let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            Some((pid, parent_in_stat(&stat)?))
        })
        .collect()
}

/// The parent pid in the text of `/proc/<pid>/stat`: `pid (comm) state ppid ...`, where comm
/// may hold spaces and parentheses, so the fields are counted after its last `)`.
pub fn parent_in_stat(stat: &str) -> Option<u32> {
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(1)?.parse().ok()
}

/// `root` and all its descendants.
pub fn tree_of(root: u32, parents: &HashMap<u32, u32>) -> Vec<u32> {
    let mut children: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (&pid, &parent) in parents {
        children.entry(parent).or_default().push(pid);
    }
    let mut tree = vec![root];
    let mut next = 0;
    while let Some(&pid) = tree.get(next) {
        tree.extend(children.get(&pid).into_iter().flatten());
        next += 1;
    }
    tree
}

fn resident_bytes(pid: u32) -> Option<u64> {
    resident_in_status(&std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?)
}

/// `VmRSS` of the text of `/proc/<pid>/status`, in bytes.
pub fn resident_in_status(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn describe(pid: u32) -> String {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let args: Vec<String> = cmdline.split(|b| *b == 0).filter(|a| !a.is_empty()).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
    what_runs(&args)
}

/// A process by its command line: a compiler by the crate it compiles (`rustc
/// cloudflare_sdk_group_radar`), anything else by its program's file name.
pub fn what_runs(args: &[String]) -> String {
    let program = args.first().map(|p| p.rsplit('/').next().unwrap_or(p).to_string()).unwrap_or_else(|| "?".into());
    // Cargo runs rustc through a wrapper at times (clippy-driver, a rustc wrapper): name the
    // crate whatever runs it.
    match args.iter().position(|a| a == "--crate-name").and_then(|i| args.get(i + 1)) {
        Some(krate) => format!("{program} {krate}"),
        None => program,
    }
}

/// Whether a process, named by [`what_runs`], is a compiler: rustc or rustdoc, directly or
/// through clippy's driver.
pub fn is_compiler(what: &str) -> bool {
    matches!(what.split(' ').next(), Some("rustc" | "rustdoc" | "clippy-driver"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parent_is_read_after_a_command_name_holding_spaces_and_parentheses() {
        assert_eq!(parent_in_stat("4242 (rustc (x) y) S 17 4242 4242 0 -1"), Some(17));
        assert_eq!(parent_in_stat("garbage"), None);
    }

    #[test]
    fn the_tree_holds_the_root_and_every_descendant_and_nothing_else() {
        let parents = HashMap::from([(2, 1), (3, 2), (4, 3), (5, 2), (6, 1), (7, 99)]);
        let mut tree = tree_of(2, &parents);
        tree.sort();
        assert_eq!(tree, vec![2, 3, 4, 5]);
    }

    #[test]
    fn resident_memory_is_read_in_bytes() {
        assert_eq!(resident_in_status("Name:\trustc\nVmPeak:\t 9000 kB\nVmRSS:\t  2048 kB\n"), Some(2048 * 1024));
        assert_eq!(resident_in_status("Name:\tzombie\n"), None);
    }

    #[test]
    fn a_compiler_is_named_by_its_crate() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(what_runs(&args(&["/x/bin/rustc", "--crate-name", "cloudflare_sdk_group_radar", "--edition=2021"])), "rustc cloudflare_sdk_group_radar");
        assert_eq!(what_runs(&args(&["/usr/bin/cc", "-o", "x"])), "cc");
    }

    #[test]
    fn the_line_names_the_compilers_after_the_largest() {
        let measured = Measured {
            wall: Duration::from_secs(10),
            tree_peak: 4_000_000_000,
            tree_peak_at: Duration::from_secs(5),
            largest: 3_000_000_000,
            largest_is: "rust-lld".into(),
            largest_compiler: 1_600_000_000,
            largest_compiler_is: "rustc examples".into(),
            next_compilers: vec![(1_400_000_000, "rustc cloudflare_sdk".into()), (900_000_000, "rustc cloudflare_sdk_group_radar".into())],
        };
        assert!(measured.line().ends_with("largest compiler 1.60 GB (rustc examples); then 1.40 GB (rustc cloudflare_sdk), 0.90 GB (rustc cloudflare_sdk_group_radar)"), "{}", measured.line());
        let alone = Measured { next_compilers: Vec::new(), ..measured };
        assert!(alone.line().ends_with("largest compiler 1.60 GB (rustc examples)"), "{}", alone.line());
    }

    #[test]
    fn compilers_are_told_from_linkers_and_build_scripts() {
        assert!(is_compiler("rustc cloudflare_sdk_group_radar"));
        assert!(is_compiler("rustdoc cloudflare_sdk"));
        assert!(is_compiler("clippy-driver cloudflare_sdk"));
        assert!(!is_compiler("rust-lld"));
        assert!(!is_compiler("build-script-build"));
        assert!(!is_compiler("rustcx"));
    }
}
