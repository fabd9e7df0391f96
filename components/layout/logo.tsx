import Link from "next/link";
import { LogoMark, logoClasses } from "./logo-mark";

export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className={logoClasses}>
      <LogoMark />
    </Link>
  );
}
