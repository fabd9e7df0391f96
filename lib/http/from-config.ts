import type { Config } from "@/lib/config";
import type { SecurityHeaderOptions } from "./security-headers";

/** Where real map thumbnails live: Nadeo's storage (both of its hosts) and Trackmania Exchange. */
const NADEO_THUMBNAIL_ORIGINS = ["https://core.trackmania.nadeo.live", "https://prod.trackmania.core.nadeo.online"];

export function securityHeaderOptions(config: Config): SecurityHeaderOptions {
  const nadeo = config.drivers.trackmania === "nadeo";
  const origin = (url: string) => new URL(url).origin;
  return {
    appUrl: config.APP_URL,
    // On the sandbox, thumbnails and the sign-in page are served by this app itself ('self').
    imageOrigins: nadeo ? [...new Set([...NADEO_THUMBNAIL_ORIGINS, origin(config.NADEO_CORE_URL), origin(config.TMX_URL)])] : [],
    formActionOrigins: nadeo ? [origin(config.TM_OAUTH_URL)] : [],
    development: config.NODE_ENV === "development",
  };
}
