//! What a command sends ([`Plan`]), read from the command line.

use std::collections::BTreeMap;
use std::io::Read;

use clap::ArgMatches;
use cloudflare_cli::catalog::{Field, Operation};
use cloudflare_cli::plan::{Plan, Usage};
use serde_json::Value;

use crate::commands::ARG;

/// The request of `operation` from its command's matches (`chain`: the matches of each word).
pub fn of_operation(operation: &Operation, chain: &[&ArgMatches]) -> Result<Plan, Usage> {
    let leaf = chain.last().expect("an operation command has matches");
    let mut values = BTreeMap::new();
    for (word, matches) in operation.words().iter().zip(chain) {
        if let Some(name) = &word.arg {
            let value: &String = matches.get_one(ARG).ok_or_else(|| Usage(format!("<{}> is missing", name.to_uppercase())))?;
            values.insert(name.clone(), value.clone());
        }
    }
    for field in &operation.path_flags {
        if let Some(value) = raw_values(leaf, &format!("p:{}", field.name)).pop() {
            values.insert(field.name.clone(), value);
        }
    }
    let mut query = Vec::new();
    for field in &operation.query {
        for value in raw_values(leaf, &format!("q:{}", field.name)) {
            query.push((field.name.clone(), value));
        }
    }
    query.extend(extra_query(leaf)?);
    let body = match &operation.body {
        None => None,
        Some(body) if body.is_json() => {
            let mut json = match leaf.get_one::<String>("body") {
                Some(text) => Some(serde_json::from_slice::<Value>(&read_body(text)?).map_err(|e| Usage(format!("--body is not JSON: {e}")))?),
                None => None,
            };
            for field in &body.fields {
                if let Some(value) = raw_values(leaf, &format!("b:{}", field.name)).into_iter().next() {
                    let object = json.get_or_insert_with(|| Value::Object(Default::default()));
                    let Value::Object(object) = object else {
                        return Err(Usage(format!("--{} adds a field to the body, and --body is not a JSON object", cloudflare_cli::catalog::kebab(&field.name))));
                    };
                    object.insert(field.name.clone(), typed(field, &value));
                }
            }
            // A required JSON body nobody gave is the smallest one.
            let json = json.or_else(|| body.required.then(|| Value::Object(Default::default())));
            json.map(|json| (serde_json::to_vec(&json).expect("a JSON value serialises"), body.media_type.clone()))
        }
        Some(body) if body.is_multipart() && leaf.contains_id("form") && leaf.get_one::<String>("body").is_none() => {
            let parts = raw_values(leaf, "form");
            if parts.is_empty() && body.required {
                return Err(Usage(format!("this operation needs a body ({}): --form NAME=VALUE or --form NAME=@FILE", body.media_type)));
            }
            (!parts.is_empty()).then(|| form(&parts)).transpose()?
        }
        Some(body) => match leaf.get_one::<String>("body") {
            Some(text) => Some((read_body(text)?, body.media_type.clone())),
            None if body.required => return Err(Usage(format!("this operation needs a body ({}): --body @FILE", body.media_type))),
            None => None,
        },
    };
    Plan::new(operation, &values, query, body)
}

/// The request of `cloudflare api <METHOD> <PATH>`.
pub fn of_api(matches: &ArgMatches) -> Result<Plan, Usage> {
    let method: &String = matches.get_one("method").expect("required");
    let path: &String = matches.get_one("path").expect("required");
    // The path as a URL would have it: its segments and query percent-decoded here, since
    // the raw call encodes them again.
    let url = reqwest::Url::parse("http://path.invalid/").and_then(|base| base.join(path.trim_start_matches('/'))).map_err(|e| Usage(format!("`{path}` is not a path: {e}")))?;
    let segments = url
        .path_segments()
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8().map(|s| s.into_owned()).map_err(|_| Usage(format!("`{path}`: a segment is not UTF-8 once decoded"))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut query: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    query.extend(extra_query(matches)?);
    let body = match matches.get_one::<String>("body") {
        Some(text) => {
            let bytes = read_body(text)?;
            serde_json::from_slice::<Value>(&bytes).map_err(|e| Usage(format!("--body is not JSON: {e}")))?;
            Some((bytes, "application/json".to_string()))
        }
        None => None,
    };
    let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).map_err(|_| Usage(format!("`{method}` is not an HTTP method")))?;
    Ok(Plan { method, segments, query, body })
}

/// A multipart form from `--form` values, as curl's `-F` reads them: `NAME=VALUE`,
/// `NAME=@FILE` or `NAME=@FILE;type=MEDIA/TYPE` (a file part, named after the file).
fn form(parts: &[String]) -> Result<(Vec<u8>, String), Usage> {
    let mut form = cloudflare_sdk::multipart::Form::new();
    for part in parts {
        let (name, value) = part.split_once('=').ok_or_else(|| Usage(format!("--form `{part}` is not NAME=VALUE or NAME=@FILE")))?;
        form = match value.strip_prefix('@') {
            Some(file) => {
                let (path, media_type) = file.split_once(";type=").unwrap_or((file, "application/octet-stream"));
                let contents = std::fs::read(path).map_err(|e| Usage(format!("--form {name}=@{path}: {e}")))?;
                let file_name = std::path::Path::new(path).file_name().map_or(path.into(), |n| n.to_string_lossy());
                form.file(name, &file_name, media_type, contents).map_err(|e| Usage(format!("--form {name}: {e}")))?
            }
            None => form.text(name, value),
        };
    }
    let media_type = form.media_type();
    Ok((form.into_bytes().to_vec(), media_type))
}

/// The values given for a flag, as typed (or as clap filled in a flag given without one).
fn raw_values(matches: &ArgMatches, id: &str) -> Vec<String> {
    matches.get_raw(id).map(|values| values.map(|v| v.to_string_lossy().into_owned()).collect()).unwrap_or_default()
}

/// `--query NAME=VALUE` pairs.
fn extra_query(matches: &ArgMatches) -> Result<Vec<(String, String)>, Usage> {
    raw_values(matches, "query").into_iter().map(|pair| pair.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())).ok_or_else(|| Usage(format!("--query `{pair}` is not NAME=VALUE")))).collect()
}

/// `@FILE`, `@-` (standard input) or the text itself.
fn read_body(text: &str) -> Result<Vec<u8>, Usage> {
    match text.strip_prefix('@') {
        Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| Usage(format!("--body @-: cannot read standard input: {e}")))?;
            Ok(bytes)
        }
        Some(file) => std::fs::read(file).map_err(|e| Usage(format!("--body @{file}: {e}"))),
        None => Ok(text.as_bytes().to_vec()),
    }
}

/// A body field's flag value as JSON of its type (clap has checked it parses).
fn typed(field: &Field, value: &str) -> Value {
    match field.kind.as_deref() {
        Some("integer") => value.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::from(value)),
        Some("number") => value.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or_else(|| Value::from(value)),
        Some("boolean") => value.parse::<bool>().map(Value::from).unwrap_or_else(|_| Value::from(value)),
        _ => Value::from(value),
    }
}
