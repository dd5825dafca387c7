//! The reviewable snapshot of the generated public API (`generated/api.txt`): one line per
//! operation, one block per public type. Every spec change shows up in review as a diff of
//! what users get.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use quote::ToTokens;

use crate::lower::Lowered;

/// The header of the snapshot and of its operations section.
const HEADER: &str = "# The public API generated from spec/. Regenerate with `cargo xtask generate`.\n\n## Operations\n\n\
     # <call>(<argument>) -> <what send() returns>  # METHOD /path  [operation-id]\n\
     #   with: the builder's other setters;\n\
     #   can: what the builder does besides send(): paginate(), send_events(), form(forms::X);\n\
     #   then what the operation does.\n\n";

/// The snapshot's entries, each with what orders it: the operations by call, the types by
/// name, the forms by their operation's place in the spec. The parts of a generation in parts
/// ([`super::parts`]) are merged by these keys into the snapshot of the whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiEntries {
    /// Call text -> the operation's entry.
    pub operations: Vec<(String, String)>,
    /// Type name -> its block.
    pub types: Vec<(String, String)>,
    /// (operation's index in the spec, form name) -> its block.
    pub forms: Vec<((usize, String), String)>,
}

impl ApiEntries {
    /// The entries of the parts, as one.
    pub fn merge(parts: impl IntoIterator<Item = ApiEntries>) -> ApiEntries {
        let mut all = ApiEntries::default();
        for part in parts {
            all.operations.extend(part.operations);
            all.types.extend(part.types);
            all.forms.extend(part.forms);
        }
        all.operations.sort_by(|a, b| a.0.cmp(&b.0));
        all.types.sort_by(|a, b| a.0.cmp(&b.0));
        all.forms.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// The snapshot text.
    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        for (_, entry) in &self.operations {
            out.push_str(entry);
        }
        out.push_str("\n## Types\n");
        for (_, block) in &self.types {
            out.push_str(block);
        }
        if !self.forms.is_empty() {
            out.push_str("\n## Forms\n\n# The typed multipart bodies, set with the builder's form(..).\n");
            for (_, block) in &self.forms {
                out.push_str(block);
            }
        }
        out
    }
}

/// Renders the snapshot of `file` (the generated code) for the operations of `lowered`, whose
/// builders `builders` names (by progenitor's operation id).
pub fn api_text(file: &syn::File, lowered: &Lowered, builders: &BTreeMap<String, syn::Ident>) -> String {
    ApiEntries::merge([api_entries(file, lowered, builders)]).render()
}

