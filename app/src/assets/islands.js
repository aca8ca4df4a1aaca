// Leptos 0.8's island loader (leptos/src/hydration/island_script.js), taking
// the script's and the wasm's full addresses instead of deriving them from how
// the server was compiled. Keep in step when upgrading Leptos.
((js_url, wasm_url) => {
	let MOST_RECENT_CHILDREN_CB = [];

	function idle(c) {
		if ("requestIdleCallback" in window) {
			window.requestIdleCallback(c);
		} else {
			c();
		}
	}
	async function hydrateIslands(rootNode, mod) {
		async function traverse(node) {
			if (node.nodeType === Node.ELEMENT_NODE) {
				const tag = node.tagName.toLowerCase();
				if (tag === 'leptos-island') {
					const id = node.dataset.component || null;
					await hydrateIsland(node, id, mod);
					for (const child of node.children) {
						await traverse(child);
					}
				} else if (tag === 'leptos-children') {
					MOST_RECENT_CHILDREN_CB.push(node.$$on_hydrate);
					for (const child of node.children) {
						await traverse(child);
					}
					MOST_RECENT_CHILDREN_CB.pop();
				} else {
					for (const child of node.children) {
						await traverse(child);
					}
				}
			}
		}
		await traverse(rootNode);
	}
	async function hydrateIsland(el, id, mod) {
		const islandFn = mod[id];
		if (islandFn) {
			const children_cb = MOST_RECENT_CHILDREN_CB[MOST_RECENT_CHILDREN_CB.length - 1];
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
	idle(() => {
		import(js_url).then(mod => {
			mod.default({ module_or_path: wasm_url }).then(() => {
				mod.hydrate();
				hydrateIslands(document.body, mod);
			});
			window.__hydrateIsland = (el, id) => hydrateIsland(el, id, mod);
		});
	});
})
