#!/usr/bin/env bash
# The command-line client's costs: a cold release build of `cloudflare-cli` against a cold
# release build of a crate depending on the SDK's runtime crates alone (same features), the
# binary's size, and the time `--help` of one command takes against starting `true`.
# Crates are fetched before timing.
#
#   bash bench/cli.sh [help-runs]     (default 50 runs of each command)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/runtime/src"
{
    printf '[package]\nname = "runtime-crates"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n'
    grep -v '^#' "$repo/bench/runtime-crates.toml"
    echo 'reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls", "http2", "system-proxy"] }'
    printf '[workspace]\n'
} > "$work/runtime/Cargo.toml"
cat > "$work/runtime/src/main.rs" <<'RS'
#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let url = format!("{}/accounts", std::env::var("CLOUDFLARE_BASE_URL").unwrap_or_default());
    let body: serde_json::Value = reqwest::Client::new().get(url).send().await?.json().await?;
    println!("{body}");
    Ok(())
}
RS
(cd "$work/runtime" && cargo fetch --quiet)
(cd "$repo" && cargo fetch --quiet)

build() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1; }
runtime=$(cd "$work/runtime" && CARGO_TARGET_DIR="$work/target-runtime" build cargo build --release --quiet)
cli=$(cd "$repo" && CARGO_TARGET_DIR="$work/target-cli" build cargo build --release --quiet -p cloudflare-cli)
echo "cold release build, runtime crates alone: ${runtime% *} s, peak ${runtime#* } KB"
echo "cold release build, cloudflare-cli:       ${cli% *} s, peak ${cli#* } KB"
awk -v a="${cli% *}" -v b="${runtime% *}" 'BEGIN { printf "ratio cli / runtime crates: %.2f\n", a / b }'
binary="$work/target-cli/release/cloudflare"
echo "binary: $(stat -c %s "$binary") bytes"

# Mean wall time of `runs` runs of a command, in milliseconds.
mean_ms() {
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    awk -v ns="$((end - start))" -v n="$runs" 'BEGIN { printf "%.1f", ns / n / 1e6 }'
}
baseline=$(mean_ms /bin/true)
help=$(mean_ms "$binary" zone 023e105f4ecef8ad9ca31a8372d0c353 dns-records list --help)
top=$(mean_ms "$binary" --help)
echo "mean of $runs runs: true ${baseline} ms, \`cloudflare zone <ID> dns-records list --help\` ${help} ms, \`cloudflare --help\` ${top} ms"
