import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request nonce for the Content-Security-Policy script-src. */
    cspNonce?: string;
    /** The client address Express saw (req.ip). */
    clientIp?: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
