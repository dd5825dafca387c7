//! The spec's own response examples decode into the SDK's types, and re-serialising what was
//! decoded gives back every leaf value the types have a field for.

mod common;

use bytes::Bytes;
use cloudflare_sdk::{decode_envelope, operations, types, Operation};

// The conformance driver's rows, compiled by this test's rustc rather than with the SDK's tree.
cloudflare_sdk::conformance_rows!();
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The 200 answer an operation's spec file gives as its example.
fn example(spec_file: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec").join(spec_file);
    let endpoint = cloudflare_sdk_codegen::spec::load_file(&path).unwrap();
    let schema = endpoint.responses["200"].content["application/json"].schema.clone().unwrap();
    let mut body = cloudflare_sdk_codegen::spec::example_value(&schema);
    body["success"] = Value::Bool(true);
    body
}

/// Every leaf of `value` with its JSON pointer.
fn leaves(value: &Value, at: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, format!("{at}/{k}"), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| leaves(v, format!("{at}/{i}"), out)),
        leaf => out.push((at, leaf.clone())),
    }
}

fn same(a: &Value, b: &Value) -> bool {
    a == b || matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y)
}

/// Decodes the example of `spec_file` as `operation` would, re-serialises the result and
/// compares leaves; returns (leaves in the example's result, leaves given back).
fn round_trip<T: DeserializeOwned + Serialize>(operation: &'static Operation, spec_file: &str) -> (usize, usize) {
    let body = example(spec_file);
    let bytes = Bytes::from(serde_json::to_vec(&body).unwrap());
    let response = decode_envelope::<Vec<T>>(operation, StatusCode::OK, HeaderMap::new(), bytes).unwrap_or_else(|e| panic!("{spec_file}: {e}"));
    let result = response.into_result().unwrap_or_default();
    assert!(!result.is_empty(), "{spec_file}: the example's result decoded to nothing");
    let again = serde_json::to_value(&result).unwrap();
    let mut original = Vec::new();
    leaves(&body["result"], String::new(), &mut original);
    let mut kept = 0;
    for (pointer, value) in &original {
        match again.pointer(pointer) {
            Some(back) if !back.is_null() || value.is_null() => {
                assert!(same(back, value), "{spec_file}: {pointer} was {value}, came back {back}");
                kept += 1;
            }
            // A leaf its type has no field for (or `null`, which an absent field serialises as).
            _ => {}
        }
    }
    (original.len(), kept)
}

#[test]
fn the_examples_of_the_tested_lists_decode_and_give_back_their_values() {
    let figures = [
        ("invites", round_trip::<types::Invite>(&operations::ORGANIZATION_INVITES_LIST_INVITATIONS, "organization-invites/organization-invites-list-invitations.yaml")),
        ("members", round_trip::<types::AccountMember>(&operations::MEMBERS_LIST, "organizationmembers/Members_list.yaml")),
        ("dns records", round_trip::<types::DnsRecord>(&operations::DNS_RECORDS_FOR_A_ZONE_LIST_DNS_RECORDS, "dns-records-for-a-zone/dns-records-for-a-zone-list-dns-records.yaml")),
        ("kv namespaces", round_trip::<types::Namespace>(&operations::WORKERS_KV_NAMESPACE_LIST_NAMESPACES, "workers-kv-namespace/workers-kv-namespace-list-namespaces.yaml")),
        ("worker scripts", round_trip::<types::WorkersScript>(&operations::WORKER_SCRIPT_LIST_WORKERS, "worker-script/worker-script-list-workers.yaml")),
    ];
    for (what, (leaves, kept)) in figures {
        // Every example leaf comes back: the types have a field for each.
        assert_eq!(kept, leaves, "{what}: {kept} of {leaves} leaves came back");
    }
}

/// The example a success answer of `endpoint` gives in the spec: the media type's own
/// `example`, else the first of its `examples`, else one built from its schema. `None` when
/// the success answer is not JSON.
fn success_example(endpoint: &cloudflare_sdk_codegen::spec::Endpoint) -> Option<(u16, Value)> {
    let (status, response) = cloudflare_sdk_rules::status::success(&endpoint.responses)?;
    let media = response.content.get("application/json")?;
    let named = || media.examples.as_ref()?.as_object()?.values().find_map(|e| e.get("value").cloned());
    let example = media.example.clone().or_else(named).or_else(|| Some(cloudflare_sdk_codegen::spec::example_value(&media.schema.clone()?)))?;
    Some((status.parse().ok()?, example))
}

