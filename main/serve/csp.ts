// The Content-Security-Policy and other hardening headers for the renderer, shared by serve mode and
// the Electron window (one policy: scripts and styles only from our own origin, no eval, no inline code or
// styles, no plugins, no framing). renderer/index.html carries the same style-src/script-src in a meta tag.

/** CSP for the renderer. `connect` lists extra connect-src sources (serve mode's ws://host). */
export function rendererCsp(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // No 'unsafe-inline': Svelte's component CSS is emitted to an external file (emitCss, css: 'external'),
    // the templates carry no style="" attributes (utility classes in app.css instead), and what sets styles
    // at run time — style: directives, transitions, chart.js — does so through CSSOM (element.style), which
    // CSP does not govern. tests/unit/electron/window.test.ts checks the built renderer stays that way.
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  };
}
