// No next/link here: the error boundaries show the logo and are loaded on every page.

export const logoClasses = "flex items-center gap-2 font-semibold tracking-tight text-slate-900";

/** The Trackwatch mark and name, for a link around it. */
export function LogoMark() {
  return (
    <>
      <svg aria-hidden viewBox="0 0 32 32" className="h-7 w-7">
        <rect width="32" height="32" rx="8" fill="#1475f5" />
        <path d="M7 21h6l3-10h9" stroke="white" strokeWidth="3" fill="none" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="24" cy="21" r="2.5" fill="#d4a017" />
      </svg>
      <span>Trackwatch</span>
    </>
  );
}

/** The logo as a plain link home, for error pages: a full page load is the surest way back from a failed render. */
export function PlainLogo() {
  return (
    <a href="/" className={logoClasses}>
      <LogoMark />
    </a>
  );
}
