//! Links the `guidelint` binary as a position-dependent executable on Linux with glibc.
//!
//! A position-independent executable has about 25,000 pointers that the dynamic loader rewrites at
//! every start, and each page it writes is copied on first touch: about 120 page faults, 0.5 ms
//! of a 5 ms one-document check on the benchmark machine (BENCHMARKS.md). The libraries, heap and
//! stack keep their randomized addresses; the tests and the library are linked as before.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let libc = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && libc == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
