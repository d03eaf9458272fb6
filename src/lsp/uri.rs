//! `file:` URIs and paths. Only local files have a path (and so a `guidelint.toml`); any other
//! scheme (`untitled:`) is a document without one.

use lsp_types::Uri;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use std::path::{Path, PathBuf};

/// What a path segment of a URI must escape (RFC 3986 `pchar` allows the rest).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The path of a `file:` URI on this machine.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme()?.as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let path = percent_decode_str(uri.path().as_str())
        .decode_utf8()
        .ok()?
        .into_owned();
    // `file:///C:/x` on Windows names `C:/x`.
    let path = match path.as_bytes() {
        [b'/', drive, b':', ..] if cfg!(windows) && drive.is_ascii_alphabetic() => {
            path[1..].to_string()
        }
        _ => path,
    };
    Some(PathBuf::from(path))
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let mut uri = String::from("file://");
    for component in path.to_string_lossy().split(['/', '\\']) {
        if !component.is_empty() {
            uri.push('/');
            uri.extend(utf8_percent_encode(component, SEGMENT));
        }
    }
    uri.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_and_paths_round_trip_with_escapes() {
        let path = Path::new("/home/ana/guías clínicas/#1 hématome.json");
        let uri = from_path(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///home/ana/gu%C3%ADas%20cl%C3%ADnicas/%231%20h%C3%A9matome.json"
        );
        assert_eq!(to_path(&uri).as_deref(), Some(path));
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(to_path(&untitled), None);
    }
}
