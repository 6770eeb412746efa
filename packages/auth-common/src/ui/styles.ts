// Themable through custom properties set on any ancestor (or :root), e.g.
// `--blocks-auth-accent: #7c3aed` (docs/ui.md lists them). Dark colours follow
// `prefers-color-scheme` unless the page sets the properties itself. Text colours keep a contrast
// ratio of at least 4.5:1 and input borders 3:1 against the background (WCAG 2.2 AA) in both schemes.
const CSS = `
.blocks-auth{--_bg:var(--blocks-auth-background,#fff);--_fg:var(--blocks-auth-foreground,#0d1a26);--_muted:var(--blocks-auth-muted,#5c6670);--_border:var(--blocks-auth-border,#7b8794);--_line:var(--blocks-auth-divider,#dde2e6);--_accent:var(--blocks-auth-accent,#047d95);--_on-accent:var(--blocks-auth-on-accent,#fff);--_error:var(--blocks-auth-error,#b3261e);--_error-bg:var(--blocks-auth-error-background,#fdecea);--_radius:var(--blocks-auth-radius,8px);--_font:var(--blocks-auth-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);--_pad:2rem;font-family:var(--_font);font-size:1rem;line-height:1.5;color:var(--_fg);background:var(--_bg);box-sizing:border-box}
@media (prefers-color-scheme:dark){.blocks-auth{--_bg:var(--blocks-auth-background,#1b2128);--_fg:var(--blocks-auth-foreground,#eef1f4);--_muted:var(--blocks-auth-muted,#aab4bf);--_border:var(--blocks-auth-border,#7b8794);--_line:var(--blocks-auth-divider,#333c46);--_accent:var(--blocks-auth-accent,#5fc7da);--_on-accent:var(--blocks-auth-on-accent,#0d1a26);--_error:var(--blocks-auth-error,#ffa198);--_error-bg:var(--blocks-auth-error-background,#3d1d1d)}}
@media (max-width:30rem){.blocks-auth{--_pad:1.25rem}}
.blocks-auth *{box-sizing:inherit}
.blocks-auth-card{width:100%;max-width:28rem;padding:var(--_pad);border:1px solid var(--_line);border-radius:var(--_radius);box-shadow:0 1px 2px rgba(0,0,0,.06),0 4px 16px rgba(0,0,0,.06)}
.blocks-auth-tabbed:has(>.blocks-auth-tabs){padding-top:0}
.blocks-auth h3{margin:0 0 1.25rem;font-size:1.375rem;line-height:1.3;font-weight:700}
.blocks-auth h3:focus{outline:none}
.blocks-auth .blocks-auth-title{margin:0;font-size:1.0625rem;font-weight:650}
.blocks-auth-lead{margin:-.75rem 0 1.25rem;color:var(--_muted)}
.blocks-auth form{display:flex;flex-direction:column;gap:1rem;margin:0}
.blocks-auth-action+.blocks-auth-action{margin-top:1.5rem;padding-top:1.5rem;border-top:1px solid var(--_line)}
.blocks-auth-more{display:flex;flex-direction:column;gap:.5rem;margin-top:.75rem}
.blocks-auth-more .blocks-auth-action{margin:0;padding:0;border:0}
.blocks-auth-more button.blocks-auth-secondary{border-color:transparent}
.blocks-auth-field{display:flex;flex-direction:column;gap:.375rem}
.blocks-auth label{font-weight:600;font-size:.9375rem}
.blocks-auth input{width:100%;min-height:2.75rem;font:inherit;padding:.5rem .75rem;color:var(--_fg);background:var(--_bg);border:1px solid var(--_border);border-radius:calc(var(--_radius)*.75)}
.blocks-auth input::placeholder{color:var(--_muted);opacity:1}
.blocks-auth input[aria-invalid=true]{border-color:var(--_error)}
.blocks-auth-password{position:relative}
.blocks-auth-password input{padding-right:3rem}
.blocks-auth button.blocks-auth-reveal{position:absolute;top:50%;right:.25rem;transform:translateY(-50%);display:flex;padding:.5rem;border:0;background:transparent;color:var(--_muted);min-height:0}
.blocks-auth button.blocks-auth-reveal[aria-pressed=true]{color:var(--_accent)}
.blocks-auth-hint{color:var(--_muted);font-size:.875rem}
.blocks-auth button{font:inherit;font-weight:600;cursor:pointer;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:calc(var(--_radius)*.75);border:1px solid var(--_accent);background:var(--_accent);color:var(--_on-accent)}
.blocks-auth form>button{width:100%}
.blocks-auth button.blocks-auth-secondary{background:transparent;color:var(--_accent)}
.blocks-auth button[disabled]{opacity:.6;cursor:progress}
.blocks-auth :focus-visible{outline:2px solid var(--_accent);outline-offset:2px}
.blocks-auth .blocks-auth-link{display:block;align-self:center;min-height:0;padding:.25rem;margin:0 auto;border:0;background:none;color:var(--_accent);font-size:.9375rem;font-weight:500;text-decoration:underline;text-underline-offset:.2em;text-align:center}
.blocks-auth>.blocks-auth-link{margin-top:1rem}
.blocks-auth-error{padding:.625rem .875rem;border-radius:calc(var(--_radius)*.75);color:var(--_error);background:var(--_error-bg);border:1px solid var(--_error);font-size:.9375rem}
.blocks-auth>.blocks-auth-error{margin-bottom:1rem}
.blocks-auth-tabs{display:flex;margin:0 calc(-1*var(--_pad)) 1.5rem}
.blocks-auth button[role=tab]{flex:1;min-height:3.25rem;border:0;border-bottom:2px solid var(--_line);border-radius:0;background:transparent;color:var(--_muted)}
.blocks-auth button[role=tab]:first-child{border-top-left-radius:var(--_radius)}
.blocks-auth button[role=tab]:last-child{border-top-right-radius:var(--_radius)}
.blocks-auth button[role=tab][aria-selected=true]{color:var(--_accent);border-bottom:3px solid var(--_accent)}
.blocks-auth button[role=tab]:focus-visible{outline-offset:-3px}
.blocks-auth-sr{position:absolute!important;width:1px;height:1px;margin:-1px!important;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.blocks-auth-menu{display:flex;align-items:center;gap:.75rem;min-width:0;background:transparent;border:0;box-shadow:none}
.blocks-auth-menu span{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.blocks-auth-menu button{flex:none;min-height:2.5rem;padding:.375rem 1rem;white-space:nowrap}
.blocks-auth-backdrop{position:fixed;inset:0;display:flex;align-items:center;justify-content:center;padding:1rem;background:rgba(13,26,38,.55);z-index:1000}
.blocks-auth-dialog{position:relative;width:100%;max-width:28rem;max-height:100%;overflow:auto;padding-top:2.5rem;border-radius:var(--_radius);background:var(--_bg);box-shadow:0 12px 40px rgba(0,0,0,.3)}
.blocks-auth-dialog .blocks-auth-card{border:0;box-shadow:none;border-radius:0}
.blocks-auth button.blocks-auth-close{position:absolute;top:.25rem;right:.25rem;min-height:0;width:2.25rem;height:2.25rem;padding:0;border:0;background:transparent;color:var(--_muted);font-size:1.125rem}
`;

/** Adds the UI's stylesheet to the document once (a page may replace it by adding its own rules). */
export function ensureStyles(): void {
  if (typeof document === 'undefined' || document.querySelector('style[data-blocks-auth]')) return;
  const style = document.createElement('style');
  style.setAttribute('data-blocks-auth', '');
  style.textContent = CSS;
  document.head.append(style);
}
