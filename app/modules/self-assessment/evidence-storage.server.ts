/**
 * Evidence files on disk under UPLOAD_DIR (outside public/, never served statically). A file is
 * stored under a random key — never the uploader's file name — written to a temporary name first
 * and renamed, so a half-written file is never visible under its key.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { getEnv } from "~/utils/env.server";

const KEY_PATTERN = /^[a-f0-9]{32}$/;

export function uploadDir(): string {
  return path.resolve(getEnv().UPLOAD_DIR);
}

export function newStorageKey(): string {
  return randomBytes(16).toString("hex");
}

/** The file's path; only keys this module made are accepted, so no path can escape the directory. */
export function storagePath(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new Error("invalid storage key");
  return path.join(uploadDir(), key);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export async function writeStoredFile(key: string, bytes: Uint8Array): Promise<void> {
  const target = storagePath(key);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.part`;
  try {
    await fs.writeFile(temporary, bytes, { flag: "wx", mode: 0o600 });
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** The stored bytes, or null when the file is missing. */
export async function readStoredFile(key: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(storagePath(key));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function deleteStoredFile(key: string): Promise<void> {
  await fs.rm(storagePath(key), { force: true });
}
