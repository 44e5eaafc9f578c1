/**
 * A region's output in memory (for `--check`, `diff` and the golden files): each fabric built and
 * rendered by the single-fabric library functions, its files moved under `<fabric>/`, and the
 * region manifest last (region/manifest.ts). The CLI's `compile` writes the same files, fabric by
 * fabric, without holding them all.
 */
import type { DeviceModel, Platform } from '../compiler/build/device-model.js';
import { buildDeviceModels } from '../compiler/build/build-devices.js';
import { renderOutput } from '../compiler/compile.js';
import { manifestFile } from '../compiler/render/manifest.js';
import type { RenderedFile, Renderer } from '../compiler/render/render.js';
import { buildRegionManifest, renderRegionManifest } from './manifest.js';
import type { RegionFabric, RegionModel } from './region-model.js';

export interface RegionFabricOutput {
  readonly fabric: RegionFabric;
  readonly devices: readonly DeviceModel[];
  /** The fabric's files as compiling it alone writes them: `<device>/<file>`, `manifest.json`. */
  readonly files: readonly RenderedFile[];
}

export interface RegionOutput {
  readonly fabrics: readonly RegionFabricOutput[];
  /** Every file of the region's output directory: `<fabric>/...`, then the region manifest. */
  readonly files: readonly RenderedFile[];
}

/** Every platform any device of the region is rendered for. */
export function regionPlatforms(region: RegionModel): Platform[] {
  return [...new Set(region.fabrics.flatMap((f) => [...f.fabric.spines, ...f.fabric.leaves].map((d) => d.platform)))];
}

/** Builds and renders every fabric of the region, in memory. */
export function renderRegion(region: RegionModel, renderer: Renderer): RegionOutput {
  const fabrics = region.fabrics.map((fabric): RegionFabricOutput => {
    const devices = buildDeviceModels(fabric.fabric);
    return { fabric, devices, files: renderOutput(fabric.fabric, devices, renderer).files };
  });
  return { fabrics, files: regionFiles(region, fabrics) };
}

/** A fabric's file, moved under `<fabric>/`. */
export function inFabric(fabric: string, file: RenderedFile): RenderedFile {
  return { path: `${fabric}/${file.path}`, content: file.content, executable: file.executable };
}

/** The region's files from its fabrics' outputs: each under `<fabric>/`, the region manifest last. */
export function regionFiles(region: RegionModel, fabrics: readonly { readonly fabric: RegionFabric; readonly files: readonly RenderedFile[] }[]): RenderedFile[] {
  const files = fabrics.flatMap((f) => f.files.map((file) => inFabric(f.fabric.fabric.name, file)));
  const manifests = files.filter((f) => f.path.endsWith(`/${manifestFile}`) && f.path.indexOf('/') === f.path.length - manifestFile.length - 1);
  files.push(renderRegionManifest(buildRegionManifest(region, manifests)));
  return files;
}
