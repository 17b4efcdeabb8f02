/** Timed HTTP requests for the bench (node:http, keep-alive, gzip accepted like a browser). */
import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export interface Timed {
  status: number;
  /** Milliseconds from sending the request to the response's status line and headers. */
  ttfb: number;
  /** … to the last byte of the body. */
  total: number;
  bytes: number;
}

export function timedGet(url: string, headers: Record<string, string> = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers: { "Accept-Encoding": "gzip, deflate, br", Accept: "text/html", ...headers } }, (res) => {
      const ttfb = performance.now() - started;
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ttfb, total: performance.now() - started, bytes }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}
