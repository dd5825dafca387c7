//! `cargo xtask conformance`: the SDK against Stoplight Prism, a third-party mock server of the
//! upstream OpenAPI document that checks every request against it.
//!
//! 1. Import the document into `target/conformance/spec` (the same import as `spec/`); without
//!    a document (and without the upstream one beside the checkout), assemble one from `spec/`.
//! 2. Build the `conformance` example with the generated driver, from that folder.
//! 3. For each mode (static examples, then random data with a fixed seed), start Prism on a
//!    free loopback port with `--errors`, run the driver, stop Prism.
//! 4. Triage each failure: a value taken from the spec that violates the spec's own schema is
//!    reported as a spec defect (checked with a JSON Schema validator); anything else is the
//!    SDK's. Either way it is a failure.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use cloudflare_sdk_codegen::spec::{Endpoint, TagFilter};
use serde_json::Value;

use crate::schema_check;

/// The upstream document, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "../shared/upstream/cloudflare-openapi-2026-07-01.json";

/// The Prism release the harness installs (pinned: its validation is what is being compared).
const PRISM_PACKAGE: &str = "@stoplight/prism-cli@5.14.2";
/// Where Prism is installed, relative to the root (ignored by git).
const PRISM_DIR: &str = ".tools/prism";
/// The seed of dynamic mode, so that a failure can be reproduced.
const SEED: &str = "1";
/// Prism reads and dereferences the whole document before it listens.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(300);

const USAGE: &str = "usage: cargo xtask conformance [--spec <openapi.json>] [--tags a,b] [--reads-only] [--fail-on-sdk-only]";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mode {
    Static,
    Dynamic,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Static => "static",
            Mode::Dynamic => "dynamic",
        }
    }
}

/// One line of the driver's output.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
struct Record {
    id: String,
    #[serde(default)]
    method: String,
    outcome: String,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    message: String,
    #[serde(default)]
    body: Option<String>,
    /// Prism's `sl-violations` header: what it found wrong when it answered with the spec's
    /// own error example.
    #[serde(default)]
    violations: Option<String>,
}

pub fn run(root: &Path, started_in: &Path, args: &[&str]) -> Result<ExitCode, String> {
    let mut spec = None;
    // `None`: every tag.
    let mut tags: Option<Vec<String>> = None;
    let mut reads_only = false;
    let mut sdk_only = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--spec" => spec = Some(started_in.join(args.next().ok_or(USAGE)?)),
            "--tags" => tags = Some(args.next().ok_or(USAGE)?.split(',').map(str::to_string).collect()),
            "--reads-only" => reads_only = true,
            "--fail-on-sdk-only" => sdk_only = true,
            _ => return Err(USAGE.into()),
        }
    }
    let work = root.join("target/conformance");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let default = root.join(DEFAULT_SPEC);
    let (spec, spec_dir, endpoints) = match spec.or_else(|| default.exists().then_some(default)) {
        Some(document) => {
            let spec_dir = work.join("spec");
            let endpoints = import(&document, &spec_dir)?;
            (document, spec_dir, endpoints)
        }
        None => {
            // A checkout without the upstream document beside it (a CI machine): `spec/` is
            // its import, so the document is assembled from that.
            eprintln!("conformance: {DEFAULT_SPEC} is not here; serving the document assembled from spec/");
            let filter = match &tags {
                None => TagFilter::All,
                Some(tags) => TagFilter::Only(tags.iter().cloned().collect()),
            };
            let loaded = cloudflare_sdk_codegen::spec::load_dir(&root.join("spec"), &filter).map_err(|e| e.to_string())?;
            let document = work.join("openapi.json");
            let text = serde_json::to_string(&cloudflare_sdk_codegen::export::document(&loaded.endpoints)).map_err(|e| e.to_string())?;
            std::fs::write(&document, text).map_err(|e| format!("{}: {e}", document.display()))?;
            (document, root.join("spec"), loaded.endpoints)
        }
    };
    let prism = install_prism(root)?;
    let driver = build_driver(root, &spec_dir, tags.as_deref())?;

    let by_id: BTreeMap<&str, &Endpoint> = endpoints.iter().map(|e| (e.operation_id.as_str(), e)).collect();
    let mut results: BTreeMap<(String, Mode), Record> = BTreeMap::new();
    for mode in [Mode::Static, Mode::Dynamic] {
        let log = work.join(format!("prism-{}.log", mode.name()));
        let _ = std::fs::remove_file(&log);
        let records = drive(&prism, &spec, mode, &driver, &log)?;
        save(&records, &work.join(format!("records-{}.jsonl", mode.name())))?;
        for record in records {
            if reads_only && record.method != "GET" && record.outcome != "unfilled" {
                continue;
            }
            results.insert((record.id.clone(), mode), record);
        }
    }
    Ok(report(&results, &by_id, reads_only, sdk_only))
}

