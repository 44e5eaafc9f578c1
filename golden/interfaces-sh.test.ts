/**
 * The shape every interfaces.sh keeps (templates/frr/partials/shell-helpers.hbs), checked on every
 * golden script, so a new template line or helper inherits it or fails here:
 *
 * - the script changes links only through queued `batch` commands, run by one `ip -batch` at the
 *   end; outside the helpers, lines call helpers, never `ip` or `bridge` directly;
 * - every command names a device after a keyword (`name` after `link add`, `dev` after `link set`
 *   or `link del`, `dev` after an address): a device named `dev`, `type` or `help` stays a name
 *   (`ip link add dev type vrf` fails on a real kernel; issue 12);
 * - the helpers read the kernel with two commands and write with one; a leaf with Ethernet
 *   segments (a VLAN-aware bridge) reads its bridge VLANs and local entries with a third and a
 *   fourth and writes them with one `bridge -batch` of queued `bridge_cmd` commands, which name
 *   their device after `dev` too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenDir } from '../test-helpers/examples.js';

function goldenScripts(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name === 'interfaces.sh') out.push(join(dir, e.name));
    }
  };
  walk(goldenDir);
  return out.sort();
}

/** Words of a shell line, quotes dropped (the scripts quote only simple words). */
function words(line: string): string[] {
  return line.trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
}

/** What is wrong with one `bridge_cmd` command (its bridge arguments), if anything. */
export function bridgeProblem(args: readonly string[]): string | undefined {
  const [object] = args;
  if (object !== 'vlan' && object !== 'fdb') return `'${object ?? ''}' is not a bridge object interfaces.sh changes`;
  if (!args.includes('dev')) return `'bridge ${object}' must name the device with 'dev'`;
  return undefined;
}

/** What is wrong with one `batch` command (its ip arguments), if anything. */
export function batchProblem(args: readonly string[]): string | undefined {
  const [object, verb, next, afterAddress] = args;
  if (object === 'link' && verb === 'add' && next !== 'name') return "'link add' must name the device with 'name'";
  if (object === 'link' && (verb === 'set' || verb === 'del') && next !== 'dev') return `'link ${verb}' must name the device with 'dev'`;
  if (object === 'addr' && (verb === 'add' || verb === 'del' || verb === 'replace') && afterAddress !== 'dev') return `'addr ${verb}' must name the device with 'dev' after the address`;
  if (object !== 'link' && object !== 'addr') return `'${object ?? ''}' is not an object interfaces.sh changes`;
  return undefined;
}

const bodyLine = /^(without_vrf \|\| )?(batch|ensure_[a-z_]+|require_port|keep_only_address|gateway_address|bridge_ports|remove_stale|bond_members|only_bridge_ports|bridge_port|only_bridge_vlans|set_forwarding|set_rp_filter|no_vrf_address|without_gateway) /;
const allowedReads = ['ip -d -o link show', 'ip -o -4 addr show', 'ip -batch -', 'bridge vlan show', 'bridge fdb show', 'bridge -batch -'];

