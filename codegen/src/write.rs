//! Stage 6: writing files, only when their bytes change.
//!
//! A build script that rewrites identical files would bump their modification times and make
//! packaging and read-only checkouts fail; writing only on change keeps a fresh clone clean.

use std::io;
use std::path::Path;

/// Writes `contents` to `path` unless the file already holds exactly these bytes. Returns
/// whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    if let Ok(existing) = std::fs::read(path) {
        if existing == contents.as_bytes() {
            return Ok(false);
        }
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)?;
    Ok(true)
}
