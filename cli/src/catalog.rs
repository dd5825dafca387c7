//! The table of operations (`operations.json`, written by `cargo xtask generate` from the same
//! lowered spec as the SDK) and the command path of each: its call with each method name in
//! kebab case, a handle's or verb's argument right after its word. The JSON Schemas of bodies
//! and results (`schemas.json`) are read only when asked for.

use cloudflare_sdk_rules::{call, media, Pagination};
use serde::Deserialize;

/// The table, compiled into the binary.
const TABLE: &str = include_str!("../operations.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Operation {
    /// `zone(zone_id).dns_records().list()`, as in the SDK.
    pub call: String,
    pub id: String,
    pub method: String,
    /// With the SDK's parameter names: `/zones/{zone_id}/dns_records`.
    pub path: String,
    /// The Cargo feature of the SDK that holds it: `dns-records`.
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub permissions: Vec<String>,
    #[serde(default)]
    pub token_groups: Vec<String>,
    #[serde(default)]
    pub plans: Vec<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub stability: Option<String>,
    /// Path parameters whose value may hold `/`.
    #[serde(default)]
    pub reserved: Vec<String>,
    /// Path parameters the command line does not take as words: the second and later of a
    /// segment (`{event_id}.{event_n}`).
    #[serde(default)]
    pub path_flags: Vec<Field>,
    #[serde(default)]
    pub query: Vec<Field>,
    #[serde(default)]
    pub body: Option<Body>,
    /// How `--all` walks a list, for a list it can walk.
    #[serde(default)]
    pub pagination: Option<Pagination>,
    /// `envelope`, `json`, `bytes` or `empty`.
    pub output: String,
    /// Columns of `--output table`.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Whether the answer may come as server-sent events.
    #[serde(default)]
    pub streams: bool,
    /// The key in `schemas.json` of the body's JSON Schema ([`schema`]).
    #[serde(default)]
    pub body_schema: Option<String>,
    /// The key in `schemas.json` of the JSON Schema of what a success answers (the envelope's
    /// `result`).
    #[serde(default)]
    pub result_schema: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    pub name: String,
    /// `string`, `integer`, `number`, `boolean` or `array` (of `items`); absent for anything else.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub items: Option<String>,
    #[serde(default, rename = "enum")]
    pub values: Vec<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Body {
    pub media_type: String,
    #[serde(default)]
    pub required: bool,
    /// The top-level scalar fields of a JSON body.
    #[serde(default)]
    pub fields: Vec<Field>,
}

impl Body {
    pub fn is_json(&self) -> bool {
        media::is_json(&self.media_type)
    }

    pub fn is_multipart(&self) -> bool {
        media::is_multipart(&self.media_type)
    }
}

/// One word of a command path: a handle or verb, with the name of the argument it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// In kebab case: `dns-records`.
    pub word: String,
    /// The path parameter it takes: `zone_id`.
    pub arg: Option<String>,
}

impl Operation {
    /// The command path: `zone(zone_id).dns_records().list()` -> `zone <ZONE_ID> dns-records list`.
    /// None when the call is not call text, which a test rules out for the table.
    pub fn words(&self) -> Vec<Word> {
        let steps = call::parse(&self.call).unwrap_or_default();
        steps.into_iter().map(|step| Word { word: kebab(step.name), arg: step.arg.map(str::to_string) }).collect()
    }

    /// Whether running it needs a confirmation: it deletes.
    pub fn is_destructive(&self) -> bool {
        self.method.eq_ignore_ascii_case("DELETE")
    }

    /// The command as a user types it: `cloudflare zone <ZONE_ID> dns-records list`.
    pub fn command_line(&self) -> String {
        let mut out = String::from("cloudflare");
        for word in self.words() {
            out.push(' ');
            out.push_str(&word.word);
            if let Some(arg) = &word.arg {
                out.push_str(&format!(" <{}>", arg.to_uppercase()));
            }
        }
        out
    }
}

/// A method or parameter name as a command word or flag: `dns_records` -> `dns-records`,
/// `type_` -> `type`, `name.exact` -> `name-exact`, `pageSize` -> `page-size`.
pub fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            // `pageSize` -> `page-size`: a capital after a small letter or digit starts a word.
            if c.is_ascii_uppercase() && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit()) && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
        previous = Some(c);
    }
    out.trim_matches('-').to_string()
}

