// Draws the app icon (resources/icon.png, 1024×1024) from simple shapes — no third-party art:
// a rounded square, a recurrent loop arrow (h_t feeding back into itself) and a sequence of three tokens.
// Run: node resources/make-icon.mjs   (electron-builder derives .ico/.icns from the PNG)
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const N = 1024;
const px = new Float64Array(N * N * 4);

const clamp = (v) => Math.max(0, Math.min(1, v));
/** Paints colour c over pixel (x, y) with coverage a. */
function blend(x, y, c, a) {
  if (a <= 0) return;
  const i = (y * N + x) * 4;
  const da = px[i + 3];
  const oa = a + da * (1 - a);
  for (let k = 0; k < 3; k++) px[i + k] = oa > 0 ? (c[k] * a + px[i + k] * da * (1 - a)) / oa : 0;
  px[i + 3] = oa;
}
/** Fills every pixel whose signed distance (px, negative inside) is < 0, antialiased. */
function fill(sdf, colour) {
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++) {
      const d = sdf(x + 0.5, y + 0.5);
      if (d < 1) blend(x, y, typeof colour === 'function' ? colour(x, y) : colour, clamp(0.5 - d));
    }
}
const roundRect = (cx, cy, hw, hh, r) => (x, y) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
/** A ring arc from angle a0 to a1 (radians, clockwise from +x in screen coordinates). */
const arc = (cx, cy, r, w, a0, a1) => (x, y) => {
  let a = Math.atan2(y - cy, x - cx);
  if (a < a0) a += 2 * Math.PI;
  const ring = Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
  if (a <= a1) return ring;
  const end = (t) => Math.hypot(x - (cx + r * Math.cos(t)), y - (cy + r * Math.sin(t))) - w / 2;
  return Math.min(end(a0), end(a1));
};
const triangle = (p) => (x, y) => {
  // distance to a convex triangle (negative inside)
  let pos = 0;
  let neg = 0;
  let d = Infinity;
  for (let i = 0; i < 3; i++) {
    const [ax, ay] = p[i];
    const [bx, by] = p[(i + 1) % 3];
    const ex = bx - ax, ey = by - ay;
    const t = clamp(((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey));
    d = Math.min(d, Math.hypot(x - ax - t * ex, y - ay - t * ey));
    if (ex * (y - ay) - ey * (x - ax) < 0) neg++;
    else pos++;
  }
  return pos === 3 || neg === 3 ? -d : d;
};

const mix = (a, b, t) => a.map((v, k) => v + (b[k] - v) * t);
const indigo = [0.17, 0.16, 0.42];
const teal = [0.05, 0.55, 0.6];
fill(roundRect(512, 512, 460, 460, 200), (x, y) => mix(indigo, teal, clamp((x + y) / (2 * N))));
const white = [1, 1, 1];
// the loop: most of a circle, ending in an arrow head that points back into it
const cx = 512, cy = 430, r = 210, w = 70;
const a0 = -Math.PI / 2 + 0.55, a1 = a0 + 2 * Math.PI - 1.1;
fill(arc(cx, cy, r, w, a0, a1), white);
// arrow head at the loop's end, pointing along it (clockwise) into the gap
const ex = cx + r * Math.cos(a1), ey = cy + r * Math.sin(a1);
const [tx, ty] = [-Math.sin(a1), Math.cos(a1)];
const [nx, ny] = [Math.cos(a1), Math.sin(a1)];
fill(triangle([[ex - 10 * tx + 80 * nx, ey - 10 * ty + 80 * ny], [ex - 10 * tx - 80 * nx, ey - 10 * ty - 80 * ny], [ex + 110 * tx, ey + 110 * ty]]), white);
// the sequence: three tokens x_1 x_2 x_3 under the loop
const amber = [1, 0.78, 0.3];
for (const [i, x] of [330, 512, 694].entries()) fill(circle(x, 800, i === 1 ? 58 : 46), i === 1 ? amber : white);

// encode RGBA PNG
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0;
  for (let x = 0; x < N; x++) {
    const i = (y * N + x) * 4;
    const o = y * (N * 4 + 1) + 1 + x * 4;
    for (let k = 0; k < 3; k++) raw[o + k] = Math.round(clamp(px[i + k]) * 255);
    raw[o + 3] = Math.round(clamp(px[i + 3]) * 255);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = fileURLToPath(new URL('./icon.png', import.meta.url));
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
