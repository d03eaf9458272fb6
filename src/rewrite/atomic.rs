//! Writing a file in one step: a temporary file in the same folder, renamed over the target, so a
//! reader (or a crash) never sees half a file. Replacing an author's document takes more care: it
//! keeps the file's permissions, follows a symbolic link to the file it names, refuses a read-only
//! file or folder, and refuses a file that changed since it was read.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file beside it, giving the new file `permissions`
/// (`None`: those of a new temporary file).
pub fn write_atomically(
    path: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let mut file = tempfile::Builder::new()
        .prefix(".guidelint-")
        .tempfile_in(folder_of(path))?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    if let Some(permissions) = permissions {
        file.as_file().set_permissions(permissions)?;
    }
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// The folder a file is in; `.` for a bare file name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// Replaces the document at `path`, read as `before`, with `after`. On failure the file is as it
/// was, and the message says why ("the file is read-only").
pub fn replace_document(path: &Path, before: &[u8], after: &[u8]) -> Result<(), String> {
    // A link stays a link: the file it names is the one replaced.
    let target: PathBuf = std::fs::canonicalize(path).map_err(|error| error.to_string())?;
    let metadata = std::fs::metadata(&target).map_err(|error| error.to_string())?;
    // Checked here rather than left to the system: replacing is a rename in the folder, which a
    // read-only file does not prevent, and an administrator's account ignores permissions.
    if metadata.permissions().readonly() {
        return Err("the file is read-only".to_string());
    }
    let folder = folder_of(&target);
    let folder_metadata = std::fs::metadata(folder).map_err(|error| error.to_string())?;
    if folder_metadata.permissions().readonly() {
        return Err(format!(
            "its folder {} is read-only",
            crate::discover::display_path(folder)
        ));
    }
    match std::fs::read(&target) {
        Ok(current) if current == before => {}
        Ok(_) => {
            return Err("it changed while guidelint was working on it".to_string());
        }
        Err(error) => return Err(error.to_string()),
    }
    write_atomically(&target, after, Some(metadata.permissions()))
        .map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_document_keeps_its_permissions_and_nothing_else_appears() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("a.json");
        std::fs::write(&path, "{}").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        replace_document(&path, b"{}", b"{}\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let names: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.json"]);
    }

    #[test]
    fn a_read_only_file_or_a_changed_one_is_left_alone() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("a.json");
        std::fs::write(&path, "{}").unwrap();
        assert_eq!(
            replace_document(&path, b"[]", b"{}\n"),
            Err("it changed while guidelint was working on it".to_string())
        );
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
        assert_eq!(
            replace_document(&path, b"{}", b"{}\n"),
            Err("the file is read-only".to_string())
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_kept_and_the_file_it_names_replaced() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("target.json");
        let link = folder.path().join("link.json");
        std::fs::write(&target, "{}").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        replace_document(&link, b"{}", b"{}\n").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"{}\n");
    }
}
