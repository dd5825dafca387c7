//! `cargo xtask measure` over a real tree of processes: two children of a shell, each holding a
//! known amount of memory at once.

use std::process::Command;

const HELD_MB: usize = 200;

/// Run by the test below as a process of the measured tree: holds `HELD_MB` of written memory
/// for a while.
#[test]
#[ignore = "a process of the measured tree, started by the test below"]
fn holds_memory_when_asked() {
    if std::env::var_os("MEASURE_TEST_HOLD").is_none() {
        return;
    }
    let held = vec![1u8; HELD_MB * 1_000_000];
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(held.iter().map(|b| *b as usize).sum::<usize>(), HELD_MB * 1_000_000);
}

#[test]
fn the_peak_of_a_tree_is_the_sum_of_its_processes_and_the_largest_is_one_of_them() {
    let me = std::env::current_exe().unwrap();
    let child = format!("{} --exact holds_memory_when_asked --ignored --test-threads 1 >/dev/null", me.display());
    let script = format!("{child} & {child} & wait");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask")).args(["measure", "--", "sh", "-c", &script]).env("MEASURE_TEST_HOLD", "1").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    // measure: 1.6 s wall, process tree peak 0.42 GB (at 0.9 s), largest process 0.21 GB (measure-…)
    let line = stdout.lines().last().unwrap();
    let figure = |after: &str| -> f64 { line.split(after).nth(1).unwrap().split_whitespace().next().unwrap().parse().unwrap() };
    let (tree, largest) = (figure("process tree peak "), figure("largest process "));
    let held = HELD_MB as f64 / 1000.0;
    assert!((2.0 * held..2.0 * held + 0.1).contains(&tree), "{line}");
    assert!((held..held + 0.05).contains(&largest), "{line}");
    assert!(figure("measure: ") >= 1.5, "{line}");
}

#[test]
fn the_measured_commands_exit_code_is_the_xtasks() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask")).args(["measure", "--", "sh", "-c", "exit 3"]).output().unwrap();
    assert_eq!(output.status.code(), Some(3));
}
