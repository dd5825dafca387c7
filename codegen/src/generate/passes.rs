//! What generation does to progenitor's output, as one declared table of passes.
//!
//! Each pass says its name, what must run before it, the shape of progenitor's output it
//! rewrites, and how many places of its input it should match. A pass that finds places of
//! that kind and matches none of them fails generation with its name: progenitor or typify
//! wrote that shape otherwise, and a silent no-op would ship code that is wrong without a
//! failing test. `cargo xtask stats` prints each pass's count.

use std::collections::BTreeMap;

use quote::ToTokens;

use super::{
    answers_sent_back, boxing, builders_in_place, driver, forms, mock, open_enums, plain_values, prune_builders, send, send_and_metadata, sent_when_set, setter_errors, tagged, tree, union_fields,
};
use crate::error::{Error, Result};
use crate::lower::Lowered;
use crate::spec::Endpoint;

/// What the passes read besides the file, and what they hand on.
pub(super) struct Context<'a> {
    pub lowered: &'a Lowered,
    /// The endpoints to write the conformance driver for, when it is asked for.
    pub driver: Option<&'a [Endpoint]>,
    /// Whether to write the mock's tree.
    pub mock: bool,
    /// Progenitor's operation id -> its request builder, from `split_send`.
    pub builders: BTreeMap<String, syn::Ident>,
    /// The requests made from answers, from `answers_sent_back`.
    pub sent_back: Vec<answers_sent_back::Pair>,
    /// Which part of a generation in parts this is ([`super::parts`]).
    pub part: super::parts::Part<'a>,
}

/// How many places of its input a pass should match, counted before it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    /// Any number, none included: what it matches depends on sizes or on what the input
    /// already has, not on the shape alone.
    Any,
    /// This many places of its kind are in the input; when there are some, it must match at
    /// least one.
    SomeOf(usize),
    /// Exactly this many.
    All(usize),
}

/// One pass over the generated file.
pub(super) struct Pass {
    pub name: &'static str,
    /// Passes that must have run before this one.
    pub after: &'static [&'static str],
    /// The shape it rewrites or what it adds, for the error when it matches nothing.
    pub expects: &'static str,
    /// Whether it runs for this build (the driver and the mock's tree are asked for).
    pub enabled: fn(&Context) -> bool,
    pub should_match: fn(&syn::File, &Context) -> Expect,
    /// Rewrites or extends the file; returns how many places it matched or items it added.
    pub run: fn(&mut syn::File, &mut Context) -> Result<usize>,
}

fn always(_: &Context) -> bool {
    true
}

fn any(_: &syn::File, _: &Context) -> Expect {
    Expect::Any
}

fn operations(_: &syn::File, cx: &Context) -> Expect {
    Expect::All(cx.lowered.operations.len())
}

