//! `cloudflare`: every operation of the Cloudflare v4 API as a command.
//!
//! Table-driven: `operations.json` (written by `cargo xtask generate` from the lowered spec)
//! describes each operation; one generic path builds its command, reads its flags and sends it
//! through the SDK's raw call, with the SDK's credentials, retries, timeouts and errors.
//!
//! Exit codes: 0 done, 1 the API (or the network) failed, 2 the command line is wrong or
//! a confirmation was refused.

mod commands;
mod output;
mod request;
mod yaml;

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::ArgMatches;
use cloudflare_sdk_rules::Pagination;
use futures::StreamExt;
use serde_json::Value;

use cloudflare_cli::catalog::{self, Operation};
use cloudflare_cli::plan::{Plan, Usage};
use cloudflare_cli::profile;
use commands::Node;
use output::Format;

/// An API or network failure.
const EXIT_API: u8 = 1;
/// A usage error.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let operations = catalog::load();
    let root = Node::tree(&operations);
    // A shell asking for completions passes the words typed so far after `--`.
    let completing = std::env::var_os(commands::COMPLETE_VARIABLE).is_some_and(|v| !v.is_empty() && v != "0");
    let typed = match args.iter().position(|a| a == "--") {
        Some(at) if completing => &args[at + 1..],
        _ => &args[..],
    };
    let detailed = commands::target(&root, typed);
    clap_complete::CompleteEnv::with_factory(|| commands::command(&operations, &root, detailed)).var(commands::COMPLETE_VARIABLE).complete();
    let mut cli = commands::command(&operations, &root, detailed);
    let matches = match cli.try_get_matches_from_mut(&args) {
        Ok(matches) => matches,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let result = match matches.subcommand() {
        Some(("completions", sub)) => {
            let shell: &String = sub.get_one("shell").expect("required");
            // The registration script is what the completion engine prints when asked with
            // no words typed.
            std::env::set_var(commands::COMPLETE_VARIABLE, shell);
            let bin = args.first().cloned().unwrap_or_else(|| "cloudflare".into());
            let written = clap_complete::CompleteEnv::with_factory(|| commands::command(&operations, &root, None)).var(commands::COMPLETE_VARIABLE).try_complete([bin], None);
            written.map(|_| ()).map_err(|e| (EXIT_API, format!("error: {e}\n")))
        }
        Some(("search", sub)) => {
            let words: Vec<String> = sub.get_many::<String>("words").expect("required").map(|w| w.to_lowercase()).collect();
            search(&operations, &words);
            Ok(())
        }
        Some(("mcp", sub)) => mcp(operations, sub),
        Some(("api", sub)) => request::of_api(sub).map_err(usage).and_then(|plan| run(sub, &plan, None)),
        _ => {
            let (index, chain) = operation_of(&matches, &root);
            let operation = &operations[index];
            request::of_operation(operation, &chain).map_err(usage).and_then(|plan| run(chain.last().expect("a leaf"), &plan, Some(operation)))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprint!("{message}");
            ExitCode::from(code)
        }
    }
}

type Failure = (u8, String);

fn usage(Usage(message): Usage) -> Failure {
    (EXIT_USAGE, format!("error: {message}\n"))
}

/// The operation a parsed command line names, and the matches of each of its words.
fn operation_of<'a>(matches: &'a ArgMatches, root: &Node) -> (usize, Vec<&'a ArgMatches>) {
    let mut node = root;
    let mut chain = Vec::new();
    let mut current = matches;
    while let Some((word, sub)) = current.subcommand() {
        node = &node.children[word];
        chain.push(sub);
        current = sub;
    }
    (node.operation.expect("clap requires a subcommand until a verb"), chain)
}

