import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { NO_PHOTO_METADATA, readPhotoMetadata } from "./photo-metadata.ts";
import {
  AGENCY_PHOTO,
  agencyPhoto,
  jpegWithBrokenMetadata,
  withIptc,
} from "./photo-metadata-test-support.ts";

const plainJpeg = () =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: "#777" } })
    .jpeg()
    .toBuffer();

describe("reading an agency photo's own caption, credit and date", () => {
  test("reads XMP, IPTC and EXIF together: caption, 'By-line / Credit' and the time it was taken", async () => {
    assert.deepEqual(await readPhotoMetadata(await agencyPhoto()), {
      caption: AGENCY_PHOTO.caption,
      credit: "Jane Doe / Reuters",
      takenAt: "2024-05-06T09:30:00",
    });
  });

  test("reads IPTC alone, its UTF-8 text read as UTF-8", async () => {
    const photo = withIptc(await plainJpeg(), AGENCY_PHOTO);
    assert.deepEqual(await readPhotoMetadata(photo), {
      caption: "Residents wade through a flooded street in São Leopoldo, Rio Grande do Sul",
      credit: "Jane Doe / Reuters",
      takenAt: "2024-05-06",
    });
  });

  test("reads EXIF alone: description, artist and DateTimeOriginal", async () => {
    const photo = await sharp(await plainJpeg())
      .withExif({
        IFD0: { ImageDescription: "Market day in Mosul", Artist: "Laila Haddad" },
        IFD2: { DateTimeOriginal: "2023:11:02 17:45:10" },
      })
      .jpeg()
      .toBuffer();
    assert.deepEqual(await readPhotoMetadata(photo), {
      caption: "Market day in Mosul",
      credit: "Laila Haddad",
      takenAt: "2023-11-02T17:45:10",
    });
  });

  test("falls back to the Source without a Credit, and names the agency once", async () => {
    const noCredit = withIptc(await plainJpeg(), { ...AGENCY_PHOTO, credit: "" });
    assert.equal((await readPhotoMetadata(noCredit)).credit, "Jane Doe / Reuters Pictures");
    const named = withIptc(await plainJpeg(), { ...AGENCY_PHOTO, byline: "Jane Doe (Reuters)" });
    assert.equal((await readPhotoMetadata(named)).credit, "Jane Doe (Reuters)");
  });

  test("drops control characters and refuses dates that do not exist", async () => {
    const odd = withIptc(await plainJpeg(), {
      ...AGENCY_PHOTO,
      caption: "Line one\u0000\r\nline two",
      date: "20241345",
    });
    const read = await readPhotoMetadata(odd);
    assert.equal(read.caption, "Line one line two");
    assert.equal(read.takenAt, null);
  });

  test("gives nothing, without throwing, for broken metadata, no metadata or not an image", async () => {
    assert.deepEqual(await readPhotoMetadata(await jpegWithBrokenMetadata()), NO_PHOTO_METADATA);
    assert.deepEqual(await readPhotoMetadata(await plainJpeg()), NO_PHOTO_METADATA);
    assert.deepEqual(await readPhotoMetadata(Buffer.from("<html>not a photo</html>")), NO_PHOTO_METADATA);
    assert.deepEqual(await readPhotoMetadata(Buffer.alloc(0)), NO_PHOTO_METADATA);
  });

  test("reads a file on disk as well as bytes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tribune-photo-metadata-"));
    try {
      const path = join(dir, "upload");
      await writeFile(path, await agencyPhoto());
      assert.equal((await readPhotoMetadata(path)).credit, "Jane Doe / Reuters");
      assert.deepEqual(await readPhotoMetadata(join(dir, "missing")), NO_PHOTO_METADATA);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
