import Link from "next/link";
import type { ComponentProps } from "react";
import { buttonClasses, type Size, type Variant } from "./button";

// Apart from ./button so that pages and error boundaries using only <Button> do not ship next/link.
export function ButtonLink({
  variant,
  size,
  className,
  ...props
}: ComponentProps<typeof Link> & { variant?: Variant; size?: Size }) {
  return <Link className={buttonClasses(variant, size, className)} {...props} />;
}
