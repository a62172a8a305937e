// Copied from Leptos 0.8.23 (MIT), src/hydration/island_script.js: the loader
// that imports the wasm once the page is idle and hydrates each
// <leptos-island>. Served as a file of its own, cached for good
// (`site::LOADER`); the page's tag names this build's JS and wasm in
// data attributes. No preload hints.
// Three changes: it starts after the page has loaded and painted
// (`afterPaint`), not only at the first idle moment, which a small page
// reaches before it is drawn; only on a page that has an island; and the
// start of the wasm and each island run as tasks of their own
// (`yieldToMain`), not as one long task that input would wait for.
// The tag that loaded this module (`document.currentScript` is null for modules).
const tag = document.querySelector("script[data-islands-wasm]");
((root, pkg_path, output_name, wasm_output_name) => {
	let MOST_RECENT_CHILDREN_CB = [];

	function idle(c) {
		if ("requestIdleCallback" in window) {
			window.requestIdleCallback(c);
		} else {
			c();
		}
	}
	function yieldToMain() {
		return new Promise((resolve) => setTimeout(resolve, 0));
	}
	function afterPaint(c) {
		const next = () => requestAnimationFrame(() => setTimeout(() => idle(c), 0));
		if (document.readyState === "complete") {
			next();
		} else {
			window.addEventListener("load", next, { once: true });
		}
	}
	async function hydrateIslands(rootNode, mod) {
		async function traverse(node) {
			if (node.nodeType === Node.ELEMENT_NODE) {
				const tag = node.tagName.toLowerCase();
				if(tag === 'leptos-island') {
					const children = [];
					const id = node.dataset.component || null;

					await hydrateIsland(node, id, mod);
					
					for(const child of node.children) {
						await traverse(child, children);
					}
				} else {
					if (tag === 'leptos-children') {
						MOST_RECENT_CHILDREN_CB.push(node.$$on_hydrate);
						for(const child of node.children) {
							await traverse(child);
						};
						// un-set the "most recent children"
						MOST_RECENT_CHILDREN_CB.pop();
					} else {
						for(const child of node.children) {
							await traverse(child);
						};
					}
				}
			}
		}

		await traverse(rootNode);
	}
	async function hydrateIsland(el, id, mod) {
		await yieldToMain();
		const islandFn = mod[id];
		if (islandFn) {
			const children_cb = MOST_RECENT_CHILDREN_CB[MOST_RECENT_CHILDREN_CB.length-1];
			if (children_cb) {
				children_cb();
			}
			const res = islandFn(el);
			if (res && res.then) {
				await res;
			}
		} else {
			console.warn(`Could not find WASM function for the island ${id}.`);
		}
	}
	// A page without islands (sign-in, the code page) loads no JS and no wasm.
	if (!document.querySelector("leptos-island")) return;
	afterPaint(() => {
		import(`${root}/${pkg_path}/${output_name}.js`)
			.then(mod => {
				mod.default({module_or_path: `${root}/${pkg_path}/${wasm_output_name}.wasm`})
					.then(yieldToMain)
					.then(() => {
						mod.hydrate();
						hydrateIslands(document.body, mod);
					});

				window.__hydrateIsland = (el, id) => hydrateIsland(el, id, mod);
			})
	});
})("", tag.dataset.islandsPkg, tag.dataset.islandsJs, tag.dataset.islandsWasm);
