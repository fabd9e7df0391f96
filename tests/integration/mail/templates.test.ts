import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { EmailLayout, Paragraph } from "@/emails/components/layout";
import ResetPasswordDefault, { previewProps as resetPreview, ResetPassword, subject as resetSubject } from "@/emails/reset-password";
import VerifyEmailDefault, { previewProps as verifyPreview, subject as verifySubject, VerifyEmail } from "@/emails/verify-email";
import { renderEmail } from "@/lib/mail";

// Templates render offline, carry their links in both parts and load nothing remote.

describe("email templates", () => {
  it("verify-email renders its preview data, with the link in html and text", async () => {
    expect(VerifyEmailDefault).toBe(VerifyEmail);
    expect(verifySubject).toBe("Confirm your email for Trackwatch");
    const { html, text } = await renderEmail(createElement(VerifyEmail, { ...verifyPreview, expiresInHours: 1 }));
    expect(html).toContain(verifyPreview.verifyUrl);
    expect(text).toContain(verifyPreview.verifyUrl);
    expect(text).toContain(`Hi ${verifyPreview.name},`);
    expect(text).toContain("expires in 1 hour.");
    // The account exists (and is signed in) before confirmation: the footer must not say otherwise.
    expect(text).not.toMatch(/no account is created/i);
    expect(text).toContain("an unconfirmed address is never sent digests");
  });

  it("reset-password renders its preview data, with the link in html and text", async () => {
    expect(ResetPasswordDefault).toBe(ResetPassword);
    expect(resetSubject).toBe("Reset your Trackwatch password");
    const { html, text } = await renderEmail(createElement(ResetPassword, resetPreview));
    expect(html).toContain(resetPreview.resetUrl);
    expect(text).toContain(resetPreview.resetUrl);
    expect(text).toContain("expires in 60 minutes");
  });

  it("templates render with no props at all (React Email's preview) from their defaults", async () => {
    const { text } = await renderEmail(createElement(VerifyEmail as (props: object) => React.ReactElement));
    expect(text).toContain(verifyPreview.verifyUrl);
  });

  it("the layout loads nothing remote and fills its footer slots", async () => {
    const { html, text } = await renderEmail(
      createElement(EmailLayout, {
        preview: "Preview line",
        settingsUrl: "https://trackwatch.test/settings",
        unsubscribeUrl: "https://trackwatch.test/unsubscribe?token=t",
        children: createElement(Paragraph, null, "Body"),
      }),
    );
    expect(html).not.toMatch(/<img|<link|@import|fonts\.googleapis|src="http/);
    expect(html).toContain("Preview line");
    expect(text).not.toContain("Preview line");
    expect(text).toContain("Email settings https://trackwatch.test/settings");
    expect(text).toContain("Unsubscribe https://trackwatch.test/unsubscribe?token=t");
  });
});
