//! Printing answers: JSON (pretty on a terminal, compact when piped), YAML, or a table for
//! lists; errors on standard error with everything Cloudflare said.

use std::io::{IsTerminal, Write};

use serde_json::Value;

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    Table,
}

impl Format {
    pub fn parse(text: Option<&String>) -> Format {
        match text.map(String::as_str) {
            Some("yaml") => Format::Yaml,
            Some("table") => Format::Table,
            _ => Format::Json,
        }
    }
}

/// Widest a table cell is shown.
const CELL_WIDTH: usize = 60;

/// `value` as `format` prints it; `columns` are a table's, when the table says.
pub fn render(value: &Value, format: Format, columns: &[String], pretty: bool) -> Result<String, String> {
    Ok(match format {
        Format::Json if pretty => serde_json::to_string_pretty(value).expect("JSON values serialise") + "\n",
        Format::Json => serde_json::to_string(value).expect("JSON values serialise") + "\n",
        Format::Yaml => crate::yaml::to_string(value)?,
        Format::Table => table(value, columns),
    })
}

/// Writes `value` to standard output.
pub fn print(value: &Value, format: Format, columns: &[String]) -> Result<(), String> {
    let text = render(value, format, columns, std::io::stdout().is_terminal())?;
    write_stdout(text.as_bytes())
}

/// Writes to standard output. A reader that went away (`| head`) ends the command quietly, as
/// it does for any Unix tool.
pub fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        written => written.map_err(|e| format!("cannot write the answer: {e}")),
    }
}

/// A list as rows under `columns` (or, when the table names none, the first item's scalar
/// fields); anything else as its fields, one per row.
pub fn table(value: &Value, columns: &[String]) -> String {
    let Value::Array(items) = value else {
        let rows: Vec<Vec<String>> = match value {
            Value::Object(fields) => fields.iter().map(|(k, v)| vec![k.clone(), cell(v)]).collect(),
            other => return layout(&["VALUE".to_string()], &[vec![cell(other)]]),
        };
        return layout(&["FIELD".to_string(), "VALUE".to_string()], &rows);
    };
    let mut columns: Vec<String> = columns.iter().filter(|c| items.iter().any(|i| i.get(c.as_str()).is_some())).cloned().collect();
    if columns.is_empty() {
        if let Some(Value::Object(first)) = items.first() {
            columns = first.iter().filter(|(_, v)| !v.is_object() && !v.is_array()).map(|(k, _)| k.clone()).take(5).collect();
        }
    }
    if columns.is_empty() {
        let rows: Vec<Vec<String>> = items.iter().map(|i| vec![cell(i)]).collect();
        return layout(&["VALUE".to_string()], &rows);
    }
    let rows: Vec<Vec<String>> = items.iter().map(|item| columns.iter().map(|c| item.get(c.as_str()).map(cell).unwrap_or_default()).collect()).collect();
    let header: Vec<String> = columns.iter().map(|c| c.to_uppercase()).collect();
    layout(&header, &rows)
}

fn cell(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let text = text.replace(['\n', '\t'], " ");
    if text.chars().count() > CELL_WIDTH {
        text.chars().take(CELL_WIDTH - 1).chain(std::iter::once('…')).collect()
    } else {
        text
    }
}

fn layout(header: &[String], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..header.len()).map(|i| std::iter::once(&header[i]).chain(rows.iter().map(|r| &r[i])).map(|c| c.chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let line: Vec<String> = row.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// An error of a call, on standard error: the status, every Cloudflare code and message, the
/// `cf-ray` id, and the body when it was not Cloudflare's envelope.
pub fn report(error: &cloudflare_sdk::Error, request: &str) -> String {
    let api = match error {
        cloudflare_sdk::Error::InvalidRequest { message, .. } => return format!("error: {request}: {message}\n"),
        _ => match error.as_api() {
            Some(api) => api,
            None => return format!("error: {request}: {}\n", without_raw_id(&error.to_string())),
        },
    };
    let mut out = format!("error: {request}: HTTP {}\n", api.status);
    for e in &api.errors {
        out.push_str(&format!("  [{}] {}\n", e.code, e.message));
    }
    if !api.envelope && !api.body.is_empty() {
        let text = api.body_text();
        let excerpt: String = text.chars().take(500).collect();
        out.push_str(&format!("  body: {}{}\n", excerpt.trim(), if text.chars().count() > 500 { " …" } else { "" }));
    }
    if let Some(ray) = &api.cf_ray {
        out.push_str(&format!("  cf-ray: {ray}\n"));
    }
    out
}

/// The SDK names a raw call's operation `raw-request`; the command line says what it was.
fn without_raw_id(text: &str) -> &str {
    text.strip_prefix("raw-request: ").or_else(|| text.strip_prefix("raw-request ")).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_table_shows_the_chosen_columns_aligned_and_leaves_missing_cells_empty() {
        let items = json!([{"id": "a1", "name": "www", "ttl": 1, "meta": {}}, {"id": "b22", "ttl": 300}]);
        let text = table(&items, &["id".into(), "name".into(), "ttl".into(), "absent".into()]);
        assert_eq!(text, "ID   NAME  TTL\na1   www   1\nb22        300\n");
    }

    #[test]
    fn a_table_of_a_single_value_is_one_cell() {
        assert_eq!(table(&Value::Null, &[]), "VALUE\n\n");
        assert_eq!(table(&json!("done"), &[]), "VALUE\ndone\n");
    }

    #[test]
    fn a_table_without_columns_takes_the_first_items_scalar_fields() {
        let items = json!([{"key": "k", "nested": {"a": 1}, "n": 2}]);
        assert_eq!(table(&items, &[]), "KEY  N\nk    2\n");
    }
}
