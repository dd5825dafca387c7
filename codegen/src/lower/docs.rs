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
        return escape_placeholders(text);
    }
    // A fence longer than any run of backticks inside, so the text cannot close it.
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    Cow::Owned(format!("{fence}text\n{}\n{fence}", text.trim_end()))
}

/// The elements of HTML that descriptions use as such; any other `<word>` is a placeholder.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// `text` with upstream's placeholders (`"v1:<hash>"`, `<number><unit>`) escaped: Markdown
/// reads them as HTML tags, which rustdoc warns of and the rendered page drops. Real elements
/// (`<br>`, `<code>`), code spans and autolinks stay as they are.
fn escape_placeholders(text: &str) -> Cow<'_, str> {
    let mut escapes = Vec::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        if let Event::InlineHtml(_) | Event::Html(_) = event {
            let html = &text[range.clone()];
            for (at, _) in html.match_indices('<') {
                let name: String = html[at + 1..].trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
                if !name.is_empty() && !HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str()) {
                    escapes.push(range.start + at);
                }
            }
        }
    }
    if escapes.is_empty() {
        return Cow::Borrowed(text);
    }
    // An entity, not a backslash: upstream escapes some `<` with a backslash itself, and the
    // snapshot shows what it wrote.
    let mut out = String::with_capacity(text.len() + 3 * escapes.len());
    let mut from = 0;
    for at in escapes {
        out.push_str(&text[from..at]);
        out.push_str("&lt;");
        from = at + 1;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// The text [`rustdoc_safe`] fenced, without its fence, or with its placeholders as written;
/// other text as it is. For the API snapshot, which shows descriptions as written.
pub fn unfenced(text: &str) -> Cow<'_, str> {
    let text = text.trim();
    let ticks = text.len() - text.trim_start_matches('`').len();
    let fence = &text[..ticks];
    match text[ticks..].strip_prefix("text\n").and_then(|rest| rest.strip_suffix(fence)) {
        Some(inner) if ticks >= 3 => Cow::Borrowed(inner.strip_suffix('\n').unwrap_or(inner)),
        _ if text.contains("&lt;") => Cow::Owned(text.replace("&lt;", "<")),
        _ => Cow::Borrowed(text),
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

    /// Seen in 34 rustdoc warnings of the whole API's docs (Workers' ETags, Logpush
    /// durations); the rendered pages lost the placeholders.
    #[test]
    fn placeholders_written_as_tags_are_escaped_and_real_elements_stay() {
        let etag = r#"Formatted as "v1:<hash>" where the hash is of the content."#;
        assert_eq!(rustdoc_safe(etag), r#"Formatted as "v1:&lt;hash>" where the hash is of the content."#);
        assert_eq!(rustdoc_safe("Format: <number><unit>, e.g. 10m"), "Format: &lt;number>&lt;unit>, e.g. 10m");
        for kept in ["One<br>two", "`<hash>` in code", "See <https://developers.cloudflare.com>.", "a < b and c > d"] {
            assert_eq!(rustdoc_safe(kept), kept);
        }
        assert_eq!(super::unfenced(&rustdoc_safe(etag)), etag);
    }

    #[test]
    fn plain_text_and_labelled_blocks_stay_as_they_are() {
        for text in ["Lists the zones.", "A body:\n\n```json\n{\"a\": 1}\n```", "`inline` code"] {
            assert!(matches!(rustdoc_safe(text), std::borrow::Cow::Borrowed(_)), "{text}");
        }
    }
}
