//! The benchmark's floor: read every `*.json` file under the given folders and parse each into a
//! `serde_json::Value` on all cores, doing nothing else. guidelint cannot be faster than this.
//! With `--read-only`, the files are only read: the cost of getting the bytes off the page cache.
//!
//! `cargo run --release --example parse_floor -- [--read-only] FOLDER...`

use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn collect(folder: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => collect(&path, files),
            Ok(kind)
                if kind.is_file()
                    && path
                        .extension()
                        .is_some_and(|extension| extension == "json") =>
            {
                files.push(path)
            }
            _ => {}
        }
    }
}

fn main() {
    let mut files = Vec::new();
    let mut read_only = false;
    for argument in std::env::args().skip(1) {
        if argument == "--read-only" {
            read_only = true;
        } else {
            collect(Path::new(&argument), &mut files);
        }
    }
    let done: usize = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap_or_default();
            if read_only {
                usize::from(!bytes.is_empty())
            } else {
                usize::from(serde_json::from_slice::<serde_json::Value>(&bytes).is_ok())
            }
        })
        .sum();
    let verb = if read_only { "read" } else { "parsed" };
    println!("{done} of {} files {verb}", files.len());
}
