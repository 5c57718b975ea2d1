//! The committed corpus (`fuzz/corpus/<target>/`, one input per file) and the inputs that
//! broke a rule (`fuzz/crashes/<target>-<kind>-<hash>.txt`).

use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};

/// Where the committed corpus and the crashes live when no other place is named.
pub fn default_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(sub)
}

/// A target's seed inputs, by file name (so every run starts from the same order).
pub fn load(dir: &Path, target: &str) -> io::Result<Vec<(String, Vec<u8>)>> {
    let dir = dir.join(target);
    if !dir.is_dir() {
        return Ok(vec![]);
    }
    let mut out = vec![];
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.is_file() {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            out.push((name.unwrap_or_default(), std::fs::read(&path)?));
        }
    }
    out.sort();
    Ok(out)
}

/// Saves an input that broke a rule; returns where.
pub fn save_crash(dir: &Path, target: &str, kind: &str, data: &[u8]) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    data.hash(&mut h);
    let path = dir.join(format!("{target}-{kind}-{:016x}.txt", h.finish()));
    std::fs::write(&path, data)?;
    Ok(path)
}
