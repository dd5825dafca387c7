//! Large generated structs in optional fields are boxed: `Option<Box<T>>`.
//!
//! Typify puts a nested object inline. A DNS record's `data` (39 optional fields for the record
//! types that use it) made each record 1,080 bytes where a hand-written one with `data` as JSON
//! is 352, and a list of 10,000 records decoded 20% slower for the memory alone, though the
//! instruction counts were within 5%. Boxed, an absent value costs 8 bytes. Only the types'
//! own definitions decide, so enabling another tag never changes a type.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit_mut::VisitMut;

/// Estimated size in bytes above which a struct is boxed where it is optional.
const LARGE: usize = 256;

/// Boxes the large structs of `pub mod types` where they are optional, in the types and in
/// their builders; returns how many structs are large.
pub fn box_large_optional_structs(file: &mut syn::File) -> crate::error::Result<usize> {
    let Some(types) = super::module_mut(&mut file.items, "types") else {
        return Err(crate::error::Error::Generate {
            operation: "(all operations)".into(),
            message: "progenitor's output has no `types` module to box large structs in; update codegen/src/generate/boxing.rs".into(),
        });
    };
    let large = large_structs(types);
    if large.is_empty() {
        return Ok(0);
    }
    for item in types.iter_mut() {
        match item {
            // The builders name the types `super::T`, and have structs of the same names.
            syn::Item::Mod(builder) if builder.ident == "builder" => {
                if let Some((_, items)) = &mut builder.content {
                    for item in items {
                        Boxer { large: &large, prefix: Some("super") }.visit_item_mut(item);
                    }
                }
            }
            _ => Boxer { large: &large, prefix: None }.visit_item_mut(item),
        }
    }
    Ok(large.len())
}

fn large_structs(types: &[syn::Item]) -> BTreeSet<String> {
    let structs: BTreeMap<String, &syn::ItemStruct> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some((s.ident.to_string(), s)),
            _ => None,
        })
        .collect();
    let mut sizes = Sizes { structs: &structs, known: BTreeMap::new(), visiting: BTreeSet::new() };
    structs.keys().filter(|name| sizes.of_struct(name) > LARGE).cloned().collect()
}

/// `Option<T>` -> `Option<Box<T>>` for the large `T`s, named as `prefix::T` (or `T`).
struct Boxer<'a> {
    large: &'a BTreeSet<String>,
    prefix: Option<&'static str>,
}

impl VisitMut for Boxer<'_> {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let Some(inner) = option_argument(ty) {
            if self.is_large(inner) {
                let inner = inner.clone();
                *ty = syn::parse_quote! { ::std::option::Option<::std::boxed::Box<#inner>> };
                return;
            }
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }
}

impl Boxer<'_> {
    fn is_large(&self, ty: &syn::Type) -> bool {
        let syn::Type::Path(path) = ty else { return false };
        let segments: Vec<String> = path.path.segments.iter().map(|s| s.ident.to_string()).collect();
        match (self.prefix, segments.as_slice()) {
            (None, [name]) => self.large.contains(name),
            (Some(prefix), [first, name]) => first == prefix && self.large.contains(name),
            _ => false,
        }
    }
}

/// `T` of `Option<T>` (`::std::option::Option` or `Option`).
fn option_argument(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// Size estimates of the generated structs (x86_64 layouts, padding ignored).
struct Sizes<'a> {
    structs: &'a BTreeMap<String, &'a syn::ItemStruct>,
    known: BTreeMap<String, usize>,
    visiting: BTreeSet<String>,
}

