//! Finding the documents to check: files as given, folders searched recursively for `*.json`.

use std::path::{Path, PathBuf};

/// The JSON documents under `path`, sorted; a file named on the command line is taken whatever its
/// extension.
pub fn documents(path: &Path) -> Result<Vec<PathBuf>, String> {
    let metadata = std::fs::metadata(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file or folder", path.display()),
        _ => format!("cannot read {}: {error}", path.display()),
    })?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
        for entry in entries {
            let entry = entry.map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
            let file_type = entry.file_type().map_err(|error| format!("cannot read {}: {error}", entry.path().display()))?;
            let entry_path = entry.path();
            // Symlinks are not followed, so a link loop cannot trap the walk.
            if file_type.is_dir() {
                pending.push(entry_path);
            } else if file_type.is_file() && entry_path.extension().is_some_and(|extension| extension == "json") {
                found.push(entry_path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The path as the user should read it: relative paths stay as typed, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).replace('\\', "/")
}
