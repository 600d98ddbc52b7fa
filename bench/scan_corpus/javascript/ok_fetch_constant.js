const API = "https://api.example.com/v1";

export async function listItems(token) {
  const res = await fetch(`${API}/items?limit=50`, {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

export function parseSettings(text) {
  return JSON.parse(text);
}

export function decodeAvatar(dataUrl) {
  const [, b64] = dataUrl.split(",");
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