/// Every operation built whose arguments the spec fills is called through the tree against a
/// loopback server answering with the spec's example: each one decodes. The spec's examples
/// break their own schemas in every way the live API does (text for numbers, one object for a
/// list, `[]` for an object), so this is lenient decoding at the scale of the spec. With
/// `--features full` (as CI runs it) that is every operation of the API.
#[tokio::test]
async fn every_success_example_of_the_built_operations_decodes() {
    use crate::conformance_rows::{CALLS, UNFILLED};
    use cloudflare_sdk::conformance::{credentials_for, Failure};
    use wiremock::{matchers::any, Mock, MockServer, ResponseTemplate};

    // The warnings of values left out (the sibling test leaves none out, so it cannot make
    // tracing cache this callsite as unwatched before this subscriber exists).
    let captured = common::Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_max_level(tracing::Level::WARN).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let spec = cloudflare_sdk_codegen::spec::load_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec"), &cloudflare_sdk_codegen::TagFilter::All).unwrap();
    let endpoints: std::collections::HashMap<&str, _> = spec.endpoints.iter().map(|e| (e.operation_id.as_str(), e)).collect();
    let server = MockServer::start().await;
    let (mut decoded, mut not_json, mut failures, mut unfit_requests) = (0, 0, Vec::new(), Vec::new());
    for call in CALLS {
        let Some((status, example)) = success_example(endpoints[call.operation.id]) else {
            not_json += 1;
            continue;
        };
        server.reset().await;
        Mock::given(any()).respond_with(ResponseTemplate::new(status).set_body_json(&example)).mount(&server).await;
        let client = cloudflare_sdk::Client::builder().credentials(credentials_for(call.operation)).base_url(format!("{}/client/v4", server.uri())).max_retries(0).build().unwrap();
        match call.run(&client).await {
            Ok(()) => decoded += 1,
            Err(Failure::Call(error)) => failures.push(format!("{}: {error}", call.operation.id)),
            // The spec's request example breaks the request's own schema, and request bodies
            // stay strict: the call is not made. A defect of the spec, counted below.
            Err(Failure::Argument { what, message }) => unfit_requests.push(format!("{}: the {what} does not convert: {message}", call.operation.id)),
        }
    }
    assert!(failures.is_empty(), "{} of {} examples failed:\n{}", failures.len(), decoded + failures.len(), failures.join("\n"));
    // Every operation built is either called or listed with the reason it cannot be.
    assert_eq!(CALLS.len() + UNFILLED.len(), operations::ALL.len());
    // Decoded, but with a value its type cannot hold left out (still in `Response::json`).
    let log = captured.text();
    let left_out: std::collections::BTreeSet<&str> = log.lines().filter(|line| line.contains("left out values")).filter_map(|line| line.split("operation=\"").nth(1)?.split('"').next()).collect();
    // The figures, pinned: a change in what is built or filled shows here, not as a quiet drop.
    // (operations, called, decoded, of which with a value left out, not JSON, request
    // examples that break their schema)
    let figures = (operations::ALL.len(), CALLS.len(), decoded, left_out.len(), not_json, unfit_requests.len());
    let expected = if cfg!(feature = "full") {
        // The whole API: 41 operations send bodies the driver cannot fill (multipart, raw bytes,
        // text, NDJSON), 133 answer other than JSON, and 7 request examples break their own
        // schema (a required field missing, a field the body does not have; the list is in the
        // message above). One leaves a value out (a model search's result that is not the list
        // the spec declares).
        (3225, 3184, 3044, 1, 133, 7)
    } else {
        // 262 operations: 14 send bodies the driver cannot fill (13 multipart, an R2 object's
        // raw bytes), 12 answer other than JSON.
        (262, 248, 236, 0, 12, 0)
    };
    assert_eq!(figures, expected, "unfilled: {UNFILLED:?}\nrequest examples that break their schema:\n{}\nleft out:\n{}", unfit_requests.join("\n"), log);
}

