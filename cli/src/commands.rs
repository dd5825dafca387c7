//! The command tree: one command per operation, following the SDK's resource tree, made at
//! run time from the table with clap's builder API. Only the command a user runs gets its
//! flags (thousands of operations, one of them asked for): the others are a name and a line.

use std::collections::BTreeMap;
use std::ffi::OsString;

use clap::{Arg, ArgAction, Command};

use cloudflare_cli::catalog::{kebab, Field, Operation};

/// The id of the positional argument of a handle or verb.
pub const ARG: &str = "arg";
/// Flags of every command, which no parameter may take.
pub const GLOBAL_FLAGS: [&str; 4] = ["output", "profile", "dry-run", "yes"];
/// Flags of operation commands, which no parameter may take either.
pub const OPERATION_FLAGS: [&str; 6] = ["body", "form", "all", "max-pages", "query", "help"];

/// The shells `completions` registers with.
pub const SHELLS: [&str; 5] = ["bash", "elvish", "fish", "powershell", "zsh"];

/// The variable that asks the binary for completions instead of running a command.
pub const COMPLETE_VARIABLE: &str = "COMPLETE";

/// A handle or verb of the tree.
#[derive(Debug, Default)]
pub struct Node {
    /// The path parameter it takes, as first seen.
    pub arg: Option<String>,
    pub children: BTreeMap<String, Node>,
    /// The operation, for a verb.
    pub operation: Option<usize>,
}

impl Node {
    /// The tree of `operations`.
    pub fn tree(operations: &[Operation]) -> Node {
        let mut root = Node::default();
        for (index, operation) in operations.iter().enumerate() {
            let mut node = &mut root;
            for word in operation.words() {
                node = node.children.entry(word.word).or_default();
                if node.arg.is_none() {
                    node.arg = word.arg;
                }
            }
            node.operation = Some(index);
        }
        root
    }

    fn operations_below(&self) -> usize {
        usize::from(self.operation.is_some()) + self.children.values().map(Node::operations_below).sum::<usize>()
    }
}

/// The operation `args` names, found by walking the tree word by word (a handle's argument
/// is the word after it; flags and their values are skipped).
pub fn target(root: &Node, args: &[OsString]) -> Option<usize> {
    let mut node = root;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            return None;
        }
        if let Some(flag) = word.strip_prefix("--") {
            if !flag.contains('=') && ["output", "profile"].contains(&flag) {
                words.next();
            }
            continue;
        }
        if word == "-o" {
            words.next();
            continue;
        }
        if word.starts_with('-') {
            continue;
        }
        let Some(child) = node.children.get(word.as_ref()) else { continue };
        node = child;
        if let Some(index) = node.operation {
            return Some(index);
        }
        if node.arg.is_some() {
            words.next();
        }
    }
    None
}

