/**
 * What the run list leaves out: hourly triggers that found nobody due, and when a trigger last fired,
 * so a schedule that stopped firing is noticed even on a quiet site.
 */
export function DailyTriggerHeartbeat({ idleLastDay, lastTriggerAt, clockLabel }: { idleLastDay: number; lastTriggerAt: Date | null; clockLabel: string }) {
  return (
    <p className="mb-4 text-sm text-slate-600" data-testid="trigger-heartbeat">
      {lastTriggerAt ? (
        <>
          Last trigger at <time dateTime={lastTriggerAt.toISOString()}>{lastTriggerAt.toISOString().replace("T", " ").slice(0, 16)} ({clockLabel})</time>.{" "}
          {idleLastDay === 0
            ? "Every hourly trigger in the last 24 hours had users to check."
            : `${idleLastDay} hourly ${idleLastDay === 1 ? "trigger" : "triggers"} in the last 24 hours found nobody due and ${idleLastDay === 1 ? "is" : "are"} not listed.`}
        </>
      ) : (
        "No trigger has fired yet: check the QStash schedule (npm run queue:sync-schedules), the cron route or the embedded scheduler."
      )}
    </p>
  );
}
