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
            let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, window_bits(data.len()));
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

/// The smallest brotli window that holds the whole file (16 to 22 bits): the
/// same compression as the largest window for files this size, and the
/// encoder's tables, which grow with the window, stay a few megabytes.
fn window_bits(len: usize) -> u32 {
    // A window holds 2^bits - 16 bytes.
    let bits = usize::BITS - (len + 16).saturating_sub(1).leading_zeros();
    bits.clamp(16, 22)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_window_holds_the_whole_file_within_bounds() {
        assert_eq!(window_bits(100), 16);
        assert_eq!(window_bits((1 << 19) - 16), 19);
        assert_eq!(window_bits((1 << 19) - 15), 20);
        assert_eq!(window_bits(355_138), 19);
        assert_eq!(window_bits(50 << 20), 22);
    }

    #[test]
    fn a_brotli_copy_decompresses_to_the_file_and_is_written_once() {
        let dir = tempfile::tempdir().unwrap();
        // Repeats far apart, as in a wasm file: the window must reach them.
        let text: String = (0..40_000).map(|i| format!("f{}();", i % 997 * 31)).collect();
        std::fs::write(dir.path().join("app.js"), &text).unwrap();
        std::fs::write(dir.path().join("photo.png"), [0u8; 64]).unwrap();
        assert_eq!(precompress(dir.path()).unwrap(), 1, "only the compressible file");
        let br = std::fs::read(dir.path().join("app.js.br")).unwrap();
        assert!(br.len() < text.len() / 10, "{} bytes from {}", br.len(), text.len());
        let mut back = String::new();
        brotli::Decompressor::new(br.as_slice(), 4096).read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
        assert_eq!(precompress(dir.path()).unwrap(), 0, "a fresh copy is kept");
    }
}
