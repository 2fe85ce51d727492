import { createHash } from "node:crypto";
import { loadSharp } from "./sharp.ts";

const MAX_SIDE = 8000;

/**
 * A JPEG that reads as a photograph at a glance (sky, sun, hills, a skyline) for demos and tests.
 * Drawn from SVG shapes only, so it needs no fonts; the label picks the colours and the layout, and
 * the same arguments always give the same bytes.
 */
export async function generatePlaceholderPhoto(width: number, height: number, label = ""): Promise<Buffer> {
  for (const [name, value] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_SIDE) {
      throw new RangeError(`${name} must be a whole number from 1 to ${MAX_SIDE}, got ${value}`);
    }
  }
  const svg = placeholderSvg(width, height, label);
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg)).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
}

/** The SVG behind the placeholder, in a 1000-unit-wide space stretched to the requested size. */
function placeholderSvg(width: number, height: number, label: string): string {
  const random = seededNumbers(`${label}|${width}x${height}`);
  const hue = Math.floor(random() * 360);
  const h = 1000 * (height / width);
  const sunX = 150 + random() * 700;
  const sunY = h * (0.2 + random() * 0.2);
  const hills = [0.62, 0.72, 0.84].map((level, index) => {
    const y = h * level;
    const lift = h * (0.05 + random() * 0.08);
    const crest = 200 + random() * 600;
    const light = 38 - index * 10;
    return `<path d="M0 ${y} Q ${crest} ${y - lift * 2} 1000 ${y + lift / 2} L1000 ${h} L0 ${h} Z" fill="hsl(${(hue + 140) % 360} 25% ${light}%)"/>`;
  });
  const skyline = Array.from({ length: 9 }, (_, index) => {
    const w = 30 + random() * 40;
    const top = h * (0.48 + random() * 0.12);
    const x = 560 + index * 45;
    return `<rect x="${x}" y="${top}" width="${w}" height="${h * 0.72 - top}" fill="hsl(${hue} 15% 30%)"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1000 ${h}" preserveAspectRatio="none">
<defs>
<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="hsl(${hue} 45% 42%)"/><stop offset="1" stop-color="hsl(${(hue + 30) % 360} 60% 78%)"/>
</linearGradient>
<radialGradient id="sun"><stop offset="0" stop-color="hsl(45 100% 92%)"/><stop offset="1" stop-color="hsl(45 100% 80%)" stop-opacity="0"/></radialGradient>
</defs>
<rect width="1000" height="${h}" fill="url(#sky)"/>
<circle cx="${sunX}" cy="${sunY}" r="${h * 0.22}" fill="url(#sun)"/>
<circle cx="${sunX}" cy="${sunY}" r="${h * 0.06}" fill="hsl(45 100% 94%)"/>
${skyline.join("\n")}
${hills.join("\n")}
</svg>`;
}

/** A small deterministic generator: numbers in [0, 1) drawn from successive sha256 blocks of the seed. */
function seededNumbers(seed: string): () => number {
  let block = Buffer.alloc(0);
  let blockNumber = 0;
  let offset = 0;
  return () => {
    if (offset + 2 > block.length) {
      block = createHash("sha256").update(`${seed}#${blockNumber++}`).digest();
      offset = 0;
    }
    const value = block.readUInt16BE(offset) / 65536;
    offset += 2;
    return value;
  };
}
