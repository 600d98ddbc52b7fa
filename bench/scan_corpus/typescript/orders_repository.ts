import { DataSource } from "typeorm";
import jwt from "jsonwebtoken";

const JWT_SECRET = "s3cr3t-jwt-signing-key-2024";

export class OrdersRepository {
  constructor(private readonly ds: DataSource) {}

  async byStatus(status: string, sort: string): Promise<unknown[]> {
    return this.ds.query(`SELECT * FROM orders WHERE status = '${status}' ORDER BY ${sort}`);
  }
}

export function issueToken(userId: string): string {
  return jwt.sign({ sub: userId }, JWT_SECRET, { expiresIn: "7d" });
}

export function readToken(token: string): unknown {
  return jwt.verify(token, JWT_SECRET, { algorithms: ["HS256", "none"] });
}
