//! The test harness's AgentCore Memory stand-in (tests/it/common/memory_standin.rs),
//! standalone, for scripts/demo.sh: it answers ListActors and ListSessions, which the pinned
//! moto does not implement, and forwards every other AgentCore call to the emulator. Not part
//! of the tenantctl binary; tenantctl reaches it through `AWS_ENDPOINT_URL_BEDROCK_AGENTCORE`
//! (and `..._CONTROL`), as it would reach any endpoint.
//!
//!   cargo run --example memory_standin -- --upstream http://127.0.0.1:5000
//!
//! Prints `MEMORY_STANDIN_URL=http://127.0.0.1:PORT` once listening; runs until killed.

// The tests use more of the stand-in than this tool does (e.g. `calls`).
#[allow(dead_code)]
#[path = "../tests/it/common/memory_standin.rs"]
mod memory_standin;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let upstream = match args.as_slice() {
        [flag, url] if flag == "--upstream" && url.starts_with("http://127.0.0.1:") => url,
        _ => {
            eprintln!("memory_standin: usage: --upstream http://127.0.0.1:PORT (loopback only)");
            std::process::exit(2)
        }
    };
    let s = memory_standin::MemoryStandIn::start(upstream);
    println!("MEMORY_STANDIN_URL={}", s.url());
    loop {
        std::thread::park();
    }
}
