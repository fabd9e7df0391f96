import { Body, Button, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";

/**
 * The frame every Trackwatch email shares. Inline styles only: mail clients ignore stylesheets
 * unevenly, and React Email's Tailwind component compiles CSS at render time for no gain here.
 * No web fonts or remote images: they are blocked by many clients and unavailable offline.
 */

export const emailColors = {
  page: "#f4f5f7",
  card: "#ffffff",
  ink: "#1d2330",
  muted: "#5f6b7a",
  brand: "#1475f5", // the app's brand-600
  rule: "#e3e6ea",
};

const fontFamily = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const styles = {
  body: { backgroundColor: emailColors.page, fontFamily, margin: 0, padding: "24px 0" },
  container: { backgroundColor: emailColors.card, borderRadius: "8px", margin: "0 auto", maxWidth: "560px", padding: "0 32px" },
  header: { borderBottom: `3px solid ${emailColors.brand}`, padding: "20px 0 12px" },
  brand: { color: emailColors.brand, fontSize: "20px", fontWeight: 700, letterSpacing: "0.5px", margin: 0 },
  tagline: { color: emailColors.muted, fontSize: "13px", margin: "2px 0 0" },
  content: { padding: "8px 0 16px" },
  heading: { color: emailColors.ink, fontSize: "22px", fontWeight: 700, lineHeight: "30px", margin: "16px 0 8px" },
  paragraph: { color: emailColors.ink, fontSize: "15px", lineHeight: "24px", margin: "12px 0" },
  button: {
    backgroundColor: emailColors.brand,
    borderRadius: "6px",
    color: "#ffffff",
    display: "inline-block",
    fontSize: "15px",
    fontWeight: 600,
    padding: "12px 20px",
    textDecoration: "none",
  },
  fallback: { color: emailColors.muted, fontSize: "13px", lineHeight: "20px", margin: "12px 0", wordBreak: "break-all" },
  rule: { borderColor: emailColors.rule, margin: "8px 0" },
  footer: { padding: "4px 0 20px" },
  footerText: { color: emailColors.muted, fontSize: "12px", lineHeight: "18px", margin: "6px 0" },
  footerLink: { color: emailColors.muted, textDecoration: "underline" },
} satisfies Record<string, CSSProperties>;

export type EmailLayoutProps = {
  /** The line clients show next to the subject in the inbox (hidden in the body and the text part). */
  preview: string;
  children: ReactNode;
  /** Why the reader gets this email, e.g. "You get this because you watch 12 maps on Trackwatch." */
  reason?: string;
  /** Link to the reader's email settings; only for emails to an established account. */
  settingsUrl?: string;
  /**
   * The unsubscribe slot: a one-click link for recurring emails (digests). Pair it with the
   * List-Unsubscribe / List-Unsubscribe-Post headers passed to sendEmail.
   */
  unsubscribeUrl?: string;
};

export function EmailLayout({ preview, children, reason, settingsUrl, unsubscribeUrl }: EmailLayoutProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section style={styles.header}>
            <Text style={styles.brand}>Trackwatch</Text>
            <Text style={styles.tagline}>Record alerts for Trackmania</Text>
          </Section>
          <Section style={styles.content}>{children}</Section>
          <Hr style={styles.rule} />
          <Section style={styles.footer}>
            {reason ? <Text style={styles.footerText}>{reason}</Text> : null}
            {settingsUrl || unsubscribeUrl ? (
              <Text style={styles.footerText}>
                {settingsUrl ? (
                  <Link href={settingsUrl} style={styles.footerLink}>
                    Email settings
                  </Link>
                ) : null}
                {settingsUrl && unsubscribeUrl ? " · " : null}
                {unsubscribeUrl ? (
                  <Link href={unsubscribeUrl} style={styles.footerLink}>
                    Unsubscribe
                  </Link>
                ) : null}
              </Text>
            ) : null}
            <Text style={styles.footerText}>Trackwatch is a fan project, not affiliated with Nadeo or Ubisoft.</Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export function EmailHeading({ children }: { children: ReactNode }) {
  return (
    <Text style={styles.heading} role="heading" aria-level={1}>
      {children}
    </Text>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.paragraph}>{children}</Text>;
}

/** The email's one call to action, followed by the raw link for clients that break buttons. */
export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <>
      <Section style={{ margin: "20px 0" }}>
        <Button href={href} style={styles.button}>
          {children}
        </Button>
      </Section>
      {/* The text part already shows the button's link; skip the repeat there. */}
      <Text style={styles.fallback} data-skip-in-text="true">
        If the button does not work, paste this link into your browser:{" "}
        <Link href={href} style={styles.footerLink}>
          {href}
        </Link>
      </Text>
    </>
  );
}