/// The passes, in the order they run.
pub(super) const PASSES: &[Pass] = &[
    Pass {
        name: "split_send",
        after: &[],
        expects: "each builder's `send`: the request built, then progenitor's hooks and status check",
        enabled: always,
        should_match: operations,
        run: |file, cx| {
            let reserved = cx.lowered.operations.iter().filter(|o| !o.reserved_path_parameters.is_empty()).map(|o| (o.method_name.clone(), o.reserved_path_parameters.clone())).collect();
            let metadata = cx.lowered.operations.iter().map(|o| (o.method_name.clone(), send_and_metadata::metadata_ident(&o.operation_id))).collect();
            cx.builders = send::split_send(file, &reserved, &metadata)?;
            Ok(cx.builders.len())
        },
    },
    Pass {
        name: "forms",
        after: &["split_send"],
        expects: "a request builder with a `body` field for each operation that takes a multipart form",
        enabled: always,
        should_match: |_, cx| Expect::All(cx.lowered.operations.iter().filter(|o| o.form.is_some()).count()),
        run: |file, cx| forms::add(file, cx.lowered),
    },
    Pass {
        name: "box_large_optional_structs",
        after: &[],
        expects: "large structs of `types` held in `Option` fields",
        enabled: always,
        should_match: any,
        run: |file, _| boxing::box_large_optional_structs(file),
    },
    Pass {
        name: "keep_request_builders",
        after: &["forms"],
        expects: "typify's `types::builder` structs and their conversions, for types no request holds",
        enabled: always,
        should_match: any,
        run: |file, cx| prune_builders::keep_request_builders(file, cx.part.builders_wanted()),
    },
    Pass {
        name: "share_setter_errors",
        after: &["keep_request_builders"],
        expects: "setters' `.map_err(|e| ..)` closures giving progenitor's and typify's conversion messages",
        enabled: always,
        should_match: |file, _| Expect::SomeOf(count_map_err_closures(file)),
        run: |file, _| Ok(setter_errors::share_setter_errors(file)),
    },
    Pass {
        name: "send_collections_when_set",
        after: &["keep_request_builders"],
        expects: "typify's optional lists and maps, `#[serde(default, skip_serializing_if = \"..::is_empty\")]`",
        enabled: always,
        should_match: |file, _| Expect::SomeOf(count_fields(file, |field| field.attrs.iter().any(|a| a.to_token_stream().to_string().contains("is_empty")))),
        run: |file, _| Ok(sent_when_set::send_collections_when_set(file)),
    },
    Pass {
        name: "tag_unions",
        after: &[],
        expects: "typify's untagged enum of each union the lowering read by its tag",
        enabled: always,
        should_match: |_, cx| Expect::All(cx.lowered.tagged_unions.len()),
        run: |file, cx| tagged::tag_unions(file, &cx.lowered.tagged_unions),
    },
    Pass {
        name: "open_string_enums",
        after: &["tag_unions"],
        expects: "typify's string enums: unit variants with serde renames and derived serde impls",
        enabled: always,
        should_match: |file, _| Expect::SomeOf(count_types(file, |item| matches!(item, syn::Item::Enum(e) if !e.variants.is_empty() && e.variants.iter().all(|v| v.fields.is_empty())))),
        run: |file, _| Ok(open_enums::open_string_enums(file)),
    },
    Pass {
        name: "open_untagged_enums",
        after: &["tag_unions"],
        expects: "typify's `#[serde(untagged)]` enums of unions of unlike kinds",
        enabled: always,
        // Typify's enums with two or more variants holding data are its unions: untagged, or
        // tagged by serde (left as they are); the unions read by their tag were written by
        // `tag_unions` already, and an opened string enum holds data in one variant only.
        should_match: |file, cx| {
            let tagged: std::collections::BTreeSet<&str> = cx.lowered.tagged_unions.iter().map(|u| u.name.as_str()).collect();
            let union = |e: &syn::ItemEnum| e.variants.iter().filter(|v| !v.fields.is_empty()).count() >= 2 && !has_serde_tag(&e.attrs) && !tagged.contains(e.ident.to_string().as_str());
            Expect::SomeOf(count_types(file, |item| matches!(item, syn::Item::Enum(e) if union(e))))
        },
        run: |file, _| open_enums::open_untagged_enums(file),
    },
    Pass {
        name: "union_conversions",
        after: &["open_untagged_enums"],
        expects: "untagged enums whose variants' types do not convert into them yet",
        enabled: always,
        // Typify converts from some variants itself: which are left depends on the types.
        should_match: any,
        run: |file, _| Ok(plain_values::union_conversions(file)),
    },
    Pass {
        name: "union_common_fields",
        after: &["tag_unions", "open_untagged_enums", "box_large_optional_structs", "send_collections_when_set"],
        expects: "union enums whose kinds are all structs of `types`, with fields they share",
        enabled: always,
        // Whether kinds share a field with one type depends on the types, not on the shape.
        should_match: any,
        run: |file, _| Ok(union_fields::add_common_field_accessors(file)),
    },
    Pass {
        name: "optional_setters",
        after: &["keep_request_builders", "send_collections_when_set"],
        expects: "typify's builder setters of optional fields, `T: TryInto<Option<X>>`",
        enabled: always,
        should_match: |file, _| Expect::SomeOf(count_optional_setters(file)),
        run: |file, _| Ok(plain_values::optional_setters(file)),
    },
    Pass {
        name: "builders_in_place",
        after: &["optional_setters", "union_conversions", "tag_unions", "send_collections_when_set"],
        expects: "typify's type builders: list fields `Result<Vec<super::X>, String>` (or of `Option<Vec<..>>`) and a `Default` giving each required field's message",
        enabled: always,
        // Which lists hold types with builders depends on the types, not on the shape; the
        // shape it reads is held by its unit tests and the wire test of a list built in place.
        should_match: any,
        run: |file, _| Ok(builders_in_place::builders_in_place(file)),
    },
    Pass {
        name: "answers_sent_back",
        after: &["split_send", "keep_request_builders", "tag_unions", "open_string_enums", "send_collections_when_set", "box_large_optional_structs"],
        expects: "structs of `types` with named fields, typify's builders of request bodies and each operation builder's `body` setter",
        enabled: always,
        // Which requests fit an answer depends on the spec, not on the shape; the shape it
        // reads is held by its unit tests and the ruleset's wire test.
        should_match: any,
        run: |file, cx| {
            cx.sent_back = answers_sent_back::add(file, cx);
            Ok(cx.sent_back.len())
        },
    },
    Pass {
        name: "use_the_runtime_client",
        after: &["split_send"],
        expects: "progenitor's `struct Client`, its `ClientInfo` impl and one flat method per operation",
        enabled: always,
        should_match: operations,
        run: |file, cx| tree::use_the_runtime_client(file, cx.lowered),
    },
    Pass {
        name: "send_and_metadata",
        after: &["split_send", "use_the_runtime_client"],
        expects: "each operation's request builder (its `send`, `paginate` and `send_events`, and its metadata)",
        enabled: always,
        should_match: operations,
        run: |file, cx| {
            let items = send_and_metadata::items(cx.lowered, &cx.builders, file)?;
            file.items.extend(items);
            Ok(cx.builders.len())
        },
    },
    Pass {
        name: "mock_bodies",
        after: &["split_send"],
        expects: "a request builder for each operation, with its `body` setter's type",
        // A group's crate names its calls' body types for the facade's mock tree.
        enabled: |cx| matches!(cx.part, super::parts::Part::Group { .. }),
        should_match: any,
        run: |file, cx| {
            let items = mock::bodies_module(cx.lowered, &cx.builders, file)?;
            extend(file, items)
        },
    },
    Pass {
        name: "group_driver",
        after: &["split_send", "send_and_metadata"],
        expects: "a request builder with a setter for each parameter and its body",
        // A group's crate compiles its half of the facade's conformance driver (behind its
        // `conformance` feature): no one crate compiles every argument's and answer's reading.
        enabled: |cx| matches!(cx.part, super::parts::Part::Group { .. }),
        should_match: any,
        run: |file, cx| {
            let items = driver::group_module(cx.lowered, &cx.builders, file)?;
            extend(file, items)
        },
    },
    Pass {
        name: "resource_tree",
        after: &["use_the_runtime_client"],
        expects: "the lowered calls, as the tree's handles and verbs",
        // A part's calls are a branch of the one tree, which the whole's crate holds.
        enabled: |cx| matches!(cx.part, super::parts::Part::Whole),
        should_match: any,
        run: |file, cx| extend(file, tree::items(cx.lowered)?),
    },
    Pass {
        name: "conformance_driver",
        after: &["send_and_metadata", "resource_tree"],
        expects: "a request builder with a setter for each argument the spec fills",
        enabled: |cx| cx.driver.is_some(),
        should_match: any,
        run: |file, cx| {
            let endpoints = cx.driver.unwrap_or_default();
            let items = driver::items(endpoints, cx.lowered, &cx.builders, file)?;
            extend(file, items)
        },
    },
    Pass {
        name: "mock_tree",
        after: &["send_and_metadata", "resource_tree"],
        expects: "a request builder for each operation, with its `body` setter's type",
        enabled: |cx| cx.mock,
        should_match: any,
        run: |file, cx| {
            let items = mock::items(cx.lowered, &cx.builders, file)?;
            extend(file, items)
        },
    },
];

