/**
 * A thumbnail address a browser or mail client can load, or null. Real thumbnails are public URLs;
 * the embedded sandbox's are served by the app itself under `${APP_URL}/sandbox` (see
 * app/sandbox/[...path]), so both are plain http(s) links.
 */
export function browserThumbnailSrc(thumbnailUrl: string | null): string | null {
  if (!thumbnailUrl) return null;
  try {
    const { protocol } = new URL(thumbnailUrl);
    return protocol === "https:" || protocol === "http:" ? thumbnailUrl : null;
  } catch {
    return null;
  }
}