/// Keeps the driver's records (with the bodies) for a closer look.
fn save(records: &[Record], path: &Path) -> Result<(), String> {
    let lines: Vec<String> = records.iter().map(|r| serde_json::to_string(r).unwrap_or_default()).collect();
    std::fs::write(path, lines.join("\n") + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

/// Imports `document` into `spec_dir`, leaving nothing of an earlier import behind.
fn import(document: &Path, spec_dir: &Path) -> Result<Vec<Endpoint>, String> {
    use cloudflare_sdk_codegen::import;
    let value = import::read_document(document).map_err(|e| e.to_string())?;
    let endpoints = import::import_document(&value, document).map_err(|e| e.to_string())?;
    // What another document left here goes; unchanged files keep their times, so that the
    // driver is not rebuilt for nothing.
    import::write_spec(spec_dir, &endpoints, import::Absent::Prune).map_err(|e| e.to_string())?;
    Ok(endpoints)
}

/// The Prism executable, installed from the npm registry into [`PRISM_DIR`] when missing.
fn install_prism(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join(PRISM_DIR);
    let executable = dir.join("node_modules/.bin/prism");
    if executable.exists() {
        return Ok(executable);
    }
    eprintln!("conformance: installing {PRISM_PACKAGE} into {PRISM_DIR}");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix"])
        .arg(&dir)
        .arg(PRISM_PACKAGE)
        .status()
        .map_err(|e| format!("could not run npm (Node.js and npm are needed to install Prism): {e}"))?;
    if !status.success() || !executable.exists() {
        return Err(format!("npm could not install {PRISM_PACKAGE} ({status})"));
    }
    Ok(executable)
}

/// Builds the `conformance` example with the driver generated from `spec_dir`, for `tags`
/// (features group tags, so the tags are named to the build script directly) or every tag.
fn build_driver(root: &Path, spec_dir: &Path, tags: Option<&[String]>) -> Result<PathBuf, String> {
    use cloudflare_sdk_codegen::build_script::{SPEC_DIR_VARIABLE, TAGS_VARIABLE};
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let spec_dir = std::path::absolute(spec_dir).map_err(|e| format!("{}: {e}", spec_dir.display()))?;
    let mut command = Command::new(cargo);
    // Features resolved over the workspace, as the tests resolve them: the dependencies built
    // for the tests are the driver's too, not built again for the SDK alone.
    command.current_dir(root).args(["build", "--quiet", "--workspace", "--example", "conformance"]).env(SPEC_DIR_VARIABLE, &spec_dir);
    match tags {
        Some(tags) => command.args(["--features", "cloudflare-sdk/conformance"]).env(TAGS_VARIABLE, tags.join(",")),
        None => command.args(["--features", "cloudflare-sdk/conformance,cloudflare-sdk/full"]).env_remove(TAGS_VARIABLE),
    };
    let status = command.status().map_err(|e| format!("could not run cargo: {e}"))?;
    if !status.success() {
        return Err("the conformance driver did not build".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    Ok(target.join("debug/examples/conformance"))
}

/// Runs the driver against a fresh Prism. When Prism dies under the calls (a few upstream
/// media types crash it), the calls it did not answer are made again against a new Prism one
/// at a time, and the call under which it died is recorded as `crashed`.
fn drive(prism: &Path, spec: &Path, mode: Mode, driver: &Path, log: &Path) -> Result<Vec<Record>, String> {
    let lost = |r: &Record| r.outcome == "failed" && r.status.is_none();
    let mut done = Vec::new();
    let mut pending: Option<Vec<String>> = None;
    loop {
        let mut server = Prism::start(prism, spec, mode, log)?;
        // Random answers come from one seeded generator in the order requests arrive: one
        // request at a time keeps each operation's answer the same from run to run.
        let sequential = mode == Mode::Dynamic || pending.is_some();
        let records = run_driver(driver, &server.base_url(), pending.as_deref(), sequential)?;
        let crashed = server.exited();
        drop(server);
        if !crashed || !records.iter().any(lost) {
            done.extend(records);
            return Ok(done);
        }
        let mut again = Vec::new();
        let mut culprit_found = pending.is_none();
        for record in records {
            if !lost(&record) {
                done.push(record);
            } else if !culprit_found {
                culprit_found = true;
                done.push(Record { outcome: "crashed".into(), message: "the mock server exited while answering this call".into(), ..record });
            } else {
                again.push(record.id);
            }
        }
        if again.is_empty() {
            return Ok(done);
        }
        pending = Some(again);
    }
}

/// Runs the driver for `only` or for every call.
fn run_driver(driver: &Path, base_url: &str, only: Option<&[String]>, sequential: bool) -> Result<Vec<Record>, String> {
    let mut command = Command::new(driver);
    command.arg(base_url);
    if sequential {
        command.arg("--sequential");
    }
    command.args(only.unwrap_or_default());
    let output = command.stderr(Stdio::inherit()).output().map_err(|e| format!("{}: {e}", driver.display()))?;
    if !output.status.success() {
        return Err(format!("the conformance driver failed ({})", output.status));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).map_err(|e| format!("unreadable driver output `{line}`: {e}")))
        .collect()
}

/// A running Prism, stopped when dropped.
struct Prism {
    child: Child,
    port: u16,
}

impl Prism {
    fn start(executable: &Path, spec: &Path, mode: Mode, log: &Path) -> Result<Prism, String> {
        let port = free_port()?;
        let log_file = std::fs::OpenOptions::new().create(true).append(true).open(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let mut command = Command::new(executable);
        command.args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors"]);
        if mode == Mode::Dynamic {
            command.args(["--dynamic", "--seed", SEED]);
        }
        let child = command
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("could not start Prism ({}): {e}", executable.display()))?;
        let mut prism = Prism { child, port };
        let started = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if let Ok(Some(status)) = prism.child.try_wait() {
                return Err(format!("Prism exited ({status}) before listening; see {}", log.display()));
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                return Err(format!("Prism did not listen within {} s; see {}", STARTUP_TIMEOUT.as_secs(), log.display()));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        Ok(prism)
    }

    fn exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| format!("no free loopback port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Whose a failure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Culprit {
    /// The spec contradicts itself (an example its own schema refuses, a media type that is
    /// not one).
    Spec,
    /// Prism deviates from OpenAPI or from the spec (a generated response its own validator
    /// refuses, a crash).
    Mock,
    /// Nothing else explains it: a bug to fix in the lowering or the runtime.
    Sdk,
}

impl Culprit {
    fn label(self) -> &'static str {
        match self {
            Culprit::Spec => "spec defect",
            Culprit::Mock => "mock defect",
            Culprit::Sdk => "SDK",
        }
    }
}

/// Prints one line per failure, the totals, and the final line; the exit code says whether
/// every tried operation passed in every mode (with `sdk_only`, whether no failure is the
/// SDK's: spec and mock defects are still printed and counted, but do not fail the run).
fn report(results: &BTreeMap<(String, Mode), Record>, endpoints: &BTreeMap<&str, &Endpoint>, reads_only: bool, sdk_only: bool) -> ExitCode {
    #[derive(Default)]
    struct Totals {
        tried: usize,
        accepted: usize,
        decoded: usize,
    }
    let mut by_kind: BTreeMap<&str, Totals> = BTreeMap::new();
    let mut unfilled: BTreeMap<String, usize> = BTreeMap::new();
    let mut culprits: BTreeMap<Culprit, usize> = BTreeMap::new();
    let mut ids: Vec<&String> = results.keys().map(|(id, _)| id).collect();
    ids.dedup();
    for id in ids {
        let endpoint = endpoints.get(id.as_str()).copied();
        let modes: Vec<(Mode, &Record)> = [Mode::Static, Mode::Dynamic].iter().filter_map(|m| results.get(&(id.clone(), *m)).map(|r| (*m, r))).collect();
        let Some((_, first)) = modes.first() else { continue };
        if first.outcome == "unfilled" {
            if !reads_only || endpoint.is_some_and(|e| e.method == cloudflare_sdk_codegen::spec::Method::Get) {
                *unfilled.entry(first.message.clone()).or_default() += 1;
            }
            continue;
        }
        let totals = by_kind.entry(if first.method == "GET" { "reads" } else { "writes" }).or_default();
        totals.tried += 1;
        let mut accepted = true;
        let mut decoded = true;
        for (mode, record) in modes {
            if record.outcome == "decoded" {
                continue;
            }
            decoded = false;
            let (culprit, what) = triage(record, mode, endpoint);
            accepted &= what.accepted;
            *culprits.entry(culprit).or_default() += 1;
            println!("{id} {}: {} [{}]", mode.name(), what.text, culprit.label());
        }
        totals.accepted += usize::from(accepted);
        totals.decoded += usize::from(decoded);
    }
    for (reason, count) in &unfilled {
        println!("not tried: {count} operation(s): {reason}");
    }
    if !culprits.is_empty() {
        let parts: Vec<String> = culprits.iter().map(|(c, n)| format!("{n} {}", c.label())).collect();
        println!("failures by cause: {}", parts.join(", "));
    }
    let mut all = Totals::default();
    for (kind, totals) in &by_kind {
        println!("{kind}: {} tried, {} accepted, {} decoded", totals.tried, totals.accepted, totals.decoded);
        all.tried += totals.tried;
        all.accepted += totals.accepted;
        all.decoded += totals.decoded;
    }
    println!("conformance: {} tried, {} accepted, {} decoded", all.tried, all.accepted, all.decoded);
    let passed = if sdk_only { !culprits.contains_key(&Culprit::Sdk) } else { all.decoded == all.tried };
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What happened to one failed call.
struct Finding {
    /// Whether Prism accepted the request.
    accepted: bool,
    text: String,
}

/// What failed and whose it is.
fn triage(record: &Record, mode: Mode, endpoint: Option<&Endpoint>) -> (Culprit, Finding) {
    let status = record.status.map(|s| format!("HTTP {s}: ")).unwrap_or_default();
    let finding = |accepted: bool, text: String| Finding { accepted, text };
    match record.outcome.as_str() {
        "rejected" if record.status.is_some_and(|s| (200..300).contains(&s)) => {
            // A 2xx whose envelope says it failed: the SDK reports what the body says.
            let body = record.body.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok());
            let said = format!("accepted, but the {status}envelope reads as a failure: {}", record.message);
            match (endpoint.and_then(success_schema), body) {
                (Some((schema, definitions)), Some(body)) if body.get("success") == Some(&Value::Bool(false)) => match defect(&schema, &definitions, &body, schema_check::Direction::Response) {
                    Some(defect) => (Culprit::Spec, finding(true, format!("{said} (the response {defect})"))),
                    None => (Culprit::Spec, finding(true, format!("{said} (the spec's success response allows `\"success\": false`)"))),
                },
                _ => (Culprit::Sdk, finding(true, said)),
            }
        }
        "rejected" => {
            let problem = Problem::parse(record.body.as_deref().unwrap_or(""), record.violations.as_deref());
            let said = format!("rejected: {status}{}", problem.summary);
            if problem.only_about_the_response() {
                // The request passed; the answer Prism made failed Prism's own validation.
                let said = format!("accepted, but Prism's response fails its own validation: {}", problem.summary);
                if mode == Mode::Static {
                    if let Some(defect) = endpoint.and_then(example_defect) {
                        return (Culprit::Spec, finding(true, format!("{said} (the spec's success response {defect})")));
                    }
                }
                return (Culprit::Mock, finding(true, said));
            }
            if record.status == Some(500) && problem.locations.is_empty() {
                // Prism validates the request first; a 500 is its response generation failing.
                return (Culprit::Mock, finding(true, format!("accepted, but Prism could not make a response: {}", problem.summary)));
            }
            if let Some(defect) = endpoint.and_then(invalid_argument) {
                return (Culprit::Spec, finding(false, format!("{said} ({defect})")));
            }
            if let Some(property) = endpoint.and_then(|e| problem.read_only_required(e)) {
                return (Culprit::Mock, finding(false, format!("{said} (Prism requires `{property}`, which the spec marks read-only: OpenAPI applies such a requirement to responses only)")));
            }
            (Culprit::Sdk, finding(false, said))
        }
        "argument" => {
            let said = format!("an argument did not convert: {}", record.message);
            match endpoint.and_then(invalid_argument) {
                Some(defect) => (Culprit::Spec, finding(false, format!("{said} ({defect})"))),
                None => (Culprit::Sdk, finding(false, said)),
            }
        }
        "undecoded" => {
            let said = format!("accepted, not decoded: {status}{}", record.message);
            let body = record.body.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok());
            match (endpoint.and_then(success_schema), body) {
                (Some((schema, definitions)), Some(body)) => match defect(&schema, &definitions, &body, schema_check::Direction::Response) {
                    Some(defect) => (Culprit::Spec, finding(true, format!("{said} (the response {defect})"))),
                    None => (Culprit::Sdk, finding(true, format!("{said} (the response satisfies the spec's schema)"))),
                },
                _ => (Culprit::Sdk, finding(true, said)),
            }
        }
        "crashed" => match endpoint.and_then(invalid_media_type) {
            Some(media) => (Culprit::Spec, finding(false, format!("Prism crashed: the spec declares `{media}` as a response media type"))),
            None => (Culprit::Mock, finding(false, "Prism crashed answering it".into())),
        },
        _ => (Culprit::Sdk, finding(false, format!("failed: {status}{}", record.message))),
    }
}

/// How a value from (or allowed by) the spec is at odds with the spec's schema: it violates
/// it, or it satisfies it only because the schema leaves out `type` (so that `"on"` passes
/// for an object the schema's properties describe), which no typed client can follow.
fn defect(schema: &Value, definitions: &BTreeMap<String, Value>, value: &Value, direction: schema_check::Direction) -> Option<String> {
    use schema_check::Reading;
    if let Some(violation) = schema_check::violation(schema, definitions, value, direction, Reading::AsWritten) {
        return Some(format!("violates the spec's own schema {violation}"));
    }
    schema_check::violation(schema, definitions, value, direction, Reading::Typed).map(|violation| format!("satisfies the spec's schema only because the schema leaves out `type` ({violation})"))
}

/// What is wrong with the example of the first success response, checked the way Prism's
/// static mode builds it: the media example, or one assembled from the schema's examples.
fn example_defect(endpoint: &Endpoint) -> Option<String> {
    let (_, response) = cloudflare_sdk_rules::status::success(&endpoint.responses)?;
    let (_, media) = response.content.iter().find(|(media, _)| cloudflare_sdk_rules::media::is_json(media))?;
    let schema = media.schema.clone()?;
    match &media.example {
        Some(example) => defect(&schema, &endpoint.definitions, example, schema_check::Direction::Response).map(|d| format!("(its example) {d}")),
        None => {
            let assembled = cloudflare_sdk_codegen::spec::example_value(&schema);
            defect(&schema, &endpoint.definitions, &assembled, schema_check::Direction::Response).map(|d| format!("(assembled from its schema's examples and defaults) {d}"))
        }
    }
}

/// A response media type of the spec that is not a media type (upstream has `undefined`).
fn invalid_media_type(endpoint: &Endpoint) -> Option<String> {
    endpoint.responses.values().flat_map(|r| r.content.keys()).find(|media| !media.contains('/')).cloned()
}

/// The first argument the driver sent whose value violates its own schema.
fn invalid_argument(endpoint: &Endpoint) -> Option<String> {
    // The values and their schemas are what is checked; the parameters' Rust names are not.
    let call = cloudflare_sdk_codegen::conformance::call(endpoint, &cloudflare_sdk_codegen::lower::tree::canonical_parameters(&endpoint.path)).ok()?;
    call.arguments.iter().find_map(|argument| {
        defect(&argument.schema, &endpoint.definitions, &argument.value, schema_check::Direction::Request).map(|defect| format!("the spec's value for the {} {defect}", argument.what))
    })
}

/// The JSON schema of the first success response, and the definitions it may refer to.
fn success_schema(endpoint: &Endpoint) -> Option<(Value, BTreeMap<String, Value>)> {
    let (_, response) = cloudflare_sdk_rules::status::success(&endpoint.responses)?;
    let (_, media) = response.content.iter().find(|(media, _)| cloudflare_sdk_rules::media::is_json(media))?;
    Some((media.schema.clone()?, endpoint.definitions.clone()))
}

/// A Prism problem document (`application/problem+json`).
struct Problem {
    summary: String,
    /// Where each validation message points: `body`, `query`, `response.body.result`, ...
    locations: Vec<String>,
    messages: Vec<String>,
}

impl Problem {
    /// From the body (a problem document, or the spec's own error example) and the
    /// `sl-violations` header.
    fn parse(body: &str, violations: Option<&str>) -> Problem {
        let problem = serde_json::from_str::<Value>(body).unwrap_or(Value::Null);
        let mut summary = [problem.get("title"), problem.get("detail")].into_iter().flatten().filter_map(Value::as_str).collect::<Vec<_>>().join(": ");
        if problem.get("title").is_none() {
            // Not a problem document: Prism answered with the spec's own error example.
            summary = match violations {
                Some(_) => "answered with the spec's error example".to_string(),
                None => body.chars().take(300).collect(),
            };
        }
        let from_header: Option<Value> = violations.and_then(|v| serde_json::from_str(v).ok());
        let items = problem.get("validation").and_then(Value::as_array).into_iter().flatten().chain(from_header.as_ref().and_then(Value::as_array).into_iter().flatten());
        let mut locations = Vec::new();
        let mut messages = Vec::new();
        for item in items {
            let location = item
                .get("location")
                .and_then(Value::as_array)
                .map(|l| l.iter().map(|p| p.as_str().map(str::to_string).unwrap_or_else(|| p.to_string())).collect::<Vec<_>>().join("."))
                .unwrap_or_default();
            messages.push(item.get("message").and_then(Value::as_str).unwrap_or("").to_string());
            locations.push(location);
        }
        if !messages.is_empty() {
            // Prism lists them in no fixed order, and sometimes twice.
            let mut details: Vec<String> = locations.iter().zip(&messages).map(|(l, m)| format!("{l}: {m}")).collect();
            details.sort();
            details.dedup();
            summary.push_str(&format!(" [{}]", details.join("; ")));
        }
        Problem { summary, locations, messages }
    }

    fn only_about_the_response(&self) -> bool {
        !self.locations.is_empty() && self.locations.iter().all(|l| l.starts_with("response"))
    }

    /// A property Prism says the request body lacks that the body schema marks read-only.
    fn read_only_required(&self, endpoint: &Endpoint) -> Option<String> {
        let body = endpoint.request_body.as_ref()?;
        let schemas: Vec<&Value> = body.content.values().filter_map(|m| m.schema.as_ref()).collect();
        self.messages.iter().find_map(|message| {
            let property = message.split("required property '").nth(1)?.split('\'').next()?;
            schemas.iter().any(|schema| schema_check::is_read_only(schema, property)).then(|| property.to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn endpoint() -> Endpoint {
        serde_json::from_value(json!({
            "operation_id": "things-get", "method": "get", "path": "/things/{id}", "tag": "Things",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "maxLength": 4, "example": "abcd"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"success": {"type": "boolean"}, "result": {"properties": {"name": {"type": "string"}}}}
            }}}}},
            "security": [{"api_token": []}],
        }))
        .unwrap()
    }

    fn record(outcome: &str, status: Option<u16>, body: Value) -> Record {
        Record { id: "things-get".into(), method: "GET".into(), outcome: outcome.into(), status, message: "decode failed".into(), body: Some(body.to_string()), violations: None }
    }

    #[test]
    fn a_body_that_satisfies_the_schema_but_does_not_decode_is_the_sdks() {
        let (culprit, finding) = triage(&record("undecoded", Some(200), json!({"success": true, "result": {"name": "x"}})), Mode::Static, Some(&endpoint()));
        assert_eq!(culprit, Culprit::Sdk);
        assert!(finding.accepted);
    }

    #[test]
    fn a_body_that_breaks_the_schema_or_needs_its_missing_type_is_the_specs() {
        let (culprit, finding) = triage(&record("undecoded", Some(200), json!({"success": "yes"})), Mode::Static, Some(&endpoint()));
        assert_eq!(culprit, Culprit::Spec, "{}", finding.text);
        let (culprit, finding) = triage(&record("undecoded", Some(200), json!({"success": true, "result": "on"})), Mode::Static, Some(&endpoint()));
        assert_eq!(culprit, Culprit::Spec, "{}", finding.text);
        assert!(finding.text.contains("leaves out `type`"), "{}", finding.text);
    }

    #[test]
    fn prism_refusing_its_own_random_answer_is_the_mocks_and_the_request_was_accepted() {
        let problem = json!({"title": "Request/Response not valid", "status": 500,
            "validation": [{"location": ["response", "body", "result"], "severity": "Error", "message": "must be object"}]});
        let (culprit, finding) = triage(&record("rejected", Some(500), problem), Mode::Dynamic, Some(&endpoint()));
        assert_eq!(culprit, Culprit::Mock);
        assert!(finding.accepted);
    }

    #[test]
    fn a_refused_request_is_the_sdks_unless_the_spec_value_was_invalid() {
        let problem = json!({"title": "Invalid request", "status": 422,
            "validation": [{"location": ["path", "id"], "severity": "Error", "message": "must match pattern"}]});
        let (culprit, finding) = triage(&record("rejected", Some(422), problem.clone()), Mode::Static, Some(&endpoint()));
        assert_eq!((culprit, finding.accepted), (Culprit::Sdk, false));

        let mut bad = endpoint();
        bad.parameters[0].schema = json!({"type": "string", "maxLength": 2, "example": "abcd"});
        let (culprit, finding) = triage(&record("rejected", Some(422), problem), Mode::Static, Some(&bad));
        assert_eq!(culprit, Culprit::Spec, "{}", finding.text);
    }
}