/// `cloudflare mcp`: serves until the client goes away.
fn mcp(operations: Vec<Operation>, matches: &ArgMatches) -> Result<(), Failure> {
    let source = profile::Source::choose(matches.get_one::<String>("profile").map(String::as_str)).map_err(|m| (EXIT_USAGE, format!("error: {m}\n")))?;
    let groups = matches.get_many::<String>("groups").map(|g| g.cloned().collect()).or_else(|| source.groups().map(|g| g.iter().cloned().collect()));
    let policy = cloudflare_cli::mcp::Policy {
        allow_writes: matches.get_flag("allow-writes"),
        allow_deletes: matches.get_flag("allow-deletes"),
        groups,
        dry_run: matches.get_flag("dry-run"),
        max_answer_chars: *matches.get_one("max-answer-chars").expect("a default"),
        max_pages: *matches.get_one("max-pages").expect("a default"),
    };
    let unknown = policy.unknown_groups(&operations);
    if !unknown.is_empty() {
        return Err((EXIT_USAGE, format!("error: no group {}; the groups are the SDK's features (`dns-records`, `zones`, ...)\n", unknown.join(", "))));
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| (EXIT_API, format!("error: cannot start the runtime: {e}\n")))?;
    runtime.block_on(cloudflare_cli::mcp::Server::new(operations, policy, source).serve_stdio()).map_err(|m| (EXIT_API, format!("error: {m}\n")))
}

/// Lists the commands whose operation mentions every word.
fn search(operations: &[Operation], words: &[String]) {
    let mut out = String::new();
    for operation in operations {
        let line = operation.command_line();
        let text = format!("{line} {} {} {} {}", operation.id, operation.path, operation.summary.as_deref().unwrap_or_default(), operation.method).to_lowercase();
        if words.iter().all(|w| text.contains(w.as_str())) {
            out.push_str(&format!("{line}\n    {} {}  {}\n", operation.method.to_uppercase(), operation.path, operation.summary.as_deref().unwrap_or_default()));
        }
    }
    let _ = output::write_stdout(out.as_bytes());
}

/// Shows, confirms and sends one command's request, and prints the answer.
/// `leaf`: the command's matches, which hold the global flags too.
fn run(leaf: &ArgMatches, plan: &Plan, operation: Option<&Operation>) -> Result<(), Failure> {
    let source = profile::Source::choose(leaf.get_one::<String>("profile").map(String::as_str)).map_err(|m| (EXIT_USAGE, format!("error: {m}\n")))?;
    let described = format!("{} /{}", plan.method, plan.segments.join("/"));
    if leaf.get_flag("dry-run") {
        let text = plan.curl(&source.base_url(), &source.auth_headers()) + "\n";
        return output::write_stdout(text.as_bytes()).map_err(|m| (EXIT_API, m));
    }
    if plan.method == reqwest::Method::DELETE || operation.is_some_and(Operation::is_destructive) {
        confirm(&described, leaf.get_flag("yes"))?;
    }
    let client = source.client().map_err(|e| (exit_code(&e), output::report(&e, &described)))?;
    let format = Format::parse(leaf.get_one::<String>("output"));
    let columns = operation.map(|o| o.columns.as_slice()).unwrap_or_default();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| (EXIT_API, format!("error: cannot start the runtime: {e}\n")))?;
    let failed = |e: cloudflare_sdk::Error| (exit_code(&e), output::report(&e, &described));
    runtime.block_on(async {
        let walk = leaf.try_get_one::<bool>("all").ok().flatten().copied().unwrap_or(false);
        match operation {
            Some(operation) if walk => walk_pages(&client, plan, operation, leaf.get_one::<u32>("max-pages").copied(), format).await,
            Some(operation) if operation.output == "envelope" => {
                let answer = plan.raw(&client, &[]).send_optional::<Value>().await.map_err(failed)?;
                output::print(answer.result().as_ref().unwrap_or(&Value::Null), format, columns).map_err(|m| (EXIT_API, m))
            }
            // An operation answering otherwise, or a path of `cloudflare api`, which may answer
            // with the envelope or not: shown as it came, JSON as JSON.
            _ => {
                let answer = plan.raw(&client, &[]).send_bytes().await.map_err(failed)?;
                let bytes = operation.is_none_or(|o| o.output == "json");
                match serde_json::from_slice::<Value>(answer.body()) {
                    Ok(json) if bytes => {
                        let shown = if operation.is_none() { envelope_result(json).map_err(|message| (EXIT_API, format!("error: {described}: {message}\n")))? } else { json };
                        output::print(&shown, format, columns).map_err(|m| (EXIT_API, m))
                    }
                    _ => output::write_stdout(answer.body()).map_err(|m| (EXIT_API, m)),
                }
            }
        }
    })
}

