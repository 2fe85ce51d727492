import { hashedAsset } from "../http/hashed-asset.ts";

/** The view beacon: loaded by article pages; without script nothing is counted. */
export const beaconScript = hashedAsset(new URL("./assets/beacon.js", import.meta.url), "beacon");
