import { describe, expect, it } from 'vitest';
import { decodeExit, encodeExit, encodeFrame, encodeJson, FrameDecoder, frameTypes, parseJson } from './agent-protocol.js';

describe('agent frames', () => {
  it('are a type byte, a 32-bit big-endian length and the payload', () => {
    expect([...encodeFrame(frameTypes.stdout, 'hi')]).toEqual([4, 0, 0, 0, 2, 0x68, 0x69]);
  });

  it('decode whatever the chunk boundaries, byte by byte included', () => {
    const stream = Buffer.concat([
      encodeJson(frameTypes.request, { kind: 'clos', argv: ['lab', 'test'] }),
      encodeFrame(frameTypes.stdout, 'héllo\n'),
      encodeFrame(frameTypes.stderr, ''),
      encodeExit(1),
    ]);
    for (const step of [1, 3, 7, stream.length]) {
      const decoder = new FrameDecoder();
      const frames = [];
      for (let at = 0; at < stream.length; at += step) frames.push(...decoder.push(stream.subarray(at, at + step)));
      expect(frames.map((f) => f.type)).toEqual([frameTypes.request, frameTypes.stdout, frameTypes.stderr, frameTypes.exit]);
      expect(parseJson(frames[0] ?? { type: 1, payload: Buffer.alloc(0) })).toEqual({ kind: 'clos', argv: ['lab', 'test'] });
      expect(frames[1]?.payload.toString('utf8')).toBe('héllo\n');
      expect(decoder.pending).toBe(0);
    }
  });

  it('pass the exit status unchanged, and read anything malformed as a failure of clos (2)', () => {
    for (const code of [0, 1, 2, 127, 130, 255]) expect(decodeExit({ type: frameTypes.exit, payload: encodeExit(code).subarray(5) })).toBe(code);
    for (const bad of ['', '{}', '{"code":-1}', '{"code":1.5}', '{"code":"0"}', 'nonsense']) expect(decodeExit({ type: frameTypes.exit, payload: Buffer.from(bad) })).toBe(2);
  });

  it('refuse an unknown frame type rather than guess', () => {
    expect(() => new FrameDecoder().push(Buffer.from([42, 0, 0, 0, 0]))).toThrow('unknown frame type 42');
  });
});
