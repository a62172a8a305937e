//! Static files of the site: brotli copies are written once at start-up so
//! every phone gets the small version without per-request compression.

use std::io::Write;
use std::path::Path;

const COMPRESSIBLE: [&str; 6] = ["js", "wasm", "css", "svg", "webmanifest", "json"];

/// Writes `file.br` next to every compressible file that lacks a fresh one.
/// Returns how many were written.
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    if !dir.is_dir() {
        return Ok(0);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            written += precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let br = path.with_extension(format!("{ext}.br"));
        let fresh = match (std::fs::metadata(&path)?.modified(), std::fs::metadata(&br).and_then(|m| m.modified())) {
            (Ok(src), Ok(out)) => out >= src,
            _ => false,
        };
        if fresh {
            continue;
        }
        let data = std::fs::read(&path)?;
        let mut out = Vec::with_capacity(data.len() / 3);
        {
            let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
            w.write_all(&data)?;
        }
        // Per process: several servers starting on one site directory (the
        // browser tests, or instances on one host) must not share a temp file.
        let tmp = path.with_extension(format!("{ext}.br.{}.tmp", std::process::id()));
        std::fs::write(&tmp, &out)?;
        std::fs::rename(&tmp, &br)?;
        written += 1;
    }
    Ok(written)
}
