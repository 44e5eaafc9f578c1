/** "did you mean" suggestions: the nearest known name, when it is close enough to be a typo. */
import { closest } from 'fastest-levenshtein';

/** The nearest candidate as `did you mean 'x'?`, or undefined when none is within a third of the name's length (at least 2 edits). */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(name, [...candidates]);
  const limit = Math.max(2, Math.floor(name.length / 3));
  return distance(name, best) <= limit ? `did you mean '${best}'?` : undefined;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] ?? 0;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] ?? 0;
      dp[j] = Math.min((dp[j] ?? 0) + 1, (dp[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] ?? 0;
}
