//! The manifest `generate` would write, checked before anything is written: a `Cargo.toml`
//! that Cargo cannot load stops every `cargo xtask`, including the one that would fix it.
//! Here rather than in the codegen crate, which consumers build for their build script.

use cloudflare_sdk_codegen::lower::Features;

/// Whether Cargo could load `manifest` as far as its features go: it parses, and every feature
/// it names (in other features, in the package's dependency on itself, in `required-features`)
/// is one it defines. On failure, the place and what is wrong.
pub fn check(manifest: &str, features_of_tags: &Features) -> std::result::Result<(), (String, String)> {
    let table: toml::Table = manifest.parse().map_err(|e: toml::de::Error| ("Cargo.toml".to_string(), format!("would not parse: {}", e.message())))?;
    let name = table.get("package").and_then(|p| p.get("name")).and_then(toml::Value::as_str).unwrap_or_default();
    let features = table.get("features").and_then(toml::Value::as_table).cloned().unwrap_or_default();
    let missing = |named: &str| !named.starts_with("dep:") && !named.contains('/') && !features.contains_key(named);
    let strings = |value: Option<&toml::Value>| -> Vec<String> { value.and_then(toml::Value::as_array).map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default() };
    let mut uses: Vec<(String, Vec<String>)> = Vec::new();
    for (feature, enables) in &features {
        uses.push((format!("features.{feature}"), strings(Some(enables))));
    }
    for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
        for (dependency, spec) in table.get(section).and_then(toml::Value::as_table).into_iter().flatten() {
            let on_itself = dependency == name || spec.get("package").and_then(toml::Value::as_str) == Some(name);
            if on_itself && spec.get("path").is_some() {
                uses.push((format!("{section}.{dependency}.features"), strings(spec.get("features"))));
            }
        }
    }
    for kind in ["bin", "example", "test", "bench"] {
        for target in table.get(kind).and_then(toml::Value::as_array).into_iter().flatten() {
            let target_name = target.get("name").and_then(toml::Value::as_str).unwrap_or("?");
            uses.push((format!("{kind}.{target_name}.required-features"), strings(target.get("required-features"))));
        }
    }
    for (place, named) in uses {
        if let Some(gone) = named.iter().find(|n| missing(n)) {
            let now = features_of_tags.tags.get(gone.as_str()).map(|f| format!(" (tag `{gone}` is now in feature `{f}`)")).unwrap_or_default();
            return Err((place, format!("names the feature `{gone}`, which the spec no longer makes{now}; Cargo could not load the workspace. Change it there first")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;
    use cloudflare_sdk_codegen::lower::Features;

    const MANIFEST: &str = r#"
[package]
name = "cloudflare-sdk"

[features]
default = ["rustls"]
rustls = ["reqwest/rustls"]
dns-records = []
full = ["dns-records"]

[dev-dependencies]
cloudflare-sdk = { path = ".", features = ["dns-records"] }

[[example]]
name = "list"
required-features = ["dns-records"]
"#;

    #[test]
    fn every_feature_named_must_be_defined() {
        assert_eq!(check(MANIFEST, &Features::default()), Ok(()));
        let features = Features::parse("dns-records-for-a-zone  dns-records\n").unwrap();
        for (named, place) in [
            ("features = [\"dns-records\"] }", "dev-dependencies.cloudflare-sdk.features"),
            ("required-features = [\"dns-records\"]", "example.list.required-features"),
            ("full = [\"dns-records\"]", "features.full"),
        ] {
            let broken = MANIFEST.replace(named, &named.replace("dns-records", "dns-records-for-a-zone"));
            let (at, message) = check(&broken, &features).unwrap_err();
            assert_eq!(at, place);
            assert!(message.contains("`dns-records-for-a-zone`") && message.contains("now in feature `dns-records`"), "{message}");
        }
        assert_eq!(check("[features\n", &features).unwrap_err().0, "Cargo.toml");
    }
}
