import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";

/**
 * Renders a React Email element to the HTML document and the plain-text part sent with it.
 * React renders once; the text is derived from the HTML with React Email's own selectors (images
 * and the hidden preview line skipped, link targets written out), so links stay usable in clients
 * that show only text.
 */
export async function renderEmail(react: ReactElement): Promise<{ html: string; text: string }> {
  const html = await render(react);
  return { html, text: htmlToText(html) };
}

/** The plain-text part for a message that came with HTML only. */
export function htmlToText(html: string): string {
  return toPlainText(html);
}
