//! A catalogue of bad spec files: each gives a message naming the file and the field, and
//! nothing panics.

mod common;

use cloudflare_sdk_codegen::TagFilter;
use common::*;

/// Runs the pipeline on `files` and returns its error message.
fn error_for(files: &[(&str, &str)]) -> String {
    let dir = spec_dir(files);
    match cloudflare_sdk_codegen::run(dir.path(), &TagFilter::All, &Default::default(), cloudflare_sdk_codegen::Snapshot::Render) {
        Ok(_) => panic!("the pipeline accepted a bad spec"),
        // Diagnostics name files relative to the temporary folder's path; drop that prefix.
        Err(err) => err.to_string().replace(&format!("{}/", dir.path().display()), ""),
    }
}

fn assert_names(message: &str, file: &str, field: &str, words: &str) {
    assert!(message.contains(file), "no file `{file}` in:\n{message}");
    assert!(message.contains(&format!("`{field}`")), "no field `{field}` in:\n{message}");
    assert!(message.contains(words), "no `{words}` in:\n{message}");
}

fn seed_alone(text: &str) -> String {
    error_for(&[(&seed_file_name(), text)])
}

#[test]
fn malformed_yaml() {
    let message = seed_alone(&seed_with("method: get\n", "method: [get\n"));
    assert!(message.contains(&seed_file_name()) && message.contains("line"), "{message}");
}

#[test]
fn a_field_of_the_wrong_type() {
    let message = seed_alone(&seed_with("  enterprise: true\n", "  enterprise: maybe\n"));
    assert_names(&message, &seed_file_name(), "plan_availability.enterprise", "boolean");
}

#[test]
fn an_unknown_key() {
    let message = seed_alone(&seed_with("tag: Organization Invites\n", "tag: Organization Invites\ncolour: blue\n"));
    assert_names(&message, &seed_file_name(), "colour", "unknown field");
}

#[test]
fn a_missing_required_key() {
    let message = seed_alone(&seed_with("path: /organizations/{organization_identifier}/invites\n", ""));
    assert!(message.contains(&seed_file_name()) && message.contains("missing field `path`"), "{message}");
}

#[test]
fn a_duplicate_operation_id() {
    let copy = seed_with("tag: Organization Invites\n", "tag: Organization Invites Copy\n");
    let message = error_for(&[(&seed_file_name(), &seed_yaml()), (&format!("organization-invites-copy/{SEED_ID}.yaml"), &copy)]);
    assert_names(&message, &format!("organization-invites-copy/{SEED_ID}.yaml"), "operation_id", "is also the operation id of");
}

#[test]
fn two_operations_with_one_method_and_path() {
    let copy = seed_with("operation_id: organization-invites-list-invitations", "operation_id: organization-invites-again");
    let message = error_for(&[(&seed_file_name(), &seed_yaml()), (&format!("{SEED_TAG_DIR}/organization-invites-again.yaml"), &copy)]);
    assert_names(&message, "organization-invites-again.yaml", "path", "is also the method and path of");
}

#[test]
fn a_path_parameter_missing_from_the_template_and_a_template_name_without_parameter() {
    let message = seed_alone(&seed_with("path: /organizations/{organization_identifier}/invites", "path: /organizations/{organization_id}/invites"));
    assert_names(&message, &seed_file_name(), "parameters[0].name", "does not appear in the path");
    assert_names(&message, &seed_file_name(), "parameters", "`{organization_id}` but no path parameter declares it");
}

#[test]
fn an_optional_path_parameter() {
    let message = seed_alone(&seed_with("  required: true\n", ""));
    assert_names(&message, &seed_file_name(), "parameters[0].required", "must be required");
}

#[test]
fn an_unknown_http_method() {
    let message = seed_alone(&seed_with("method: get\n", "method: fetch\n"));
    assert_names(&message, &seed_file_name(), "method", "unknown variant `fetch`");
}

#[test]
fn an_unknown_parameter_location() {
    let message = seed_alone(&seed_with("  in: path\n", "  in: cookie\n"));
    assert_names(&message, &seed_file_name(), "parameters[0].in", "unknown variant `cookie`");
}

#[test]
fn an_unknown_security_scheme() {
    let message = seed_alone(&seed_with("- api_email: []\n", "- api_password: []\n"));
    assert_names(&message, &seed_file_name(), "security[0].api_password", "unknown security scheme");
}

#[test]
fn an_empty_responses_map() {
    let yaml = seed_yaml();
    let start = yaml.find("responses:\n").unwrap();
    let end = yaml.find("security:\n").unwrap();
    let message = seed_alone(&format!("{}responses: {{}}\n{}", &yaml[..start], &yaml[end..]));
    assert_names(&message, &seed_file_name(), "responses", "at least one response");
}

#[test]
fn a_response_key_that_is_not_a_status() {
    let message = seed_alone(&seed_with("  '200':\n", "  ok:\n"));
    assert_names(&message, &seed_file_name(), "responses.ok", "status code");
}

#[test]
fn a_leftover_ref() {
    let message = seed_alone(&seed_with("    description: Identifier\n", "    $ref: '#/components/schemas/identifier'\n"));
    assert_names(&message, &seed_file_name(), "parameters[0].schema.$ref", "unresolved reference");
}

#[test]
fn a_local_definition_reference_is_allowed_but_must_exist() {
    let message = seed_alone(&seed_with("    description: Identifier\n", "    $ref: '#/definitions/identifier'\n"));
    assert_names(&message, &seed_file_name(), "parameters[0].schema.$ref", "not defined in this file");
}

