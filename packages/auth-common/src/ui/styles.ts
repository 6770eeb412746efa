// Themable through custom properties set on any ancestor (or :root), e.g.
// `--blocks-auth-accent: #7c3aed`. Dark colours follow `prefers-color-scheme` unless the page sets
// the properties itself. Colours keep a contrast ratio of at least 4.5:1 (WCAG 2.2 AA) in both schemes.
const CSS = `
.blocks-auth{--_bg:var(--blocks-auth-background,#fff);--_fg:var(--blocks-auth-foreground,#1f2328);--_muted:var(--blocks-auth-muted,#57606a);--_border:var(--blocks-auth-border,#8c959f);--_accent:var(--blocks-auth-accent,#0a58ca);--_on-accent:var(--blocks-auth-on-accent,#fff);--_error:var(--blocks-auth-error,#b3261e);--_error-bg:var(--blocks-auth-error-background,#fdecea);--_radius:var(--blocks-auth-radius,8px);--_font:var(--blocks-auth-font,system-ui,-apple-system,"Segoe UI",sans-serif);font-family:var(--_font);color:var(--_fg);background:var(--_bg);box-sizing:border-box}
@media (prefers-color-scheme:dark){.blocks-auth{--_bg:var(--blocks-auth-background,#161b22);--_fg:var(--blocks-auth-foreground,#e6edf3);--_muted:var(--blocks-auth-muted,#9da7b3);--_border:var(--blocks-auth-border,#6e7681);--_accent:var(--blocks-auth-accent,#4493f8);--_on-accent:var(--blocks-auth-on-accent,#0d1117);--_error:var(--blocks-auth-error,#ffa198);--_error-bg:var(--blocks-auth-error-background,#3d1d1d)}}
.blocks-auth *{box-sizing:inherit}
.blocks-auth-card{max-width:24rem;padding:1.25rem;border:1px solid var(--_border);border-radius:var(--_radius)}
.blocks-auth h3{margin:0 0 1rem;font-size:1.25rem}
.blocks-auth-action{margin:0 0 1rem}
.blocks-auth-action+.blocks-auth-action{padding-top:1rem;border-top:1px solid var(--_border)}
.blocks-auth-field{display:flex;flex-direction:column;gap:.25rem;margin:0 0 .75rem}
.blocks-auth label{font-weight:600;font-size:.9rem}
.blocks-auth input{font:inherit;padding:.5rem .625rem;color:var(--_fg);background:var(--_bg);border:1px solid var(--_border);border-radius:calc(var(--_radius)/2)}
.blocks-auth-hint{color:var(--_muted);font-size:.85rem}
.blocks-auth button{font:inherit;cursor:pointer;padding:.5rem 1rem;border-radius:calc(var(--_radius)/2);border:1px solid var(--_accent);background:var(--_accent);color:var(--_on-accent)}
.blocks-auth button.blocks-auth-secondary{background:transparent;color:var(--_accent)}
.blocks-auth button[disabled]{opacity:.6;cursor:progress}
.blocks-auth :focus-visible{outline:3px solid var(--_accent);outline-offset:2px}
.blocks-auth-error{margin:0 0 1rem;padding:.5rem .75rem;border-radius:calc(var(--_radius)/2);color:var(--_error);background:var(--_error-bg);border:1px solid var(--_error)}
.blocks-auth-menu{display:flex;align-items:center;gap:.75rem;background:transparent}
.blocks-auth-backdrop{position:fixed;inset:0;display:flex;align-items:center;justify-content:center;background:rgba(0,0,0,.5);z-index:1000}
.blocks-auth-dialog{position:relative;padding:1.5rem 1rem 1rem;border-radius:var(--_radius);background:var(--_bg)}
.blocks-auth-close{position:absolute;top:.25rem;right:.25rem}
`;

/** Adds the UI's stylesheet to the document once (a page may replace it by adding its own rules). */
export function ensureStyles(): void {
  if (typeof document === 'undefined' || document.querySelector('style[data-blocks-auth]')) return;
  const style = document.createElement('style');
  style.setAttribute('data-blocks-auth', '');
  style.textContent = CSS;
  document.head.append(style);
}
