// Agency photos for the tests of metadata prefill and stripping: a real JPEG carrying a caption,
// by-line, credit, source and date in IPTC, XMP and EXIF, with the location and serial numbers that
// must never reach readers.

import sharp from "sharp";
import { generatePlaceholderPhoto } from "./placeholder-photo.ts";

export interface AgencyPhotoTexts {
  caption: string;
  byline: string;
  credit: string;
  source: string;
  /** IPTC form, CCYYMMDD. */
  date: string;
}

export const AGENCY_PHOTO: AgencyPhotoTexts = {
  caption: "Residents wade through a flooded street in São Leopoldo, Rio Grande do Sul",
  byline: "Jane Doe",
  credit: "Reuters",
  source: "Reuters Pictures",
  date: "20240506",
};

export const CAMERA_SERIAL = "SN-4417-0093";
export const LENS_SERIAL = "LENS-88213";

/**
 * A JPEG as an agency sends it: IPTC (APP13) and XMP with the caption, by-line, credit, source and
 * date; EXIF with a description, the time it was taken, GPS coordinates and the camera's and lens's
 * serial numbers. `iptc: false` leaves the IPTC block out (XMP and EXIF alone).
 */
export async function agencyPhoto(
  options: { width?: number; height?: number; texts?: AgencyPhotoTexts; iptc?: boolean } = {},
): Promise<Buffer> {
  const texts = options.texts ?? AGENCY_PHOTO;
  const pixels = await generatePlaceholderPhoto(options.width ?? 1200, options.height ?? 800, "flood");
  const jpeg = await sharp(pixels)
    .withExif({
      IFD0: { ImageDescription: texts.caption, Artist: texts.byline, Make: "Canon", Model: "EOS R5" },
      IFD2: {
        DateTimeOriginal: `${texts.date.slice(0, 4)}:${texts.date.slice(4, 6)}:${texts.date.slice(6)} 09:30:00`,
        BodySerialNumber: CAMERA_SERIAL,
        LensSerialNumber: LENS_SERIAL,
      },
      IFD3: {
        GPSLatitudeRef: "S",
        GPSLatitude: "29/1 45/1 36/1",
        GPSLongitudeRef: "W",
        GPSLongitude: "51/1 8/1 52/1",
      },
    })
    .withXmp(xmpPacket(texts))
    .jpeg({ quality: 85 })
    .toBuffer();
  return options.iptc === false ? jpeg : withIptc(jpeg, texts);
}

/** The XMP an agency writes: dc:description, dc:creator, photoshop:Credit, Source and DateCreated. */
function xmpPacket(texts: AgencyPhotoTexts): string {
  const date = `${texts.date.slice(0, 4)}-${texts.date.slice(4, 6)}-${texts.date.slice(6)}T09:30:00`;
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${texts.caption}</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>${texts.byline}</rdf:li></rdf:Seq></dc:creator>
<photoshop:Credit>${texts.credit}</photoshop:Credit>
<photoshop:Source>${texts.source}</photoshop:Source>
<photoshop:DateCreated>${date}</photoshop:DateCreated>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
}

/** Inserts an APP13 Photoshop block with IPTC-IIM records (UTF-8 declared) right after the SOI marker. */
export function withIptc(jpeg: Buffer, texts: AgencyPhotoTexts): Buffer {
  const record = (set: number, dataset: number, value: Buffer) => {
    const head = Buffer.from([0x1c, set, dataset, 0, 0]);
    head.writeUInt16BE(value.length, 3);
    return Buffer.concat([head, value]);
  };
  const text = (value: string) => Buffer.from(value, "utf8");
  const iim = Buffer.concat([
    record(1, 90, Buffer.from([0x1b, 0x25, 0x47])), // coded character set: UTF-8
    record(2, 0, Buffer.from([0, 4])),
    record(2, 120, text(texts.caption)),
    record(2, 80, text(texts.byline)),
    record(2, 110, text(texts.credit)),
    record(2, 115, text(texts.source)),
    record(2, 55, text(texts.date)),
  ]);
  const padded = iim.length % 2 === 0 ? iim : Buffer.concat([iim, Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iim.length);
  const resource = Buffer.concat([Buffer.from("8BIM"), Buffer.from([0x04, 0x04, 0, 0]), size, padded]);
  const payload = Buffer.concat([Buffer.from("Photoshop 3.0\u0000", "latin1"), resource]);
  const header = Buffer.from([0xff, 0xed, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** A JPEG whose metadata blocks are cut short and hold garbage: the pixels are fine. */
export async function jpegWithBrokenMetadata(): Promise<Buffer> {
  const jpeg = await sharp(await generatePlaceholderPhoto(800, 600, "broken"))
    .jpeg()
    .toBuffer();
  // An APP1 "Exif" block whose TIFF header points far past its end, and an APP13 that lies about its size.
  const exif = Buffer.concat([
    Buffer.from("Exif\u0000\u0000II*\u0000", "latin1"),
    Buffer.from([0xff, 0xff, 0xff, 0x7f]),
    Buffer.alloc(16, 0xee),
  ]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 0]), exif]);
  app1.writeUInt16BE(exif.length + 2, 2);
  const app13Payload = Buffer.concat([
    Buffer.from("Photoshop 3.0\u0000", "latin1"),
    Buffer.from("8BIM"),
    Buffer.from([0x04, 0x04, 0, 0, 0x7f, 0xff, 0xff, 0xff]),
    Buffer.from([0x1c, 0x02, 0x78, 0xff, 0xff]),
  ]);
  const app13 = Buffer.concat([Buffer.from([0xff, 0xed, 0, 0]), app13Payload]);
  app13.writeUInt16BE(app13Payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, app13, jpeg.subarray(2)]);
}
