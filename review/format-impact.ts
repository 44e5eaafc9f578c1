/**
 * How `clos diff` prints a change impact: text for people (summary first, findings the change
 * introduces before anything else, then one stanza-aware diff per changed device) and JSON for
 * bots (`clos.diff/1`, every list complete). `--stat` stops after the summary.
 */
import { diagnosticToJson, escapeControls } from '../compiler/diagnostics/format.js';
import { lagFields, serverFields, type ChangeImpact, type DeviceChange, type EntityChange, type EntityFields, type EntityKind, type ManifestMismatch, type ServerFields } from './change-impact.js';
import type { Finding } from './findings.js';
import { describeMismatch } from './manifest-review.js';
import { formatFileDiff, type LineOp } from './stanza-diff.js';

export const diffSchema = 'clos.diff/1' as const;

export interface FormatImpactOptions {
  /** Summary only, no per-device diffs. */
  readonly stat: boolean;
  readonly paint?: ((op: LineOp | '@' | 'title', text: string) => string) | undefined;
  /** Prefix joined to finding spans (the intent root as the user typed it). */
  readonly root?: string | undefined;
}

/** Entity lines shown per kind in text; JSON lists all. */
const entityLimit = 25;
/** Device names shown per entity line in text. */
const deviceNameLimit = 6;

const kindTitles: Record<EntityKind, string> = {
  vni: 'VNIs',
  vlan: 'VLANs',
  vrf: 'VRFs',
  segment: 'Ethernet segments',
  lag: 'Port-channels',
  session: 'BGP sessions',
  address: 'Addresses',
  policy: 'Routing policy (external and host sessions)',
  server: 'Servers',
};

export function formatImpactText(impact: ChangeImpact, options: FormatImpactOptions): string {
  const raw = options.paint ?? ((_op, text) => text);
  // Text from the intent is escaped before colour is added, so it cannot move the cursor.
  const paint = (op: LineOp | '@' | 'title', text: string): string => raw(op, escapeControls(text));
  const out: string[] = [];
  out.push(paint('title', `Change impact: ${impact.before} → ${impact.after}`), '');
  out.push(...formatSettings(impact).map((line) => escapeControls(line)));
  out.push(...formatVerification(impact, options.root).map((line) => escapeControls(line)), '');
  const counts = countDevices(impact.devices);
  out.push(
    paint('title', `Devices: ${counts.changed} changed, ${counts.added} added, ${counts.removed} removed, ${impact.unchangedDevices} unchanged`),
  );
  if (impact.devices.length === 0) out.push('  no device changes');
  const width = Math.max(0, ...impact.devices.map((d) => d.name.length));
  for (const d of impact.devices) {
    const files = d.files.map((f) => `${f.path.slice(f.path.indexOf('/') + 1)} +${f.diff.added} -${f.diff.removed}`).join(', ');
    out.push(escapeControls(`  ${d.name.padEnd(width)}  ${d.status.padEnd(7)}  ${`+${d.added} -${d.removed}`.padEnd(11)}  ${files}`));
    out.push(...mismatchLines(impact, (m) => m.device === d.name, '    '));
  }
  // A hand edit the intent now makes again leaves its device unchanged; it is still said.
  const listed = new Set(impact.devices.map((d) => d.name));
  out.push(...mismatchLines(impact, (m) => m.device === undefined || !listed.has(m.device), '  '));
  if (impact.entities.length > 0) {
    out.push('', paint('title', 'Network:'));
    for (const kind of Object.keys(kindTitles) as EntityKind[]) {
      const list = impact.entities.filter((e) => e.kind === kind);
      if (list.length === 0) continue;
      out.push(`  ${kindTitles[kind]}:`);
      for (const e of list.slice(0, entityLimit)) out.push(`    ${formatEntity(e, paint)}`);
      if (list.length > entityLimit) out.push(`    … and ${list.length - entityLimit} more (--format json lists all)`);
    }
  }
  if (!options.stat) {
    for (const d of impact.devices) {
      out.push('', paint('title', `=== ${d.name} (${d.status}, +${d.added} -${d.removed})`));
      out.push(...mismatchLines(impact, (m) => m.device === d.name, ''));
      for (const f of d.files) out.push(formatFileDiff(f.path, f.diff, f.status, { paint }));
    }
  }
  return `${out.join('\n')}\n`;
}

/** The fabric-wide settings the manifests record that changed; nothing when none did. */
function formatSettings(impact: ChangeImpact): string[] {
  if (impact.settings.length === 0) return [];
  const lines = ['Settings (recorded in manifest.json):'];
  for (const s of impact.settings) lines.push(`  ~ ${s.setting}: ${s.before} → ${s.after} (${s.meaning})`);
  if (impact.settings.some((s) => s.setting.startsWith('fabric.verify.'))) {
    lines.push('  each side is verified with its own settings: findings below can come from this change alone');
  }
  return [...lines, ''];
}

/** `! build: leaf1/frr.conf does not have the sha256 …`, for the mismatches `which` selects. */
function mismatchLines(impact: ChangeImpact, which: (m: ManifestMismatch) => boolean, indent: string): string[] {
  return impact.manifestMismatches
    .filter(which)
    .map((m) => escapeControls(`${indent}! ${m.side === 'before' ? impact.before : impact.after}: ${describeMismatch(m)}`));
}