/// Runs every enabled pass of [`PASSES`] in order; returns each one's count.
pub(super) fn run_all(file: &mut syn::File, cx: &mut Context) -> Result<Vec<(&'static str, usize)>> {
    run_passes(PASSES, file, cx)
}

fn run_passes(passes: &[Pass], file: &mut syn::File, cx: &mut Context) -> Result<Vec<(&'static str, usize)>> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    let mut skipped: Vec<&'static str> = Vec::new();
    for pass in passes {
        let fail = |message: String| Error::Generate { operation: format!("(pass `{}`)", pass.name), message };
        if let Some(missing) = pass.after.iter().find(|name| !counts.iter().any(|(done, _)| done == *name) && !skipped.contains(name)) {
            return Err(fail(format!("declared to run after `{missing}`, which has not run; fix the order in codegen/src/generate/passes.rs")));
        }
        if !(pass.enabled)(cx) {
            skipped.push(pass.name);
            continue;
        }
        if let Some(missing) = pass.after.iter().find(|name| skipped.contains(name)) {
            return Err(fail(format!("needs `{missing}`, which this generation does not run")));
        }
        let expected = (pass.should_match)(file, cx);
        let matched = (pass.run)(file, cx)?;
        let wrong = match expected {
            Expect::Any => None,
            Expect::SomeOf(places) if places > 0 && matched == 0 => Some(format!("{places} places of its kind, none matched")),
            Expect::All(places) if places != matched => Some(format!("{places} expected, {matched} matched")),
            _ => None,
        };
        if let Some(wrong) = wrong {
            return Err(fail(format!("expects {}: {wrong}. Progenitor's output has changed shape; update the pass", pass.expects)));
        }
        counts.push((pass.name, matched));
    }
    Ok(counts)
}

