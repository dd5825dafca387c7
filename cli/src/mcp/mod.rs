//! `cloudflare mcp`: the whole API for AI agents, as a Model Context Protocol server over
//! standard I/O (on the official Rust SDK, `rmcp`), with three tools over the operation table:
//! `search` (words to operations), `describe` (one operation's parameters and schemas) and
//! `call` (one operation, through the SDK, as the command line sends it).
//!
//! Safe by default ([`Policy`]): read-only unless started with `--allow-writes`, deletes only
//! with `--allow-deletes` too, `--groups` limits what it sees, `--dry-run` answers with the
//! request instead of sending it. Nothing it answers or logs holds a credential: the client is
//! the SDK's (whose errors never show one) and a dry run names where each credential comes
//! from.

mod call;
mod search;
mod tools;
mod transport;

use std::collections::BTreeSet;
use std::sync::Arc;

use rmcp::model::{CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::{json, Value};

use crate::catalog::Operation;
use crate::profile::Source;

pub use search::Index;

/// Answers longer than this many characters are cut, unless the server was told otherwise.
pub const DEFAULT_MAX_ANSWER_CHARS: usize = 50_000;
/// Pages `all_pages` walks at most, unless the server was told otherwise.
pub const DEFAULT_MAX_PAGES: u32 = 20;
/// Operations one `search` answers at most.
pub const SEARCH_LIMIT: usize = 20;

/// What the server may do: how it was started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub allow_writes: bool,
    pub allow_deletes: bool,
    /// The groups (the SDK's features: `dns-records`) it may search and call; all when `None`.
    pub groups: Option<BTreeSet<String>>,
    pub dry_run: bool,
    pub max_answer_chars: usize,
    pub max_pages: u32,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy { allow_writes: false, allow_deletes: false, groups: None, dry_run: false, max_answer_chars: DEFAULT_MAX_ANSWER_CHARS, max_pages: DEFAULT_MAX_PAGES }
    }
}

impl Policy {
    /// Whether `operation` is in the groups the server was given.
    pub fn sees(&self, operation: &Operation) -> bool {
        self.groups.as_ref().is_none_or(|groups| groups.contains(&operation.group))
    }

    /// Why `operation` may not be sent, naming the flag that allows it; `None` when it may.
    pub fn refusal(&self, operation: &Operation) -> Option<String> {
        let method = operation.method.to_uppercase();
        let what = format!("`{}` ({method} {})", operation.id, operation.path);
        if matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS") {
            return None;
        }
        let flags = match (method == "DELETE", self.allow_writes, self.allow_deletes) {
            (false, true, _) | (true, true, true) => return None,
            (false, false, _) => "--allow-writes",
            (true, false, false) => "--allow-writes --allow-deletes",
            (true, false, true) => "--allow-writes",
            (true, true, false) => "--allow-deletes",
        };
        let verb = if method == "DELETE" { "deletes" } else { "writes" };
        Some(format!("refused: {what} {verb}, and this server is read-only for it; start it with {flags} to allow it. Nothing was sent."))
    }

    /// The groups named that the table does not have.
    pub fn unknown_groups(&self, operations: &[Operation]) -> Vec<String> {
        let known: BTreeSet<&str> = operations.iter().map(|o| o.group.as_str()).collect();
        self.groups.iter().flatten().filter(|g| !known.contains(g.as_str())).cloned().collect()
    }
}

/// The server: the table, its index, the policy and the credentials.
pub struct Server {
    operations: Arc<Vec<Operation>>,
    index: Arc<Index>,
    policy: Policy,
    source: Arc<Source>,
    parts: Arc<call::Parts>,
}

impl Server {
    pub fn new(operations: Vec<Operation>, policy: Policy, source: Source) -> Server {
        let index = Index::new(&operations);
        Server { operations: Arc::new(operations), index: Arc::new(index), policy, source: Arc::new(source), parts: Default::default() }
    }

    /// Serves on standard input and output until the client goes away.
    pub async fn serve_stdio(self) -> Result<(), String> {
        let (streams, written) = transport::relay(tokio::io::stdin(), tokio::io::stdout());
        let running = self.serve(streams).await.map_err(|e| format!("cannot start the MCP server: {e}"))?;
        let served = running.waiting().await.map(|_| ()).map_err(|e| format!("the MCP server stopped: {e}"));
        // Every answer written before the process ends.
        let _ = written.await;
        served
    }