function formatVerification(impact: ChangeImpact, root: string | undefined): string[] {
  const v = impact.verification;
  if (!v.ran) return ['Verification: not run (this build of clos has no verifier wired into diff)'];
  const lines = [`Verification: ${v.introduced.length} finding${v.introduced.length === 1 ? '' : 's'} introduced, ${v.fixed.length} fixed, ${v.unchanged} unchanged`];
  for (const f of v.introduced) lines.push(`  introduced  ${formatFinding(f, root)}`);
  for (const f of v.fixed) lines.push(`  fixed       ${formatFinding(f, root)}`);
  return lines;
}

function formatFinding(f: Finding, root: string | undefined): string {
  const where = f.span === undefined ? '' : ` (${root === undefined || root === '.' ? '' : `${root}/`}${f.span.file}:${f.span.line}:${f.span.col})`;
  return `${f.severity} ${f.code}${f.device === undefined ? '' : ` [${f.device}]`}: ${f.message}${where}`;
}

/** A server's fields as text: `leaf2 swp1, trunk: web (110), app (120)`. */
function serverText(fields: ServerFields): string {
  return serverFields.map((f) => `${f.name} ${fields[f.name] ?? ''}`).join('; ');
}

function formatEntity(e: EntityChange, paint: (op: LineOp | '@' | 'title', text: string) => string): string {
  if (e.kind === 'server') {
    if (e.change === 'added' && e.after !== undefined) return paint('+', `+ ${e.label}: ${serverText(e.after)}`);
    if (e.change === 'removed' && e.before !== undefined) return paint('-', `- ${e.label}: ${serverText(e.before)}`);
    const { before, after } = e;
    const changed = serverFields.filter((f) => before?.[f.name] !== after?.[f.name]).map((f) => `${f.name} ${before?.[f.name] ?? ''} → ${after?.[f.name] ?? ''}`);
    return paint(' ', `~ ${e.label}: ${changed.join('; ')}`);
  }
  if (e.change === 'added') return paint('+', `+ ${e.label}${fieldsText(e.after)} on ${listDevices(e.devicesAdded)}`);
  if (e.change === 'removed') return paint('-', `- ${e.label}${fieldsText(e.before)} from ${listDevices(e.devicesRemoved)}`);
  const parts: string[] = [];
  if (e.devicesAdded.length > 0) parts.push(`now also on ${listDevices(e.devicesAdded)}`);
  if (e.devicesRemoved.length > 0) parts.push(`no longer on ${listDevices(e.devicesRemoved)}`);
  for (const c of e.changes ?? []) parts.push(`${titleOf(c.field)} ${c.before} → ${c.after} on ${listDevices(c.devices)}`);
  return paint(' ', `~ ${e.label}: ${parts.join('; ')}`);
}

/** A port-channel's fields as text: ` (members swp1, swp2; mode trunk; VLANs 110,120; MTU 9000)`; empty for an entity without fields. */
function fieldsText(fields: EntityFields | undefined): string {
  if (fields === undefined) return '';
  return ` (${Object.entries(fields).map(([name, value]) => `${titleOf(name)} ${value}`).join('; ')})`;
}

function titleOf(field: string): string {
  return lagFields.find((f) => f.name === field)?.title ?? field;
}

function listDevices(names: readonly string[]): string {
  if (names.length <= deviceNameLimit) return names.join(', ');
  return `${names.length} devices (${names.slice(0, deviceNameLimit).join(', ')}, …)`;
}

function countDevices(devices: readonly DeviceChange[]): { changed: number; added: number; removed: number } {
  return {
    changed: devices.filter((d) => d.status === 'changed').length,
    added: devices.filter((d) => d.status === 'added').length,
    removed: devices.filter((d) => d.status === 'removed').length,
  };
}

/** The JSON document of `clos diff --format json`. */
export function impactToJson(impact: ChangeImpact, options: { stat: boolean; root?: string | undefined }): Record<string, unknown> {
  const v = impact.verification;
  const finding = (f: Finding): Record<string, unknown> => diagnosticToJson(f, options.root);
  return {
    schema: diffSchema,
    before: impact.before,
    after: impact.after,
    verification: v.ran ? { ran: true, introduced: v.introduced.map(finding), fixed: v.fixed.map(finding), unchanged: v.unchanged } : { ran: false },
    settings: impact.settings,
    manifestMismatches: impact.manifestMismatches.map((m) => ({ side: m.side, path: m.path, device: m.device ?? null, problem: m.problem })),
    summary: { ...countDevices(impact.devices), unchanged: impact.unchangedDevices },
    devices: impact.devices.map((d) => ({
      name: d.name,
      role: d.role,
      status: d.status,
      added: d.added,
      removed: d.removed,
      files: d.files.map((f) => ({
        path: f.path,
        status: f.status,
        added: f.diff.added,
        removed: f.diff.removed,
        ...(options.stat ? {} : { hunks: f.diff.hunks.map((h) => ({ stanza: h.path, lines: h.lines.map((l) => `${l.op}${l.text}`) })) }),
      })),
    })),
    entities: impact.entities,
  };
}
