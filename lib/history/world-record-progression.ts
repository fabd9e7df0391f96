/** One world record in a map's progression: the time, who drove it and when. */
export type WorldRecordStep = { score: number; accountId: string; at: Date };

/**
 * The running minimum of a map's known times over time: each point faster than every point dated
 * before it was the world record from then on. Points at the same instant are taken fastest first,
 * so a tie in time never makes a slower time a step.
 */
export function worldRecordProgression(points: readonly { accountId: string; score: number; at: Date }[]): WorldRecordStep[] {
  const ordered = [...points].sort((a, b) => a.at.getTime() - b.at.getTime() || a.score - b.score || (a.accountId < b.accountId ? -1 : 1));
  const steps: WorldRecordStep[] = [];
  for (const point of ordered) {
    const current = steps.at(-1);
    if (!current || point.score < current.score) steps.push({ score: point.score, accountId: point.accountId, at: point.at });
  }
  return steps;
}
