import { medalStyles, type MedalValue } from "./describe";

/** The medal a time earns, as a coloured dot and its name. */
export function MedalBadge({ medal }: { medal: MedalValue }) {
  if (!medal) return <span className="text-xs text-slate-500">No medal</span>;
  const style = medalStyles[medal];
  return (
    <span className="inline-flex items-center gap-1 text-xs text-slate-700">
      <span aria-hidden className={`inline-block size-2 rounded-full ${style.dot}`} />
      {style.label} medal
    </span>
  );
}
