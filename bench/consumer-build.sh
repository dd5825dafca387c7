#!/usr/bin/env bash
# Cold debug build of a consumer crate using the SDK with only the seed's feature group
# (`organizations`), against the same
# consumer depending on the same runtime crates without generated code, and the SDK consumer
# again with the `mock` feature (what a consumer's test build adds to use the mock). Each build
# starts from an empty target folder; crates are fetched before timing.
#
#   bash bench/consumer-build.sh [runs]     (default 1 run of each)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/with-sdk/src" "$work/without-sdk/src" "$work/with-sdk-mock/src"
cat > "$work/with-sdk/Cargo.toml" <<TOML
[package]
name = "consumer-with-sdk"
version = "0.0.0"
edition = "2021"
[dependencies]
cloudflare-sdk = { path = "$repo", default-features = false, features = ["rustls", "organizations"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
[workspace]
TOML
cat > "$work/with-sdk/src/main.rs" <<'RS'
#[tokio::main]
async fn main() -> Result<(), cloudflare_sdk::Error> {
    let client = cloudflare_sdk::Client::from_env()?;
    let invites = client.organization("x").invites().list().send().await?;
    println!("{}", invites.len());
    Ok(())
}
RS

# The same consumer, calling the mock instead of Cloudflare.
sed -e 's/consumer-with-sdk/consumer-with-sdk-mock/' -e 's/"organizations"\]/"organizations", "mock"]/' "$work/with-sdk/Cargo.toml" > "$work/with-sdk-mock/Cargo.toml"
cat > "$work/with-sdk-mock/src/main.rs" <<'RS'
#[tokio::main]
async fn main() -> Result<(), cloudflare_sdk::Error> {
    let mock = cloudflare_sdk::mock::MockCloudflare::start().await;
    mock.organization("x").invites().list().respond(Vec::new()).await;
    let invites = mock.client().organization("x").invites().list().send().await?;
    println!("{}", invites.len());
    Ok(())
}
RS

# The SDK's own runtime dependencies, with the same features.
{
    printf '[package]\nname = "consumer-without-sdk"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n'
    grep -v '^#' "$repo/bench/runtime-crates.toml"
    echo 'reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls"] }'
    printf '[workspace]\n'
} > "$work/without-sdk/Cargo.toml"
cat > "$work/without-sdk/src/main.rs" <<'RS'
#[derive(serde::Deserialize)]
struct Envelope {
    result: Option<Vec<serde_json::Value>>,
}

#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let url = format!("{}/organizations/x/invites", std::env::var("CLOUDFLARE_BASE_URL").unwrap_or_default());
    let envelope: Envelope = reqwest::Client::new().get(url).send().await?.json().await?;
    println!("{}", envelope.result.map(|r| r.len()).unwrap_or(0));
    Ok(())
}
RS

for consumer in with-sdk without-sdk with-sdk-mock; do
    (cd "$work/$consumer" && cargo fetch --quiet)
done
for run in $(seq "$runs"); do
    for consumer in without-sdk with-sdk with-sdk-mock; do
        rm -rf "$work/target-$consumer"
        seconds=$(cd "$work/$consumer" && CARGO_TARGET_DIR="$work/target-$consumer" /usr/bin/time -f "%e %M" cargo build --quiet 2>&1 >/dev/null | tail -n 1)
        echo "run $run $consumer: ${seconds% *} s, peak ${seconds#* } KB"
    done
done