/// The schemas of the table, compiled into the binary.
const SCHEMAS: &str = include_str!("../schemas.json");

/// How a schema refers to a definition, and that definition's key in `schemas.json`.
const DEFINITION_REF: &str = "#/$defs/";
const DEFINITION_KEY: &str = "$defs/";

/// The JSON Schema under `key` in `schemas.json`, standalone: with a `$defs` of every
/// definition it refers to, however deep. `None` for a key the table does not have.
pub fn schema(key: &str) -> Option<serde_json::Value> {
    static PARSED: std::sync::OnceLock<serde_json::Map<String, serde_json::Value>> = std::sync::OnceLock::new();
    // Checked by `cargo xtask check` and parsed by a test, like the table.
    let all = PARSED.get_or_init(|| serde_json::from_str(SCHEMAS).expect("schemas.json is the file `cargo xtask generate` wrote"));
    let mut schema = all.get(key)?.clone();
    let mut definitions = serde_json::Map::new();
    let mut pending = references(&schema);
    while let Some(name) = pending.pop() {
        if definitions.contains_key(&name) {
            continue;
        }
        let Some(definition) = all.get(&format!("{DEFINITION_KEY}{name}")) else { continue };
        pending.extend(references(definition));
        definitions.insert(name, definition.clone());
    }
    if let (false, serde_json::Value::Object(object)) = (definitions.is_empty(), &mut schema) {
        object.insert("$defs".into(), serde_json::Value::Object(definitions));
    }
    Some(schema)
}

/// The definitions `schema` refers to.
fn references(schema: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![schema];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(object) => {
                if let Some(name) = object.get("$ref").and_then(serde_json::Value::as_str).and_then(|r| r.strip_prefix(DEFINITION_REF)) {
                    out.push(name.to_string());
                }
                stack.extend(object.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

/// Every operation of the table.
pub fn load() -> Vec<Operation> {
    // The table is checked by `cargo xtask check` and parsed by a test: it cannot be malformed
    // in a built binary.
    serde_json::from_str(TABLE).expect("operations.json is the table `cargo xtask generate` wrote")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_becomes_words_in_kebab_case_each_with_its_argument() {
        let op = Operation { call: "zone(zone_id).dns_records().get(dns_record_id)".into(), ..load().remove(0) };
        let words: Vec<(String, Option<String>)> = op.words().into_iter().map(|w| (w.word, w.arg)).collect();
        assert_eq!(words, [("zone".into(), Some("zone_id".into())), ("dns-records".into(), None), ("get".into(), Some("dns_record_id".into()))]);
        assert_eq!(op.command_line(), "cloudflare zone <ZONE_ID> dns-records get <DNS_RECORD_ID>");
        assert_eq!(kebab("type_"), "type");
        assert_eq!(kebab("name.exact"), "name-exact");
        assert_eq!(kebab("tag-match"), "tag-match");
        assert_eq!(kebab("pageSize"), "page-size");
        assert_eq!(kebab("setJavaScriptEnabled"), "set-java-script-enabled");
        assert_eq!(kebab("ipv4CIDR"), "ipv4-cidr");
    }

    #[test]
    fn every_call_of_the_table_is_call_text_and_gives_words() {
        let operations = load();
        let unreadable: Vec<&str> = operations.iter().filter(|o| o.words().is_empty()).map(|o| o.call.as_str()).collect();
        assert!(unreadable.is_empty(), "calls that are not call text: {unreadable:?}");
        assert!(operations.iter().any(|o| o.pagination == Some(Pagination::Cursor)), "the table names cursor-paged lists");
    }

    #[test]
    fn every_schema_the_table_names_is_there_with_the_definitions_it_refers_to() {
        let mut with_definitions = 0;
        for operation in load() {
            for key in operation.body_schema.iter().chain(&operation.result_schema) {
                let schema = schema(key).unwrap_or_else(|| panic!("{}: no schema `{key}`", operation.id));
                let defined = schema.get("$defs").and_then(serde_json::Value::as_object);
                with_definitions += usize::from(defined.is_some());
                for name in references(&schema) {
                    assert!(defined.is_some_and(|d| d.contains_key(&name)), "{}: `{key}` refers to `{name}`, which it does not define", operation.id);
                }
            }
        }
        assert!(with_definitions > 0, "recursive schemas refer to definitions");
    }
}
