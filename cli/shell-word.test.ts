import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellWord } from './shell-word.js';

describe('shellWord', () => {
  it('leaves a plain path alone and quotes one the shell would split or expand', () => {
    expect(shellWord('intent/examples/quickstart')).toBe('intent/examples/quickstart');
    expect(shellWord('sp ace/intént ü')).toBe('"sp ace/intént ü"');
    expect(shellWord("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });

  it('gives back the same word when sh reads it', () => {
    for (const word of ['plain', 'sp ace/x', 'ü é', "it's", '$HOME `x` "q" \\ !', '']) {
      expect(execFileSync('sh', ['-c', `printf %s ${shellWord(word)}`], { encoding: 'utf8' })).toBe(word);
    }
  });
});
