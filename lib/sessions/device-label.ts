import Bowser from "bowser";

const APPLE_MOBILE_MODELS = new Set(["iPhone", "iPad", "iPod"]);

/**
 * "Firefox on Windows", "Safari on iPhone": what a person recognises in their device list. Parsing
 * User-Agent strings is left to bowser, which is maintained against real browsers' strings.
 */
export function describeDevice(userAgent: string | null | undefined): string {
  // Real User-Agents are a few hundred characters; a longer one is not worth parsing.
  const text = userAgent?.trim().slice(0, 1024);
  if (!text) return "Unknown browser";
  const { browser, os, platform } = Bowser.parse(text);
  const browserName = browser.name?.trim() || "Unknown browser";
  const model = platform.vendor === "Apple" && platform.model && APPLE_MOBILE_MODELS.has(platform.model) ? platform.model : undefined;
  const system = model ?? os.name?.trim();
  return system ? `${browserName} on ${system}` : browserName;
}