impl Sizes<'_> {
    fn of_struct(&mut self, name: &str) -> usize {
        if let Some(size) = self.known.get(name) {
            return *size;
        }
        let structs = self.structs;
        let Some(item) = structs.get(name) else { return 32 };
        // A recursive type reaches itself through a pointer.
        if !self.visiting.insert(name.to_string()) {
            return 8;
        }
        let size = item.fields.iter().map(|f| self.of_type(&f.ty)).sum::<usize>().max(1);
        self.visiting.remove(name);
        self.known.insert(name.to_string(), size);
        size
    }

    fn of_type(&mut self, ty: &syn::Type) -> usize {
        if let Some(inner) = option_argument(ty) {
            let inner_size = self.of_type(inner);
            // Heap pointers keep `None` in their niche; the rest need a tag.
            return if is_heap_pointer(inner) { inner_size } else { inner_size + 8 };
        }
        let syn::Type::Path(path) = ty else { return 16 };
        let Some(last) = path.path.segments.last() else { return 16 };
        match last.ident.to_string().as_str() {
            "bool" | "u8" | "i8" => 1,
            "u16" | "i16" => 2,
            "u32" | "i32" | "f32" => 4,
            "u64" | "i64" | "f64" | "usize" | "isize" | "NonZeroU64" | "Box" => 8,
            name if HEAP_POINTERS.contains(&name) => 24,
            "Value" | "Map" | "HashMap" | "HashSet" => 48,
            name => self.of_struct(name),
        }
    }
}

/// Types behind a heap pointer, whose `None` costs nothing.
const HEAP_POINTERS: [&str; 5] = ["Box", "String", "Vec", "BTreeMap", "BTreeSet"];

fn is_heap_pointer(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else { return false };
    path.path.segments.last().is_some_and(|s| HEAP_POINTERS.contains(&s.ident.to_string().as_str()))
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    fn boxed(source: &str) -> String {
        let mut file: syn::File = syn::parse_str(source).unwrap();
        box_large_optional_structs(&mut file).unwrap();
        file.to_token_stream().to_string().split_whitespace().collect()
    }

    #[test]
    fn a_large_optional_struct_is_boxed_in_the_type_and_its_builder_and_a_small_one_is_not() {
        let many: String = (0..20).map(|n| format!("pub f{n}: Option<String>,")).collect();
        let source = format!(
            "pub mod types {{
                pub struct Record {{ pub data: Option<Data>, pub meta: Option<Meta>, pub list: Vec<Data> }}
                pub struct Data {{ {many} }}
                pub struct Meta {{ pub source: Option<String> }}
                pub mod builder {{
                    pub struct Data {{ f0: Result<Option<String>, String> }}
                    pub struct Record {{ data: Result<Option<super::Data>, String>, meta: Result<Option<super::Meta>, String>, own: Option<Data> }}
                }}
            }}"
        );
        let code = boxed(&source);
        assert!(code.contains("pubdata:::std::option::Option<::std::boxed::Box<Data>>"), "{code}");
        assert!(code.contains("pubmeta:Option<Meta>"), "{code}");
        assert!(code.contains("publist:Vec<Data>"), "{code}");
        assert!(code.contains("data:Result<::std::option::Option<::std::boxed::Box<super::Data>>,String>"), "{code}");
        assert!(code.contains("meta:Result<Option<super::Meta>,String>"), "{code}");
        // The builder's own struct of the same name is not the type.
        assert!(code.contains("own:Option<Data>"), "{code}");
    }

    #[test]
    fn a_recursive_struct_is_measured_without_looping() {
        let code = boxed("pub mod types { pub struct Node { pub next: Option<Box<Node>>, pub value: Option<Node2> } pub struct Node2 { pub back: Option<Node> } }");
        // Measured (it returned), and both small: left as they were.
        assert_eq!(code, "pubmodtypes{pubstructNode{pubnext:Option<Box<Node>>,pubvalue:Option<Node2>}pubstructNode2{pubback:Option<Node>}}");
    }

    #[test]
    fn output_without_a_types_module_is_an_error_naming_what_was_looked_for() {
        let mut file: syn::File = syn::parse_str("pub mod other {}").unwrap();
        let err = box_large_optional_structs(&mut file).unwrap_err().to_string();
        assert!(err.contains("no `types` module"), "{err}");
    }
}