/// An envelope's `result` (a failure when it says `success: false`); other JSON as it is.
fn envelope_result(json: Value) -> Result<Value, String> {
    let Value::Object(mut object) = json else { return Ok(json) };
    if !cloudflare_sdk_rules::envelope::is_envelope(|key| object.contains_key(key)) {
        return Ok(Value::Object(object));
    }
    if object.get("success") == Some(&Value::Bool(false)) {
        let errors: Vec<String> = object["errors"].as_array().into_iter().flatten().map(|e| format!("  [{}] {}", e["code"], e["message"].as_str().unwrap_or_default())).collect();
        return Err(format!("the answer says it failed\n{}", errors.join("\n")));
    }
    Ok(object.remove("result").unwrap_or(Value::Null))
}

/// 2 for what the command line got wrong (an empty path argument, no credentials), 1 for the
/// rest.
fn exit_code(error: &cloudflare_sdk::Error) -> u8 {
    match error {
        cloudflare_sdk::Error::InvalidRequest { .. } | cloudflare_sdk::Error::Config(_) => EXIT_USAGE,
        _ => EXIT_API,
    }
}

/// Asks on the terminal before a command that deletes; without a terminal, `--yes` is needed.
fn confirm(described: &str, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err((EXIT_USAGE, format!("error: {described} deletes; not on a terminal to confirm, so it needs --yes\n")));
    }
    eprint!("{described} deletes. Go on? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    match answer.trim().to_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err((EXIT_USAGE, "not confirmed; nothing was sent\n".to_string())),
    }
}

/// `--all`: every page, each item printed as it comes (one JSON per line), or the whole list
/// at the end for a table or YAML; a progress line on a terminal's standard error.
async fn walk_pages(client: &cloudflare_sdk::Client, plan: &Plan, operation: &Operation, max_pages: Option<u32>, format: Format) -> Result<(), Failure> {
    use cloudflare_sdk::pagination::Paginator;
    let described = format!("{} /{}", plan.method, plan.segments.join("/"));
    let fetch = |position: (&'static str, String)| plan.raw(client, &[position]).send::<Vec<Value>>();
    let mut paginator = match operation.pagination.unwrap_or(Pagination::Page) {
        Pagination::Cursor => Paginator::by_cursor(move |cursor: Option<String>| match cursor {
            Some(cursor) => fetch((Pagination::Cursor.query_parameter(), cursor)),
            None => plan.raw(client, &[]).send::<Vec<Value>>(),
        }),
        Pagination::Offset => Paginator::by_offset(move |offset| fetch((Pagination::Offset.query_parameter(), offset.to_string()))),
        Pagination::Page => Paginator::by_page(move |page| fetch((Pagination::Page.query_parameter(), page.to_string()))),
    };
    if let Some(pages) = max_pages {
        paginator = paginator.max_pages(pages);
    }
    // On a terminal's standard error, while the items go elsewhere (a file, a pipe).
    let progress = std::io::stderr().is_terminal() && !std::io::stdout().is_terminal();
    let mut pages = paginator.pages();
    let (mut count, mut items, mut collected) = (0u32, 0usize, Vec::new());
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            if progress {
                eprintln!();
            }
            (exit_code(&e), output::report(&e, &described))
        })?;
        count += 1;
        items += page.result().len();
        if format == Format::Json {
            let mut text = String::new();
            for item in page.result() {
                text.push_str(&serde_json::to_string(item).expect("JSON values serialise"));
                text.push('\n');
            }
            output::write_stdout(text.as_bytes()).map_err(|m| (EXIT_API, m))?;
        } else {
            collected.extend(page.into_result());
        }
        if progress {
            eprint!("\r{count} page{}, {items} item{}", if count == 1 { "" } else { "s" }, if items == 1 { "" } else { "s" });
        }
    }
    if progress {
        eprintln!();
    }
    if format != Format::Json {
        output::print(&Value::Array(collected), format, &operation.columns).map_err(|m| (EXIT_API, m))?;
    }
    Ok(())
}
