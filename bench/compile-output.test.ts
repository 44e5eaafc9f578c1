import { describe, expect, it } from 'vitest';
import { unexpectedOutput } from './compile-output.js';

const json = (diagnostics: object[]): string => JSON.stringify({ result: {}, diagnostics });

describe("what the benchmark accepts from a generated fabric's compile", () => {
  it('accepts the stage lines and CLOS3147 warnings, nothing else', () => {
    expect(unexpectedOutput(json([{ code: 'CLOS3147', severity: 'warning', message: 'no room' }]), 'clos: load 0.2 s (total 0.2 s)\n')).toBe('');
    expect(unexpectedOutput(json([]), '')).toBe('');
    expect(unexpectedOutput(json([{ code: 'CLOS3147', severity: 'error', message: 'x' }]), '')).toBe('error CLOS3147: x');
    expect(unexpectedOutput(json([{ code: 'CLOS3129', severity: 'warning', message: 'overlap' }]), '')).toBe('warning CLOS3129: overlap');
    expect(unexpectedOutput(json([]), 'clos: load 0.2 s\nsomething else\n')).toBe('something else');
    expect(unexpectedOutput('not json', '')).toBe('not the JSON --json prints: not json');
  });

  it("accepts the verifier's CLOS5130 warning for a network the compile warned about with CLOS3147, no other", () => {
    const compile = { code: 'CLOS3147', severity: 'warning', message: "the FRR leaves carrying network 'infra1', which an Ethernet segment carries, get no address of their own in it" };
    const verify = (network: string): object => ({ code: 'CLOS5130', severity: 'warning', message: `network '${network}' is carried by an Ethernet segment of an FRR leaf` });
    expect(unexpectedOutput(json([compile, verify('infra1')]), '')).toBe('');
    expect(unexpectedOutput(json([compile, verify('infra2')]), '')).toBe("warning CLOS5130: network 'infra2' is carried by an Ethernet segment of an FRR leaf");
    expect(unexpectedOutput(json([verify('infra1')]), '')).toBe("warning CLOS5130: network 'infra1' is carried by an Ethernet segment of an FRR leaf");
    expect(unexpectedOutput(json([compile, { ...verify('infra1'), severity: 'error' }]), '')).toBe("error CLOS5130: network 'infra1' is carried by an Ethernet segment of an FRR leaf");
  });
});
