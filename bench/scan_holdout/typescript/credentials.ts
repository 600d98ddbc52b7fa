import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

const KEY_LEN = 64;

export interface StoredPassword {
  salt: string;
  hash: string;
}

export async function hashPassword(password: string): Promise<StoredPassword> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, KEY_LEN);
  return { salt: salt.toString("base64"), hash: hash.toString("base64") };
}

export async function verifyPassword(password: string, stored: StoredPassword): Promise<boolean> {
  const expected = Buffer.from(stored.hash, "base64");
  const actual = await scrypt(password, Buffer.from(stored.salt, "base64"), KEY_LEN);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export function etagFor(body: string): string {
  return `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

export const config = {
  sendgridKey: requireEnv("SENDGRID_API_KEY"),
  sessionSecret: requireEnv("SESSION_SECRET"),
};