fn extend(file: &mut syn::File, items: Vec<syn::Item>) -> Result<usize> {
    let added = items.len();
    file.items.extend(items);
    Ok(added)
}

/// The items of `types` that `wanted` picks.
fn count_types(file: &syn::File, wanted: impl Fn(&syn::Item) -> bool) -> usize {
    super::module(&file.items, "types").unwrap_or_default().iter().filter(|item| wanted(item)).count()
}

/// The named fields of the structs of `types` that `wanted` picks.
fn count_fields(file: &syn::File, wanted: impl Fn(&syn::Field) -> bool) -> usize {
    let structs = super::module(&file.items, "types").unwrap_or_default().iter().filter_map(|item| match item {
        syn::Item::Struct(s) => Some(s),
        _ => None,
    });
    structs.flat_map(|s| s.fields.iter()).filter(|field| wanted(field)).count()
}

fn has_serde_tag(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("serde") && a.meta.to_token_stream().to_string().contains("tag"))
}

/// `.map_err(|..| ..)` calls anywhere in the file.
fn count_map_err_closures(file: &syn::File) -> usize {
    struct Counter(usize);
    impl<'ast> syn::visit::Visit<'ast> for Counter {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            if call.method == "map_err" && matches!(call.args.first(), Some(syn::Expr::Closure(_))) {
                self.0 += 1;
            }
            syn::visit::visit_expr_method_call(self, call);
        }
    }
    let mut counter = Counter(0);
    syn::visit::Visit::visit_file(&mut counter, file);
    counter.0
}

