/**
 * Kernel modules for the lab's VM, read from the guest kernel's `modules.dep` (what `depmod`
 * writes: `kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko …`, dependencies listed so that loading
 * them from the last to the first works) and `modules.builtin` (modules compiled into the kernel,
 * which need no loading). Pure: the caller reads the files.
 */

export interface ModuleIndex {
  /** Module name (`9pnet_virtio`, dashes as underscores) → path relative to /lib/modules/<version>. */
  readonly paths: ReadonlyMap<string, string>;
  readonly deps: ReadonlyMap<string, readonly string[]>;
  readonly builtin: ReadonlySet<string>;
}

/** `kernel/net/9p/9pnet_virtio.ko.xz` → `9pnet_virtio`. */
export function moduleName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}

export function parseModuleIndex(modulesDep: string, modulesBuiltin: string): ModuleIndex {
  const paths = new Map<string, string>();
  const deps = new Map<string, string[]>();
  for (const line of modulesDep.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const path = line.slice(0, colon).trim();
    const name = moduleName(path);
    paths.set(name, path);
    deps.set(
      name,
      line
        .slice(colon + 1)
        .split(/\s+/)
        .filter((d) => d !== '')
        .map(moduleName),
    );
  }
  const builtin = new Set(
    modulesBuiltin
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map(moduleName),
  );
  return { paths, deps, builtin };
}

/**
 * The modules to load, dependencies first, each once, for the wanted ones (builtin modules and
 * their dependencies are skipped). Throws naming a wanted module the kernel has neither as a
 * module nor built in.
 */
export function moduleLoadOrder(index: ModuleIndex, wanted: readonly string[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string, chain: readonly string[]): void => {
    const n = name.replace(/-/g, '_');
    if (seen.has(n) || index.builtin.has(n)) return;
    if (chain.includes(n)) throw new Error(`module dependency cycle: ${[...chain, n].join(' -> ')}`);
    const deps = index.deps.get(n);
    if (deps === undefined) throw new Error(`the kernel has no module '${n}'`);
    for (const d of deps) visit(d, [...chain, n]);
    seen.add(n);
    order.push(n);
  };
  for (const w of wanted) visit(w, []);
  return order;
}

/** True when the kernel offers the module, loadable or built in. */
export function hasModule(index: ModuleIndex, name: string): boolean {
  const n = name.replace(/-/g, '_');
  return index.builtin.has(n) || index.paths.has(n);
}
