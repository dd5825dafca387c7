//! Generation: the lowered document -> Rust source.
//!
//! Progenitor writes the client, the request builders and the types; [`raw_send`] renames its
//! `send` to `send_raw`; [`extras`] adds, with `quote`, what progenitor does not do (the
//! envelope-aware `send`, operation metadata); prettyplease formats the whole.

mod extras;
mod raw_send;
mod snapshot;

use std::panic::{self, AssertUnwindSafe};

use crate::error::{Error, Result};
use crate::lower::Lowered;

/// The generated source of one crate build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The formatted Rust file that `src/lib.rs` includes.
    pub code: String,
    /// The reviewable snapshot of the public API (`generated/api.txt`).
    pub api: String,
    /// Number of public types in `types`.
    pub type_count: usize,
}

impl Generated {
    pub fn line_count(&self) -> usize {
        self.code.lines().count()
    }
}

/// Where the generated code finds the hand-written runtime; `crate::` because it is
/// `include!`d into the SDK crate itself.
pub const RUNTIME: &str = "crate";

pub fn generate(lowered: &Lowered) -> Result<Generated> {
    let mut settings = progenitor::GenerationSettings::new();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_hooks(progenitor::HooksMode::Expected)
        .with_inner_type(quote::quote! { crate::config::Config })
        .with_derive("PartialEq");
    let mut generator = progenitor::Generator::new(&settings);

    let tokens = quietly(|| generator.generate_tokens(&lowered.openapi)).map_err(|message| Error::Generate {
        operation: "(all operations)".into(),
        message,
    })?;
    let mut file: syn::File = syn::parse2(tokens).map_err(|err| Error::Generate {
        operation: "(all operations)".into(),
        message: format!("progenitor produced code that does not parse: {err}"),
    })?;

    let builders = raw_send::rename_send(&mut file);
    let extra_items = extras::items(lowered, &builders)?;
    file.items.extend(extra_items);

    let type_count = snapshot::public_type_count(&file);
    let api = snapshot::api_text(&file, lowered);
    Ok(Generated { code: prettyplease::unparse(&file), api, type_count })
}

/// Runs progenitor, turning its panics (typify panics on some schemas) into errors without
/// printing a backtrace.
fn quietly<T>(f: impl FnOnce() -> std::result::Result<T, progenitor::Error>) -> std::result::Result<T, String> {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(previous);
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(err.to_string()),
        Err(payload) => Err(payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .map(|m| format!("progenitor panicked: {m}"))
            .unwrap_or_else(|| "progenitor panicked".into())),
    }
}