/// The snapshot's entries of `file`, forms keyed by their operation's place in `lowered`.
pub fn api_entries(file: &syn::File, lowered: &Lowered, builders: &BTreeMap<String, syn::Ident>) -> ApiEntries {
    let index = Index::new(file);
    let mut entries = ApiEntries::default();
    for operation in &lowered.operations {
        let mut out = String::new();
        let builder = builders.get(&operation.method_name).and_then(|name| index.builders.get(name.to_string().as_str()));
        let path_parameters: Vec<String> = super::tree::path_parameter_names(&operation.canonical_path).iter().map(|n| crate::lower::names::snake(n)).collect();
        let setters: Vec<String> = builder
            .map(|b| builder_parameters(b))
            .unwrap_or_default()
            .into_iter()
            .filter(|(name, _)| !path_parameters.iter().any(|p| p == name || format!("{p}_") == *name))
            .map(|(name, ty)| format!("{name}: {ty}"))
            .collect();
        let returns = builder.and_then(|b| index.send_returns.get(b.ident.to_string().as_str())).cloned().unwrap_or_else(|| "?".into());
        let _ = writeln!(
            out,
            "{}({}) -> {}  # {} {}  [{}]",
            operation.call.path_text(),
            operation.call.verb().arg.as_deref().unwrap_or(""),
            returns,
            operation.method,
            operation.canonical_path,
            operation.operation_id
        );
        if !setters.is_empty() {
            let _ = writeln!(out, "  with: {}", setters.join(", "));
        }
        if let Some(can) = builder.and_then(|b| index.capabilities.get(b.ident.to_string().as_str())).filter(|can| !can.is_empty()) {
            let _ = writeln!(out, "  can: {}", can.join(", "));
        }
        if let Some(text) = operation.description.as_ref().or(operation.summary.as_ref()) {
            let _ = writeln!(out, "  # {}", one_line(text));
        }
        entries.operations.push((operation.call.to_string(), out));
    }
    entries.operations.sort_by(|a, b| a.0.cmp(&b.0));

    let form_index: HashMap<String, usize> = lowered.operations.iter().enumerate().map(|(i, o)| (crate::lower::names::pascal(&o.method_name), i)).collect();
    for module in ["types", "forms"] {
        let Some(items) = super::module(&file.items, module) else { continue };
        for item in items {
            let mut out = String::new();
            let name = match item {
                syn::Item::Struct(s) => {
                    let _ = writeln!(out, "\nstruct {}{}", s.ident, type_doc(&s.ident, &s.attrs));
                    for field in &s.fields {
                        let name = field.ident.as_ref().map(|i| i.to_string()).unwrap_or_else(|| "0".into());
                        let _ = writeln!(out, "  {name}: {}{}", type_text(&field.ty), doc_comment(&field.attrs));
                    }
                    s.ident.to_string()
                }
                syn::Item::Enum(e) => {
                    let _ = writeln!(out, "\nenum {}{}", e.ident, type_doc(&e.ident, &e.attrs));
                    for variant in &e.variants {
                        let fields: Vec<String> = variant.fields.iter().map(|f| type_text(&f.ty)).collect();
                        if fields.is_empty() {
                            let _ = writeln!(out, "  {}{}", variant.ident, doc_comment(&variant.attrs));
                        } else {
                            let _ = writeln!(out, "  {}({}){}", variant.ident, fields.join(", "), doc_comment(&variant.attrs));
                        }
                    }
                    e.ident.to_string()
                }
                syn::Item::Type(t) => {
                    let _ = writeln!(out, "\ntype {} = {}", t.ident, type_text(&t.ty));
                    t.ident.to_string()
                }
                _ => continue,
            };
            if module == "types" {
                entries.types.push((name, out));
            } else if matches!(item, syn::Item::Struct(_)) {
                entries.forms.push(((form_index.get(&name).copied().unwrap_or(usize::MAX), name), out));
            }
        }
    }
    entries
}

/// `  # <doc text>` from rustdoc attributes, without typify's appended JSON schema; empty
/// when there is no doc.
fn doc_comment(attrs: &[syn::Attribute]) -> String {
    let mut text = String::new();
    for attr in attrs {
        if let syn::Meta::NameValue(syn::MetaNameValue { path, value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }), .. }) = &attr.meta {
            if path.is_ident("doc") {
                text.push_str(&s.value());
                text.push('\n');
            }
        }
    }
    let text = text.split("<details>").next().unwrap_or("");
    let text = one_line(&crate::lower::docs::unfenced(text));
    if text.is_empty() {
        text
    } else {
        format!("  # {text}")
    }
}

/// A type's doc, unless it is only typify's placeholder (the name in backticks).
fn type_doc(name: &syn::Ident, attrs: &[syn::Attribute]) -> String {
    let doc = doc_comment(attrs);
    if doc == format!("  # `{name}`") {
        String::new()
    } else {
        doc
    }
}

/// Text with its line breaks and runs of white space folded to single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Structs, enums and aliases in the generated `types` module.
pub fn public_type_count(file: &syn::File) -> usize {
    super::module(&file.items, "types").map(|items| items.iter().filter(|i| matches!(i, syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Type(_))).count()).unwrap_or(0)
}

/// Where things are in the generated file, looked up once.
struct Index<'a> {
    builders: HashMap<String, &'a syn::ItemStruct>,
    /// Builder struct name -> the `Ok` type of its envelope-aware `send`.
    send_returns: HashMap<String, String>,
    /// Builder struct name -> what it does besides `send`: `paginate()`, `send_events()`,
    /// `form(forms::X)`, in that order.
    capabilities: HashMap<String, Vec<String>>,
}

