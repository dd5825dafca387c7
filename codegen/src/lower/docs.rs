//! Upstream descriptions as rustdoc: Markdown whose code blocks are not Rust.
//!
//! Rustdoc compiles every code block of a doc comment as a Rust doctest unless its fence says
//! otherwise, and Cloudflare's descriptions hold tables, JSON and shell lines in indented or
//! unlabelled blocks (a table row starting with `>` even opens a quote holding one). Such a
//! description is kept whole, as preformatted text: nothing of it is lost and nothing runs.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

/// `text`, or `text` in a ```` ````text ```` fence when Markdown would read a Rust code block
/// in it (an indented block, or a fence without a language or with `rust`).
pub fn rustdoc_safe(text: &str) -> Cow<'_, str> {
    let rust_block = Parser::new(text).any(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => true,
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
            let language = info.split([',', ' ']).next().unwrap_or_default();
            language.is_empty() || language == "rust"
        }
        _ => false,
    });
    if !rust_block {
        return Cow::Borrowed(text);
    }
    // A fence longer than any run of backticks inside, so the text cannot close it.
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    Cow::Owned(format!("{fence}text\n{}\n{fence}", text.trim_end()))
}

/// The text [`rustdoc_safe`] fenced, without its fence; other text as it is. For the API
/// snapshot, which shows descriptions as written.
pub fn unfenced(text: &str) -> &str {
    let text = text.trim();
    let ticks = text.len() - text.trim_start_matches('`').len();
    let fence = &text[..ticks];
    match text[ticks..].strip_prefix("text\n").and_then(|rest| rest.strip_suffix(fence)) {
        Some(inner) if ticks >= 3 => inner.strip_suffix('\n').unwrap_or(inner),
        _ => text,
    }
}

/// Every `description` string in a lowered document made [`rustdoc_safe`].
pub fn make_descriptions_safe(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match child {
                    serde_json::Value::String(text) if key == "description" => {
                        if let Cow::Owned(safe) = rustdoc_safe(text) {
                            *text = safe;
                        }
                    }
                    _ => make_descriptions_safe(child),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(make_descriptions_safe),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::rustdoc_safe;

    #[test]
    fn text_that_rustdoc_would_compile_is_fenced_as_text() {
        // A table row starting with `>` opens a quote whose padded rest is an indented block.
        let table = "Comparison options are:\n\nOperator | Name\n---------|-----\n==       | Equals\n>                        | Greater Than";
        let safe = rustdoc_safe(table);
        assert_eq!(safe, format!("```text\n{table}\n```"));
        let fenced = "Run:\n\n```\ncurl -X GET\n```";
        assert_eq!(rustdoc_safe(fenced), format!("````text\n{fenced}\n````"));
        assert_eq!(rustdoc_safe("```rust\nlet x = 1;\n```"), "````text\n```rust\nlet x = 1;\n```\n````");
        for text in [table, fenced] {
            assert_eq!(super::unfenced(&rustdoc_safe(text)), text);
        }
        assert_eq!(super::unfenced("```json\n{}\n```"), "```json\n{}\n```");
    }

    #[test]
    fn plain_text_and_labelled_blocks_stay_as_they_are() {
        for text in ["Lists the zones.", "A body:\n\n```json\n{\"a\": 1}\n```", "`inline` code"] {
            assert!(matches!(rustdoc_safe(text), std::borrow::Cow::Borrowed(_)), "{text}");
        }
    }
}