/// Setters in `types::builder` whose bounds speak of an `Option`.
fn count_optional_setters(file: &syn::File) -> usize {
    let builders = super::module(&file.items, "types").and_then(|types| super::module(types, "builder")).unwrap_or_default();
    builders
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
            _ => None,
        })
        .flat_map(|block| &block.items)
        .filter(|member| matches!(member, syn::ImplItem::Fn(f) if f.sig.generics.where_clause.as_ref().is_some_and(|w| w.to_token_stream().to_string().contains("Option"))))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered() -> Lowered {
        let spec = crate::spec::Spec { endpoints: Vec::new() };
        crate::lower::lower(&spec, &Default::default()).unwrap()
    }

    fn pass(name: &'static str, after: &'static [&'static str], should_match: fn(&syn::File, &Context) -> Expect, run: fn(&mut syn::File, &mut Context) -> Result<usize>) -> Pass {
        Pass { name, after, expects: "a shape", enabled: always, should_match, run }
    }

    #[test]
    fn a_pass_that_finds_places_of_its_kind_and_matches_none_fails_with_its_name() {
        let lowered = lowered();
        let mut cx = Context { lowered: &lowered, driver: None, mock: false, builders: BTreeMap::new(), sent_back: Vec::new(), part: Default::default() };
        let mut file: syn::File = syn::parse_quote! {};
        let passes = [pass("finds_nothing", &[], |_, _| Expect::SomeOf(3), |_, _| Ok(0))];
        let err = run_passes(&passes, &mut file, &mut cx).unwrap_err().to_string();
        assert!(err.contains("finds_nothing") && err.contains("3 places of its kind, none matched"), "{err}");
        // Nothing of its kind in the input: nothing to match, no failure.
        let passes = [pass("nothing_to_do", &[], |_, _| Expect::SomeOf(0), |_, _| Ok(0)), pass("any", &[], any, |_, _| Ok(0))];
        assert_eq!(run_passes(&passes, &mut file, &mut cx).unwrap(), vec![("nothing_to_do", 0), ("any", 0)]);
        // `All` wants every place.
        let passes = [pass("some_of_all", &[], |_, _| Expect::All(2), |_, _| Ok(1))];
        assert!(run_passes(&passes, &mut file, &mut cx).unwrap_err().to_string().contains("2 expected, 1 matched"));
    }

    #[test]
    fn a_pass_declared_after_one_that_has_not_run_fails() {
        let lowered = lowered();
        let mut cx = Context { lowered: &lowered, driver: None, mock: false, builders: BTreeMap::new(), sent_back: Vec::new(), part: Default::default() };
        let mut file: syn::File = syn::parse_quote! {};
        let passes = [pass("second", &["first"], any, |_, _| Ok(0)), pass("first", &[], any, |_, _| Ok(0))];
        let err = run_passes(&passes, &mut file, &mut cx).unwrap_err().to_string();
        assert!(err.contains("second") && err.contains("after `first`"), "{err}");
    }

    #[test]
    fn a_pass_after_one_this_generation_skips_is_skipped_with_it_or_fails() {
        let lowered = lowered();
        let mut cx = Context { lowered: &lowered, driver: None, mock: false, builders: BTreeMap::new(), sent_back: Vec::new(), part: Default::default() };
        let mut file: syn::File = syn::parse_quote! {};
        let off = |name, after| Pass { enabled: |_| false, ..pass(name, after, any, |_, _| Ok(0)) };
        // A part's generation skips the tree, and what needs the tree is off there too.
        let passes = [off("tree", &[]), off("driver", &["tree"]), pass("metadata", &[], any, |_, _| Ok(0))];
        assert_eq!(run_passes(&passes, &mut file, &mut cx).unwrap(), vec![("metadata", 0)]);
        let passes = [off("tree", &[]), pass("driver", &["tree"], any, |_, _| Ok(0))];
        let err = run_passes(&passes, &mut file, &mut cx).unwrap_err().to_string();
        assert!(err.contains("driver") && err.contains("needs `tree`"), "{err}");
    }

    #[test]
    fn the_declared_order_runs_every_pass_after_what_it_names() {
        for (at, pass) in PASSES.iter().enumerate() {
            for before in pass.after {
                let found = PASSES[..at].iter().any(|p| p.name == *before);
                assert!(found, "`{}` runs before `{before}`, which it is declared to follow", pass.name);
            }
        }
        let mut names: Vec<&str> = PASSES.iter().map(|p| p.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PASSES.len(), "pass names are unique");
    }
}