#[test]
fn a_schema_with_an_impossible_type() {
    let message = seed_alone(&seed_with("    type: string\n", "    type: strin\n"));
    assert_names(&message, &seed_file_name(), "parameters[0].schema.type", "impossible type");
}

#[test]
fn an_unknown_schema_keyword() {
    let message = seed_alone(&seed_with("    readOnly: true\n", "    readonly: true\n"));
    assert_names(&message, &seed_file_name(), "parameters[0].schema.readonly", "unknown schema keyword");
}

#[test]
fn a_file_outside_its_tag_folder() {
    let message = error_for(&[(&format!("zones/{SEED_ID}.yaml"), &seed_yaml())]);
    assert_names(&message, &format!("zones/{SEED_ID}.yaml"), "tag", "belongs at");
    assert!(message.contains(&seed_file_name()), "{message}");
}

#[test]
fn a_spec_file_outside_any_tag_folder() {
    let message = error_for(&[(&format!("{SEED_ID}.yaml"), &seed_yaml())]);
    assert_names(&message, &format!("{SEED_ID}.yaml"), "tag", "tag folder");
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let text = seed_with("    type: string\n", "    type: strin\n").replace("- api_email: []\n", "- api_password: []\n");
    let message = seed_alone(&text);
    assert!(message.contains("2 problems"), "{message}");
}

#[test]
fn an_operation_id_without_a_letter_or_digit_generates() {
    let odd = seed_with(&format!("operation_id: {SEED_ID}\n"), "operation_id: '---'\n");
    let dir = spec_dir(&[("organization-invites/---.yaml", &odd)]);
    let pipeline = cloudflare_sdk_codegen::run(dir.path(), &TagFilter::All, &Default::default(), cloudflare_sdk_codegen::Snapshot::Render).unwrap();
    assert!(pipeline.generated.code.contains("pub const OPERATION_"), "the metadata constant is named");
}

#[test]
fn operation_ids_that_differ_only_in_punctuation_are_an_error_naming_both() {
    let a = seed_with(&format!("operation_id: {SEED_ID}\n"), "operation_id: list-them\n");
    let b = seed_with(&format!("operation_id: {SEED_ID}\n"), "operation_id: list_them\n").replace("/invites\n", "/invites-too\n");
    let message = error_for(&[("organization-invites/list-them.yaml", &a), ("organization-invites/list_them.yaml", &b)]);
    assert!(message.contains("list-them") && message.contains("list_them") && message.contains("LIST_THEM"), "{message}");
}

/// An upstream document whose schemas refer twice to the next one, `depth` deep, or (with
/// `twice` false) a plain chain of references.
fn document_of_refs(depth: usize, twice: bool) -> serde_json::Value {
    let mut schemas = serde_json::Map::new();
    for n in 0..depth {
        let next = serde_json::json!({"$ref": format!("#/components/schemas/s{}", n + 1)});
        let schema = if twice { serde_json::json!({"type": "object", "properties": {"a": next, "b": next}}) } else { next };
        schemas.insert(format!("s{n}"), schema);
    }
    schemas.insert(format!("s{depth}"), serde_json::json!({"type": "string"}));
    serde_json::json!({
        "openapi": "3.0.3",
        "paths": {"/things": {"get": {"operationId": "things-get", "tags": ["Things"], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/s0"}}}}}}}},
        "components": {"schemas": schemas},
    })
}

#[test]
fn references_that_grow_exponentially_are_refused_not_expanded() {
    let started = std::time::Instant::now();
    let err = cloudflare_sdk_codegen::import::import_document(&document_of_refs(40, true), std::path::Path::new("doc.json")).unwrap_err().to_string();
    assert!(err.contains("doc.json") && err.contains("paths./things.get") && err.contains("expand to more than"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "took {:?}", started.elapsed());
    // A modest fan-out still imports.
    assert!(cloudflare_sdk_codegen::import::import_document(&document_of_refs(8, true), std::path::Path::new("doc.json")).is_ok());
}

#[test]
fn a_chain_of_references_too_long_to_follow_is_refused_not_a_stack_overflow() {
    let err = cloudflare_sdk_codegen::import::import_document(&document_of_refs(100_000, false), std::path::Path::new("doc.json")).unwrap_err().to_string();
    assert!(err.contains("nested `$ref`s"), "{err}");
    assert!(cloudflare_sdk_codegen::import::import_document(&document_of_refs(30, false), std::path::Path::new("doc.json")).is_ok());
}

#[test]
fn an_operation_progenitor_rejects_is_named() {
    // Progenitor refuses cookie parameters; the lowering never writes one, so one is put into
    // the lowered document by hand, on a path whose parameter the lowering renamed.
    let dir = spec_dir(&[(&seed_file_name(), &seed_yaml())]);
    let mut pipeline = cloudflare_sdk_codegen::run(dir.path(), &TagFilter::All, &Default::default(), cloudflare_sdk_codegen::Snapshot::Skip).unwrap();
    let mut document = serde_json::to_value(&pipeline.lowered.openapi).unwrap();
    let operation = &mut document["paths"]["/organizations/{organization_id}/invites"]["get"];
    operation["parameters"].as_array_mut().unwrap().push(serde_json::json!({"name": "session", "in": "cookie", "required": true, "schema": {"type": "string"}}));
    pipeline.lowered.openapi = serde_json::from_value(document).unwrap();
    let err = cloudflare_sdk_codegen::generate::generate(&pipeline.lowered, cloudflare_sdk_codegen::Snapshot::Skip, cloudflare_sdk_codegen::Driver::Skip, cloudflare_sdk_codegen::MockTree::Skip)
        .unwrap_err();
    assert!(err.to_string().contains(SEED_ID), "{err}");
}
