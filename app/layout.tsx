import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { EnvironmentBanner } from "@/components/layout/environment-banner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Trackwatch — record alerts for Trackmania", template: "%s · Trackwatch" },
  description:
    "Trackwatch tells Trackmania mappers who drove new records on their maps, and drivers when their times are beaten, in one daily email.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry the request's CSP nonce (proxy.ts), which a
  // page prerendered at build time could not.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen flex flex-col">
        <EnvironmentBanner />
        {children}
      </body>
    </html>
  );
}
