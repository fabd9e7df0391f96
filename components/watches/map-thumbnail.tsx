// The pure helper, not lib/alerts (server-only): previews render this in the browser too.
import { browserThumbnailSrc } from "@/lib/alerts/thumbnail";

/** A map's thumbnail, or a grey square when there is none to show. */
export function MapThumbnail({ url, name, size = "md" }: { url: string | null; name: string; size?: "sm" | "md" }) {
  const src = browserThumbnailSrc(url);
  const box = size === "sm" ? "size-12" : "size-16";
  if (!src) return <div aria-hidden className={`${box} shrink-0 rounded-md bg-slate-100`} />;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- thumbnails come from Nadeo's CDN or inline sandbox SVGs
    <img src={src} alt={`Thumbnail of ${name}`} width={64} height={64} loading="lazy" className={`${box} shrink-0 rounded-md bg-slate-100 object-cover ring-1 ring-slate-200`} />
  );
}