impl<'a> Index<'a> {
    fn new(file: &'a syn::File) -> Self {
        let mut index = Index { builders: HashMap::new(), send_returns: HashMap::new(), capabilities: HashMap::new() };
        let mut capabilities: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        for item in &file.items {
            let syn::Item::Impl(block) = item else { continue };
            if block.trait_.is_some() {
                continue;
            }
            let self_name = last_segment(&block.self_ty);
            for function in block.items.iter().filter_map(|f| if let syn::ImplItem::Fn(f) = f { Some(f) } else { None }) {
                let syn::ReturnType::Type(_, returned) = &function.sig.output else { continue };
                let Some(builder) = self_name.as_deref() else { continue };
                match function.sig.ident.to_string().as_str() {
                    "send" => {
                        let text = type_text(future_output(returned).unwrap_or(returned));
                        let ok = text.strip_prefix("Result<").and_then(|t| t.strip_suffix(", Error>")).unwrap_or(&text).to_string();
                        index.send_returns.insert(builder.to_string(), ok);
                    }
                    "paginate" => capabilities.entry(builder.to_string()).or_default().push((0, "paginate()".into())),
                    "send_events" => capabilities.entry(builder.to_string()).or_default().push((1, "send_events()".into())),
                    _ => {}
                }
            }
        }
        for item in super::module(&file.items, "builder").unwrap_or_default() {
            match item {
                syn::Item::Struct(s) => {
                    index.builders.insert(s.ident.to_string(), s);
                }
                // The typed form's setter sits with the builder's own setters.
                syn::Item::Impl(block) if block.trait_.is_none() => {
                    let Some(builder) = last_segment(&block.self_ty) else { continue };
                    for function in block.items.iter().filter_map(|f| if let syn::ImplItem::Fn(f) = f { Some(f) } else { None }) {
                        let form = function.sig.inputs.iter().find_map(|input| match input {
                            syn::FnArg::Typed(typed) if function.sig.ident == "form" => Some(type_text(&typed.ty)),
                            _ => None,
                        });
                        if let Some(form) = form {
                            let form = form.trim_start_matches("super::");
                            capabilities.entry(builder.to_string()).or_default().push((2, format!("form({form})")));
                        }
                    }
                }
                _ => {}
            }
        }
        for (builder, mut can) in capabilities {
            can.sort();
            index.capabilities.insert(builder, can.into_iter().map(|(_, text)| text).collect());
        }
        index
    }
}

/// `T` of `impl Future<Output = T>` (what an `async fn` would be written to return).
fn future_output(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::ImplTrait(bounds) = ty else { return None };
    bounds.bounds.iter().find_map(|bound| {
        let syn::TypeParamBound::Trait(bound) = bound else { return None };
        let future = bound.path.segments.last().filter(|s| s.ident == "Future")?;
        let syn::PathArguments::AngleBracketed(args) = &future.arguments else { return None };
        args.args.iter().find_map(|arg| match arg {
            syn::GenericArgument::AssocType(output) if output.ident == "Output" => Some(&output.ty),
            _ => None,
        })
    })
}

fn last_segment(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// `(name, Type)` of every builder field but the client, without the `Result<_, String>` that
/// records a missing value.
fn builder_parameters(builder: &syn::ItemStruct) -> Vec<(String, String)> {
    builder
        .fields
        .iter()
        .filter_map(|field| {
            let name = field.ident.as_ref()?.to_string();
            if name == "client" {
                return None;
            }
            let text = type_text(&field.ty);
            let inner = text.strip_prefix("Result<").and_then(|t| t.strip_suffix(", String>")).unwrap_or(&text);
            Some((name, inner.to_string()))
        })
        .collect()
}

/// A type as compact text: `::std::option::Option<::std::string::String>` -> `Option<String>`.
fn type_text(ty: &syn::Type) -> String {
    let text = ty.to_token_stream().to_string();
    let mut text = text.replace(" :: ", "::").replace(":: ", "::").replace(" < ", "<").replace(" <", "<").replace("< ", "<").replace(" >", ">").replace(" ,", ",");
    for prefix in
        ["crate::", "types::", "::std::option::", "::std::boxed::", "::std::vec::", "::std::string::", "::std::collections::", "::std::result::", "::serde_json::", "::std::primitive::", "::bytes::"]
    {
        text = text.replace(prefix, "");
    }
    if text.starts_with("::") {
        text = text.trim_start_matches("::").to_string();
    }
    text.replace("& 'a ", "&'a ")
}
