//! The benchmark's floor: read every `*.json` file under the given folders and parse each into a
//! `serde_json::Value` on all cores, doing nothing else. guidelint cannot be faster than this.
//!
//! `cargo run --release --example parse_floor -- FOLDER...`

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
    for folder in std::env::args().skip(1) {
        collect(Path::new(&folder), &mut files);
    }
    let parsed: usize = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap_or_default();
            usize::from(serde_json::from_slice::<serde_json::Value>(&bytes).is_ok())
        })
        .sum();
    println!("{parsed} of {} files parsed", files.len());
}