/// A driven call is built through the tree, sent to the path of its operation and read with
/// its operation's decoder: a result of the wrong shape is a decode error, a failure envelope
/// the API's error with its code, and the spec's example decodes.
#[tokio::test]
async fn a_driven_call_sends_its_operation_and_decodes_the_answer_as_its_send_does() {
    use crate::conformance_rows::CALLS;
    use cloudflare_sdk::conformance::{credentials_for, Failure};
    use cloudflare_sdk::Error;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let call = CALLS.iter().find(|c| c.operation.id == operations::DNS_RECORDS_FOR_A_ZONE_LIST_DNS_RECORDS.id).expect("the DNS records list is driven");
    let server = MockServer::start().await;
    let client = cloudflare_sdk::Client::builder().credentials(credentials_for(call.operation)).base_url(format!("{}/client/v4", server.uri())).max_retries(0).build().unwrap();
    let server = &server;
    let answer = move |body: ResponseTemplate| async move {
        server.reset().await;
        Mock::given(method("GET")).and(path("/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records")).respond_with(body).expect(1).mount(server).await;
    };
    let json = |body: Value| ResponseTemplate::new(200).set_body_json(body);

    // An envelope cut short: nothing can be read of it.
    answer(ResponseTemplate::new(200).set_body_raw(r#"{"success": true, "result": [{"#, "application/json")).await;
    match call.run(&client).await {
        Err(Failure::Call(Error::Decode(decode))) => assert_eq!(decode.operation, call.operation.id),
        other => panic!("a result of the wrong shape should not decode: {other:?}"),
    }
    answer(json(common::failure(&[(1003, "Invalid zone")]))).await;
    match call.run(&client).await {
        Err(Failure::Call(Error::Api(api))) => assert_eq!(api.errors.iter().map(|e| e.code).collect::<Vec<_>>(), vec![1003]),
        other => panic!("a failure envelope is the API's error: {other:?}"),
    }
    answer(json(example("dns-records-for-a-zone/dns-records-for-a-zone-list-dns-records.yaml"))).await;
    call.run(&client).await.expect("the spec's example decodes");
}

/// The most common Access policy, as the official SDKs' docs write it
/// (`include: [{everyone: {}}]`): the rule is an empty object, and it is sent as one. Built
/// with the whole API only (`access` is not among the test features).
#[cfg(feature = "access")]
#[tokio::test]
async fn an_access_policy_including_everyone_sends_the_empty_rule() {
    use cloudflare_sdk::types::builder;
    use wiremock::matchers::{body_json, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let created = serde_json::json!({"success": true, "errors": [], "messages": [], "result": {"id": "p1", "name": "Everyone"}});
    Mock::given(method("POST"))
        .and(path("/client/v4/accounts/acc/access/policies"))
        .and(body_json(serde_json::json!({"name": "Everyone", "decision": "allow", "include": [{"everyone": {}}]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(created))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server, common::token());
    // The rule written in place, from its builder.
    let everyone = builder::GroupCreateBodyExcludeItem::default().everyone(serde_json::Map::new());
    client.account("acc").access().policies().create().body_map(|b| b.name("Everyone").decision("allow").add_include(everyone)).send().await.unwrap();
}

/// A newcomer's Workers AI call, as the official SDKs' docs show it (`client.ai.run(model,
/// {prompt, stream: true})`): the model's call with a prompt, asked for as events. Built with
/// the whole API only (`ai` is not among the test features; CI's `--features full` runs it).
#[cfg(feature = "ai")]
#[tokio::test]
async fn a_workers_ai_model_streams_its_answer_with_the_stream_flag_in_the_body() {
    use futures::TryStreamExt;
    use wiremock::matchers::{body_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let events: String = ["Why ", "did the ", "crab ", "borrow?"].iter().map(|part| format!("data: {}\n\n", serde_json::json!({"response": part}))).collect::<String>() + "data: [DONE]\n\n";
    Mock::given(method("POST"))
        .and(path("/client/v4/accounts/acc/ai/run/@cf/meta/llama-3.1-8b-instruct-fp8"))
        .and(header("accept", "text/event-stream"))
        .and(body_json(serde_json::json!({"prompt": "Tell me a joke", "stream": true})))
        .respond_with(ResponseTemplate::new(200).set_body_raw(events, "text/event-stream"))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server, common::token());
    let stream = client.account("acc").ai().run().cf().meta().llama_3_1_8b_instruct_fp8().body_map(|b| b.prompt("Tell me a joke")).send_events().await.unwrap();
    let text: String = stream.map_ok(|event| event.data["response"].as_str().unwrap_or_default().to_string()).try_collect::<Vec<_>>().await.unwrap().concat();
    assert_eq!(text, "Why did the crab borrow?");
}

/// The generic run call, as the Python SDK writes it (`ai.run(model, prompt=...)`): the model's
/// name as written, sent with its slashes as the path's, and its answer asked for as events.
#[cfg(feature = "ai")]
#[tokio::test]
async fn a_workers_ai_model_runs_by_its_name_as_written() {
    use futures::TryStreamExt;
    use wiremock::matchers::{body_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let events: String = ["Hel", "lo"].iter().map(|part| format!("data: {}\n\n", serde_json::json!({"response": part}))).collect::<String>() + "data: [DONE]\n\n";
    Mock::given(method("POST"))
        .and(path("/client/v4/accounts/acc/ai/run/@cf/meta/llama-3.1-8b-instruct"))
        .and(header("accept", "text/event-stream"))
        .and(body_json(serde_json::json!({"prompt": "Say hello", "stream": true})))
        .respond_with(ResponseTemplate::new(200).set_body_raw(events, "text/event-stream"))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server, common::token());
    let model = "@cf/meta/llama-3.1-8b-instruct";
    let stream = client.account("acc").ai().run().model(model).body_map(|b| b.prompt("Say hello")).send_events().await.unwrap();
    let text: String = stream.map_ok(|event| event.data["response"].as_str().unwrap_or_default().to_string()).try_collect::<Vec<_>>().await.unwrap().concat();
    assert_eq!(text, "Hello");
}

/// What you read, you can send back (the TypeScript SDK resends what it read): a rule added to
/// a zone's custom firewall entrypoint by a get, the update's body made from the ruleset read
/// (`builder::EntrypointUpdateBody::from(&ruleset)`) and one `add_rule`. The rules read go back as they
/// were, without what only answers hold (`version`, `last_updated`, `categories`), and the new
/// one after them. Built with the whole API only (`rulesets` is not among the test features).
#[cfg(feature = "rulesets")]
#[tokio::test]
async fn a_rule_is_added_to_an_entrypoint_by_sending_back_the_rules_read() {
    use cloudflare_sdk::types::builder;
    use wiremock::matchers::{body_json, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let entrypoint = "/client/v4/zones/z1/rulesets/phases/http_request_firewall_custom/entrypoint";
    let block = serde_json::json!({"id": "r1", "ref": "r1", "action": "block", "expression": "ip.src eq 192.0.2.1", "description": "a bad address", "enabled": true});
    let skip = serde_json::json!({"id": "r2", "action": "skip", "action_parameters": {"ruleset": "current"}, "expression": "cf.client.bot", "enabled": false});
    let read_only = serde_json::json!({"version": "4", "last_updated": "2026-11-30T10:00:00Z", "categories": ["custom"]});
    let with_read_only = |rule: &serde_json::Value| {
        let mut rule = rule.clone();
        rule.as_object_mut().unwrap().extend(read_only.as_object().unwrap().clone());
        rule
    };
    let ruleset = serde_json::json!({
        "id": "rs1", "name": "default", "description": "zone firewall", "kind": "zone", "phase": "http_request_firewall_custom",
        "version": "7", "last_updated": "2026-11-30T10:00:00Z", "rules": [with_read_only(&block), with_read_only(&skip)]
    });
    let envelope = |result: serde_json::Value| serde_json::json!({"success": true, "errors": [], "messages": [], "result": result});
    Mock::given(method("GET")).and(path(entrypoint)).respond_with(ResponseTemplate::new(200).set_body_json(envelope(ruleset.clone()))).mount(&server).await;
    let added = serde_json::json!({"action": "block", "expression": "ip.src eq 198.51.100.7", "description": "another"});
    Mock::given(method("PUT"))
        .and(path(entrypoint))
        .and(body_json(serde_json::json!({"name": "default", "description": "zone firewall", "rules": [block, skip, added]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(ruleset)))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server, common::token());
    let phase = client.zone("z1").rulesets().phase("http_request_firewall_custom");
    let ruleset = phase.entrypoint().get().send().await.unwrap().into_result();
    let rule = builder::BodyRulesItem::default().action("block").expression("ip.src eq 198.51.100.7").description("another");
    phase.entrypoint().update().body(builder::EntrypointUpdateBody::from(&ruleset).add_rule(rule)).send().await.unwrap();
}