    /// The operation `name` names: its operation id or its call (as in `generated/api.txt`),
    /// among those the policy lets it see.
    fn find(&self, name: &str) -> Result<&Operation, String> {
        let name = name.trim();
        let found = self.operations.iter().find(|o| o.id == name || o.call == name).or_else(|| self.operations.iter().find(|o| o.id.eq_ignore_ascii_case(name)));
        match found {
            Some(operation) if self.policy.sees(operation) => Ok(operation),
            Some(operation) => Err(format!("`{name}` is in the group `{}`, which this server was not given (--groups)", operation.group)),
            None => {
                let near: Vec<String> =
                    self.index.search(&self.operations, name, 5, |o| self.policy.sees(o)).into_iter().map(|i| format!("{} ({})", self.operations[i].id, self.operations[i].call)).collect();
                Err(format!("no operation `{name}`: give an operation id or a call from `search`. Near: {}", if near.is_empty() { "none".into() } else { near.join(", ") }))
            }
        }
    }

    fn search(&self, arguments: &Value) -> Result<Value, String> {
        let query = arguments.get("query").and_then(Value::as_str).ok_or("`query` (words) is required")?;
        let group = arguments.get("group").and_then(Value::as_str).filter(|g| !g.is_empty());
        if let Some(group) = group {
            if !self.operations.iter().any(|o| o.group == group) {
                let mut groups: Vec<&str> = self.operations.iter().filter(|o| self.policy.sees(o)).map(|o| o.group.as_str()).collect();
                groups.dedup();
                return Err(format!("no group `{group}`; groups: {}", groups.join(", ")));
            }
        }
        let keep = |o: &Operation| self.policy.sees(o) && group.is_none_or(|g| o.group == g);
        let found = self.index.search(&self.operations, query, SEARCH_LIMIT, keep);
        let operations: Vec<Value> = found
            .into_iter()
            .map(|i| {
                let o = &self.operations[i];
                json!({"operation": o.id, "call": o.call, "method": o.method, "path": o.path, "summary": o.summary, "group": o.group, "token_permissions": o.token_groups})
            })
            .collect();
        Ok(json!({ "operations": operations }))
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(rmcp::model::Implementation::new("cloudflare", env!("CARGO_PKG_VERSION")))
            .with_instructions(tools::INSTRUCTIONS)
    }

    async fn list_tools(&self, _request: Option<PaginatedRequestParams>, _context: RequestContext<RoleServer>) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools::all()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        tools::all().into_iter().find(|t| t.name == name)
    }

    async fn call_tool(&self, request: CallToolRequestParams, _context: RequestContext<RoleServer>) -> Result<CallToolResponse, ErrorData> {
        let arguments = Value::Object(request.arguments.unwrap_or_default());
        let answer = match request.name.as_ref() {
            "search" => self.search(&arguments).map(|v| text(&v)),
            "describe" => arguments.get("operation").and_then(Value::as_str).ok_or_else(|| "`operation` is required".to_string()).and_then(|name| self.find(name)).map(|o| self.describe(o)),
            "call" => return Ok(self.call(&arguments).await.into()),
            other => return Err(ErrorData::invalid_params(format!("no tool `{other}`: the tools are search, describe and call"), None)),
        };
        Ok(match answer {
            Ok(text) => CallToolResult::success(vec![ContentBlock::text(text)]),
            Err(message) => CallToolResult::error(vec![ContentBlock::text(message)]),
        }
        .into())
    }
}

/// A JSON value as the text of an answer: compact, since agents pay for every character.
fn text(value: &Value) -> String {
    serde_json::to_string(value).expect("JSON values serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(method: &str) -> Operation {
        let mut operation = crate::catalog::load().remove(0);
        operation.method = method.into();
        operation
    }

    #[test]
    fn reads_are_always_allowed_writes_need_allow_writes_and_deletes_both_flags() {
        let policy = |allow_writes, allow_deletes| Policy { allow_writes, allow_deletes, ..Policy::default() };
        let refused = |p: &Policy, method: &str| p.refusal(&operation(method));
        for p in [policy(false, false), policy(true, true)] {
            assert_eq!(refused(&p, "GET"), None);
        }
        assert!(refused(&policy(false, false), "POST").is_some_and(|m| m.contains("start it with --allow-writes to")));
        assert_eq!(refused(&policy(true, false), "PATCH"), None);
        assert!(refused(&policy(false, false), "DELETE").is_some_and(|m| m.contains("start it with --allow-writes --allow-deletes")));
        assert!(refused(&policy(true, false), "DELETE").is_some_and(|m| m.contains("start it with --allow-deletes")));
        assert!(refused(&policy(false, true), "DELETE").is_some_and(|m| m.contains("start it with --allow-writes to")));
        assert_eq!(refused(&policy(true, true), "DELETE"), None);
    }

    #[test]
    fn groups_limit_what_the_server_sees_and_unknown_ones_are_named() {
        let policy = Policy { groups: Some(["zones".to_string(), "nope".to_string()].into()), ..Policy::default() };
        let operations = crate::catalog::load();
        assert!(operations.iter().filter(|o| policy.sees(o)).all(|o| o.group == "zones"));
        assert!(operations.iter().any(|o| policy.sees(o)));
        assert_eq!(policy.unknown_groups(&operations), ["nope"]);
    }
}