/// The whole command line interface.
/// `detailed`: the operation whose command gets its flags and long help (the one being run).
pub fn command(operations: &[Operation], root: &Node, detailed: Option<usize>) -> Command {
    let mut cli = Command::new("cloudflare")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Every operation of the Cloudflare v4 API as a command")
        .long_about(
            "Every operation of the Cloudflare v4 API as a command, following the resource tree of the cloudflare-sdk crate: \
             `zone(zone_id).dns_records().list()` is `cloudflare zone <ZONE_ID> dns-records list`.\n\n\
             Credentials come from CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY), or from a profile of \
             $XDG_CONFIG_HOME/cloudflare/config.toml chosen with --profile.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .next_help_heading("Global options")
        .next_display_order(1000)
        .arg(Arg::new("output").long("output").short('o').global(true).value_parser(["json", "yaml", "table"]).help("How to print the answer [default: json, pretty on a terminal]"))
        .arg(Arg::new("profile").long("profile").global(true).env("CLOUDFLARE_PROFILE").help("The profile of config.toml whose credentials to use"))
        .arg(Arg::new("dry-run").long("dry-run").global(true).action(ArgAction::SetTrue).help("Print the request as a curl command (credentials redacted) and send nothing"))
        .arg(Arg::new("yes").long("yes").short('y').global(true).action(ArgAction::SetTrue).help("Run a command that deletes without asking"));
    for (word, node) in &root.children {
        cli = cli.subcommand(node_command(word, node, operations, detailed));
    }
    cli.subcommand(
        Command::new("api")
            .about("Call any path below the API root, as the SDK's raw call does")
            .arg(Arg::new("method").required(true).value_parser(["GET", "POST", "PUT", "PATCH", "DELETE", "get", "post", "put", "patch", "delete"]).help("The HTTP method"))
            .arg(Arg::new("path").required(true).help("The path below the API root: /zones/<ZONE_ID>/dns_records"))
            .arg(body_arg())
            .arg(query_arg()),
    )
    .subcommand(Command::new("search").about("List the commands whose operation matches every one of the words").arg(Arg::new("words").required(true).num_args(1..)))
    .subcommand(mcp_command())
    .subcommand(
        Command::new("completions")
            .about("Print the script that registers completions with a shell: `source <(cloudflare completions bash)`")
            .long_about(
                "Print the script that registers completions with a shell, e.g. `source <(cloudflare completions bash)` in ~/.bashrc. \
                 The shell then asks `cloudflare` itself for the commands and flags that fit what is typed.",
            )
            .arg(Arg::new("shell").required(true).value_parser(SHELLS)),
    )
}

/// `cloudflare mcp`: the server for AI agents ([`cloudflare_cli::mcp`]).
fn mcp_command() -> Command {
    Command::new("mcp")
        .about("Serve the whole API to AI agents: a Model Context Protocol server on standard I/O (read-only unless told)")
        .long_about(
            "Serve the whole API to AI agents: a Model Context Protocol server on standard input and output, with three tools \
             (search, describe, call) over every operation. Read-only unless started with --allow-writes; deletes also need \
             --allow-deletes. Credentials as for every command (the environment, or --profile).",
        )
        .arg(Arg::new("allow-writes").long("allow-writes").action(ArgAction::SetTrue).help("Let `call` send operations that write (POST, PUT, PATCH)"))
        .arg(Arg::new("allow-deletes").long("allow-deletes").action(ArgAction::SetTrue).help("Let `call` send deletes too (with --allow-writes)"))
        .arg(Arg::new("groups").long("groups").value_delimiter(',').num_args(1..).help("Only these groups (the SDK's features: dns-records,zones); a profile's `groups` otherwise"))
        .arg(
            Arg::new("max-answer-chars")
                .long("max-answer-chars")
                .value_parser(clap::value_parser!(usize))
                .default_value(cloudflare_cli::mcp::DEFAULT_MAX_ANSWER_CHARS.to_string())
                .help("Cut longer answers, with a way to get the rest"),
        )
        .arg(Arg::new("max-pages").long("max-pages").value_parser(clap::value_parser!(u32)).default_value(cloudflare_cli::mcp::DEFAULT_MAX_PAGES.to_string()).help("Pages `all_pages` walks at most"))
}

fn node_command(word: &str, node: &Node, operations: &[Operation], detailed: Option<usize>) -> Command {
    let mut command = Command::new(word.to_string());
    if let Some(arg) = &node.arg {
        command = command.arg(Arg::new(ARG).value_name(arg.to_uppercase()).required(true).help(format!("The {}", arg.replace('_', " "))));
    }
    if let Some(index) = node.operation {
        let operation = &operations[index];
        command = command.about(operation.summary.clone().unwrap_or_else(|| operation.id.clone()));
        if detailed == Some(index) {
            command = operation_details(command, operation);
        }
        return command;
    }
    let count = node.operations_below();
    command = command.about(format!("{count} operation{}", if count == 1 { "" } else { "s" })).subcommand_required(true).arg_required_else_help(true);
    for (word, child) in &node.children {
        command = command.subcommand(node_command(word, child, operations, detailed));
    }
    command
}

/// What `--help` says of an operation, and its flags.
fn operation_details(mut command: Command, operation: &Operation) -> Command {
    if let Some(description) = &operation.description {
        let summary = operation.summary.as_deref().unwrap_or(&operation.id);
        command = command.long_about(format!("{summary}\n\n{description}"));
    }
    command = command.after_help(facts(operation)).override_usage(format!("{} [OPTIONS]", operation.command_line()));
    let mut taken: Vec<String> = GLOBAL_FLAGS.iter().chain(&OPERATION_FLAGS).map(|f| f.to_string()).collect();
    for field in &operation.path_flags {
        let flag = free_flag(&field.name, "path", &mut taken);
        command = command.arg(field_arg(field, &flag, "p:").required(true));
    }
    for field in &operation.query {
        let flag = free_flag(&field.name, "query", &mut taken);
        command = command.arg(field_arg(field, &flag, "q:").required(field.required));
    }
    if let Some(body) = &operation.body {
        let what = if body.is_json() {
            "The JSON body: the text itself, @FILE, or @- for standard input".to_string()
        } else {
            format!("The body ({}): @FILE, @- for standard input, or the text itself", body.media_type)
        };
        command = command.arg(body_arg().help(what));
        if body.is_multipart() {
            command = command.arg(
                Arg::new("form")
                    .long("form")
                    .short('F')
                    .value_name("NAME=VALUE|NAME=@FILE[;type=TYPE]")
                    .action(ArgAction::Append)
                    .conflicts_with("body")
                    .help("A part of the multipart body, as curl's -F: a text field, or a file (repeatable)"),
            );
        }
        for field in &body.fields {
            let flag = free_flag(&field.name, "body", &mut taken);
            command = command.arg(field_arg(field, &flag, "b:").help_heading("Body fields"));
        }
    }
    if operation.pagination.is_some() {
        command = command
            .arg(Arg::new("all").long("all").action(ArgAction::SetTrue).help("Walk every page, printing one item per line (NDJSON)"))
            .arg(Arg::new("max-pages").long("max-pages").requires("all").value_parser(clap::value_parser!(u32).range(1..)).help("Stop the walk after this many pages"));
    }
    command.arg(query_arg())
}

/// The flag of a parameter or field: its name in kebab case, or when another flag has that,
/// `prefix-` before it (then a number after it), so that no two flags clash.
fn free_flag(name: &str, prefix: &str, taken: &mut Vec<String>) -> String {
    let flag = kebab(name);
    let prefixed = format!("{prefix}-{flag}");
    let candidates = std::iter::once(flag).chain(std::iter::once(prefixed.clone())).chain((2..).map(|n| format!("{prefixed}-{n}")));
    let free = candidates.into_iter().find(|c| !taken.contains(c)).expect("an endless list has a free name");
    taken.push(free.clone());
    free
}

/// The method and path, the operation id, permissions and plans.
pub fn facts(operation: &Operation) -> String {
    let mut out = format!("Request:      {} {}\nOperation:    {}", operation.method.to_uppercase(), operation.path, operation.id);
    let lines = [
        ("Permissions: ", operation.permissions.join(", ")),
        ("Token groups:", operation.token_groups.join(", ")),
        ("Plans:       ", operation.plans.join(", ")),
        ("Stability:   ", operation.stability.clone().unwrap_or_default()),
        ("Deprecated:  ", if operation.deprecated { "yes".into() } else { String::new() }),
        ("Destructive: ", if operation.is_destructive() { "yes: asks for confirmation, or --yes".into() } else { String::new() }),
    ];
    for (label, value) in lines {
        if !value.is_empty() {
            out.push_str(&format!("\n{label} {value}"));
        }
    }
    out
}

/// A flag for a query parameter or body field; its id is `prefix` + the field's name.
fn field_arg(field: &Field, flag: &str, prefix: &str) -> Arg {
    let mut arg = Arg::new(format!("{prefix}{}", field.name)).long(flag.to_string()).value_name(flag.to_uppercase().replace('-', "_"));
    if let Some(description) = &field.description {
        arg = arg.help(description.clone());
    }
    let kind = field.kind.as_deref().unwrap_or("string");
    let element = if kind == "array" { field.items.as_deref().unwrap_or("string") } else { kind };
    arg = match element {
        _ if !field.values.is_empty() => arg.value_parser(clap::builder::PossibleValuesParser::new(field.values.clone())),
        "integer" => arg.value_parser(clap::value_parser!(i64)),
        "number" => arg.value_parser(clap::value_parser!(f64)),
        "boolean" => arg.value_parser(clap::value_parser!(bool)).num_args(0..=1).default_missing_value("true"),
        _ => arg,
    };
    if kind == "array" {
        arg = arg.action(ArgAction::Append);
    }
    arg
}

fn body_arg() -> Arg {
    Arg::new("body").long("body").value_name("JSON|@FILE|@-").help("The JSON body: the text itself, @FILE, or @- for standard input")
}

fn query_arg() -> Arg {
    Arg::new("query").long("query").value_name("NAME=VALUE").action(ArgAction::Append).help("A query parameter to add as is (repeatable)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudflare_cli::catalog;

    /// The calls of `generated/api.txt`'s operation lines.
    fn api_calls() -> Vec<String> {
        let api = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../generated/api.txt")).expect("generated/api.txt");
        let operations = api.split("\n## Types").next().unwrap_or_default();
        operations.lines().filter(|l| !l.starts_with(['#', ' ']) && l.contains(" -> ")).map(|l| l.split(" -> ").next().unwrap_or_default().to_string()).collect()
    }

    #[test]
    fn every_operation_of_api_txt_has_exactly_one_command() {
        let operations = catalog::load();
        let root = Node::tree(&operations);
        let cli = command(&operations, &root, None);
        let calls = api_calls();
        assert_eq!(calls.len(), operations.len(), "api.txt and operations.json list as many operations");
        assert_eq!(root.operations_below(), operations.len(), "no two operations share a command");
        for call in &calls {
            let found: Vec<usize> = (0..operations.len()).filter(|&i| operations[i].call == *call).collect();
            assert_eq!(found.len(), 1, "{call}: {} entries in operations.json", found.len());
            let operation = &operations[found[0]];
            let mut command = &cli;
            let mut node = &root;
            let mut args = vec![OsString::from("cloudflare")];
            let words = operation.words();
            for (i, word) in words.iter().enumerate() {
                command = command.find_subcommand(&word.word).unwrap_or_else(|| panic!("{call}: no command `{}` below `{}`", word.word, command.get_name()));
                node = &node.children[&word.word];
                assert_eq!(command.get_positionals().count(), usize::from(word.arg.is_some()), "{call}: `{}` takes its argument", word.word);
                args.push(word.word.clone().into());
                if word.arg.is_some() {
                    // An argument that is also a word of the tree is still an argument.
                    let next = words.get(i + 1).map(|w| w.word.as_str());
                    args.push(node.children.keys().find(|k| Some(k.as_str()) != next).map_or("X", String::as_str).into());
                }
            }
            assert!(command.get_subcommands().next().is_none(), "{call}: its verb is a command of its own");
            assert_eq!(target(&root, &args), Some(found[0]), "{call}: the words lead to it");
        }
    }

    /// clap checks a command's arguments (ids, long names, value parsers) when it is built in
    /// a debug build, and panics on a clash: every operation's command must pass.
    #[test]
    fn every_operations_command_is_valid() {
        for operation in catalog::load() {
            // The whole command line, with its global flags, holding this one operation.
            let alone = [operation];
            let cli = command(&alone, &Node::tree(&alone), Some(0));
            let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cli.debug_assert()));
            assert!(built.is_ok(), "{}: its command does not build", alone[0].call);
        }
    }

    #[test]
    fn a_parameter_whose_flag_is_taken_gets_a_prefix() {
        let mut operation = catalog::load().remove(0);
        let field = |name: &str| catalog::Field { name: name.into(), kind: Some("string".into()), items: None, values: vec![], required: false, description: None };
        operation.query = vec![field("output"), field("name")];
        operation.body = Some(catalog::Body { media_type: "application/json".into(), required: false, fields: vec![field("name"), field("comment")] });
        let command = operation_details(Command::new("x"), &operation);
        let flags: Vec<&str> = command.get_arguments().filter_map(|a| a.get_long()).collect();
        assert_eq!(flags, ["query-output", "name", "body", "body-name", "comment", "query"]);
        operation.query = vec![field("a.b"), field("a_b"), field("a-b")];
        operation.body = Some(catalog::Body { media_type: "application/json".into(), required: false, fields: vec![field("a b")] });
        let command = operation_details(Command::new("x"), &operation);
        let flags: Vec<&str> = command.get_arguments().filter_map(|a| a.get_long()).collect();
        assert_eq!(flags, ["a-b", "query-a-b", "query-a-b-2", "body", "body-a-b", "query"]);
    }
}
