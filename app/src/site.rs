//! The site's built files in the page's head: the stylesheet and the islands'
//! loader, under the content-hashed names cargo-leptos writes to `hash.txt`
//! beside the server binary. Server-side only.

use leptos::prelude::*;
use std::sync::OnceLock;

/// The stylesheet, wasm and JS of this build, as names without their
/// extension (`rtw-portal.<hash>`), the form the islands loader takes.
pub struct SiteFiles {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

/// `hash.txt` as `kind: hash` lines, read once per process.
fn hashes(options: &LeptosOptions) -> &'static Result<Vec<(String, String)>, String> {
    static HASHES: OnceLock<Result<Vec<(String, String)>, String>> = OnceLock::new();
    HASHES.get_or_init(|| {
        let exe = std::env::current_exe().map_err(|e| format!("cannot find the server binary: {e}"))?;
        let path = exe.parent().unwrap_or(std::path::Path::new(".")).join(options.hash_file.as_ref());
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "LEPTOS_HASH_FILES is true but {} cannot be read ({e}): copy the hash.txt from the build (target/release/) beside the binary",
                path.display()
            )
        })?;
        Ok(text
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(kind, hash)| (kind.trim().to_string(), hash.trim().to_string()))
            .collect())
    })
}

impl SiteFiles {
    /// The names for `options`; an error names a missing `hash.txt`.
    pub fn of(options: &LeptosOptions) -> Result<SiteFiles, String> {
        let name = |kind: &str| -> Result<String, String> {
            let base = options.output_name.to_string();
            if !options.hash_files {
                return Ok(base);
            }
            let hashes = hashes(options).as_ref().map_err(Clone::clone)?;
            let hash = hashes
                .iter()
                .find(|(k, _)| k == kind)
                .map(|(_, h)| h)
                .ok_or(format!("hash.txt names no {kind} file"))?;
            Ok(format!("{base}.{hash}"))
        };
        Ok(SiteFiles { css: name("css")?, js: name("js")?, wasm: name("wasm")? })
    }
}

/// The islands' loader, served as a file of its own under a name that
/// carries a hash of its content, so browsers keep it for good.
pub const LOADER: &str = include_str!("island_loader.js");

/// Where `LOADER` is served: `/<pkg>/islands.<hash>.js`. The hash only has
/// to differ between builds whose loader differs, and the same binary names
/// and serves it.
pub fn loader_path(site_pkg_dir: &str) -> String {
    // Every signed-in page names it: hash the file once per process.
    static HASH: OnceLock<u64> = OnceLock::new();
    let hash = HASH.get_or_init(|| {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        LOADER.hash(&mut h);
        h.finish()
    });
    format!("/{site_pkg_dir}/islands.{hash:016x}.js")
}

/// The stylesheet and the islands' loader. Leptos' `HydrationScripts` also
/// preloads the JS and wasm from the head, so they load beside the page's own
/// requests (Lighthouse's simulated slow 4G counted them into the largest
/// paint: LCP 1.7-1.8 s against 0.9-1.1 s without; see docs/PERFORMANCE.md).
/// Islands only enhance a page that already works, so the loader fetches them
/// after the page has loaded and painted, and only on a page with an island.
#[component]
pub fn SiteHead(options: LeptosOptions) -> impl IntoView {
    // Render the rest of the page as plain HTML: only islands hydrate (what
    // `HydrationScripts` does in islands mode).
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    let files = SiteFiles::of(&options).expect("checked at start-up");
    let css = format!("/{}/{}.css", options.site_pkg_dir, files.css);
    // Every island is on a signed-in page: a request without a session (the
    // sign-in pages, a referral link) gets no loader, so its first visit is
    // the HTML and the CSS alone.
    let signed_in = crate::api::context::cookie(crate::api::context::SESSION_COOKIE).is_some();
    let loader = signed_in.then(|| {
        view! {
        <script
            type="module"
            src=loader_path(&options.site_pkg_dir)
            nonce=leptos::nonce::use_nonce()
            data-islands-pkg=options.site_pkg_dir.to_string()
            data-islands-js=files.js
            data-islands-wasm=files.wasm
        ></script>
        }
    });
    view! {
        <link id="leptos" rel="stylesheet" href=css/>
        {loader}
    }
}
