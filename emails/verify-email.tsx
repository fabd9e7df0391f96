import { ActionButton, EmailHeading, EmailLayout, Paragraph } from "./components/layout";

export type VerifyEmailProps = {
  /** Who the email greets ("Hi Sam,"): always `greetingName(user)` from lib/users, the one rule Settings promises. */
  name: string;
  verifyUrl: string;
  expiresInHours: number;
};

export const subject = "Confirm your email for Trackwatch";

/** Realistic data for the React Email preview and for tests. */
export const previewProps: VerifyEmailProps = {
  name: "Scrapie",
  verifyUrl: "http://localhost:3000/verify-email?token=9f2c4e7a1b6d4f0e8a3c5b7d9e1f2a4c",
  expiresInHours: 24,
};

export function VerifyEmail({
  name = previewProps.name,
  verifyUrl = previewProps.verifyUrl,
  expiresInHours = previewProps.expiresInHours,
}: VerifyEmailProps) {
  return (
    <EmailLayout
      preview="Confirm your email to start getting record alerts."
      reason="You get this email because this address was used to sign up on Trackwatch. If that was not you, ignore it: an unconfirmed address is never sent digests."
    >
      <EmailHeading>Confirm your email</EmailHeading>
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        Confirm this address so Trackwatch can send you digests of new records on your maps and tell you when someone
        beats your times.
      </Paragraph>
      <ActionButton href={verifyUrl}>Confirm email</ActionButton>
      <Paragraph>
        This link expires in {expiresInHours} {expiresInHours === 1 ? "hour" : "hours"}.
      </Paragraph>
    </EmailLayout>
  );
}

// React Email's preview server renders the default export with these.
VerifyEmail.PreviewProps = previewProps;

export default VerifyEmail;
