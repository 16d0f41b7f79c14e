/**
 * A small PNG reader for tests (8-bit RGB/RGBA, not interlaced: what resvg
 * writes): checks the signature, reads IHDR, inflates the IDAT chunks with
 * node:zlib and undoes the five row filters of the PNG spec. Written here so the
 * test does not decode with the library that encoded (resvg).
 */
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  pixels: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(png: Buffer): DecodedPng {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG (bad signature)');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, colorType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (bitDepth !== 8 || interlace !== 0 || (colorType !== 6 && colorType !== 2)) {
        throw new Error(`unsupported PNG (bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`);
      }
      channels = colorType === 6 ? 4 : 3;
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= channels ? (rows[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (rows[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (rows[(y - 1) * stride + x - channels] as number) : 0;
      rows[y * stride + x] = (value + predictor(filter, a, b, c)) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let k = 0; k < 3; k++) pixels[i * 4 + k] = rows[i * channels + k] as number;
    pixels[i * 4 + 3] = channels === 4 ? (rows[i * channels + 3] as number) : 255;
  }
  return { width, height, pixels };
}

function predictor(filter: number | undefined, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return Math.floor((a + b) / 2);
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      throw new Error(`bad PNG row filter ${filter}`);
  }
}

/** Pixels in the rectangle darker than `threshold` (0–255 mean of R, G, B), over opaque pixels. */
export function darkPixels(
  png: DecodedPng,
  area: { x: number; y: number; width: number; height: number },
  threshold = 110,
): number {
  let count = 0;
  for (let y = area.y; y < Math.min(png.height, area.y + area.height); y++) {
    for (let x = area.x; x < Math.min(png.width, area.x + area.width); x++) {
      const i = (y * png.width + x) * 4;
      const mean = ((png.pixels[i] as number) + (png.pixels[i + 1] as number) + (png.pixels[i + 2] as number)) / 3;
      if ((png.pixels[i + 3] as number) > 0 && mean < threshold) count++;
    }
  }
  return count;
}

/** Share of pixels that are not (nearly) white. */
export function inkShare(png: DecodedPng): number {
  let ink = 0;
  const total = png.width * png.height;
  for (let i = 0; i < total; i++) {
    const r = png.pixels[i * 4] as number;
    const g = png.pixels[i * 4 + 1] as number;
    const b = png.pixels[i * 4 + 2] as number;
    if (r < 245 || g < 245 || b < 245) ink++;
  }
  return ink / total;
}
