import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Forgot your password?</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        Enter the email you signed up with. If it has an account, we email it a link to choose a new password.
      </p>
      <ForgotPasswordForm />
    </>
  );
}