describe('every interfaces.sh', () => {
  const scripts = goldenScripts();

  it('is among the golden files (FRR output of every example)', () => {
    expect(scripts.length).toBeGreaterThan(10);
  });

  it('changes links only through helpers and queued batch commands that name devices after keywords', () => {
    const problems: string[] = [];
    for (const file of scripts) {
      const text = readFileSync(file, 'utf8');
      const helpersStart = text.indexOf("commands=''");
      const bodyStart = text.indexOf('\nsysctl ');
      expect(helpersStart, file).toBeGreaterThan(0);
      expect(bodyStart, file).toBeGreaterThan(helpersStart);
      const helpers = text.slice(helpersStart, bodyStart).split('\n');
      const body = text.slice(bodyStart + 1).split('\n');
      body.forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#') || line === 'apply' || line === 'apply_vlans' || line === 'apply_gateways' || line === 'fi' || line === 'if ! without_vrf; then' || line.startsWith('sysctl -q -w ')) return;
        const where = `${file.slice(goldenDir.length + 1)}:${i + 1}`;
        if (!bodyLine.test(line)) problems.push(`${where}: '${line}' is neither a helper nor a batch command`);
        const w = words(line.replace(/^without_vrf \|\| /, ''));
        if (w[0] === 'batch') {
          const p = batchProblem(w.slice(1));
          if (p !== undefined) problems.push(`${where}: ${p}: '${line}'`);
        }
      });
      helpers.forEach((raw) => {
        const line = raw.trim();
        if (line.startsWith('#')) return;
        for (const m of line.matchAll(/(?:^|[|;(&]|\$\()\s*(ip|bridge)\s[^;|)]*/g)) {
          const command = m[0].replace(/^[|;(&$]*\(?\s*/, '').trim();
          if (!allowedReads.some((a) => command.startsWith(a))) problems.push(`${file.slice(goldenDir.length + 1)} helpers: '${command}' runs ${m[1] ?? ''} directly; queue it with batch`);
        }
        const b = /(?<![-\w])batch (.*)$/.exec(line);
        if (b?.[1] !== undefined && !line.startsWith('batch()')) {
          const p = batchProblem(words(b[1]));
          if (p !== undefined) problems.push(`${file.slice(goldenDir.length + 1)} helpers: ${p}: '${line}'`);
        }
        const v = /(?<![-\w])bridge_cmd (.*)$/.exec(line);
        if (v?.[1] !== undefined && !line.startsWith('bridge_cmd()')) {
          const p = bridgeProblem(words(v[1]));
          if (p !== undefined) problems.push(`${file.slice(goldenDir.length + 1)} helpers: ${p}: '${line}'`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('would catch a device named where iproute2 reads a keyword', () => {
    expect(batchProblem(['link', 'add', 'dev', 'type', 'vrf', 'table', '10'])).toBe("'link add' must name the device with 'name'");
    expect(batchProblem(['link', 'add', 'name', 'dev', 'type', 'vrf', 'table', '10'])).toBeUndefined();
    expect(batchProblem(['link', 'set', 'bond1', 'up'])).toBe("'link set' must name the device with 'dev'");
    expect(batchProblem(['addr', 'replace', '10.0.0.1/32', 'lo'])).toBe("'addr replace' must name the device with 'dev' after the address");
    expect(batchProblem(['route', 'add', 'default'])).toBe("'route' is not an object interfaces.sh changes");
    expect(bridgeProblem(['vlan', 'add', 'vid', '10', 'dev', 'bond1'])).toBeUndefined();
    expect(bridgeProblem(['vlan', 'add', 'vid', '10', 'bond1'])).toBe("'bridge vlan' must name the device with 'dev'");
    expect(bridgeProblem(['link', 'set', 'dev', 'bond1'])).toBe("'link' is not a bridge object interfaces.sh changes");
  });

  it("filters reverse paths loosely on every routed port and not at all on the L3VNI devices, with 'all' at 0 so each device's own setting holds", () => {
    const problems: string[] = [];
    for (const file of scripts) {
      const text = readFileSync(file, 'utf8');
      const name = file.slice(goldenDir.length + 1);
      const global = text.split('\n').find((l) => l.startsWith('sysctl -q -w net.ipv4.ip_forward=1 '));
      if (global === undefined || !global.includes(' net.ipv4.conf.all.rp_filter=0') || !global.includes(' net.ipv4.conf.default.rp_filter=2')) problems.push(`${name}: 'all' must be 0 and 'default' 2: ${global ?? 'no sysctl line'}`);
      for (const m of text.matchAll(/^# (\S+): L3VNI \d+ of VRF/gm)) {
        if (!text.includes(`  set_rp_filter ${m[1] ?? ''} 0\n`)) problems.push(`${name}: L3VNI device ${m[1] ?? ''} has no 'set_rp_filter ... 0'`);
      }
      for (const m of text.matchAll(/^require_port (\S+)\nbatch link set dev \1 mtu \d+\nkeep_only_address /gm)) problems.push(`${name}: routed port ${m[1] ?? ''} has no 'set_rp_filter ... 2'`);
      if (!/^require_port \S+\nset_rp_filter \S+ 2$/m.test(text)) problems.push(`${name}: no routed port with its own loose filter`);
    }
    expect(problems).toEqual([]);
  });
});
