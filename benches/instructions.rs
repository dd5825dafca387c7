//! The benchmarks' work, a fixed number of times, for counting instructions under callgrind
//! (`bench/instructions.sh`): unlike time, the count does not move with the machine's load.
//!
//! Usage: `instructions <request-raw | request-sdk | decode-hand | decode-sdk> <times>`

mod support;

use support::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (what, times) = match args.as_slice() {
        [what, times] => (what.as_str(), times.parse::<usize>().expect("times is a number")),
        // `cargo bench` runs every bench target with `--bench`: nothing to do then.
        _ if args.is_empty() || args[0] == "--bench" => {
            eprintln!("instructions: counted under callgrind by bench/instructions.sh");
            return;
        }
        _ => {
            eprintln!("usage: instructions <request-raw | request-sdk | decode-hand | decode-sdk> <times>");
            std::process::exit(2);
        }
    };
    // One thread: callgrind runs threads one at a time anyway, and the count is then the
    // work of the call, not of handing it between threads.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    match what {
        "request-raw" | "request-sdk" => {
            let address = runtime.block_on(serve(invites_body()));
            let (http, client, raw_base) = clients(&format!("http://{address}/client/v4"));
            runtime.block_on(async {
                for _ in 0..times {
                    let n = if what == "request-raw" { raw_call(&http, &raw_base).await } else { sdk_call(&client).await };
                    assert!(n > 0);
                }
            });
        }
        "decode-hand" | "decode-sdk" => {
            let body = dns_envelope();
            for _ in 0..times {
                let n = if what == "decode-hand" { decode_hand(&body) } else { decode_sdk(&body) };
                assert_eq!(n, Some(RECORDS));
            }
        }
        other => panic!("unknown benchmark {other}"),
    }
}
