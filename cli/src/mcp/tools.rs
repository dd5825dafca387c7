//! The three tools' definitions: their names and arguments are an interface (agents and their
//! configurations name them); their words are few, since an agent reads them on every turn.

use rmcp::model::{Tool, ToolAnnotations};
use serde_json::{json, Value};

/// What the server tells a client about itself when it starts.
pub const INSTRUCTIONS: &str = "The Cloudflare v4 API. Find an operation with `search`, read its parameters and body schema with `describe`, send it with `call`.";

pub fn all() -> Vec<Tool> {
    vec![
        Tool::new(
            "search",
            "Find Cloudflare API operations by words (and optionally a group): best first, at most 20, each with its operation id, call, method, path, summary, group and the token permissions it needs.",
            object(json!({
                "query": {"type": "string", "description": "Words, e.g. \"dns records\""},
                "group": {"type": "string", "description": "Only this group, e.g. \"dns-records\""}
            }), &["query"]),
        )
        .annotate(ToolAnnotations::new().read_only(true)),
        Tool::new(
            "describe",
            "One operation: path and query parameters, body JSON Schema, result JSON Schema, pagination, whether it streams, and an example `call`.",
            object(json!({
                "operation": {"type": "string", "description": "Operation id or call, from `search`"}
            }), &["operation"]),
        )
        .annotate(ToolAnnotations::new().read_only(true)),
        Tool::new(
            "call",
            "Send one operation. Answers its result as JSON (long answers are cut, with how to get the rest). Writes and deletes need the server's --allow-writes / --allow-deletes.",
            object(json!({
                "operation": {"type": "string", "description": "Operation id or call"},
                "params": {"type": "object", "description": "Path and query parameters by name, e.g. {\"zone_id\": \"...\", \"per_page\": 50}"},
                "body": {"description": "The request body (JSON), as `describe` gives its schema"},
                "all_pages": {"type": "boolean", "description": "Walk every page of a list (up to the server's limit)"}
            }), &["operation", "params"]),
        )
        .annotate(ToolAnnotations::new().destructive(true)),
    ]
}

fn object(properties: Value, required: &[&str]) -> serde_json::Map<String, Value> {
    let Value::Object(schema) = json!({"type": "object", "properties": properties, "required": required}) else { unreachable!("a JSON object") };
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README gives this figure; agents pay it on every turn.
    #[test]
    fn the_tool_definitions_stay_under_2000_tokens() {
        let text = serde_json::to_string(&all()).unwrap();
        // The rule of thumb for English and JSON: 4 characters a token.
        let tokens = text.chars().count().div_ceil(4);
        assert!(tokens < 2000, "{tokens} tokens");
        assert!(tokens > 200, "{tokens} tokens: the definitions say what each tool does");
    }

    #[test]
    fn the_tools_are_search_describe_and_call_with_their_arguments() {
        let tools = all();
        let shapes: Vec<(String, Vec<String>, Value)> =
            tools.iter().map(|t| (t.name.to_string(), t.input_schema["properties"].as_object().unwrap().keys().cloned().collect(), t.input_schema["required"].clone())).collect();
        assert_eq!(
            shapes,
            [
                ("search".into(), vec!["group".into(), "query".into()], json!(["query"])),
                ("describe".into(), vec!["operation".into()], json!(["operation"])),
                ("call".into(), vec!["all_pages".into(), "body".into(), "operation".into(), "params".into()], json!(["operation", "params"])),
            ]
        );
    }
}
