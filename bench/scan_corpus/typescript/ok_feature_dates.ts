const LAUNCH = new Date("2026-06-01T00:00:00Z");
const API_BASE = process.env.API_BASE ?? "https://api.example.com";

export function showNewCheckout(now: Date = new Date()): boolean {
  return now >= LAUNCH;
}

export async function getProfile(id: string): Promise<{ id: string; name: string }> {
  const res = await fetch(`${API_BASE}/profiles/${encodeURIComponent(id)}`, { credentials: "include" });
  if (!res.ok) {
    console.warn(`profile ${id}: HTTP ${res.status}`);
    throw new Error("profile fetch failed");
  }
  return res.json();
}
